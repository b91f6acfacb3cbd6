#include "core/tenant/phone_mapping.hh"

#include "core/tenant/extended_json.hh"

#include <string>
#include <utility>

namespace tenant {

namespace {

// The field's text, or why it cannot be read.
Expected<std::string> required_string(const cJSON* doc, const char* field) {
  using Result = Expected<std::string>;
  const cJSON* item = cJSON_GetObjectItemCaseSensitive(doc, field);
  if (item == nullptr) return Result::failure(std::string(field) + " is missing");
  if (!cJSON_IsString(item) || item->valuestring == nullptr)
    return Result::failure(std::string(field) + " must be a string, got " + json_type_name(item));
  if (item->valuestring[0] == '\0') return Result::failure(std::string(field) + " must not be empty");
  return std::string(item->valuestring);
}

}  // namespace

Expected<PhoneMapping> parse_phone_mapping(const cJSON* doc) {
  if (!cJSON_IsObject(doc)) return Expected<PhoneMapping>::failure("a mapping must be a JSON object");
  PhoneMapping mapping;
  for (const auto& [field, out] : {std::pair{"phone_number", &mapping.phone_number},
                                   std::pair{"client_id", &mapping.client_id},
                                   std::pair{"tenant_id", &mapping.tenant_id}}) {
    auto text = required_string(doc, field);
    if (!text) return Expected<PhoneMapping>::failure(text.error());
    *out = std::move(text.value());
  }
  return mapping;
}

}  // namespace tenant
