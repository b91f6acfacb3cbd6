// RFC 3339 instants and civil-date arithmetic. Expected epoch values are
// computed by hand: 2026-01-01T00:00:00Z is 20454 days after 1970-01-01
// (56 years, 14 of them leap: 1972..2024), i.e. 1767225600.
#include "core/hours/instant.hh"
#include "test_support.hh"

using tenant::format_rfc3339_utc;
using tenant::parse_rfc3339;

START_TEST(utc_and_offsets) {
  ck_assert_int_eq(*parse_rfc3339("1970-01-01T00:00:00Z"), 0);
  ck_assert_int_eq(*parse_rfc3339("2026-01-01T00:00:00Z"), 1767225600);
  // 2026-03-30 is day 88 of 2026 (31+28+29 = 88 days before it).
  ck_assert_int_eq(*parse_rfc3339("2026-03-30T07:30:00Z"), 1767225600 + 88 * 86400 + 7 * 3600 + 1800);
  // The same instant written with the Paris summer offset.
  ck_assert_int_eq(*parse_rfc3339("2026-03-30T09:30:00+02:00"), *parse_rfc3339("2026-03-30T07:30:00Z"));
  ck_assert_int_eq(*parse_rfc3339("2026-03-30T02:30:00-05:00"), *parse_rfc3339("2026-03-30T07:30:00Z"));
  // Lower-case separators, a space for 'T', fractions are accepted.
  ck_assert_int_eq(*parse_rfc3339("2026-03-30t07:30:00z"), *parse_rfc3339("2026-03-30T07:30:00Z"));
  ck_assert_int_eq(*parse_rfc3339("2026-03-30 07:30:00Z"), *parse_rfc3339("2026-03-30T07:30:00Z"));
  ck_assert_int_eq(*parse_rfc3339("2026-03-30T07:30:00.999Z"), *parse_rfc3339("2026-03-30T07:30:00Z"));
  // 2024 is a leap year: 29 February exists.
  ck_assert_int_eq(*parse_rfc3339("2024-03-01T00:00:00Z") - *parse_rfc3339("2024-02-28T00:00:00Z"), 2 * 86400);
}
END_TEST

START_TEST(formatting) {
  ck_assert_string_eq(format_rfc3339_utc(0), "1970-01-01T00:00:00Z");
  ck_assert_string_eq(format_rfc3339_utc(1767225600), "2026-01-01T00:00:00Z");
  ck_assert_string_eq(format_rfc3339_utc(1767225600 - 1), "2025-12-31T23:59:59Z");
  ck_assert_string_eq(format_rfc3339_utc(-1), "1969-12-31T23:59:59Z");
}
END_TEST

START_TEST(civil_days) {
  ck_assert_int_eq(tenant::days_from_civil(1970, 1, 1), 0);
  ck_assert_int_eq(tenant::days_from_civil(2024, 1, 1), 19723);  // 54 years, 13 leap days
  std::int64_t y;
  unsigned m, d;
  tenant::civil_from_days(19723 + 59, y, m, d);  // 31 (Jan) + 28 days into February 2024
  ck_assert_int_eq(y, 2024);
  ck_assert_int_eq(m, 2);
  ck_assert_int_eq(d, 29);
}
END_TEST

START_TEST(malformed_instants) {
  const char* bad[] = {"",
                       "2026-03-30",
                       "2026-03-30T07:30:00",        // no offset
                       "2026-03-30T07:30Z",          // no seconds
                       "2026-02-29T00:00:00Z",       // 2026 is not a leap year
                       "2026-13-01T00:00:00Z",
                       "2026-03-30T24:00:00Z",
                       "2026-03-30T07:30:00+0200",   // offset without colon
                       "2026-03-30T07:30:00Z trailing",
                       "30/03/2026 07:30",
                       "2026-03-30T07:30:00.Z"};
  for (const char* text : bad) {
    auto t = parse_rfc3339(text);
    ck_assert_msg(!t.ok(), "'%s' accepted", text);
    ck_assert_msg(t.error().find("RFC 3339") != std::string::npos, "message for '%s': %s", text, t.error().c_str());
  }
}
END_TEST

START_TEST(local_datetime_is_read_strictly) {
  using tenant::parse_local_datetime;
  // 2024-01-01T00:00:00Z is 1704067200; nine hours later on the same civil day.
  ck_assert_int_eq(parse_local_datetime("2024-01-01T09:00:00").value(), 1704067200 + 9 * 3600);
  ck_assert(parse_local_datetime("2099-12-31T23:59:59").ok());
  ck_assert(parse_local_datetime("2024-02-29T00:00:00").ok());  // a leap day
  for (const char* bad : {"2024-01-01T09:-5:00", "2024-01-01T09: 5:00", "2024-01-01 09:00:00",
                          "2024-01-01T09:00:00Z", "2024-01-01T09:00", "1969-12-31T23:59:59", "2100-01-01T00:00:00",
                          "2023-02-29T09:00:00", "2024-04-31T09:00:00", "2024-01-01T24:00:00", ""})
    ck_assert_msg(!parse_local_datetime(bad).ok(), "accepted '%s'", bad);
}
END_TEST

int main() {
  Suite* s = suite_create("instant");
  TCase* tc = tcase_create("core");
  tcase_add_test(tc, utc_and_offsets);
  tcase_add_test(tc, formatting);
  tcase_add_test(tc, civil_days);
  tcase_add_test(tc, malformed_instants);
  tcase_add_test(tc, local_datetime_is_read_strictly);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
