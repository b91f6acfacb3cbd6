#include "core/tenant/phone_mapping.hh"

#include "core/tenant/extended_json.hh"

namespace tenant {

namespace {

// Fills out with the field's text, or returns why it cannot.
bool read_required_string(const cJSON* doc, const char* field, std::string& out, std::string& error) {
  const cJSON* item = cJSON_GetObjectItemCaseSensitive(doc, field);
  if (item == nullptr) {
    error = std::string(field) + " is missing";
    return false;
  }
  if (!cJSON_IsString(item) || item->valuestring == nullptr) {
    error = std::string(field) + " must be a string, got " + json_type_name(item);
    return false;
  }
  out = item->valuestring;
  if (out.empty()) {
    error = std::string(field) + " must not be empty";
    return false;
  }
  return true;
}

}  // namespace

Expected<PhoneMapping> parse_phone_mapping(const cJSON* doc) {
  if (!cJSON_IsObject(doc)) return Expected<PhoneMapping>::failure("a mapping must be a JSON object");
  PhoneMapping mapping;
  std::string error;
  if (!read_required_string(doc, "phone_number", mapping.phone_number, error) ||
      !read_required_string(doc, "client_id", mapping.client_id, error) ||
      !read_required_string(doc, "tenant_id", mapping.tenant_id, error))
    return Expected<PhoneMapping>::failure(error);
  return mapping;
}

}  // namespace tenant
