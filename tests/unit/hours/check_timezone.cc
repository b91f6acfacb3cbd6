// Zone offsets and the wall-clock to instant rules of RFC 5545 (gap: offset
// before the gap; repeated hour: first occurrence). Expected instants are
// worked out by hand from the published 2026 transition dates:
//   Europe/Paris      2026-03-29 01:00Z (+1 -> +2), 2026-10-25 01:00Z (+2 -> +1)
//   America/New_York  2026-03-08 07:00Z (-5 -> -4), 2026-11-01 06:00Z (-4 -> -5)
#include <thread>
#include <vector>

#include "core/hours/timezone.hh"
#include "test_support.hh"

using tenant::TimeZone;

namespace {

std::shared_ptr<const TimeZone> zone(const char* name) {
  auto z = TimeZone::find(name);
  ck_assert_msg(z.ok(), "zone %s: %s", name, z.error().c_str());
  return *z;
}

// Seconds since 1970 for a wall-clock time, as if it were UTC.
tenant::UnixSeconds wall(const char* local) {
  return at((std::string(local) + "Z").c_str());
}

}  // namespace

START_TEST(paris_offsets_around_transitions) {
  auto paris = zone("Europe/Paris");
  ck_assert_int_eq(paris->offset_at(at("2026-01-15T12:00:00Z")), 3600);
  ck_assert_int_eq(paris->offset_at(at("2026-07-01T00:00:00Z")), 7200);
  ck_assert_int_eq(paris->offset_at(at("2026-03-29T00:59:59Z")), 3600);
  ck_assert_int_eq(paris->offset_at(at("2026-03-29T01:00:00Z")), 7200);
  ck_assert_int_eq(paris->offset_at(at("2026-10-25T00:59:59Z")), 7200);
  ck_assert_int_eq(paris->offset_at(at("2026-10-25T01:00:00Z")), 3600);
}
END_TEST

START_TEST(new_york_offsets_around_transitions) {
  auto ny = zone("America/New_York");
  ck_assert_int_eq(ny->offset_at(at("2026-03-08T06:59:59Z")), -5 * 3600);
  ck_assert_int_eq(ny->offset_at(at("2026-03-08T07:00:00Z")), -4 * 3600);
  ck_assert_int_eq(ny->offset_at(at("2026-11-01T05:59:59Z")), -4 * 3600);
  ck_assert_int_eq(ny->offset_at(at("2026-11-01T06:00:00Z")), -5 * 3600);
}
END_TEST

START_TEST(ordinary_local_times) {
  auto paris = zone("Europe/Paris");
  ck_assert_int_eq(paris->from_local(wall("2026-01-15T09:00:00")), at("2026-01-15T08:00:00Z"));
  ck_assert_int_eq(paris->from_local(wall("2026-07-15T09:00:00")), at("2026-07-15T07:00:00Z"));
  ck_assert_int_eq(paris->to_local(at("2026-07-15T07:00:00Z")), wall("2026-07-15T09:00:00"));
}
END_TEST

START_TEST(gap_uses_offset_before_the_gap) {
  // 02:30 does not exist in Paris on 2026-03-29; read with +01:00 it is 01:30Z (03:30 CEST).
  ck_assert_int_eq(zone("Europe/Paris")->from_local(wall("2026-03-29T02:30:00")), at("2026-03-29T01:30:00Z"));
  // 02:30 does not exist in New York on 2026-03-08; read with -05:00 it is 07:30Z (03:30 EDT).
  ck_assert_int_eq(zone("America/New_York")->from_local(wall("2026-03-08T02:30:00")), at("2026-03-08T07:30:00Z"));
}
END_TEST

START_TEST(repeated_hour_takes_first_occurrence) {
  // 02:30 happens twice in Paris on 2026-10-25: first at +02:00 (00:30Z), then at +01:00 (01:30Z).
  ck_assert_int_eq(zone("Europe/Paris")->from_local(wall("2026-10-25T02:30:00")), at("2026-10-25T00:30:00Z"));
  // 01:30 happens twice in New York on 2026-11-01: first at -04:00 (05:30Z).
  ck_assert_int_eq(zone("America/New_York")->from_local(wall("2026-11-01T01:30:00")), at("2026-11-01T05:30:00Z"));
  // Just after the repeated hour the offset is the new one.
  ck_assert_int_eq(zone("Europe/Paris")->from_local(wall("2026-10-25T03:00:00")), at("2026-10-25T02:00:00Z"));
}
END_TEST

START_TEST(zones_without_dst_and_half_hours) {
  auto tokyo = zone("Asia/Tokyo");
  ck_assert_int_eq(tokyo->offset_at(at("2026-01-01T00:00:00Z")), 9 * 3600);
  ck_assert_int_eq(tokyo->offset_at(at("2026-07-01T00:00:00Z")), 9 * 3600);
  auto kolkata = zone("Asia/Kolkata");
  ck_assert_int_eq(kolkata->offset_at(at("2026-07-01T00:00:00Z")), 5 * 3600 + 1800);
  // Lord Howe Island moves by half an hour: +11:00 in (southern) summer, +10:30 in winter.
  auto lord_howe = zone("Australia/Lord_Howe");
  ck_assert_int_eq(lord_howe->offset_at(at("2026-01-15T00:00:00Z")), 11 * 3600);
  ck_assert_int_eq(lord_howe->offset_at(at("2026-07-15T00:00:00Z")), 10 * 3600 + 1800);
  ck_assert_int_eq(zone("UTC")->offset_at(at("2026-07-01T00:00:00Z")), 0);
}
END_TEST

