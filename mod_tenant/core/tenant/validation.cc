#include "core/tenant/validation.hh"

#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/tenant/extended_json.hh"
#include "core/number/sip_host.hh"
#include "core/number/tel_text.hh"
#include "core/hours/instant.hh"
#include "core/hours/timezone.hh"
#include "core/util/ascii.hh"

namespace tenant {

namespace {

constexpr const char* kDocumentPath = "(document)";

// ---------------------------------------------------------------- paths and messages

std::string hex_byte(char c) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%02X", static_cast<unsigned char>(c));
  return buf;
}

std::string number_text(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "too large to represent" : "too small to represent";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", value);
  return buf;
}

// What was found, for "expected X, got <describe>" messages.
std::string describe(const cJSON* item) {
  if (item == nullptr) return "nothing";
  if (cJSON_IsNull(item)) return "null";
  if (cJSON_IsTrue(item)) return "boolean true";
  if (cJSON_IsFalse(item)) return "boolean false";
  if (cJSON_IsNumber(item)) return "number " + number_text(item->valuedouble);
  if (cJSON_IsString(item)) return "string " + quote_value(item->valuestring ? item->valuestring : "");
  const std::string type = json_type_name(item);
  if (cJSON_IsObject(item) && type != "object") {
    // An Extended JSON wrapper: show its payload when it is short.
    const cJSON* payload = item->child;
    if (cJSON_IsString(payload)) return type + " " + quote_value(payload->valuestring ? payload->valuestring : "");
    if (cJSON_IsNumber(payload)) return type + " " + number_text(payload->valuedouble);
    const cJSON* inner = cJSON_IsObject(payload) ? payload->child : nullptr;
    if (inner != nullptr && inner->next == nullptr && inner->string != nullptr && cJSON_IsString(inner))
      return type + " {" + quote_value(inner->string) + ": " +
             quote_value(inner->valuestring ? inner->valuestring : "") + "}";
    return type;
  }
  if (cJSON_IsArray(item)) return "array";
  return type;
}

bool is_control_or_space(unsigned char c) { return c <= 0x20 || c == 0x7F; }

// ---------------------------------------------------------------- target_uri

// A sip:/sips: URI after its scheme: [user[:password]@]host[:port][;params].
// Headers ('?') are rejected before this is called.
std::optional<std::string> sip_uri_problem(std::string_view rest, const std::string& scheme) {
  const std::size_t at = rest.find('@');
  if (at != std::string_view::npos && rest.find('@', at + 1) != std::string_view::npos)
    return "must contain at most one '@' (escape it as %40 in the user part), got " + quote_value(rest);
  if (at == 0) return "has an empty user part before '@'";
  std::string_view hostport = at == std::string_view::npos ? rest : rest.substr(at + 1);
  hostport = hostport.substr(0, hostport.find(';'));
  if (hostport.empty()) return "has no host after " + quote_value(scheme + ":" + std::string(rest.substr(0, at + 1)));
  return sip_hostport_problem(hostport);
}

// A tel: URI after its scheme: a number with RFC 3966 visual separators,
// then optional ;parameters.
std::optional<std::string> tel_uri_problem(std::string_view rest) {
  const std::string_view number = rest.substr(0, rest.find(';'));
  if (number.empty()) return "has no telephone number after \"tel:\"";
  bool has_digit = false;
  for (std::size_t i = 0; i < number.size(); ++i) {
    const char c = number[i];
    if (c >= '0' && c <= '9') {
      has_digit = true;
    } else if (c == '+') {
      if (i != 0) return "has a '+' that is not at the start of the number " + quote_value(number);
    } else if (!(is_visual_separator(c) || c == '*' || c == '#' || is_ascii_hex(c))) {
      return "has an invalid character '" + std::string(1, c) + "' in the telephone number " + quote_value(number) +
             " (digits, '+' at the start and the separators - . ( ) are allowed)";
    }
  }
  if (!has_digit) return "has no digits in the telephone number " + quote_value(number);
  return std::nullopt;
}

}  // namespace

std::string target_uri_scheme(std::string_view uri) {
  const std::size_t colon = uri.find(':');
  if (colon == std::string_view::npos) return {};
  const std::string scheme = ascii_lower(uri.substr(0, colon));
  if (scheme == "tel" || scheme == "sip" || scheme == "sips") return scheme;
  return {};
}

