#include "core/tenant/extended_json.hh"
#include "core/util/ascii.hh"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace tenant {

namespace {

// An Extended JSON wrapper is an object with exactly one member whose key
// starts with '$' ({"$numberLong": "5"}). Returns that member, else null.
const cJSON* wrapper_member(const cJSON* item, const char* key) {
  if (!cJSON_IsObject(item)) return nullptr;
  const cJSON* only = item->child;
  if (only == nullptr || only->next != nullptr || only->string == nullptr) return nullptr;
  if (std::strcmp(only->string, key) != 0) return nullptr;
  return only;
}

// Decimal digits with an optional leading '-', nothing else, within int64.
std::optional<std::int64_t> parse_decimal_int64(std::string_view text) {
  std::size_t pos = 0;
  bool negative = false;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == '+')) {
    negative = text[pos] == '-';
    ++pos;
  }
  if (pos == text.size()) return std::nullopt;
  // Accumulate as a negative number so that INT64_MIN is representable.
  std::int64_t value = 0;
  constexpr std::int64_t kMin = INT64_MIN;
  for (; pos < text.size(); ++pos) {
    const char c = text[pos];
    if (c < '0' || c > '9') return std::nullopt;
    const int digit = c - '0';
    if (value < (kMin + digit) / 10) return std::nullopt;
    value = value * 10 - digit;
  }
  if (negative) return value;
  if (value == kMin) return std::nullopt;
  return -value;
}

// A double that holds an exact integer within int64.
std::optional<std::int64_t> integral_double(double value) {
  if (!std::isfinite(value) || value != std::floor(value)) return std::nullopt;
  // 2^63 is exactly representable; every double below it converts safely.
  if (value < -9223372036854775808.0 || value >= 9223372036854775808.0) return std::nullopt;
  return static_cast<std::int64_t>(value);
}

// Relaxed and canonical $numberDouble: "1.0", "-3", "Infinity", "NaN".
std::optional<double> parse_number_double(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end != copy.c_str() + copy.size()) return std::nullopt;
  return value;
}

// Years 0001..9999: what RFC 3339 can write and every formatter here prints.
constexpr UnixSeconds kFirstDate = -62135596800LL;  // 0001-01-01T00:00:00Z
constexpr UnixSeconds kLastDate = 253402300799LL;   // 9999-12-31T23:59:59Z

std::optional<UnixSeconds> date_from_millis(std::int64_t millis) {
  // Floor division: -1 ms is 1969-12-31T23:59:59, not 1970-01-01T00:00:00.
  std::int64_t seconds = millis / 1000;
  if (millis % 1000 < 0) --seconds;
  if (seconds < kFirstDate || seconds > kLastDate) return std::nullopt;
  return seconds;
}

std::optional<UnixSeconds> date_from_text(const char* text) {
  auto parsed = parse_rfc3339(text);
  if (!parsed || *parsed < kFirstDate || *parsed > kLastDate) return std::nullopt;
  return *parsed;
}

}  // namespace

std::optional<std::int64_t> json_integer(const cJSON* item) {
  if (item == nullptr) return std::nullopt;
  if (cJSON_IsNumber(item)) return integral_double(item->valuedouble);
  if (const cJSON* m = wrapper_member(item, "$numberInt")) {
    if (!cJSON_IsString(m) || m->valuestring == nullptr) return std::nullopt;
    auto value = parse_decimal_int64(m->valuestring);
    if (!value || *value < INT32_MIN || *value > INT32_MAX) return std::nullopt;
    return value;
  }
  if (const cJSON* m = wrapper_member(item, "$numberLong")) {
    if (!cJSON_IsString(m) || m->valuestring == nullptr) return std::nullopt;
    return parse_decimal_int64(m->valuestring);
  }
  // Relaxed Extended JSON cannot tell 1.0 from 1, so an integral
  // $numberDouble is accepted just as an integral plain number is.
  if (const cJSON* m = wrapper_member(item, "$numberDouble")) {
    if (!cJSON_IsString(m) || m->valuestring == nullptr) return std::nullopt;
    auto value = parse_number_double(m->valuestring);
    if (!value) return std::nullopt;
    return integral_double(*value);
  }
  return std::nullopt;
}

