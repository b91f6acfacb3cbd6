// The Extended JSON reader: any bytes that cJSON accepts, every node read
// as an integer, a date, an ObjectId and a type name. Invariants: a
// $numberInt fits 32 bits, a date lies in years 0001..9999 and survives a
// round trip through RFC 3339, an ObjectId is 24 lower-case hex digits.
#include <cjson/cJSON.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "core/tenant/extended_json.hh"
#include "core/hours/instant.hh"
#include "core/util/json_doc.hh"
#include "fuzz_support.hh"

namespace {

constexpr tenant::UnixSeconds kYear1 = -62135596800LL;      // 0001-01-01T00:00:00Z
constexpr tenant::UnixSeconds kYear10000 = 253402300800LL;  // 10000-01-01T00:00:00Z

bool is_wrapper(const cJSON* item, const char* key) {
  return cJSON_IsObject(item) && item->child != nullptr && item->child->next == nullptr &&
         item->child->string != nullptr && std::strcmp(item->child->string, key) == 0;
}

void check_node(const cJSON* item) {
  const std::string type = tenant::json_type_name(item);
  FUZZ_CHECK(!type.empty(), "a node without a type name");

  if (const auto value = tenant::json_integer(item)) {
    if (is_wrapper(item, "$numberInt"))
      FUZZ_CHECK(*value >= INT32_MIN && *value <= INT32_MAX, "$numberInt " + std::to_string(*value) + " is not 32-bit");
    if (cJSON_IsNumber(item))
      FUZZ_CHECK(static_cast<double>(*value) == item->valuedouble, "integer read differs from the number");
  }
  if (const auto t = tenant::json_date(item)) {
    FUZZ_CHECK(*t >= kYear1 && *t < kYear10000, "date " + std::to_string(*t) + " outside years 0001..9999");
    const auto back = tenant::parse_rfc3339(tenant::format_rfc3339_utc(*t));
    FUZZ_CHECK(back && *back == *t, "date " + std::to_string(*t) + " does not survive RFC 3339");
  }
  if (const auto oid = tenant::json_object_id(item)) {
    FUZZ_CHECK(oid->size() == 24 && oid->find_first_not_of("0123456789abcdef") == std::string::npos,
               "ObjectId '" + *oid + "' is not 24 lower-case hex digits");
  }
}

void walk(const cJSON* item) {
  // cJSON limits nesting (CJSON_NESTING_LIMIT), so recursion is bounded.
  for (; item != nullptr; item = item->next) {
    check_node(item);
    walk(item->child);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  tenant::JsonDoc doc(cJSON_ParseWithLength(text.c_str(), text.size()));
  if (doc) walk(doc.get());
  return 0;
}