std::optional<std::string> target_uri_problem(std::string_view uri) {
  if (uri.empty()) return "must not be empty (expected a tel:, sip: or sips: URI)";
  // Characters first: they are what could smuggle a second header or
  // parameter into the Refer-To the module builds from this value.
  for (std::size_t i = 0; i < uri.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(uri[i]);
    char buf[160];
    if (c == ' ') {
      std::snprintf(buf, sizeof buf, "must not contain whitespace (a space at position %zu)", i + 1);
      return std::string(buf);
    }
    if (c < 0x20 || c == 0x7F) {
      std::snprintf(buf, sizeof buf, "must not contain control characters (byte 0x%02X at position %zu)", c, i + 1);
      return std::string(buf);
    }
    if (c >= 0x80) {
      std::snprintf(buf, sizeof buf,
                    "must be plain ASCII; percent-encode other characters (byte 0x%02X at position %zu)", c, i + 1);
      return std::string(buf);
    }
    if (std::strchr("<>\"\\^`{}|", c) != nullptr) {
      std::snprintf(buf, sizeof buf, "must not contain '%c' (not allowed in a URI; position %zu)", c, i + 1);
      return std::string(buf);
    }
  }
  const std::string scheme = target_uri_scheme(uri);
  if (scheme.empty()) return "must be a tel:, sip: or sips: URI, got " + quote_value(uri);
  const std::string_view rest = uri.substr(scheme.size() + 1);
  if (rest.empty()) return "has nothing after \"" + scheme + ":\" (e.g. tel:+33140000000 or sip:sales@pbx.example.com)";
  if (uri.find('?') != std::string_view::npos) {
    if (scheme == "tel") return "must not contain '?' (it would become a SIP header part), got " + quote_value(uri);
    return "must not carry SIP headers (a '?...' part), got " + quote_value(uri);
  }
  if (scheme == "tel") return tel_uri_problem(rest);
  return sip_uri_problem(rest, scheme);
}

namespace {

// ---------------------------------------------------------------- the checker

class Checker {
 public:
  Checker(CompiledSchedules* schedules, ErrorSites* sites) : schedules_(schedules), sites_(sites) {}

  Problems take() {
    if (dropped_ > 0)
      problems_.push_back({kDocumentPath,
                           "... and " + std::to_string(dropped_) + " more problems (only the first " +
                               std::to_string(kProblemLimit) + " are listed)",
                           dropped_errors_ ? Problem::Severity::error : Problem::Severity::warning});
    return std::move(problems_);
  }

  void check_document(const cJSON* doc) {
    if (!cJSON_IsObject(doc)) {
      error(kDocumentPath, "must be a JSON object (one tenant_config document), got " + describe(doc));
      return;
    }
    check_duplicate_keys(doc, "");

    const auto id = required_string(doc, "_id", "");
    const auto tenant_id = required_string(doc, "tenant_id", "");
    if (tenant_id) identifier_rules(*tenant_id, "tenant_id");
    if (id && tenant_id && *id != *tenant_id)
      error("_id", "must equal tenant_id " + quote_value(*tenant_id) + ", got " + quote_value(*id));
    const auto client_id = required_string(doc, "client_id", "");
    if (client_id) identifier_rules(*client_id, "client_id");
    required_string(doc, "display_name", "");
    check_summary_to(doc);
    optional_string_or_null(doc, "reply_to", "");
    if (const auto zone = required_string(doc, "timezone", "")) zone_rule(*zone, "timezone");
    optional_string_or_null(doc, "locale", "");
    check_status(doc);
    check_features(doc);
    if (const cJSON* metadata = cJSON_GetObjectItemCaseSensitive(doc, "metadata");
        metadata != nullptr && !cJSON_IsObject(metadata))
      error("metadata", "must be an object, got " + describe(metadata));
    check_schema_version(doc);
    required_date(doc, "created_at");
    required_date(doc, "updated_at");
    if (const cJSON* version = cJSON_GetObjectItemCaseSensitive(doc, "tools_config_version");
        version != nullptr && !json_integer(version))
      error("tools_config_version", "must be an integer, got " + describe(version));
    check_strings(doc, "");
  }

