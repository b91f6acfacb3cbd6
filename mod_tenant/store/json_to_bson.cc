#include "json_to_bson.hh"
#include "mongo_handles.hh"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/tenant/extended_json.hh"
#include "core/util/json_doc.hh"
#include "core/util/problem.hh"

namespace tenant {

namespace {

Expected<void> append_value(bson_t* out, const char* key, const cJSON* value, const std::string& path);

Expected<void> cannot(const std::string& path, const std::string& why) {
  return Expected<void>::failure((path.empty() ? std::string("(document)") : path) + ": " + why);
}

// libbson refuses an append only when the document would pass its size
// limit.
Expected<void> appended(bool ok, const std::string& path) {
  if (ok) return {};
  return cannot(path, "does not fit a BSON document (16 MiB at most)");
}

Expected<void> append_members(bson_t* out, const cJSON* object, const std::string& path) {
  for (const cJSON* child = object->child; child != nullptr; child = child->next) {
    const char* key = child->string != nullptr ? child->string : "";
    if (auto done = append_value(out, key, child, member_path(path, key)); !done) return done;
  }
  return {};
}

Expected<void> append_items(bson_t* out, const cJSON* array, const std::string& path) {
  std::uint32_t index = 0;
  for (const cJSON* child = array->child; child != nullptr; child = child->next, ++index) {
    char buf[16];
    const char* key = nullptr;
    bson_uint32_to_string(index, &key, buf, sizeof buf);
    if (auto done = append_value(out, key, child, index_path(path, index)); !done) return done;
  }
  return {};
}

// A wrapper the typed form does not spell itself ($binary, $timestamp,
// $numberDecimal, ...), as libbson reads canonical Extended JSON: the
// value alone, under a key of its own, then copied across.
Expected<void> append_canonical(bson_t* out, const char* key, const cJSON* value, const std::string& path) {
  const JsonDoc holder(cJSON_CreateObject());
  cJSON_AddItemReferenceToObject(holder.get(), "v", const_cast<cJSON*>(value));
  const std::string text = json_text(holder.get());
  bson_error_t error;
  const BsonPtr parsed(
      bson_new_from_json(reinterpret_cast<const uint8_t*>(text.data()), static_cast<ssize_t>(text.size()), &error));
  if (!parsed) return cannot(path, std::string("not a value MongoDB Extended JSON can hold: ") + error.message);
  bson_iter_t it;
  if (!bson_iter_init_find(&it, parsed.get(), "v")) return cannot(path, "not a value MongoDB Extended JSON can hold");
  return appended(bson_append_iter(out, key, -1, &it), path);
}

Expected<void> append_wrapper(bson_t* out, const char* key, const cJSON* value, const char* kind,
                              const std::string& path) {
  const auto bad = [&](const char* type) { return cannot(path, std::string("not a valid ") + type + " (" + kind + ")"); };
  if (!std::strcmp(kind, "$numberInt")) {
    const auto v = json_integer(value);
    if (!v) return bad("32-bit integer");
    return appended(bson_append_int32(out, key, -1, static_cast<std::int32_t>(*v)), path);
  }
  if (!std::strcmp(kind, "$numberLong")) {
    const auto v = json_integer(value);
    if (!v) return bad("64-bit integer");
    return appended(bson_append_int64(out, key, -1, *v), path);
  }
  if (!std::strcmp(kind, "$numberDouble")) {
    const cJSON* text = value->child;
    char* end = nullptr;
    const double v = cJSON_IsString(text) ? std::strtod(text->valuestring, &end) : 0;
    if (end == nullptr || end == text->valuestring || *end != '\0') return bad("double");
    return appended(bson_append_double(out, key, -1, v), path);
  }
  if (!std::strcmp(kind, "$date")) {
    const auto v = json_date_millis(value);
    if (!v) return bad("date of the years 0001..9999");
    return appended(bson_append_date_time(out, key, -1, *v), path);
  }
  if (!std::strcmp(kind, "$oid")) {
    const auto hex = json_object_id(value);
    if (!hex) return bad("ObjectId");
    bson_oid_t oid;
    bson_oid_init_from_string(&oid, hex->c_str());
    return appended(bson_append_oid(out, key, -1, &oid), path);
  }
  // bson_to_json's stand-in for a BSON string holding NUL, which no JSON
  // reader here keeps whole: writing it would change the value.
  if (!std::strcmp(kind, kStringWithNulKey)) return cannot(path, "a string holding NUL (\\u0000) cannot be written back");
  return append_canonical(out, key, value, path);
}

Expected<void> append_value(bson_t* out, const char* key, const cJSON* value, const std::string& path) {
  if (cJSON_IsString(value)) {
    const char* text = value->valuestring != nullptr ? value->valuestring : "";
    return appended(bson_append_utf8(out, key, -1, text, static_cast<int>(std::strlen(text))), path);
  }
  if (cJSON_IsNumber(value)) return appended(bson_append_double(out, key, -1, value->valuedouble), path);
  if (cJSON_IsBool(value)) return appended(bson_append_bool(out, key, -1, cJSON_IsTrue(value)), path);
  if (cJSON_IsNull(value)) return appended(bson_append_null(out, key, -1), path);
  if (cJSON_IsArray(value)) {
    bson_t child;
    if (!bson_append_array_begin(out, key, -1, &child)) return appended(false, path);
    auto done = append_items(&child, value, path);
    // Ended whatever happened: libbson's parent stays unusable until then.
    const bool ended = bson_append_array_end(out, &child);
    if (!done) return done;
    return appended(ended, path);
  }
  if (cJSON_IsObject(value)) {
    const cJSON* only = value->child;
    if (only != nullptr && only->next == nullptr && only->string != nullptr && only->string[0] == '$')
      return append_wrapper(out, key, value, only->string, path);
    bson_t child;
    if (!bson_append_document_begin(out, key, -1, &child)) return appended(false, path);
    auto done = append_members(&child, value, path);
    const bool ended = bson_append_document_end(out, &child);
    if (!done) return done;
    return appended(ended, path);
  }
  return cannot(path, "not a JSON value");
}

}  // namespace

Expected<void> append_json_value(bson_t* out, const char* key, const cJSON* value) {
  return append_value(out, key, value, key);
}

Expected<void> json_to_bson(const cJSON* object, bson_t* out) {
  if (!cJSON_IsObject(object)) return Expected<void>::failure("(document): a document must be a JSON object");
  return append_members(out, object, "");
}

}  // namespace tenant
