// Small helpers shared by the Check suites.
#pragma once

#include <check.h>

#include <cstdlib>
#include <string>

#include "core/hours/instant.hh"

// ck_assert_str_eq keeps a pointer to its argument past the statement that
// built it, so a temporary std::string must be held first.
#define ck_assert_string_eq(actual, expected)         \
  do {                                                \
    const std::string held_actual_ = (actual);        \
    ck_assert_str_eq(held_actual_.c_str(), expected); \
  } while (0)

// Parses a hand-written RFC 3339 instant; a typo in a test fails loudly.
inline tenant::UnixSeconds at(const char* rfc3339) {
  auto t = tenant::parse_rfc3339(rfc3339);
  if (!t) {
    ck_abort_msg("bad instant in test: %s", t.error().c_str());
  }
  return *t;
}

// A valid tenant_config document (Europe/Paris, fr-FR, client "client-<id>")
// and a phone-tenant-map document, as the store holds them.
namespace fixtures {
inline std::string tenant_doc(const std::string& id, const std::string& status = "active",
                       const std::string& display_name = "Tenant", const std::string& features = "{}") {
  return R"({"_id":")" + id + R"(","tenant_id":")" + id + R"(","client_id":"client-)" + id +
         R"(","display_name":")" + display_name + R"(","summary_to":["ops@example.com"],"reply_to":null,)" +
         R"("timezone":"Europe/Paris","locale":"fr-FR","status":")" + status + R"(","features":)" + features +
         R"(,"metadata":{},"schema_version":{"$numberInt":"1"},)" +
         R"("created_at":{"$date":{"$numberLong":"1768471200000"}},)" +
         R"("updated_at":{"$date":{"$numberLong":"1772461800000"}}})";
}

inline std::string mapping_doc(const std::string& number, const std::string& tenant_id) {
  return R"({"_id":{"$oid":"65f000000000000000000001"},"phone_number":")" + number +
         R"(","client_id":"client-)" + tenant_id + R"(","tenant_id":")" + tenant_id + R"("})";
}

}  // namespace fixtures

// Runs one suite and turns its result into the process exit status.
inline int run_suite(Suite* suite) {
  SRunner* runner = srunner_create(suite);
  srunner_run_all(runner, CK_NORMAL);
  const int failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