 private:
  void error(std::string path, std::string message) {
    // Where the error is counts even when its message is not listed: it
    // decides which destinations the model may use.
    if (sites_ != nullptr) {
      if (destination_ && *destination_ < sites_->destinations.size())
        sites_->destinations[*destination_] = true;
      else
        sites_->tenant_level = true;
    }
    add({std::move(path), std::move(message), Problem::Severity::error, destination_});
  }
  void warning(std::string path, std::string message) {
    add({std::move(path), std::move(message), Problem::Severity::warning, destination_});
  }

  // While it lives, problems are located in destination `index`.
  class InDestination {
   public:
    InDestination(std::optional<std::size_t>& slot, std::size_t index) : slot_(slot), saved_(slot) { slot_ = index; }
    ~InDestination() { slot_ = saved_; }
    InDestination(const InDestination&) = delete;
    InDestination& operator=(const InDestination&) = delete;

   private:
    std::optional<std::size_t>& slot_;
    std::optional<std::size_t> saved_;
  };
  void add(Problem problem) {
    if (problems_.size() < kProblemLimit) {
      problems_.push_back(std::move(problem));
      return;
    }
    ++dropped_;
    dropped_errors_ = dropped_errors_ || problem.severity == Problem::Severity::error;
  }

  // Every string and key in the document, read or not, is text the module
  // may log or hand on: it must be UTF-8. (A NUL cannot reach here from JSON
  // text or BSON: both readers refuse it, as cJSON would cut the string.)
  void check_strings(const cJSON* item, const std::string& path) {
    std::size_t index = 0;
    for (const cJSON* m = item->child; m != nullptr; m = m->next, ++index) {
      const std::string at = cJSON_IsArray(item) ? index_path(path, index)
                             : m->string != nullptr ? member_path(path, m->string)
                                                    : path;
      if (!cJSON_IsArray(item) && m->string != nullptr && invalid_utf8_at(m->string)) {
        error(at, "is a key that is not valid UTF-8");
      } else if (cJSON_IsString(m) && m->valuestring != nullptr) {
        if (const auto bad = invalid_utf8_at(m->valuestring))
          error(at, "must be valid UTF-8 text (byte " + hex_byte(m->valuestring[*bad]) + " at offset " +
                        std::to_string(*bad) + " is not), got " + quote_value(m->valuestring));
      } else if (m->child != nullptr) {
        if (item == destinations_node_) {
          const InDestination in(destination_, index);
          check_strings(m, at);
        } else {
          check_strings(m, at);
        }
      }
    }
  }

  // The first copy of a repeated key is the one read; a second copy is a
  // mistake whose effect would depend on the reader.
  void check_duplicate_keys(const cJSON* object, const std::string& path) {
    std::unordered_set<std::string_view> seen;  // hashed: linear in the keys
    for (const cJSON* m = object->child; m != nullptr; m = m->next) {
      if (m->string == nullptr) continue;
      if (!seen.insert(m->string).second)
        error(member_path(path, m->string), "appears more than once in the same object (only the first is read)");
    }
  }

  void warn_unknown_keys(const cJSON* object, const std::string& path, std::initializer_list<const char*> known) {
    for (const cJSON* m = object->child; m != nullptr; m = m->next) {
      if (m->string == nullptr) continue;
      bool is_known = false;
      for (const char* k : known) is_known = is_known || std::strcmp(k, m->string) == 0;
      if (!is_known) warning(member_path(path, m->string), "unknown field, ignored (check its spelling)");
    }
  }

  std::optional<std::string> required_string(const cJSON* object, const char* key, const std::string& parent,
                                             const char* what = "a string") {
    const cJSON* item = cJSON_GetObjectItemCaseSensitive(object, key);
    const std::string path = member_path(parent, key);
    if (item == nullptr) {
      error(path, std::string("required field is missing (expected ") + what + ")");
      return std::nullopt;
    }
    if (!cJSON_IsString(item) || item->valuestring == nullptr) {
      error(path, std::string("must be ") + what + ", got " + describe(item));
      return std::nullopt;
    }
    return std::string(item->valuestring);
  }

  void optional_string_or_null(const cJSON* object, const char* key, const std::string& parent) {
    const cJSON* item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (item != nullptr && !cJSON_IsString(item) && !cJSON_IsNull(item))
      error(member_path(parent, key), "must be a string or null, got " + describe(item));
  }

