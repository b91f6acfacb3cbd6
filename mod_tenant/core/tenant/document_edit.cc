#include "core/tenant/document_edit.hh"

#include <utility>
#include <vector>

#include "core/tenant/destination_ids.hh"
#include "core/tenant/extended_json.hh"

namespace tenant {

namespace {

cJSON* member(cJSON* object, const char* key) { return cJSON_GetObjectItemCaseSensitive(object, key); }

// Sets object[key] to value (key and all: a replacing item carries no key
// of its own), in place when the key is there, else at the end.
void put_member(cJSON* object, const char* key, cJSON* value) {
  if (member(object, key))
    cJSON_ReplaceItemInObjectCaseSensitive(object, key, value);
  else
    cJSON_AddItemToObject(object, key, value);
}

// object[key] as an object: created when absent and create is set; null
// when absent otherwise. Anything else there is a document to fix first,
// not one to write over.
Expected<cJSON*> object_member(cJSON* object, const char* key, const std::string& path, bool create) {
  cJSON* value = member(object, key);
  if (value == nullptr || (create && cJSON_IsNull(value))) {
    if (!create) return static_cast<cJSON*>(nullptr);
    cJSON* made = cJSON_CreateObject();
    put_member(object, key, made);
    return made;
  }
  if (!cJSON_IsObject(value))
    return Expected<cJSON*>::failure(path + " must be an object, got " + json_type_name(value) +
                                     ": correct the document first (tenantctl tenant get, then tenant put)");
  return value;
}

std::string tenant_name(const cJSON* doc) {
  for (const char* key : {"tenant_id", "_id"}) {
    const cJSON* id = cJSON_GetObjectItemCaseSensitive(doc, key);
    if (cJSON_IsString(id) && id->valuestring) return id->valuestring;
  }
  return "";
}

// The object an edit changes in doc (a copy the caller owns): features.refer,
// or the destination named. With create, a missing features or
// features.refer is made (a destination is never made: one that is not in
// the document is an error naming those that are); without, a missing one
// gives null (nothing to change).
Expected<cJSON*> edit_site(cJSON* doc, const std::optional<std::string>& destination_id, bool create) {
  using Result = Expected<cJSON*>;
  if (!cJSON_IsObject(doc)) return Result::failure("a tenant_config document must be a JSON object");
  const bool make = create && !destination_id;
  auto features = object_member(doc, "features", "features", make);
  if (!features) return features;
  auto refer = *features ? object_member(*features, "refer", "features.refer", make) : features;
  if (!refer || !destination_id) return refer;

  std::vector<std::string> known;
  cJSON* list = *refer ? member(*refer, "destinations") : nullptr;
  if (cJSON_IsArray(list))
    for (cJSON* d = list->child; d != nullptr; d = d->next) {
      const cJSON* id = cJSON_GetObjectItemCaseSensitive(d, "destination_id");
      if (!cJSON_IsString(id) || id->valuestring == nullptr) continue;
      if (*destination_id == id->valuestring) return d;
      known.push_back(id->valuestring);
    }
  return Result::failure(unknown_destination_message(tenant_name(doc), known, *destination_id));
}

cJSON* override_object(const OverrideValue& value) {
  cJSON* out = cJSON_CreateObject();
  cJSON_AddStringToObject(out, "state", value.state.c_str());
  if (value.until) {
    // A BSON date, as the store keeps dates (a string would stay a string).
    cJSON* number = cJSON_AddObjectToObject(cJSON_AddObjectToObject(out, "until"), "$date");
    cJSON_AddStringToObject(number, "$numberLong", std::to_string(*value.until).c_str());
  } else {
    cJSON_AddNullToObject(out, "until");
  }
  if (value.label)
    cJSON_AddStringToObject(out, "label", value.label->c_str());
  else
    cJSON_AddNullToObject(out, "label");
  return out;
}

}  // namespace

Expected<JsonDoc> with_override(const cJSON* doc, const std::optional<std::string>& destination_id,
                                const OverrideValue& value) {
  JsonDoc out(cJSON_Duplicate(doc, true));
  const auto site = edit_site(out.get(), destination_id, true);
  if (!site) return Expected<JsonDoc>::failure(site.error());
  put_member(*site, "override", override_object(value));
  return Expected<JsonDoc>(std::move(out));
}

Expected<JsonDoc> without_override(const cJSON* doc, const std::optional<std::string>& destination_id) {
  JsonDoc out(cJSON_Duplicate(doc, true));
  const auto site = edit_site(out.get(), destination_id, false);
  if (!site) return Expected<JsonDoc>::failure(site.error());
  if (*site) cJSON_DeleteItemFromObjectCaseSensitive(*site, "override");
  return Expected<JsonDoc>(std::move(out));
}

Expected<JsonDoc> with_closures(const cJSON* doc, const std::optional<std::string>& destination_id,
                                const cJSON* closures) {
  if (!cJSON_IsArray(closures))
    return Expected<JsonDoc>::failure("a closures list must be a JSON array, got " + json_type_name(closures));
  JsonDoc out(cJSON_Duplicate(doc, true));
  const auto site = edit_site(out.get(), destination_id, true);
  if (!site) return Expected<JsonDoc>::failure(site.error());
  put_member(*site, "closures", cJSON_Duplicate(closures, true));
  return Expected<JsonDoc>(std::move(out));
}

Expected<JsonDoc> closures_of(const cJSON* input) {
  using Result = Expected<JsonDoc>;
  if (cJSON_IsArray(input)) return JsonDoc(cJSON_Duplicate(input, true));
  const cJSON* list = cJSON_IsObject(input) ? cJSON_GetObjectItemCaseSensitive(input, "closures") : nullptr;
  if (cJSON_IsArray(list)) return JsonDoc(cJSON_Duplicate(list, true));
  if (list != nullptr) return Result::failure("\"closures\" must be a JSON array, got " + json_type_name(list));
  return Result::failure("expected {\"closures\": [...]} (as tenantctl closures from-ics prints it) or a JSON array, got " +
                         (cJSON_IsObject(input) ? std::string("an object without \"closures\"") : json_type_name(input)));
}

}  // namespace tenant
