// Small helpers shared by the Check suites.
#pragma once

#include <check.h>

#include <cstdlib>
#include <string>

#include "core/instant.hh"

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

// Runs one suite and turns its result into the process exit status.
inline int run_suite(Suite* suite) {
  SRunner* runner = srunner_create(suite);
  srunner_run_all(runner, CK_NORMAL);
  const int failed = srunner_ntests_failed(runner);
  srunner_free(runner);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
