#include "bson_to_json.hh"
#include "mongo_handles.hh"
#include "core/tenant/extended_json.hh"
#include "core/util/json_doc.hh"

#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <string>

namespace tenant {

namespace {

cJSON* wrapper(const char* key, const std::string& text) {
  cJSON* obj = cJSON_CreateObject();
  cJSON_AddStringToObject(obj, key, text.c_str());
  return obj;
}

cJSON* document_to_json(bson_iter_t* it, bool array);

// Canonical Extended JSON for one value, for the types the model never reads.
cJSON* canonical_value(const bson_iter_t* it) {
  Bson one;
  cJSON* value = nullptr;
  if (bson_append_iter(one.get(), "v", 1, it))
    if (const BsonText text(bson_as_canonical_extended_json(one.get(), nullptr)); text)
      if (const JsonDoc parsed(cJSON_Parse(text.get())); parsed)
        value = cJSON_DetachItemFromObjectCaseSensitive(parsed.get(), "v");
  return value ? value : cJSON_CreateNull();
}

cJSON* value_to_json(bson_iter_t* it) {
  switch (bson_iter_type(it)) {
    case BSON_TYPE_UTF8: {
      uint32_t len = 0;
      const char* s = bson_iter_utf8(it, &len);
      const std::string text(s, len);
      if (text.find('\0') == std::string::npos) return cJSON_CreateString(text.c_str());
      // cJSON strings end at the first NUL, so a BSON string holding one
      // would be read cut short, as a different value (another tenant's
      // id). It becomes a wrapper the validator refuses as not a string,
      // the NULs written out as \u0000 for the message.
      std::string shown;
      for (const char c : text) shown += c == '\0' ? std::string("\\u0000") : std::string(1, c);
      return wrapper(kStringWithNulKey, shown);
    }
    case BSON_TYPE_INT32: return wrapper("$numberInt", std::to_string(bson_iter_int32(it)));
    case BSON_TYPE_INT64: return wrapper("$numberLong", std::to_string(bson_iter_int64(it)));
    case BSON_TYPE_DOUBLE: {
      const double d = bson_iter_double(it);
      if (std::isfinite(d)) return cJSON_CreateNumber(d);
      return wrapper("$numberDouble", std::isnan(d) ? "NaN" : (d > 0 ? "Infinity" : "-Infinity"));
    }
    case BSON_TYPE_BOOL: return cJSON_CreateBool(bson_iter_bool(it));
    case BSON_TYPE_NULL: return cJSON_CreateNull();
    case BSON_TYPE_DATE_TIME: {
      cJSON* date = cJSON_CreateObject();
      cJSON_AddItemToObject(date, "$date", wrapper("$numberLong", std::to_string(bson_iter_date_time(it))));
      return date;
    }
    case BSON_TYPE_OID: {
      char hex[25];
      bson_oid_to_string(bson_iter_oid(it), hex);
      return wrapper("$oid", hex);
    }
    case BSON_TYPE_DOCUMENT:
    case BSON_TYPE_ARRAY: {
      bson_iter_t child;
      if (!bson_iter_recurse(it, &child)) return cJSON_CreateNull();
      return document_to_json(&child, bson_iter_type(it) == BSON_TYPE_ARRAY);
    }
    default: return canonical_value(it);
  }
}

cJSON* document_to_json(bson_iter_t* it, bool array) {
  cJSON* out = array ? cJSON_CreateArray() : cJSON_CreateObject();
  while (bson_iter_next(it)) {
    cJSON* value = value_to_json(it);
    if (array)
      cJSON_AddItemToArray(out, value);
    else
      cJSON_AddItemToObject(out, bson_iter_key(it), value);
  }
  return out;
}

}  // namespace

JsonDoc bson_to_json(const bson_t* doc) {
  bson_iter_t it;
  if (!doc || !bson_iter_init(&it, doc)) return JsonDoc(cJSON_CreateObject());
  return JsonDoc(document_to_json(&it, false));
}

}  // namespace tenant