  void optional_boolean(const cJSON* object, const char* key, const std::string& parent, bool default_value) {
    const cJSON* item = cJSON_GetObjectItemCaseSensitive(object, key);
    if (item != nullptr && !cJSON_IsBool(item))
      error(member_path(parent, key), std::string("must be true or false (default ") +
                                          (default_value ? "true" : "false") + "), got " + describe(item));
  }

  // tenant_id and client_id end up in channel variables, log lines and
  // database keys: no blanks, nothing invisible.
  void identifier_rules(const std::string& value, const char* path) {
    if (value.empty()) {
      error(path, "must not be empty");
      return;
    }
    for (const char c : value)
      if (is_control_or_space(static_cast<unsigned char>(c))) {
        error(path, "must not contain whitespace or control characters, got " + quote_value(value));
        return;
      }
  }

  // The zone registry is the one judge of a zone name (and refuses paths
  // and odd names before the zone loader sees them).
  void zone_rule(const std::string& name, const std::string& path) {
    if (const auto zone = TimeZone::find(name); !zone) error(path, zone.error());
  }

  void check_summary_to(const cJSON* doc) {
    const cJSON* list = cJSON_GetObjectItemCaseSensitive(doc, "summary_to");
    if (list == nullptr) {
      error("summary_to", "required field is missing (expected an array of email addresses)");
      return;
    }
    if (!cJSON_IsArray(list)) {
      error("summary_to", "must be an array of strings (email addresses), got " + describe(list));
      return;
    }
    std::size_t index = 0;
    for (const cJSON* entry = list->child; entry != nullptr; entry = entry->next, ++index) {
      const std::string path = index_path("summary_to", index);
      if (!cJSON_IsString(entry) || entry->valuestring == nullptr) {
        error(path, "must be a string (an email address), got " + describe(entry));
        continue;
      }
      const std::string_view address = entry->valuestring;
      bool blank = false;
      for (const char c : address) blank = blank || is_control_or_space(static_cast<unsigned char>(c));
      if (address.find('@') == std::string_view::npos || blank)
        warning(path, "does not look like an email address: " + quote_value(address));
    }
  }

  void check_status(const cJSON* doc) {
    const cJSON* status = cJSON_GetObjectItemCaseSensitive(doc, "status");
    if (status == nullptr) {
      error("status", "required field is missing (expected \"active\" or \"disabled\")");
      return;
    }
    const bool valid = cJSON_IsString(status) && status->valuestring != nullptr &&
                       (std::strcmp(status->valuestring, "active") == 0 ||
                        std::strcmp(status->valuestring, "disabled") == 0);
    if (!valid) error("status", "must be \"active\" or \"disabled\", got " + describe(status));
  }

  void check_schema_version(const cJSON* doc) {
    const cJSON* version = cJSON_GetObjectItemCaseSensitive(doc, "schema_version");
    if (version == nullptr) {
      error("schema_version", "required field is missing (expected an integer, e.g. 1)");
      return;
    }
    const auto value = json_integer(version);
    if (!value) {
      error("schema_version", "must be an integer (BSON int), got " + describe(version));
      return;
    }
    if (*value < INT32_MIN || *value > INT32_MAX)
      error("schema_version", "must fit a 32-bit integer (BSON int), got " + std::to_string(*value));
  }

  void required_date(const cJSON* doc, const char* key) {
    const cJSON* item = cJSON_GetObjectItemCaseSensitive(doc, key);
    if (item == nullptr) {
      error(key, "required field is missing (expected a date, e.g. {\"$date\": \"2026-01-15T10:00:00Z\"})");
      return;
    }
    if (!json_date(item))
      error(key,
            "must be a date: {\"$date\": \"<ISO 8601>\"}, {\"$date\": {\"$numberLong\": \"<ms>\"}} or an RFC 3339 "
            "string, years 0001..9999; got " +
                describe(item));
  }

  // ------------------------------------------------------------ features.refer