std::optional<UnixSeconds> json_date(const cJSON* item) {
  if (item == nullptr) return std::nullopt;
  if (cJSON_IsString(item) && item->valuestring != nullptr) return date_from_text(item->valuestring);
  const cJSON* m = wrapper_member(item, "$date");
  if (m == nullptr) return std::nullopt;
  // Relaxed form (years 1970..9999): an ISO 8601 string.
  if (cJSON_IsString(m) && m->valuestring != nullptr) return date_from_text(m->valuestring);
  // Legacy mongoexport / bson_as_json: milliseconds as a plain number.
  if (cJSON_IsNumber(m)) {
    auto millis = integral_double(m->valuedouble);
    if (!millis) return std::nullopt;
    return date_from_millis(*millis);
  }
  // Canonical form: {"$numberLong": "<milliseconds>"}.
  if (const cJSON* ms = wrapper_member(m, "$numberLong")) {
    if (!cJSON_IsString(ms) || ms->valuestring == nullptr) return std::nullopt;
    auto millis = parse_decimal_int64(ms->valuestring);
    if (!millis) return std::nullopt;
    return date_from_millis(*millis);
  }
  return std::nullopt;
}

std::optional<UnixMillis> json_date_millis(const cJSON* item) {
  // Read as json_date reads it, and to the same years.
  const auto in_range = [](std::optional<UnixMillis> millis) -> std::optional<UnixMillis> {
    if (!millis) return std::nullopt;
    const UnixMillis seconds = *millis / 1000 - (*millis % 1000 < 0 ? 1 : 0);
    if (seconds < kFirstDate || seconds > kLastDate) return std::nullopt;
    return millis;
  };
  const auto from_text = [&](const char* text) -> std::optional<UnixMillis> {
    const auto parsed = parse_rfc3339_millis(text);
    return parsed ? in_range(*parsed) : std::nullopt;
  };
  if (item == nullptr) return std::nullopt;
  if (cJSON_IsString(item) && item->valuestring != nullptr) return from_text(item->valuestring);
  const cJSON* m = wrapper_member(item, "$date");
  if (m == nullptr) return std::nullopt;
  if (cJSON_IsString(m) && m->valuestring != nullptr) return from_text(m->valuestring);
  if (cJSON_IsNumber(m)) return in_range(integral_double(m->valuedouble));
  if (const cJSON* ms = wrapper_member(m, "$numberLong")) {
    if (!cJSON_IsString(ms) || ms->valuestring == nullptr) return std::nullopt;
    return in_range(parse_decimal_int64(ms->valuestring));
  }
  return std::nullopt;
}

std::optional<std::string> json_object_id(const cJSON* item) {
  const cJSON* m = wrapper_member(item, "$oid");
  if (m == nullptr || !cJSON_IsString(m) || m->valuestring == nullptr) return std::nullopt;
  const std::string_view hex = m->valuestring;
  if (hex.size() != 24) return std::nullopt;
  std::string lower;
  lower.reserve(24);
  for (const char c : hex) {
    if (!is_ascii_hex(c)) return std::nullopt;
    lower.push_back(ascii_lower(c));
  }
  return lower;
}

std::string json_type_name(const cJSON* item) {
  if (item == nullptr) return "nothing";
  if (cJSON_IsNull(item)) return "null";
  if (cJSON_IsBool(item)) return "boolean";
  if (cJSON_IsNumber(item)) return "number";
  if (cJSON_IsString(item)) return "string";
  if (cJSON_IsArray(item)) return "array";
  if (cJSON_IsObject(item)) {
    const cJSON* only = item->child;
    if (only != nullptr && only->next == nullptr && only->string != nullptr && only->string[0] == '$') {
      // The BSON type names MongoDB uses in $type and $jsonSchema.
      static const struct {
        const char* key;
        const char* name;
      } kWrappers[] = {
          {"$numberInt", "int"},         {"$numberLong", "long"},
          {"$numberDouble", "double"},   {"$numberDecimal", "decimal"},
          {"$date", "date"},             {"$oid", "objectId"},
          {"$binary", "binData"},        {"$timestamp", "timestamp"},
          {"$regularExpression", "regex"}, {"$symbol", "symbol"},
          {"$code", "javascript"},       {"$minKey", "minKey"},
          {"$maxKey", "maxKey"},         {"$undefined", "undefined"},
          {"$dbPointer", "dbPointer"},   {kStringWithNulKey, "string containing NUL (\\u0000)"},
      };
      for (const auto& w : kWrappers)
        if (std::strcmp(only->string, w.key) == 0) return w.name;
    }
    return "object";
  }
  return "invalid value";
}

}  // namespace tenant
