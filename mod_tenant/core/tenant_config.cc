#include "tenant_config.hh"

#include <climits>
#include <cstring>
#include <string>

#include "extended_json.hh"
#include "validation.hh"

namespace tenant {

namespace {

constexpr std::string_view kDestinationsPath = "features.refer.destinations";

// The model reads leniently: a value of the right type is taken, anything
// else leaves the default. Validation has already reported what is wrong.
const cJSON* member(const cJSON* object, const char* key) {
  return cJSON_IsObject(object) ? cJSON_GetObjectItemCaseSensitive(object, key) : nullptr;
}

void read_string(const cJSON* object, const char* key, std::string& out) {
  const cJSON* item = member(object, key);
  if (cJSON_IsString(item) && item->valuestring != nullptr) out = item->valuestring;
}

void read_optional_string(const cJSON* object, const char* key, std::optional<std::string>& out) {
  const cJSON* item = member(object, key);
  if (cJSON_IsString(item) && item->valuestring != nullptr) out = std::string(item->valuestring);
}

void read_bool(const cJSON* object, const char* key, bool& out) {
  const cJSON* item = member(object, key);
  if (cJSON_IsBool(item)) out = cJSON_IsTrue(item);
}

void read_integer(const cJSON* object, const char* key, std::int64_t& out) {
  if (const auto value = json_integer(member(object, key))) out = *value;
}

// "features.refer.destinations[3]..." -> 3; nullopt for any other path.
std::optional<std::size_t> destination_index(std::string_view path) {
  if (path.substr(0, kDestinationsPath.size()) != kDestinationsPath) return std::nullopt;
  std::size_t pos = kDestinationsPath.size();
  if (pos >= path.size() || path[pos] != '[') return std::nullopt;
  ++pos;
  std::size_t index = 0;
  const std::size_t first_digit = pos;
  while (pos < path.size() && path[pos] >= '0' && path[pos] <= '9') {
    if (index > (SIZE_MAX - 9) / 10) return std::nullopt;
    index = index * 10 + static_cast<std::size_t>(path[pos] - '0');
    ++pos;
  }
  if (pos == first_digit || pos >= path.size() || path[pos] != ']') return std::nullopt;
  ++pos;
  if (pos != path.size() && path[pos] != '.') return std::nullopt;
  return index;
}

BusinessHours read_business_hours(const cJSON* hours, std::shared_ptr<const Schedule> schedule) {
  BusinessHours out;
  read_string(hours, "tz", out.spec.tz);
  read_string(hours, "rrule", out.spec.rrule);
  const auto minutes = json_integer(member(hours, "duration_minutes"));
  if (minutes && *minutes >= 1 && *minutes <= 1440) out.spec.duration_minutes = static_cast<int>(*minutes);
  read_optional_string(hours, "dtstart", out.spec.dtstart);
  out.schedule = std::move(schedule);
  return out;
}

Destination read_destination(const cJSON* dest, std::shared_ptr<const Schedule> schedule) {
  Destination out;
  if (!cJSON_IsObject(dest)) {
    // Kept as a placeholder so that destinations[i] in a problem's path is
    // destinations[i] in the model.
    out.usable = false;
    return out;
  }
  read_string(dest, "destination_id", out.destination_id);
  read_string(dest, "label", out.label);
  read_string(dest, "target_uri", out.target_uri);
  // Schemes are case-insensitive; hosts compare the prefix, so keep it in
  // the one spelling they expect.
  if (const std::string scheme = target_uri_scheme(out.target_uri); !scheme.empty())
    out.target_uri.replace(0, scheme.size(), scheme);
  read_string(dest, "description_for_model", out.description_for_model);
  read_bool(dest, "enabled", out.enabled);
  read_integer(dest, "priority", out.priority);
  const cJSON* hours = member(dest, "business_hours");
  // Present but broken business hours still count as hours (with no
  // schedule), never as "always open"; validation marks the destination.
  if (hours != nullptr && !cJSON_IsNull(hours)) out.business_hours = read_business_hours(hours, std::move(schedule));
  read_optional_string(dest, "after_hours_destination_id", out.after_hours_destination_id);
  return out;
}

ReferFeature read_refer(const cJSON* doc, const CompiledSchedules& schedules) {
  ReferFeature out;
  const cJSON* refer = member(member(doc, "features"), "refer");
  read_bool(refer, "enabled", out.enabled);
  read_bool(refer, "require_confirmation", out.require_confirmation);
  read_optional_string(refer, "handoff_phrase", out.handoff_phrase);
  if (const cJSON* failover = member(refer, "failover"); cJSON_IsBool(failover))
    out.failover = static_cast<bool>(cJSON_IsTrue(failover));
  const cJSON* list = member(refer, "destinations");
  if (!cJSON_IsArray(list)) return out;
  std::size_t index = 0;
  for (const cJSON* entry = list->child; entry != nullptr; entry = entry->next, ++index)
    out.destinations.push_back(read_destination(entry, index < schedules.size() ? schedules[index] : nullptr));
  return out;
}

// Where a (line, column) in text is, for parse errors.
std::string position_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

const Destination* TenantConfig::find_destination(std::string_view destination_id) const {
  for (const auto& d : refer.destinations)
    if (d.destination_id == destination_id) return &d;
  return nullptr;
}

Expected<TenantConfig> TenantConfig::from_tenant_doc(const cJSON* doc) {
  if (!cJSON_IsObject(doc))
    return Expected<TenantConfig>::failure("a tenant_config document must be a JSON object, got " +
                                           (doc == nullptr ? std::string("nothing") : json_type_name(doc)));
  TenantConfig config;
  CompiledSchedules schedules;
  config.problems = validate_tenant_doc(doc, &schedules);

  read_string(doc, "_id", config.id);
  read_string(doc, "tenant_id", config.tenant_id);
  read_string(doc, "client_id", config.client_id);
  read_string(doc, "display_name", config.display_name);
  if (const cJSON* list = member(doc, "summary_to"); cJSON_IsArray(list))
    for (const cJSON* entry = list->child; entry != nullptr; entry = entry->next)
      if (cJSON_IsString(entry) && entry->valuestring != nullptr) config.summary_to.emplace_back(entry->valuestring);
  read_optional_string(doc, "reply_to", config.reply_to);
  read_string(doc, "timezone", config.timezone);
  read_optional_string(doc, "locale", config.locale);
  read_string(doc, "status", config.status);
  read_integer(doc, "schema_version", config.schema_version);
  read_integer(doc, "tools_config_version", config.tools_config_version);
  config.created_at = json_date(member(doc, "created_at"));
  config.updated_at = json_date(member(doc, "updated_at"));
  config.refer = read_refer(doc, schedules);

  for (const auto& problem : config.problems) {
    if (problem.severity != Problem::Severity::error) continue;
    const auto index = destination_index(problem.path);
    if (index && *index < config.refer.destinations.size())
      config.refer.destinations[*index].usable = false;
    else
      config.tenant_level_errors = true;
  }
  return config;
}

Expected<TenantConfig> TenantConfig::from_json_text(std::string_view text) {
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos)
    return Expected<TenantConfig>::failure("invalid JSON at " + position_of(text, nul) + ": a NUL byte");
  // cJSON wants the terminating NUL inside the length it is given.
  const std::string copy(text);
  const char* end = nullptr;
  cJSON* doc = cJSON_ParseWithLengthOpts(copy.c_str(), copy.size() + 1, &end, 1);
  if (doc == nullptr) {
    std::size_t offset = copy.size();
    if (end != nullptr && end >= copy.c_str() && end <= copy.c_str() + copy.size())
      offset = static_cast<std::size_t>(end - copy.c_str());
    std::string near;
    if (offset >= copy.size()) {
      near = "unexpected end of input";
    } else {
      near = "near '";
      for (std::size_t i = offset; i < copy.size() && i < offset + 20; ++i) {
        const unsigned char c = static_cast<unsigned char>(copy[i]);
        if (c == '\n') break;
        near += c < 0x20 || c == 0x7F ? '?' : static_cast<char>(c);
      }
      near += "'";
    }
    return Expected<TenantConfig>::failure("invalid JSON at " + position_of(text, offset) + ": " + near +
                                           (copy.find("ISODate(") != std::string::npos
                                                ? " (mongosh ISODate(...) is not JSON; write {\"$date\": \"...\"})"
                                                : ""));
  }
  auto config = from_tenant_doc(doc);
  cJSON_Delete(doc);
  return config;
}

}  // namespace tenant