  void check_features(const cJSON* doc) {
    const cJSON* features = cJSON_GetObjectItemCaseSensitive(doc, "features");
    if (features == nullptr) return;
    if (!cJSON_IsObject(features)) {
      error("features", "must be an object, got " + describe(features));
      return;
    }
    check_duplicate_keys(features, "features");
    const cJSON* refer = cJSON_GetObjectItemCaseSensitive(features, "refer");
    if (refer == nullptr) return;
    const std::string path = "features.refer";
    if (!cJSON_IsObject(refer)) {
      error(path, "must be an object, got " + describe(refer));
      return;
    }
    check_duplicate_keys(refer, path);
    warn_unknown_keys(refer, path, {"enabled", "require_confirmation", "handoff_phrase", "failover", "destinations"});
    optional_boolean(refer, "enabled", path, false);
    optional_boolean(refer, "require_confirmation", path, true);
    optional_boolean(refer, "failover", path, false);
    optional_string_or_null(refer, "handoff_phrase", path);

    const cJSON* destinations = cJSON_GetObjectItemCaseSensitive(refer, "destinations");
    const cJSON* enabled = cJSON_GetObjectItemCaseSensitive(refer, "enabled");
    if (destinations == nullptr || (cJSON_IsArray(destinations) && destinations->child == nullptr)) {
      if (cJSON_IsTrue(enabled))
        warning(path + ".destinations", "refer is enabled but there are no destinations: every transfer is refused");
      return;
    }
    if (!cJSON_IsArray(destinations)) {
      error(path + ".destinations", "must be an array of destination objects, got " + describe(destinations));
      return;
    }
    check_destinations(destinations, path + ".destinations");
  }

  struct DestinationFacts {
    const cJSON* item = nullptr;
    std::optional<std::string> id;  // when destination_id is a string
    bool disabled = false;
    // On the first copy of a repeated id: its duplication is reported.
    mutable bool reported_duplicate = false;
  };

  // What the list knows about one destination_id: one entry per distinct
  // id, so that uniqueness and references cost one hash look-up each and the
  // whole list is checked in linear time whatever it repeats.
  struct IdFacts {
    std::size_t first = 0;  // index of the first destination with this id
    std::size_t count = 0;  // how many destinations use it
    bool any_enabled = false;
  };
  using IdTable = std::unordered_map<std::string, IdFacts>;

  void check_destinations(const cJSON* list, const std::string& path) {
    destinations_node_ = list;
    std::size_t count = 0;
    for (const cJSON* entry = list->child; entry != nullptr; entry = entry->next) ++count;
    if (count > kMaxDestinations) {
      error(path, "holds " + std::to_string(count) + " destinations, more than the " +
                      std::to_string(kMaxDestinations) + " a tenant may have: every transfer is refused until the list is shortened");
      return;
    }
    // First the ids of every destination, so that uniqueness and the
    // after-hours references can be judged while each destination's problems
    // are reported in list order.
    std::vector<DestinationFacts> facts;
    IdTable ids;
    for (const cJSON* entry = list->child; entry != nullptr; entry = entry->next) {
      DestinationFacts f;
      f.item = entry;
      if (cJSON_IsObject(entry)) {
        const cJSON* id = cJSON_GetObjectItemCaseSensitive(entry, "destination_id");
        f.disabled = cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(entry, "enabled"));
        if (cJSON_IsString(id) && id->valuestring != nullptr) {
          f.id = id->valuestring;
          IdFacts& known = ids[*f.id];
          if (known.count++ == 0) known.first = facts.size();
          known.any_enabled = known.any_enabled || !f.disabled;
        }
      }
      facts.push_back(std::move(f));
    }
    if (schedules_ != nullptr) schedules_->assign(facts.size(), nullptr);
    if (sites_ != nullptr) sites_->destinations.assign(facts.size(), false);
    // The first few distinct ids in list order, for "known: ..." hints.
    std::vector<const std::string*> sample;
    for (std::size_t i = 0; i < facts.size() && sample.size() <= kKnownIdsShown; ++i)
      if (facts[i].id && ids.at(*facts[i].id).first == i) sample.push_back(&*facts[i].id);

    for (std::size_t i = 0; i < facts.size(); ++i) {
      const InDestination in(destination_, i);
      check_destination(i, facts, ids, sample, index_path(path, i));
    }
  }

  static constexpr std::size_t kKnownIdsShown = 10;

