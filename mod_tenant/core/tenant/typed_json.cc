#include "core/tenant/typed_json.hh"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "core/hours/instant.hh"
#include "core/tenant/extended_json.hh"

namespace tenant {

namespace {

// The one member of an Extended JSON wrapper ({"$date": ...}), or null when
// item is not an object with exactly one member whose key starts with '$'.
const cJSON* wrapper_of(const cJSON* item) {
  if (!cJSON_IsObject(item)) return nullptr;
  const cJSON* only = item->child;
  if (only == nullptr || only->next != nullptr || only->string == nullptr || only->string[0] != '$') return nullptr;
  return only;
}

bool is_wrapper(const cJSON* member, const char* key) { return member && std::strcmp(member->string, key) == 0; }

cJSON* wrapped(const char* key, const std::string& text) {
  cJSON* out = cJSON_CreateObject();
  cJSON_AddStringToObject(out, key, text.c_str());
  return out;
}

cJSON* canonical_date(UnixMillis millis) {
  cJSON* out = cJSON_CreateObject();
  cJSON_AddItemToObject(out, "$date", wrapped("$numberLong", std::to_string(millis)));
  return out;
}

bool integral(double value) { return std::isfinite(value) && value == std::floor(value); }

// A double as text that reads back as the same double, and as a double: a
// decimal point is added where the digits alone would read as an integer.
std::string double_text(double value) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", value);
  if (std::strtod(buf, nullptr) != value) std::snprintf(buf, sizeof buf, "%.17g", value);
  std::string text = buf;
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

// Children of an object or array, each through convert, keys kept (a key
// written twice too: validation reports it).
template <class Convert>
cJSON* container(const cJSON* item, Convert convert) {
  cJSON* out = cJSON_IsArray(item) ? cJSON_CreateArray() : cJSON_CreateObject();
  for (const cJSON* child = item->child; child != nullptr; child = child->next) {
    cJSON* value = convert(child);
    if (cJSON_IsArray(item))
      cJSON_AddItemToArray(out, value);
    else
      cJSON_AddItemToObject(out, child->string != nullptr ? child->string : "", value);
  }
  return out;
}

cJSON* typed(const cJSON* item) {
  if (cJSON_IsNumber(item)) {
    const double value = item->valuedouble;
    // 2^63 is exactly a double; every integral double below it is an int64.
    if (!integral(value) || value < -9223372036854775808.0 || value >= 9223372036854775808.0)
      return cJSON_CreateNumber(value);
    const auto whole = static_cast<long long>(value);
    const bool fits_int32 = whole >= INT32_MIN && whole <= INT32_MAX;
    return wrapped(fits_int32 ? "$numberInt" : "$numberLong", std::to_string(whole));
  }
  if (const cJSON* member = wrapper_of(item)) {
    if (is_wrapper(member, "$date"))
      if (const auto millis = json_date_millis(item)) return canonical_date(*millis);
    if (is_wrapper(member, "$numberDouble") && cJSON_IsString(member)) {
      char* end = nullptr;
      const double value = std::strtod(member->valuestring, &end);
      if (end != member->valuestring && *end == '\0' && std::isfinite(value)) return cJSON_CreateNumber(value);
    }
    return cJSON_Duplicate(item, true);
  }
  if (cJSON_IsObject(item) || cJSON_IsArray(item)) return container(item, typed);
  return cJSON_Duplicate(item, true);
}

cJSON* relaxed(const cJSON* item) {
  if (cJSON_IsNumber(item)) {
    if (integral(item->valuedouble)) return wrapped("$numberDouble", double_text(item->valuedouble));
    return cJSON_CreateNumber(item->valuedouble);
  }
  if (const cJSON* member = wrapper_of(item)) {
    if (is_wrapper(member, "$numberInt"))
      if (const auto value = json_integer(item)) return cJSON_CreateNumber(static_cast<double>(*value));
    // MongoDB writes the relaxed date text only for 1970..9999.
    if (is_wrapper(member, "$date"))
      if (const auto millis = json_date_millis(item); millis && *millis >= 0) {
        cJSON* out = cJSON_CreateObject();
        cJSON_AddStringToObject(out, "$date", format_rfc3339_millis_utc(*millis).c_str());
        return out;
      }
    return cJSON_Duplicate(item, true);
  }
  if (cJSON_IsObject(item) || cJSON_IsArray(item)) return container(item, relaxed);
  return cJSON_Duplicate(item, true);
}

}  // namespace

JsonDoc to_typed_json(const cJSON* written) { return JsonDoc(written ? typed(written) : cJSON_CreateNull()); }

JsonDoc to_relaxed_json(const cJSON* typed_doc) {
  return JsonDoc(typed_doc ? relaxed(typed_doc) : cJSON_CreateNull());
}

}  // namespace tenant
