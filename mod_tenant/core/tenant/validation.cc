#include "core/tenant/validation.hh"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/tenant/document_fields.hh"
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

// Whether key looks like a misspelling of field: the same letters in another
// case, or within one edit (two for names of six letters or more) of
// insertions, deletions, substitutions and swaps of neighbours (the
// optimal string alignment distance). Costs at most (|field| + 3)^2 steps.
bool near_miss(std::string_view key, std::string_view field) {
  const std::size_t limit = field.size() >= 6 ? 2 : 1;
  if (key.size() + limit < field.size() || key.size() > field.size() + limit) return false;
  if (ascii_iequal(key, field)) return true;
  const std::size_t n = key.size(), m = field.size();
  // Three rows of the distance table: two back (for swaps), previous, current.
  std::vector<std::size_t> before(m + 1), previous(m + 1), row(m + 1);
  for (std::size_t j = 0; j <= m; ++j) previous[j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = key[i - 1] == field[j - 1] ? 0 : 1;
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && key[i - 1] == field[j - 2] && key[i - 2] == field[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);
      best = std::min(best, row[j]);
    }
    if (best > limit) return false;
    std::swap(before, previous);
    std::swap(previous, row);
  }
  return previous[m] <= limit;
}

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
  Checker(CompiledSchedules* schedules, ErrorSites* sites, UnixSeconds now)
      : schedules_(schedules), sites_(sites), now_(now) {}

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
    // Other top-level fields are the application's (the spec's schema has
    // "additionalProperties": true): only a likely misspelling is reported.
    check_fields(tenant_fields(), doc, "", UnknownKeys::near_misses);
    check_strings(doc, "");
  }

 private:
  // What an object's keys that no row names are: reported, or the
  // application's own business unless they look like a misspelt field.
  enum class UnknownKeys { warn, near_misses };

  void error(std::string path, std::string message) {
    ++errors_;
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

  // ------------------------------------------------------------ the tables

  // One object against its table: repeated keys, unknown keys, then each
  // row in order (presence, type, the row's rule).
  template <class Model>
  void check_fields(const FieldTable<Model>& table, const cJSON* object, const std::string& path,
                    UnknownKeys unknown) {
    check_duplicate_keys(object, path);
    check_unknown_keys(table, object, path, unknown);
    for (const Field<Model>& row : table) {
      const cJSON* value = field_value(object, row.key);
      const std::string at = member_path(path, row.key);
      if (value == nullptr) {
        if (row.presence == FieldPresence::required)
          error(at, std::string("required field is missing (expected ") +
                        (row.when_missing != nullptr ? row.when_missing : row.expected) + ")");
        continue;
      }
      if (row.presence == FieldPresence::nullable && cJSON_IsNull(value)) continue;
      if (!has_field_type(value, row.type)) {
        error(at, std::string("must be ") + row.expected + ", got " + describe(value));
        continue;
      }
      apply_rule(row.rule, object, value, at);
    }
  }

  void apply_rule(FieldRule rule, const cJSON* object, const cJSON* value, const std::string& path) {
    const std::string text = cJSON_IsString(value) ? value->valuestring : "";
    switch (rule) {
      case FieldRule::none:
        return;
      case FieldRule::tenant_id:
        identifier_rule(text, path);
        if (const cJSON* id = field_value(object, "_id"); has_field_type(id, FieldType::string) && text != id->valuestring)
          error("_id", "must equal tenant_id " + quote_value(text) + ", got " + quote_value(id->valuestring));
        return;
      case FieldRule::identifier:
        return identifier_rule(text, path);
      case FieldRule::summary_to:
        return check_summary_to(value, path);
      case FieldRule::zone:
        // The zone registry is the one judge of a zone name (and refuses
        // paths and odd names before the zone loader sees them).
        if (const auto zone = TimeZone::find(text); !zone) error(path, zone.error());
        return;
      case FieldRule::status:
        if (text != "active" && text != "disabled")
          error(path, "must be \"active\" or \"disabled\", got " + describe(value));
        return;
      case FieldRule::features:
        // Other features are the application's business.
        return check_fields(features_fields(), value, path, UnknownKeys::near_misses);
      case FieldRule::refer:
        return check_refer(value, path);
      case FieldRule::int32:
        if (const auto v = json_integer(value); *v < INT32_MIN || *v > INT32_MAX)
          error(path, "must fit a 32-bit integer (BSON int), got " + std::to_string(*v));
        return;
      case FieldRule::destinations:
        return check_destinations(value, path);
      case FieldRule::destination_id:
        return check_destination_id(text, path);
      case FieldRule::spoken_text:
        if (text.empty()) error(path, "must not be empty (it is spoken to the caller)");
        return;
      case FieldRule::model_text:
        if (text.empty()) error(path, "must not be empty (the model chooses destinations by it)");
        return;
      case FieldRule::target_uri:
        if (const auto problem = target_uri_problem(text)) error(path, *problem);
        return;
      case FieldRule::business_hours:
        return check_business_hours(value, path);
      case FieldRule::after_hours:
        return check_after_hours(object, text, path);
      case FieldRule::rrule_text:
        if (text.empty()) error(path, "must not be empty (e.g. FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9)");
        return;
      case FieldRule::minutes_of_day:
        if (const auto minutes = json_integer(value); *minutes < 1 || *minutes > 1440)
          error(path, "must be 1..1440, got " + std::to_string(*minutes));
        return;
      case FieldRule::local_datetime:
        if (const auto local = parse_local_datetime(text); !local)
          error(path, local.error() + " (it is read in business_hours.tz)");
        return;
      case FieldRule::windows:
        return check_windows(value, path);
      case FieldRule::calendar_entries:
        return check_calendar_entries(value, path);
      case FieldRule::override_state:
        return check_override(value, path);
      case FieldRule::override_word:
        if (text != "open" && text != "closed") error(path, "must be \"open\" or \"closed\", got " + describe(value));
        return;
      case FieldRule::local_date:
        if (const auto day = parse_local_date(text); !day) error(path, day.error());
        return;
      case FieldRule::entry_datetime:
        if (const auto local = parse_local_datetime(text); !local)
          error(path, local.error() + " (it is read in the entry's tz, else the destination's zone)");
        return;
      case FieldRule::entry_minutes:
        if (const auto minutes = json_integer(value); *minutes < 1 || *minutes > kMaxEntryMinutes)
          error(path, "must be 1.." + std::to_string(kMaxEntryMinutes) + " (366 days), got " + std::to_string(*minutes));
        return;
      case FieldRule::exdates:
        return check_exdates(value, path);
    }
  }

  // ------------------------------------------------------------ every object

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

  // A document with more unknown keys than this is not one with a typo:
  // past it, near misses are no longer looked for (each look compares the
  // key with every row of its table), so the looking stays bounded.
  static constexpr std::size_t kNearMissLookups = 200;

  template <class Model>
  void check_unknown_keys(const FieldTable<Model>& table, const cJSON* object, const std::string& path,
                          UnknownKeys unknown) {
    for (const cJSON* m = object->child; m != nullptr; m = m->next) {
      if (m->string == nullptr || table.find(m->string) != nullptr) continue;
      const char* near = nullptr;
      if (near_miss_lookups_++ < kNearMissLookups)
        for (const Field<Model>& row : table)
          if (near_miss(m->string, row.key)) {
            near = row.key;
            break;
          }
      if (near != nullptr)
        warning(member_path(path, m->string),
                "unknown field, ignored (check its spelling: did you mean " + quote_value(near) + "?)");
      else if (unknown == UnknownKeys::warn)
        warning(member_path(path, m->string), "unknown field, ignored (check its spelling)");
    }
  }

  // tenant_id and client_id end up in channel variables, log lines and
  // database keys: no blanks, nothing invisible.
  void identifier_rule(const std::string& value, const std::string& path) {
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

  void check_summary_to(const cJSON* list, const std::string& path) {
    std::size_t index = 0;
    for (const cJSON* entry = list->child; entry != nullptr; entry = entry->next, ++index) {
      const std::string at = index_path(path, index);
      if (!has_field_type(entry, FieldType::string)) {
        error(at, "must be a string (an email address), got " + describe(entry));
        continue;
      }
      const std::string_view address = entry->valuestring;
      bool blank = false;
      for (const char c : address) blank = blank || is_control_or_space(static_cast<unsigned char>(c));
      if (address.find('@') == std::string_view::npos || blank)
        warning(at, "does not look like an email address: " + quote_value(address));
    }
  }

  // ------------------------------------------------------------ features.refer

  void check_refer(const cJSON* refer, const std::string& path) {
    refer_ = refer;
    check_fields(refer_fields(), refer, path, UnknownKeys::warn);
    check_overlapping_overrides(refer, path);
    const cJSON* destinations = field_value(refer, "destinations");
    if (cJSON_IsTrue(field_value(refer, "enabled")) &&
        (destinations == nullptr || (cJSON_IsArray(destinations) && destinations->child == nullptr)))
      warning(path + ".destinations", "refer is enabled but there are no destinations: every transfer is refused");
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

  // The list being checked, for the rules of one destination that look at
  // the others (unique ids, after-hours references).
  struct ListFacts {
    std::vector<DestinationFacts> destinations;
    IdTable ids;
    std::vector<const std::string*> sample;  // the first few distinct ids, for "known: ..." hints
  };

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
    ListFacts facts;
    for (const cJSON* entry = list->child; entry != nullptr; entry = entry->next) {
      DestinationFacts f;
      f.item = entry;
      if (cJSON_IsObject(entry)) {
        const cJSON* id = field_value(entry, "destination_id");
        f.disabled = cJSON_IsFalse(field_value(entry, "enabled"));
        if (has_field_type(id, FieldType::string)) {
          f.id = id->valuestring;
          IdFacts& known = facts.ids[*f.id];
          if (known.count++ == 0) known.first = facts.destinations.size();
          known.any_enabled = known.any_enabled || !f.disabled;
        }
      }
      facts.destinations.push_back(std::move(f));
    }
    if (schedules_ != nullptr) schedules_->assign(count, nullptr);
    if (sites_ != nullptr) sites_->destinations.assign(count, false);
    for (std::size_t i = 0; i < count && facts.sample.size() <= kKnownIdsShown; ++i)
      if (const auto& id = facts.destinations[i].id; id && facts.ids.at(*id).first == i) facts.sample.push_back(&*id);

    list_ = &facts;
    for (std::size_t i = 0; i < count; ++i) {
      const InDestination in(destination_, i);
      const cJSON* dest = facts.destinations[i].item;
      if (!cJSON_IsObject(dest))
        error(index_path(path, i), "must be a destination object, got " + describe(dest));
      else
        check_fields(destination_fields(), dest, index_path(path, i), UnknownKeys::warn);
    }
    list_ = nullptr;
  }

  static constexpr std::size_t kKnownIdsShown = 10;

  // The destination being checked (within check_destinations).
  const DestinationFacts& current() const { return list_->destinations[*destination_]; }

  void check_destination_id(const std::string& id, const std::string& path) {
    if (!is_destination_id(id))
      error(path, "must match ^[a-z][a-z0-9_]{1,40}$ (a lower-case letter, then 1 to 40 lower-case "
                  "letters, digits or underscores), got " +
                      quote_value(id));
    // Reported once, on the second copy, with a count: one line per copy
    // naming every other copy would grow with the square of the list.
    // Every copy is still unusable, as a transfer to it would be ambiguous.
    const IdFacts& same = list_->ids.at(id);
    if (same.count > 1) {
      if (sites_ != nullptr) sites_->destinations[*destination_] = true;
      const DestinationFacts& first = list_->destinations[same.first];
      if (*destination_ != same.first && !first.reported_duplicate) {
        first.reported_duplicate = true;
        error(path, "must be unique within the tenant: " + quote_value(id) + " is used by " +
                        std::to_string(same.count) + " destinations (first at [" + std::to_string(same.first) + "])");
      }
    }
  }

  void check_after_hours(const cJSON* dest, const std::string& target, const std::string& path) {
    const std::optional<std::string>& own = current().id;
    if (own && target == *own) {
      error(path, "must name another destination, not this one (" + quote_value(target) + ")");
      return;
    }
    const auto found = list_->ids.find(target);
    if (found == list_->ids.end()) {
      std::string known;
      std::size_t listed = 0;
      for (const std::string* other : list_->sample) {
        if (own && *other == *own) continue;
        if (++listed > kKnownIdsShown) {
          known += ", ...";
          break;
        }
        known += (known.empty() ? "" : ", ") + quote_value(*other);
      }
      error(path, "must name another destination of this tenant, got " + quote_value(target) +
                      (known.empty() ? " (there is no other destination)" : " (known: " + known + ")"));
      return;
    }
    // Without business hours, only a closure or an override can close the
    // destination (its own or the tenant's): without any, it never closes.
    const auto absent = [](const cJSON* v) { return v == nullptr || cJSON_IsNull(v) || (cJSON_IsArray(v) && !v->child); };
    if (absent(field_value(dest, "business_hours")) && absent(field_value(dest, "closures")) &&
        absent(field_value(dest, "override")) && absent(field_value(refer_, "closures")) &&
        absent(field_value(refer_, "override")))
      warning(path, "has no effect: this destination has no business_hours, closures or override, so it is never closed");
    if (!found->second.any_enabled) warning(path, "names " + quote_value(target) + ", which is disabled");
  }

  static bool is_destination_id(const std::string& id) {
    if (id.size() < 2 || id.size() > 41 || id[0] < 'a' || id[0] > 'z') return false;
    for (const char c : id)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
  }

  void check_windows(const cJSON* list, const std::string& path) {
    std::size_t count = 0;
    for (const cJSON* entry = list->child; entry != nullptr; entry = entry->next) ++count;
    if (count > kMaxWindows) {
      error(path, "holds " + std::to_string(count) + " windows, more than the " + std::to_string(kMaxWindows) +
                      " a destination may have");
      return;
    }
    std::size_t index = 0;
    for (const cJSON* entry = list->child; entry != nullptr; entry = entry->next, ++index) {
      const std::string at = index_path(path, index);
      if (!cJSON_IsObject(entry))
        error(at, "must be a window object {rrule, duration_minutes[, dtstart]}, got " + describe(entry));
      else
        check_fields(window_fields(), entry, at, UnknownKeys::warn);
    }
  }

  // ------------------------------------------------------------ closures, openings, overrides

  void check_calendar_entries(const cJSON* list, const std::string& path) {
    std::size_t count = 0;
    for (const cJSON* entry = list->child; entry != nullptr; entry = entry->next) ++count;
    if (count > kMaxCalendarEntries) {
      error(path, "holds " + std::to_string(count) + " entries, more than the " +
                      std::to_string(kMaxCalendarEntries) + " a list may have");
      return;
    }
    std::size_t index = 0;
    for (const cJSON* entry = list->child; entry != nullptr; entry = entry->next, ++index) {
      const std::string at = index_path(path, index);
      if (!cJSON_IsObject(entry)) {
        error(at, "must be an entry object {date} | {start, end} | {rrule, duration_minutes}, got " + describe(entry));
        continue;
      }
      const std::size_t errors_before = errors_;
      check_fields(calendar_entry_fields(), entry, at, UnknownKeys::warn);
      if (errors_ != errors_before) continue;
      CalendarEntrySpec spec;
      read_fields(calendar_entry_fields(), entry, spec);
      check_entry_form(spec, at);
    }
  }

  // One entry is exactly one of three forms; then it must compile.
  void check_entry_form(const CalendarEntrySpec& spec, const std::string& at) {
    const bool is_date = spec.date.has_value(), is_span = spec.start || spec.end, is_rule = spec.rrule.has_value();
    const int forms = int{is_date} + int{is_span} + int{is_rule};
    if (forms == 0) {
      error(at, "needs one of: date (a whole day), start and end (a span), or rrule with duration_minutes");
      return;
    }
    if (forms > 1) {
      error(at, std::string("mixes ") + (is_date ? "date" : "start/end") + " with " + (is_rule ? "rrule" : "start/end") +
                    ": an entry is a date, a span (start, end) or a rule (rrule, duration_minutes)");
      return;
    }
    if (is_span && !spec.start) return error(member_path(at, "start"), "required field is missing (with end)");
    if (is_span && !spec.end) return error(member_path(at, "end"), "required field is missing (with start)");
    if (is_rule && spec.duration_minutes == 0)
      return error(member_path(at, "duration_minutes"), "required field is missing (with rrule: an integer 1..527040)");
    if (!is_rule) {
      for (const char* key : {"duration_minutes", "dtstart", "exdates"}) {
        const bool present = (std::strcmp(key, "duration_minutes") == 0 && spec.duration_minutes != 0) ||
                             (std::strcmp(key, "dtstart") == 0 && spec.dtstart) ||
                             (std::strcmp(key, "exdates") == 0 && !spec.exdates.empty());
        if (present) return error(member_path(at, key), "belongs to a recurring entry (with rrule) only");
      }
    }
    // The zone does not change whether an entry compiles: UTC stands in for
    // the destination's when the entry names none.
    auto compiled = CompiledEntry::compile(spec, "UTC");
    if (!compiled) {
      error(member_path(at, is_rule ? "rrule" : is_span ? "end" : "date"), compiled.error());
      return;
    }
    // Ended more than a day ago in any zone: it can no longer apply.
    if (const auto last = compiled->last_end(); last && *last + 86400 < now_)
      warning(at, "ended before " + format_rfc3339_utc(now_).substr(0, 10) + ": it never applies again (remove it)");
  }

  void check_exdates(const cJSON* list, const std::string& path) {
    std::size_t index = 0;
    for (const cJSON* entry = list->child; entry != nullptr; entry = entry->next, ++index) {
      if (index == kMaxExdates) {
        error(path, "holds more than the " + std::to_string(kMaxExdates) + " dates an entry may have");
        return;
      }
      const std::string at = index_path(path, index);
      if (!has_field_type(entry, FieldType::string))
        error(at, "must be a local date YYYY-MM-DD, got " + describe(entry));
      else if (const auto day = parse_local_date(entry->valuestring); !day)
        error(at, day.error());
    }
  }

  void check_override(const cJSON* object, const std::string& path) {
    const std::size_t errors_before = errors_;
    check_fields(override_fields(), object, path, UnknownKeys::warn);
    if (errors_ != errors_before) return;
    OverrideSpec spec;
    read_fields(override_fields(), object, spec);
    if (spec.until && *spec.until <= now_)
      warning(member_path(path, "until"), "is in the past (" + format_rfc3339_utc(*spec.until) +
                                              "): the override no longer applies (remove it)");
  }

  // A destination's override and the tenant's both in force now: the
  // destination's decides while both apply, which may not be what was meant.
  void check_overlapping_overrides(const cJSON* refer, const std::string& path) {
    const auto in_force = [this](const cJSON* object) {
      if (!cJSON_IsObject(object) || !has_field_type(field_value(object, "state"), FieldType::string)) return false;
      const cJSON* until = field_value(object, "until");
      const auto end = has_field_type(until, FieldType::date) ? json_date(until) : std::nullopt;
      return !end || *end > now_;
    };
    if (!in_force(field_value(refer, "override"))) return;
    const cJSON* list = field_value(refer, "destinations");
    if (!cJSON_IsArray(list)) return;
    std::size_t index = 0;
    for (const cJSON* d = list->child; d != nullptr; d = d->next, ++index)
      if (in_force(field_value(d, "override"))) {
        const InDestination in(destination_, index);
        warning(member_path(index_path(member_path(path, "destinations"), index), "override"),
                "overlaps features.refer.override: while both apply, this destination's decides");
      }
  }

  // The fields first, each by its own rule; then, when none of them is in
  // error (one mistake gives one message), the rule is compiled from the
  // spec read through the same table the model reads it with.
  void check_business_hours(const cJSON* hours, const std::string& path) {
    const std::size_t errors_before = errors_;
    check_fields(business_hours_fields(), hours, path, UnknownKeys::warn);
    if (errors_ != errors_before) return;
    BusinessHoursSpec spec;
    read_fields(business_hours_fields(), hours, spec);
    // Each rule of the hours on its own (the main one, then each window),
    // with the path its problems are filed under.
    std::vector<std::pair<std::string, BusinessHoursSpec>> rules;
    rules.push_back({member_path(path, "rrule"), {spec.tz, spec.rrule, spec.duration_minutes, spec.dtstart}});
    for (std::size_t i = 0; i < spec.windows.size(); ++i) {
      const WindowSpec& w = spec.windows[i];
      rules.push_back({member_path(index_path(member_path(path, "windows"), i), "rrule"),
                       {spec.tz, w.rrule, w.duration_minutes, w.dtstart}});
    }
    auto compiled = Schedule::compile(spec);
    if (!compiled) {
      // The zone, the durations and DTSTARTs were judged above by the same
      // readers the schedule uses, so what is left is a rule: only on this
      // path is each compiled on its own (identical ones are shared), to
      // file the refusal under the one that caused it.
      const std::size_t before = errors_;
      for (const auto& [rule_path, alone] : rules)
        if (auto one = Schedule::compile(alone); !one) error(rule_path, one.error());
      if (errors_ == before) error(member_path(path, "rrule"), compiled.error());  // the rules together
      return;
    }
    for (const auto& [rule_path, alone] : rules)
      if (const auto advice = schedule_warning(alone)) warning(rule_path, *advice);
    if (schedules_ != nullptr) (*schedules_)[*destination_] = compiled.value();
  }

  Problems problems_;
  std::size_t errors_ = 0;       // errors found, listed or not
  std::size_t near_miss_lookups_ = 0;
  std::size_t dropped_ = 0;      // problems past kProblemLimit, counted only
  bool dropped_errors_ = false;  // and whether any of them was an error
  CompiledSchedules* schedules_;
  ErrorSites* sites_;
  UnixSeconds now_;  // what "in the past" is measured against
  std::optional<std::size_t> destination_;     // the destination being checked, if any
  const ListFacts* list_ = nullptr;            // the destination list being checked, if any
  const cJSON* destinations_node_ = nullptr;  // features.refer.destinations, once seen
  const cJSON* refer_ = nullptr;              // features.refer, once seen
};

}  // namespace

Problems validate_tenant_doc(const cJSON* doc, CompiledSchedules* schedules, ErrorSites* sites, UnixSeconds now) {
  if (schedules != nullptr) schedules->clear();
  if (sites != nullptr) *sites = ErrorSites{};
  Checker checker(schedules, sites, now);
  checker.check_document(doc);
  return checker.take();
}

Problems validate_tenant_doc(const cJSON* doc, CompiledSchedules* schedules, ErrorSites* sites) {
  return validate_tenant_doc(doc, schedules, sites, current_unix_seconds());
}

Problems validate_tenant_doc(const cJSON* doc, CompiledSchedules* schedules) {
  return validate_tenant_doc(doc, schedules, nullptr);
}

Problems validate_tenant_doc(const cJSON* doc) { return validate_tenant_doc(doc, nullptr, nullptr); }

}  // namespace tenant