  void check_destination(std::size_t index, const std::vector<DestinationFacts>& facts, const IdTable& ids,
                         const std::vector<const std::string*>& sample, const std::string& path) {
    const cJSON* dest = facts[index].item;
    if (!cJSON_IsObject(dest)) {
      error(path, "must be a destination object, got " + describe(dest));
      return;
    }
    check_duplicate_keys(dest, path);
    warn_unknown_keys(dest, path,
                      {"destination_id", "label", "target_uri", "description_for_model", "enabled", "priority",
                       "business_hours", "after_hours_destination_id"});

    if (const auto id = required_string(dest, "destination_id", path)) {
      const std::string id_path = member_path(path, "destination_id");
      if (!is_destination_id(*id))
        error(id_path, "must match ^[a-z][a-z0-9_]{1,40}$ (a lower-case letter, then 1 to 40 lower-case "
                       "letters, digits or underscores), got " +
                           quote_value(*id));
      // Reported once, on the second copy, with a count: one line per copy
      // naming every other copy would grow with the square of the list.
      // Every copy is still unusable, as a transfer to it would be ambiguous.
      const IdFacts& same = ids.at(*id);
      if (same.count > 1) {
        if (sites_ != nullptr) sites_->destinations[index] = true;
        if (index != same.first && !facts[same.first].reported_duplicate) {
          facts[same.first].reported_duplicate = true;
          error(id_path, "must be unique within the tenant: " + quote_value(*id) + " is used by " +
                             std::to_string(same.count) + " destinations (first at [" + std::to_string(same.first) +
                             "])");
        }
      }
    }
    if (const auto label = required_string(dest, "label", path); label && label->empty())
      error(member_path(path, "label"), "must not be empty (it is spoken to the caller)");
    if (const auto uri = required_string(dest, "target_uri", path, "a tel:, sip: or sips: URI string"))
      if (const auto problem = target_uri_problem(*uri)) error(member_path(path, "target_uri"), *problem);
    if (const auto description = required_string(dest, "description_for_model", path);
        description && description->empty())
      error(member_path(path, "description_for_model"), "must not be empty (the model chooses destinations by it)");
    optional_boolean(dest, "enabled", path, true);
    if (const cJSON* priority = cJSON_GetObjectItemCaseSensitive(dest, "priority");
        priority != nullptr && !json_integer(priority))
      error(member_path(path, "priority"), "must be an integer (lower comes first, default 0), got " +
                                               describe(priority));

    const cJSON* hours = cJSON_GetObjectItemCaseSensitive(dest, "business_hours");
    const bool has_hours = hours != nullptr && !cJSON_IsNull(hours);
    if (has_hours) check_business_hours(index, hours, member_path(path, "business_hours"));

    const cJSON* fallback = cJSON_GetObjectItemCaseSensitive(dest, "after_hours_destination_id");
    if (fallback == nullptr || cJSON_IsNull(fallback)) return;
    const std::string fallback_path = member_path(path, "after_hours_destination_id");
    if (!cJSON_IsString(fallback) || fallback->valuestring == nullptr) {
      error(fallback_path, "must be a destination_id string or null, got " + describe(fallback));
      return;
    }
    const std::string target = fallback->valuestring;
    if (facts[index].id && target == *facts[index].id) {
      error(fallback_path, "must name another destination, not this one (" + quote_value(target) + ")");
      return;
    }
    const auto found = ids.find(target);
    if (found == ids.end()) {
      std::string known;
      std::size_t listed = 0;
      for (const std::string* other : sample) {
        if (facts[index].id && *other == *facts[index].id) continue;
        if (++listed > kKnownIdsShown) {
          known += ", ...";
          break;
        }
        known += (known.empty() ? "" : ", ") + quote_value(*other);
      }
      error(fallback_path, "must name another destination of this tenant, got " + quote_value(target) +
                               (known.empty() ? " (there is no other destination)" : " (known: " + known + ")"));
      return;
    }
    if (!has_hours)
      warning(fallback_path, "has no effect: this destination has no business_hours, so it is never closed");
    if (!found->second.any_enabled) warning(fallback_path, "names " + quote_value(target) + ", which is disabled");
  }

  static bool is_destination_id(const std::string& id) {
    if (id.size() < 2 || id.size() > 41 || id[0] < 'a' || id[0] > 'z') return false;
    for (const char c : id)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
  }