START_TEST(far_future_rules_still_apply) {
  // Summer time in Paris in 2090 still follows the EU rule.
  ck_assert_int_eq(zone("Europe/Paris")->offset_at(at("2090-07-01T00:00:00Z")), 7200);
  ck_assert_int_eq(zone("Europe/Paris")->offset_at(at("2090-01-01T00:00:00Z")), 3600);
}
END_TEST

START_TEST(unknown_and_hostile_names_are_errors) {
  // Besides typos and paths: files of the zoneinfo directory that are not
  // zones a document may name. "localtime" is whatever the host is set to,
  // "posixrules" a default for POSIX TZ strings, "Factory" has no offset,
  // "right/" zones count leap seconds, "posix/" and "SystemV/" are copies.
  const char* bad[] = {"Europe/Pariss", "", "../../etc/passwd", "/usr/share/zoneinfo/Europe/Paris", "Europe/Paris\n",
                       "Mars/Olympus", "localtime", "posixrules", "Factory", "right/UTC", "right/Europe/Paris",
                       "posix/Europe/Paris", "SystemV/EST5", "Europe/", "Europe//Paris", "Europe"};
  for (const char* name : bad) {
    auto z = TimeZone::find(name);
    ck_assert_msg(!z.ok(), "'%s' accepted", name);
    ck_assert_msg(z.error().find("unknown time zone") != std::string::npos, "message: %s", z.error().c_str());
  }
}
END_TEST

START_TEST(names_with_several_parts_and_signs_are_zones) {
  ck_assert_int_eq(zone("America/Argentina/Buenos_Aires")->offset_at(at("2026-07-01T00:00:00Z")), -3 * 3600);
  // POSIX sign convention: Etc/GMT+5 is five hours west of Greenwich.
  ck_assert_int_eq(zone("Etc/GMT+5")->offset_at(at("2026-07-01T00:00:00Z")), -5 * 3600);
}
END_TEST

START_TEST(tables_reach_past_the_evaluable_years) {
  // New York keeps daylight saving time in July of 2099 and 2100 (EDT,
  // -04:00): the tables do not freeze at 2100-01-01 with winter time, so a
  // next change looked for 400 days after the last evaluable instant is right.
  auto ny = zone("America/New_York");
  ck_assert_int_eq(ny->offset_at(at("2099-07-01T12:00:00Z")), -4 * 3600);
  ck_assert_int_eq(ny->offset_at(at("2100-07-01T12:00:00Z")), -4 * 3600);
  ck_assert_int_eq(ny->offset_at(at("2100-12-01T12:00:00Z")), -5 * 3600);
  // Instants outside 1970..2099 are refused where a host reads them.
  ck_assert(tenant::parse_decision_instant("2099-12-31T23:59:59Z").ok());
  const char* outside[] = {"2100-01-01T00:00:00Z", "2100-07-01T12:00:00Z", "2600-01-01T00:00:00Z",
                           "1969-12-31T23:59:59Z"};
  for (const char* text : outside) {
    auto t = tenant::parse_decision_instant(text);
    ck_assert_msg(!t.ok(), "%s accepted", text);
    ck_assert_msg(t.error().find("1970 to 2099") != std::string::npos, "message: %s", t.error().c_str());
  }
}
END_TEST

START_TEST(concurrent_first_loads_agree) {
  // Several threads load zones for the first time at once (libical's lazy
  // zone expansion is not thread-safe on its own).
  const char* names[] = {"Europe/London", "America/Chicago", "Europe/Berlin", "Australia/Sydney"};
  const int expected_july[] = {3600, -5 * 3600, 7200, 10 * 3600};
  std::vector<std::thread> threads;
  std::vector<int> got(8, 0);
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      auto z = TimeZone::find(names[i % 4]);
      got[i] = z.ok() ? (*z)->offset_at(at("2026-07-01T12:00:00Z")) : -1;
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < 8; ++i) ck_assert_int_eq(got[i], expected_july[i % 4]);
}
END_TEST

int main() {
  Suite* s = suite_create("timezone");
  TCase* tc = tcase_create("core");
  tcase_add_test(tc, paris_offsets_around_transitions);
  tcase_add_test(tc, new_york_offsets_around_transitions);
  tcase_add_test(tc, ordinary_local_times);
  tcase_add_test(tc, gap_uses_offset_before_the_gap);
  tcase_add_test(tc, repeated_hour_takes_first_occurrence);
  tcase_add_test(tc, zones_without_dst_and_half_hours);
  tcase_add_test(tc, far_future_rules_still_apply);
  tcase_add_test(tc, unknown_and_hostile_names_are_errors);
  tcase_add_test(tc, names_with_several_parts_and_signs_are_zones);
  tcase_add_test(tc, tables_reach_past_the_evaluable_years);
  tcase_add_test(tc, concurrent_first_loads_agree);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
