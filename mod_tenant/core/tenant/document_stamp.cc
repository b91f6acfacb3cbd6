#include "core/tenant/document_stamp.hh"

#include <algorithm>
#include <string>

#include "core/tenant/document_fields.hh"
#include "core/tenant/extended_json.hh"

namespace tenant {

namespace {

cJSON* bson_date(UnixMillis millis) {
  cJSON* date = cJSON_CreateObject();
  cJSON* number = cJSON_AddObjectToObject(date, "$date");
  cJSON_AddStringToObject(number, "$numberLong", std::to_string(millis).c_str());
  return date;
}

// Sets object[key] to value (key and all: a replacing item carries no key
// of its own), in place when the key is there (the first copy, as every
// reader takes), else at the end.
void put_member(cJSON* object, const char* key, cJSON* value) {
  if (cJSON_GetObjectItemCaseSensitive(object, key))
    cJSON_ReplaceItemInObjectCaseSensitive(object, key, value);
  else
    cJSON_AddItemToObject(object, key, value);
}

template <class Model>
void dates_in(const FieldTable<Model>& table, cJSON* object);

template <class Model>
void dates_in_each(const FieldTable<Model>& table, cJSON* list) {
  if (!cJSON_IsArray(list)) return;
  for (cJSON* item = list->child; item != nullptr; item = item->next) dates_in(table, item);
}

// Walks the tables the validator walks, so that a date field added to them
// is stored as a date by every write without a word here.
template <class Model>
void dates_in(const FieldTable<Model>& table, cJSON* object) {
  if (!cJSON_IsObject(object)) return;
  for (const Field<Model>& row : table) {
    cJSON* value = cJSON_GetObjectItemCaseSensitive(object, row.key);
    if (value == nullptr) continue;
    if (row.type == FieldType::date) {
      if (const auto millis = json_date_millis(value))
        cJSON_ReplaceItemInObjectCaseSensitive(object, row.key, bson_date(*millis));
      continue;
    }
    switch (row.rule) {
      case FieldRule::features: dates_in(features_fields(), value); break;
      case FieldRule::refer: dates_in(refer_fields(), value); break;
      case FieldRule::destinations: dates_in_each(destination_fields(), value); break;
      case FieldRule::business_hours: dates_in(business_hours_fields(), value); break;
      case FieldRule::windows: dates_in_each(window_fields(), value); break;
      case FieldRule::calendar_entries: dates_in_each(calendar_entry_fields(), value); break;
      case FieldRule::override_state: dates_in(override_fields(), value); break;
      default: break;
    }
  }
}

std::string text_without_updated_at(const cJSON* doc) {
  const JsonDoc copy(cJSON_Duplicate(doc, true));
  if (cJSON_IsObject(copy.get())) cJSON_DeleteItemFromObjectCaseSensitive(copy.get(), "updated_at");
  return json_text(copy.get());
}

}  // namespace

UnixMillis next_updated_at(std::optional<UnixMillis> previous, UnixMillis now) {
  return previous ? std::max(now, *previous + 1) : now;
}

JsonDoc stamped_for_store(const cJSON* doc, UnixMillis updated_at, std::optional<UnixMillis> created_if_absent) {
  JsonDoc out(cJSON_Duplicate(doc, true));
  if (!cJSON_IsObject(out.get())) return out;
  dates_in(tenant_fields(), out.get());
  if (created_if_absent && !cJSON_GetObjectItemCaseSensitive(out.get(), "created_at"))
    put_member(out.get(), "created_at", bson_date(*created_if_absent));
  put_member(out.get(), "updated_at", bson_date(updated_at));
  return out;
}

bool same_apart_from_updated_at(const cJSON* a, const cJSON* b) {
  return text_without_updated_at(a) == text_without_updated_at(b);
}

}  // namespace tenant