  void check_business_hours(std::size_t index, const cJSON* hours, const std::string& path) {
    if (!cJSON_IsObject(hours)) {
      error(path, "must be an object (tz, rrule, duration_minutes) or null, got " + describe(hours));
      return;
    }
    check_duplicate_keys(hours, path);
    warn_unknown_keys(hours, path, {"tz", "rrule", "duration_minutes", "dtstart"});
    BusinessHoursSpec spec;
    bool compilable = true;

    if (const cJSON* tz = cJSON_GetObjectItemCaseSensitive(hours, "tz"); tz != nullptr) {
      if (!cJSON_IsString(tz) || tz->valuestring == nullptr) {
        error(member_path(path, "tz"), "must be an IANA time zone string (default Europe/Paris), got " + describe(tz));
        compilable = false;
      } else {
        spec.tz = tz->valuestring;
        const std::size_t before = problems_.size();
        zone_rule(spec.tz, member_path(path, "tz"));
        compilable = compilable && problems_.size() == before;
      }
    }

    if (const auto rrule = required_string(hours, "rrule", path, "an RFC 5545 RRULE string")) {
      spec.rrule = *rrule;
      if (rrule->empty()) {
        error(member_path(path, "rrule"), "must not be empty (e.g. FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9)");
        compilable = false;
      }
    } else {
      compilable = false;
    }

    const cJSON* duration = cJSON_GetObjectItemCaseSensitive(hours, "duration_minutes");
    const std::string duration_path = member_path(path, "duration_minutes");
    if (duration == nullptr) {
      error(duration_path, "required field is missing (expected an integer 1..1440)");
      compilable = false;
    } else if (const auto minutes = json_integer(duration); !minutes) {
      error(duration_path, "must be an integer number of minutes 1..1440, got " + describe(duration));
      compilable = false;
    } else if (*minutes < 1 || *minutes > 1440) {
      error(duration_path, "must be 1..1440, got " + std::to_string(*minutes));
      compilable = false;
    } else {
      spec.duration_minutes = static_cast<int>(*minutes);
    }

    if (const cJSON* dtstart = cJSON_GetObjectItemCaseSensitive(hours, "dtstart");
        dtstart != nullptr && !cJSON_IsNull(dtstart)) {
      if (!cJSON_IsString(dtstart) || dtstart->valuestring == nullptr) {
        error(member_path(path, "dtstart"),
              "must be a local date-time YYYY-MM-DDTHH:MM:SS (no offset: it is read in business_hours.tz), got " +
                  describe(dtstart));
        compilable = false;
      } else if (const auto local = parse_local_datetime(dtstart->valuestring); !local) {
        error(member_path(path, "dtstart"), local.error() + " (it is read in business_hours.tz)");
        compilable = false;
      } else {
        spec.dtstart = std::string(dtstart->valuestring);
      }
    }

    if (!compilable) return;
    auto compiled = Schedule::compile(spec);
    if (!compiled) {
      // The zone, the duration and DTSTART were judged above by the same
      // readers the schedule uses: what is left to refuse is the rule.
      error(member_path(path, "rrule"), compiled.error());
      return;
    }
    if (const auto advice = schedule_warning(spec)) warning(member_path(path, "rrule"), *advice);
    if (schedules_ != nullptr) (*schedules_)[index] = compiled.value();
  }

  Problems problems_;
  std::size_t dropped_ = 0;      // problems past kProblemLimit, counted only
  bool dropped_errors_ = false;  // and whether any of them was an error
  CompiledSchedules* schedules_;
  ErrorSites* sites_;
  std::optional<std::size_t> destination_;     // the destination being checked, if any
  const cJSON* destinations_node_ = nullptr;  // features.refer.destinations, once seen
};

}  // namespace

Problems validate_tenant_doc(const cJSON* doc, CompiledSchedules* schedules, ErrorSites* sites) {
  if (schedules != nullptr) schedules->clear();
  if (sites != nullptr) *sites = ErrorSites{};
  Checker checker(schedules, sites);
  checker.check_document(doc);
  return checker.take();
}

Problems validate_tenant_doc(const cJSON* doc, CompiledSchedules* schedules) {
  return validate_tenant_doc(doc, schedules, nullptr);
}

Problems validate_tenant_doc(const cJSON* doc) { return validate_tenant_doc(doc, nullptr, nullptr); }

}  // namespace tenant
