// The business hours engine against instants worked out by hand.
//
// Reference facts used below:
//   Europe/Paris      CET +01:00, CEST +02:00; 2026 changes 03-29 01:00Z and 10-25 01:00Z
//   America/New_York  EST -05:00, EDT -04:00; 2026 changes 03-08 07:00Z and 11-01 06:00Z
//   2024-01-01 is a Monday; 2026-01-12 is 742 days (exactly 106 weeks) after it;
//   2026-03-30 is a Monday, 2026-03-31 a Tuesday, 2026-02-28 a Saturday.
#include <libical/ical.h>

#include <random>
#include <thread>
#include <vector>

#include "core/hours/schedule.hh"
#include "core/hours/timezone.hh"
#include "test_support.hh"

using tenant::BusinessHoursSpec;
using tenant::Schedule;
using tenant::UnixSeconds;

namespace {

std::shared_ptr<const Schedule> compile(const char* rrule, int minutes, const char* tz = "Europe/Paris",
                                        const char* dtstart = nullptr) {
  BusinessHoursSpec spec;
  spec.rrule = rrule;
  spec.duration_minutes = minutes;
  spec.tz = tz;
  if (dtstart) spec.dtstart = dtstart;
  auto s = Schedule::compile(spec);
  ck_assert_msg(s.ok(), "compile %s: %s", rrule, s.error().c_str());
  return *s;
}

std::string compile_error(const char* rrule, int minutes, const char* tz = "Europe/Paris",
                          const char* dtstart = nullptr) {
  BusinessHoursSpec spec;
  spec.rrule = rrule;
  spec.duration_minutes = minutes;
  spec.tz = tz;
  if (dtstart) spec.dtstart = dtstart;
  auto s = Schedule::compile(spec);
  ck_assert_msg(!s.ok(), "%s compiled but should not", rrule);
  return s.error();
}

void assert_open(const Schedule& s, const char* instant, bool open) {
  ck_assert_msg(s.is_open(at(instant)) == open, "%s at %s: expected %s", s.spec().rrule.c_str(), instant,
                open ? "open" : "closed");
}

void assert_next_change(const Schedule& s, const char* instant, const char* expected) {
  auto next = s.next_change(at(instant));
  if (!expected) {
    ck_assert_msg(!next, "%s from %s: expected no change, got %s", s.spec().rrule.c_str(), instant,
                  tenant::format_rfc3339_utc(*next).c_str());
    return;
  }
  ck_assert_msg(next.has_value(), "%s from %s: expected %s, got none", s.spec().rrule.c_str(), instant, expected);
  const std::string got = tenant::format_rfc3339_utc(*next);
  ck_assert_str_eq(got.c_str(), expected);
}

const char* kWeekdays9to17 = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0";

}  // namespace

START_TEST(weekday_office_hours) {
  auto s = compile(kWeekdays9to17, 480);
  assert_open(*s, "2026-03-30T07:30:00Z", true);   // Mon 09:30 CEST
  assert_next_change(*s, "2026-03-30T07:30:00Z", "2026-03-30T15:00:00Z");  // 17:00 CEST
  assert_open(*s, "2026-03-30T06:59:59Z", false);  // 08:59:59
  assert_next_change(*s, "2026-03-30T06:59:59Z", "2026-03-30T07:00:00Z");
  assert_open(*s, "2026-03-30T07:00:00Z", true);   // the start is inside the window
  assert_open(*s, "2026-03-30T15:00:00Z", false);  // the end is not
  assert_open(*s, "2026-01-16T08:00:00Z", true);   // Fri 09:00 CET
  assert_open(*s, "2026-03-27T16:00:00Z", false);  // Fri 17:00 CET
  // Friday evening to Monday morning, across the spring change.
  assert_next_change(*s, "2026-03-27T16:00:00Z", "2026-03-30T07:00:00Z");
  assert_open(*s, "2026-03-28T12:00:00Z", false);  // Saturday
}
END_TEST

START_TEST(paris_spring_forward_day) {
  // 01:00 local for 180 elapsed minutes: on 2026-03-29 that is 00:00Z to
  // 03:00Z, which the wall clock shows as 01:00 CET to 05:00 CEST.
  auto s = compile("FREQ=DAILY;BYHOUR=1;BYMINUTE=0", 180);
  assert_open(*s, "2026-03-29T00:00:00Z", true);
  assert_open(*s, "2026-03-29T02:30:00Z", true);  // 04:30 CEST, still inside
  assert_open(*s, "2026-03-29T03:00:00Z", false);
  assert_next_change(*s, "2026-03-29T00:30:00Z", "2026-03-29T03:00:00Z");
  // The next day opens at 01:00 CEST = 23:00Z the evening before.
  assert_next_change(*s, "2026-03-29T03:00:00Z", "2026-03-29T23:00:00Z");
}
END_TEST

START_TEST(start_inside_the_gap) {
  // 02:30 does not exist on 2026-03-29 in Paris: read with +01:00, 01:30Z.
  auto s = compile("FREQ=DAILY;BYHOUR=2;BYMINUTE=30", 60);
  assert_open(*s, "2026-03-28T01:30:00Z", true);   // Saturday 02:30 CET
  assert_open(*s, "2026-03-29T01:29:59Z", false);
  assert_open(*s, "2026-03-29T01:30:00Z", true);   // 03:30 CEST
  assert_open(*s, "2026-03-29T02:29:59Z", true);
  assert_open(*s, "2026-03-29T02:30:00Z", false);
  assert_next_change(*s, "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z");
  assert_next_change(*s, "2026-03-29T01:30:00Z", "2026-03-29T02:30:00Z");
  assert_next_change(*s, "2026-03-29T02:30:00Z", "2026-03-30T00:30:00Z");  // 02:30 CEST
}
END_TEST

START_TEST(start_inside_the_repeated_hour) {
  // 02:30 happens twice on 2026-10-25 in Paris: the first (CEST, 00:30Z) counts.
  auto s = compile("FREQ=DAILY;BYHOUR=2;BYMINUTE=30", 60);
  assert_open(*s, "2026-10-25T00:30:00Z", true);
  assert_open(*s, "2026-10-25T01:00:00Z", true);   // 02:00 CET, second pass of the hour
  assert_open(*s, "2026-10-25T01:30:00Z", false);  // 02:30 CET, the second occurrence
  assert_next_change(*s, "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z");
  assert_next_change(*s, "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z");
  assert_next_change(*s, "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z");  // 02:30 CET
}
END_TEST

START_TEST(paris_fall_back_day_elapsed_time) {
  // 00:00 CEST on 2026-10-25 is 2026-10-24T22:00Z; 240 elapsed minutes end at
  // 02:00Z, which the wall clock shows as 03:00 CET, not 04:00.
  auto s = compile("FREQ=DAILY;BYHOUR=0;BYMINUTE=0", 240);
  assert_open(*s, "2026-10-24T22:00:00Z", true);
  assert_open(*s, "2026-10-25T01:59:59Z", true);
  assert_open(*s, "2026-10-25T02:00:00Z", false);
  assert_open(*s, "2026-10-25T02:30:00Z", false);  // 03:30 CET
  assert_next_change(*s, "2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z");
  assert_next_change(*s, "2026-10-25T02:00:00Z", "2026-10-25T23:00:00Z");  // 00:00 CET on the 26th
}
END_TEST

START_TEST(new_york_dst_days) {
  // 2026-03-08: 01:00 EST = 06:00Z, 120 elapsed minutes to 08:00Z (04:00 EDT).
  auto spring = compile("FREQ=DAILY;BYHOUR=1;BYMINUTE=0", 120, "America/New_York");
  assert_open(*spring, "2026-03-08T07:30:00Z", true);  // 03:30 EDT
  assert_open(*spring, "2026-03-08T08:00:00Z", false);
  assert_next_change(*spring, "2026-03-08T06:30:00Z", "2026-03-08T08:00:00Z");
  assert_next_change(*spring, "2026-03-08T08:00:00Z", "2026-03-09T05:00:00Z");  // 01:00 EDT

  // 2026-11-01: 01:30 happens twice; the first is EDT (05:30Z).
  auto fall = compile("FREQ=DAILY;BYHOUR=1;BYMINUTE=30", 30, "America/New_York");
  assert_open(*fall, "2026-11-01T05:30:00Z", true);
  assert_open(*fall, "2026-11-01T06:00:00Z", false);
  assert_open(*fall, "2026-11-01T06:30:00Z", false);  // 01:30 EST, second pass
  assert_next_change(*fall, "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z");
  assert_next_change(*fall, "2026-11-01T06:00:00Z", "2026-11-02T06:30:00Z");  // 01:30 EST
}
END_TEST

START_TEST(window_across_midnight) {
  // Friday 22:00 to Saturday 02:00 local.
  auto s = compile("FREQ=WEEKLY;BYDAY=FR;BYHOUR=22", 240);
  assert_open(*s, "2026-01-16T21:00:00Z", true);   // Fri 22:00 CET
  assert_open(*s, "2026-01-16T23:30:00Z", true);   // Sat 00:30
  assert_open(*s, "2026-01-17T00:59:59Z", true);   // Sat 01:59:59
  assert_open(*s, "2026-01-17T01:00:00Z", false);  // Sat 02:00
  assert_open(*s, "2026-01-15T22:00:00Z", false);  // Thu 23:00
  assert_next_change(*s, "2026-01-16T23:30:00Z", "2026-01-17T01:00:00Z");
  assert_next_change(*s, "2026-01-17T01:00:00Z", "2026-01-23T21:00:00Z");

  // A night window that crosses the spring change: Sat 2026-03-28 22:00 CET
  // (21:00Z) plus 4 hours is 01:00Z on Sunday, 03:00 CEST.
  auto nightly = compile("FREQ=DAILY;BYHOUR=22", 240);
  assert_open(*nightly, "2026-03-29T00:59:59Z", true);
  assert_open(*nightly, "2026-03-29T01:00:00Z", false);
}
END_TEST

START_TEST(count_is_honoured) {
  // Default DTSTART 2024-01-01: three days at 09:00 CET (08:00Z).
  auto s = compile("FREQ=DAILY;COUNT=3;BYHOUR=9", 60);
  assert_open(*s, "2024-01-01T08:30:00Z", true);
  assert_open(*s, "2024-01-03T08:30:00Z", true);
  assert_open(*s, "2024-01-04T08:30:00Z", false);
  assert_next_change(*s, "2024-01-03T10:00:00Z", nullptr);
  assert_open(*s, "2026-06-01T08:30:00Z", false);
  assert_next_change(*s, "2026-06-01T08:30:00Z", nullptr);

  // With a DTSTART of its own: Mondays 2026-03-02 and 2026-03-09 only.
  auto two = compile("FREQ=WEEKLY;COUNT=2;BYDAY=MO;BYHOUR=9", 60, "Europe/Paris", "2026-03-02T00:00:00");
  assert_open(*two, "2026-03-02T08:30:00Z", true);
  assert_open(*two, "2026-03-09T08:30:00Z", true);
  assert_open(*two, "2026-03-16T08:30:00Z", false);
  assert_next_change(*two, "2026-03-03T00:00:00Z", "2026-03-09T08:00:00Z");
}
END_TEST

START_TEST(until_is_honoured_in_utc) {
  // UNTIL is an instant: 2026-03-10 09:00 CET is 08:00Z, before 08:30Z, so
  // it is the last occurrence. (Compared as wall-clock time, 09:00 > 08:30
  // would wrongly drop it.)
  auto s = compile("FREQ=DAILY;BYHOUR=9;UNTIL=20260310T083000Z", 60);
  assert_open(*s, "2026-03-10T08:30:00Z", true);
  assert_open(*s, "2026-03-11T08:30:00Z", false);
  assert_next_change(*s, "2026-03-10T10:00:00Z", nullptr);
  assert_next_change(*s, "2026-03-09T10:00:00Z", "2026-03-10T08:00:00Z");

  // UNTIL exactly at the last start includes it; one second before excludes it.
  auto inclusive = compile("FREQ=DAILY;BYHOUR=9;UNTIL=20260310T080000Z", 60);
  assert_open(*inclusive, "2026-03-10T08:30:00Z", true);
  auto exclusive = compile("FREQ=DAILY;BYHOUR=9;UNTIL=20260310T075959Z", 60);
  assert_open(*exclusive, "2026-03-10T08:30:00Z", false);
  assert_open(*exclusive, "2026-03-09T08:30:00Z", true);
}
END_TEST

START_TEST(interval_two_with_default_dtstart) {
  // Every other week from the week of 2024-01-01. The week of Monday
  // 2026-01-12 is week 106 (even): Tuesday the 13th is on, the 20th is off.
  auto s = compile("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;BYHOUR=9", 60);
  assert_open(*s, "2026-01-13T08:30:00Z", true);
  assert_open(*s, "2026-01-20T08:30:00Z", false);
  assert_open(*s, "2026-01-27T08:30:00Z", true);
  assert_next_change(*s, "2026-01-20T08:30:00Z", "2026-01-27T08:00:00Z");

  // Every 7 hours of wall-clock time from 2024-01-01T00:00: 2026-01-12 00:00
  // is hour 17808 (742 days; = 7*2544), a start, so 00:00-01:00 local
  // (23:00Z-00:00Z) is open and the next start is 07:00 local (06:00Z).
  auto hourly = compile("FREQ=HOURLY;INTERVAL=7", 60);
  assert_open(*hourly, "2026-01-11T23:30:00Z", true);
  assert_open(*hourly, "2026-01-12T01:30:00Z", false);
  assert_next_change(*hourly, "2026-01-11T23:30:00Z", "2026-01-12T00:00:00Z");
  assert_next_change(*hourly, "2026-01-12T01:30:00Z", "2026-01-12T06:00:00Z");
}
END_TEST

START_TEST(bysetpos_last_weekday_of_month) {
  auto s = compile("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=14", 120);
  assert_open(*s, "2026-03-31T12:30:00Z", true);   // Tue 31 March, 14:30 CEST
  assert_open(*s, "2026-03-30T12:30:00Z", false);
  assert_next_change(*s, "2026-03-30T12:30:00Z", "2026-03-31T12:00:00Z");
  assert_open(*s, "2026-02-27T13:30:00Z", true);   // Fri 27 Feb (28th is a Saturday), 14:30 CET
  assert_open(*s, "2026-02-28T13:30:00Z", false);
}
END_TEST

START_TEST(several_zones) {
  auto tokyo = compile(kWeekdays9to17, 480, "Asia/Tokyo");
  assert_open(*tokyo, "2026-03-30T00:00:00Z", true);   // Mon 09:00 JST
  assert_open(*tokyo, "2026-03-29T23:59:59Z", false);
  assert_next_change(*tokyo, "2026-03-30T00:00:00Z", "2026-03-30T08:00:00Z");
  auto ny = compile(kWeekdays9to17, 480, "America/New_York");
  assert_open(*ny, "2026-03-30T13:00:00Z", true);   // Mon 09:00 EDT
  assert_open(*ny, "2026-01-12T13:30:00Z", false);  // Mon 08:30 EST
  assert_open(*ny, "2026-01-12T14:00:00Z", true);   // Mon 09:00 EST
  auto kolkata = compile(kWeekdays9to17, 480, "Asia/Kolkata");
  assert_open(*kolkata, "2026-03-30T03:30:00Z", true);  // 09:00 IST
  assert_open(*kolkata, "2026-03-30T03:29:59Z", false);
}
END_TEST

START_TEST(spec_example_without_byhour) {
  // The spec's example: weekdays, 480 minutes, no BYHOUR: 00:00 to 08:00 local.
  BusinessHoursSpec spec;
  spec.rrule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";
  spec.duration_minutes = 480;
  auto s = Schedule::compile(spec);
  ck_assert(s.ok());
  ck_assert((*s)->is_open(at("2026-03-30T05:59:59Z")));   // 07:59:59 CEST
  ck_assert(!(*s)->is_open(at("2026-03-30T06:00:00Z")));  // 08:00 CEST
  auto warning = tenant::schedule_warning(spec);
  ck_assert(warning.has_value());
  ck_assert_msg(warning->find("00:00") != std::string::npos, "%s", warning->c_str());
  spec.rrule = kWeekdays9to17;
  ck_assert(!tenant::schedule_warning(spec).has_value());
}
END_TEST

START_TEST(dtstart_override) {
  // Weekly with no BYDAY takes DTSTART's weekday: Wednesday 2026-01-07 10:00.
  auto s = compile("FREQ=WEEKLY;INTERVAL=3", 60, "Europe/Paris", "2026-01-07T10:00:00");
  assert_open(*s, "2026-01-07T09:30:00Z", true);
  assert_open(*s, "2026-01-14T09:30:00Z", false);
  assert_open(*s, "2026-01-28T09:30:00Z", true);
  assert_open(*s, "2026-01-06T09:30:00Z", false);  // before DTSTART
}
END_TEST

START_TEST(byhour_without_byminute_keeps_dtstart_minutes) {
  // RFC 5545 fills what the rule leaves out from DTSTART: with a DTSTART at
  // 08:30, BYHOUR=9 opens at 09:30 (CET: 08:30Z). The default DTSTART is on
  // the hour, so BYHOUR=9 alone opens at 09:00.
  auto s = compile("FREQ=DAILY;BYHOUR=9", 60, "Europe/Paris", "2026-01-05T08:30:00");
  assert_open(*s, "2026-01-06T08:15:00Z", false);  // 09:15 local
  assert_open(*s, "2026-01-06T08:30:00Z", true);   // 09:30 local
  assert_next_change(*s, "2026-01-06T08:00:00Z", "2026-01-06T08:30:00Z");
  auto on_the_hour = compile("FREQ=DAILY;BYHOUR=9", 60);
  assert_next_change(*on_the_hour, "2026-01-06T07:30:00Z", "2026-01-06T08:00:00Z");
}
END_TEST

START_TEST(always_open_and_far_instants) {
  // Back-to-back daily windows in a zone without DST never close.
  auto s = compile("FREQ=DAILY", 1440, "UTC");
  assert_open(*s, "2026-06-15T12:00:00Z", true);
  assert_next_change(*s, "2026-06-15T12:00:00Z", nullptr);
  // In Paris the windows are 1440 elapsed minutes: 2026-10-25 lasts 25 hours,
  // so its last hour (23:00-00:00 CET, 22:00Z-23:00Z) is closed.
  auto paris = compile("FREQ=DAILY", 1440);
  assert_next_change(*paris, "2026-06-15T12:00:00Z", "2026-10-25T22:00:00Z");
  assert_open(*paris, "2026-10-25T22:30:00Z", false);
  assert_next_change(*paris, "2026-10-25T22:30:00Z", "2026-10-25T23:00:00Z");
  // 2026-03-29 lasts 23 hours: the windows overlap and stay open.
  assert_open(*paris, "2026-03-29T21:30:00Z", true);
  // Far from DTSTART the answer is the same rule: Mon 2099-06-01 09:30 CEST.
  auto office = compile(kWeekdays9to17, 480);
  assert_open(*office, "2099-06-01T07:30:00Z", true);
  assert_open(*office, "2099-05-31T07:30:00Z", false);  // Sunday
  // Before DTSTART nothing is open.
  assert_open(*office, "2023-12-29T09:00:00Z", false);
}
END_TEST

START_TEST(bad_rules_are_errors) {
  struct Case {
    const char* rrule;
    int minutes;
    const char* tz;
    const char* dtstart;
    const char* says;
  } cases[] = {
      {kWeekdays9to17, 0, "Europe/Paris", nullptr, "1..1440"},
      {kWeekdays9to17, 1441, "Europe/Paris", nullptr, "1..1440"},
      {kWeekdays9to17, 60, "Europe/Pariss", nullptr, "unknown time zone"},
      {"BYDAY=MO", 60, "Europe/Paris", nullptr, "no FREQ"},
      {"FREQ=WEEK", 60, "Europe/Paris", nullptr, "unknown FREQ"},
      {"FREQ=WEEKLY;FOO=1", 60, "Europe/Paris", nullptr, "unknown part 'FOO'"},
      {"FREQ=WEEKLY;BYDAY=XX", 60, "Europe/Paris", nullptr, "BYDAY=XX"},
      {"FREQ=DAILY;BYHOUR=25", 60, "Europe/Paris", nullptr, "BYHOUR=25"},
      {"FREQ=DAILY;COUNT=2;UNTIL=20260101T000000Z", 60, "Europe/Paris", nullptr, "both COUNT and UNTIL"},
      {"FREQ=MINUTELY", 60, "Europe/Paris", nullptr, "not supported"},
      {"FREQ=WEEKLY;BYDAY=1MO", 60, "Europe/Paris", nullptr, "MONTHLY or YEARLY"},
      {"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", 60, "Europe/Paris", nullptr, "no date"},
      {"FREQ=DAILY;DTSTART=20240101T000000", 60, "Europe/Paris", nullptr, "DTSTART"},
      {"FREQ=DAILY", 60, "Europe/Paris", "2026-02-30T00:00:00", "dtstart"},
      {"FREQ=DAILY", 60, "Europe/Paris", "2026-01-01 09:00", "dtstart"},
      {"", 60, "Europe/Paris", nullptr, "empty"},
      {"FREQ=DAILY;BYHOUR=9\r\n", 60, "Europe/Paris", nullptr, "control characters"},
  };
  for (const auto& c : cases) {
    const std::string error = compile_error(c.rrule, c.minutes, c.tz, c.dtstart);
    ck_assert_msg(error.find(c.says) != std::string::npos, "%s: '%s' does not mention '%s'", c.rrule,
                  error.c_str(), c.says);
  }
}
END_TEST

// An independent, slow reference: iterate the rule from DTSTART with libical,
// convert each wall-clock start with the RFC 5545 rules, and look at the
// windows around t. The engine must agree with it everywhere.
bool reference_is_open(const char* rrule, int minutes, const tenant::TimeZone& zone, UnixSeconds t) {
  icalrecurrencetype r = icalrecurrencetype_from_string(rrule);
  icaltimetype dtstart = icaltime_from_string("20240101T000000");
  icalrecur_iterator* it = icalrecur_iterator_new(r, dtstart);
  bool open = false;
  for (icaltimetype o = icalrecur_iterator_next(it); !icaltime_is_null_time(o); o = icalrecur_iterator_next(it)) {
    const UnixSeconds local = tenant::days_from_civil(o.year, static_cast<unsigned>(o.month),
                                                      static_cast<unsigned>(o.day)) * 86400 +
                              o.hour * 3600 + o.minute * 60 + o.second;
    const UnixSeconds start = zone.from_local(local);
    if (start > t) break;
    if (t < start + minutes * 60) open = true;
  }
  icalrecur_iterator_free(it);
  return open;
}

START_TEST(agrees_with_naive_iteration) {
  const struct {
    const char* rrule;
    int minutes;
  } rules[] = {
      {kWeekdays9to17, 480},
      {"FREQ=DAILY;BYHOUR=2;BYMINUTE=30", 90},
      {"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;BYHOUR=8,14;BYMINUTE=15", 200},
      {"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,-1;BYHOUR=10", 300},
      {"FREQ=MONTHLY;BYMONTHDAY=15,-1;BYHOUR=23;BYMINUTE=30", 120},
      {"FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU;BYHOUR=1", 180},
      {"FREQ=HOURLY;INTERVAL=7;BYDAY=SA,SU", 45},
      {"FREQ=DAILY;INTERVAL=3;BYHOUR=12", 1440},
  };
  auto zone = tenant::TimeZone::find("Europe/Paris");
  ck_assert(zone.ok());
  std::mt19937_64 rng(20260329);
  // Instants spread over 2025-2026, dense around the DST changes.
  std::uniform_int_distribution<UnixSeconds> spread(at("2025-01-01T00:00:00Z"), at("2026-12-31T00:00:00Z"));
  std::uniform_int_distribution<UnixSeconds> near_change(-3 * 86400, 3 * 86400);
  for (const auto& rule : rules) {
    auto s = compile(rule.rrule, rule.minutes);
    for (int i = 0; i < 60; ++i) {
      UnixSeconds t = spread(rng);
      if (i % 3 == 1) t = at("2026-03-29T01:00:00Z") + near_change(rng);
      if (i % 3 == 2) t = at("2026-10-25T01:00:00Z") + near_change(rng);
      const bool expected = reference_is_open(rule.rrule, rule.minutes, **zone, t);
      ck_assert_msg(s->is_open(t) == expected, "%s at %s: reference says %s", rule.rrule,
                    tenant::format_rfc3339_utc(t).c_str(), expected ? "open" : "closed");
      // next_change must be a real change, with no change before it.
      auto next = s->next_change(t);
      if (next) {
        ck_assert(*next > t);
        ck_assert(reference_is_open(rule.rrule, rule.minutes, **zone, *next) != expected);
        ck_assert(reference_is_open(rule.rrule, rule.minutes, **zone, *next - 1) == expected);
      }
    }
  }
}
END_TEST

// Rules that once crashed libical, or made it search until the year 2582
// while holding the lock every schedule shares, or that libical would read
// with another meaning than the one written. Each is refused with its reason.
START_TEST(hostile_rules_are_refused_with_their_reason) {
  struct Case {
    const char* rrule;
    const char* says;
  } cases[] = {
      // libical dereferences past its week table for negative weeks.
      {"FREQ=YEARLY;BYWEEKNO=-53;BYHOUR=9", "BYWEEKNO is not supported"},
      // ... and mis-places weeks: 2025 has no week 53, yet it yields 2025-12-29.
      {"FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO;BYHOUR=9", "BYWEEKNO is not supported"},
      // Never occurs: there is no 30 February.
      {"FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30", "openings per day"},
      {"FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30;BYHOUR=9", "no date matches"},
      {"FREQ=DAILY;BYMONTH=4,6,9,11;BYMONTHDAY=31;BYHOUR=9", "no date matches"},
      // A month has at most five Fridays, at most 31 days to pick from.
      {"FREQ=MONTHLY;BYDAY=-6FR", "outside -5..-1, 1..5"},
      {"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=-366", "no date matches"},
      {"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6", "no date matches"},
      {"FREQ=YEARLY;BYMONTH=3;BYDAY=6MO", "outside -5..-1, 1..5"},
      {"FREQ=YEARLY;BYDAY=54MO", "outside -53..-1, 1..53"},
      // 24 x 60 x 60 starts a day.
      {"FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;"
       "BYMINUTE=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,"
       "36,37,38,39,40,41,42,43,44,45,46,47,48,49,50,51,52,53,54,55,56,57,58,59",
       "openings per day"},
      {"FREQ=DAILY;BYHOUR=8,9,10,11,12,13,14;BYMINUTE=0,30", "openings per day"},
      {"FREQ=HOURLY;BYMINUTE=0,30", "openings per"},
      // libical keeps INTERVAL in a short and COUNT in an int: 65537 would be
      // 1 and 4294967301 would be 5.
      {"FREQ=WEEKLY;INTERVAL=65537", "outside 1..1000"},
      {"FREQ=DAILY;COUNT=4294967301", "outside 1..500"},
      {"FREQ=DAILY;COUNT=100000", "outside 1..500"},
      // Every hour is 24 openings a day.
      {"FREQ=HOURLY", "openings per day"},
      // libical reads a number's prefix.
      {"FREQ=WEEKLY;INTERVAL=2x", "not a whole number"},
      {"FREQ=DAILY;COUNT=5x", "not a whole number"},
      {"FREQ=DAILY;BYHOUR=9x", "not a whole number"},
      {"FREQ=DAILY;BYHOUR=-5", "not a whole number in 0..23"},
      {"FREQ=DAILY;BYHOUR=9,,10", "empty list item"},
      {"FREQ=DAILY;BYHOUR=,9", "empty list item"},
      {"FREQ=DAILY;BYHOUR=9,", "empty list item"},
      {"FREQ=DAILY;BYHOUR=9,9", "gives 9 twice"},
      {"FREQ=DAILY;BYSECOND=60", "outside 0..59"},
      {"FREQ=DAILY;BYMONTHDAY=0", "outside -31..-1, 1..31"},
      {"FREQ=DAILY;UNTIL=20261340", "not a date"},
      {"FREQ=DAILY;UNTIL=20260230T000000Z", "not a date"},
      {"FREQ=DAILY;UNTIL=2026-12-31", "not a date"},
      {"FREQ=DAILY;WKST=XX", "MO, TU"},
      // Rare openings with a fine FREQ: libical steps hour by hour between them.
      {"FREQ=HOURLY;INTERVAL=6;BYMONTH=2;BYMINUTE=0", "apart"},
      // Five starts a day (every 5 hours), one more than the bound.
      {"FREQ=HOURLY;INTERVAL=5", "openings per day"},
      {"FREQ=DAILY;BYHOUR=8,12,14,18,20", "openings per day"},
      {"FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=9", "use FREQ=WEEKLY, MONTHLY or YEARLY"},
      // Counted rules are expanded whole: they must end within the years evaluated.
      {"FREQ=YEARLY;COUNT=500;BYHOUR=9", "reaches past"},
      // 500 openings, 4 each Monday, with HOURLY: 125 weeks of 28 steps, 3500.
      {"FREQ=HOURLY;INTERVAL=6;COUNT=500;BYDAY=MO", "steps to expand"},
      // Shapes libical 3.0 evaluates against RFC 5545 (python-dateutil and
      // the RFC agree on the first opening given in each comment).
      // 2024-01-01 09:00 is lost by libical:
      {"FREQ=HOURLY;BYHOUR=9,10", "FREQ=HOURLY with BYHOUR is not supported"},
      // RFC: 2024-12-31 03:00; libical: never.
      {"FREQ=HOURLY;BYYEARDAY=-1;BYMINUTE=0", "BYYEARDAY is not supported"},
      // RFC: 2024-01-31; libical: never.
      {"FREQ=DAILY;BYMONTHDAY=-1;BYHOUR=9", "negative BYMONTHDAY"},
      // RFC: the 1st of every month; libical: 1 January only.
      {"FREQ=YEARLY;BYMONTHDAY=1;BYHOUR=9", "no BYMONTH"},
      // RFC: the last of the day's starts (17:00); libical: both.
      {"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=2;BYHOUR=9,17", "more than one start a day"},
      // RFC: Mondays only; libical: Mondays and Fridays.
      {"FREQ=WEEKLY;BYDAY=MO,FR;BYSETPOS=1;BYHOUR=9", "BYSETPOS with FREQ=HOURLY, DAILY or WEEKLY"},
      {"FREQ=DAILY;BYHOUR=9;BYSETPOS=1", "BYSETPOS with FREQ=HOURLY, DAILY or WEEKLY"},
      // RFC: Thursday 2024-01-04 (in the week from Friday 2023-12-29); libical: 2024-01-18.
      {"FREQ=WEEKLY;INTERVAL=3;BYDAY=TH;WKST=FR;BYHOUR=9", "WKST other than MO or SU"},
  };
  for (const auto& c : cases) {
    const std::string error = compile_error(c.rrule, 60);
    ck_assert_msg(error.find(c.says) != std::string::npos, "%.60s: '%s' does not mention '%s'", c.rrule,
                  error.c_str(), c.says);
    ck_assert_msg(error.size() < 300 && error.find('\n') == std::string::npos, "long message: %s", error.c_str());
  }
}
END_TEST

START_TEST(huge_and_binary_rules_give_short_messages) {
  std::string huge = "FREQ=DAILY;BYHOUR=" + std::string(10 * 1024 * 1024, '9');
  std::string error = compile_error(huge.c_str(), 60);
  ck_assert_msg(error.find("at most 1024") != std::string::npos, "%s", error.c_str());
  ck_assert_int_lt(error.size(), 200);
  std::string near_limit = "FREQ=DAILY;BYHOUR=" + std::string(900, '9');
  error = compile_error(near_limit.c_str(), 60);
  ck_assert_msg(error.find("...'") != std::string::npos && error.size() < 300, "%s", error.c_str());
  error = compile_error("FREQ=DAILY;BYHOUR=9\xff", 60);
  ck_assert_msg(error.find("non-ASCII") != std::string::npos, "%s", error.c_str());
}
END_TEST

START_TEST(dtstart_fields_are_digits) {
  // sscanf's %2d reads "-5": 09:-5:00 once opened at 08:55.
  const char* bad[] = {"2024-01-01T09:-5:00", "2024-01-01T 9:00:00", "2024-01-01T09:+5:00", "+024-01-01T09:00:00",
                       "2024-1-01T09:00:00X"};
  for (const char* dtstart : bad) {
    const std::string error = compile_error("FREQ=DAILY;BYHOUR=9", 60, "Europe/Paris", dtstart);
    ck_assert_msg(error.find("dtstart must be") != std::string::npos, "%s: %s", dtstart, error.c_str());
  }
}
END_TEST

START_TEST(rules_that_pass_the_bounds_mean_what_they_say) {
  // Last Friday of the month at 09:00 Paris: 2026-03-27 (CET) is 08:00Z.
  auto last_friday = compile("FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=9", 60);
  assert_open(*last_friday, "2026-03-27T08:30:00Z", true);
  assert_open(*last_friday, "2026-03-20T08:30:00Z", false);
  // Months with a fifth Monday: in 2026 March (30th), June (29th), August (31st).
  auto fifth_monday = compile("FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5;BYHOUR=9", 60);
  assert_next_change(*fifth_monday, "2026-04-01T00:00:00Z", "2026-06-29T07:00:00Z");
  // 29 February each leap year, read yearly: 2028-02-29 09:00 CET is 08:00Z,
  // beyond the 400-day horizon from 2026-03-01 but inside it from 2027-03-01.
  auto leap_day = compile("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=9", 60);
  assert_next_change(*leap_day, "2026-03-01T00:00:00Z", nullptr);
  assert_next_change(*leap_day, "2027-03-01T00:00:00Z", "2028-02-29T08:00:00Z");
  // Christmas at 10:00 Paris (CET): 2026-12-25T09:00Z.
  auto christmas = compile("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25;BYHOUR=10", 60);
  assert_next_change(*christmas, "2026-06-01T00:00:00Z", "2026-12-25T09:00:00Z");
  // The largest INTERVAL and COUNT accepted are honoured, not narrowed:
  // every 1000th day from 2024-01-01 09:00 is 2026-09-27 (day 1000), 07:00Z (CEST).
  auto sparse = compile("FREQ=DAILY;INTERVAL=1000;BYHOUR=9", 60);
  assert_next_change(*sparse, "2026-01-01T00:00:00Z", "2026-09-27T07:00:00Z");
  // COUNT=500 daily from 2024-01-01: the last opening is 2025-05-14 (day
  // 499), at 09:00 CEST, 07:00Z.
  auto counted = compile("FREQ=DAILY;COUNT=500;BYHOUR=9", 60);
  assert_open(*counted, "2025-05-14T07:30:00Z", true);
  assert_open(*counted, "2025-05-15T07:30:00Z", false);
  // An UNTIL far past the evaluable years is only a far end.
  auto forever = compile("FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;UNTIL=99991231T000000Z", 60);
  assert_open(*forever, "2099-06-01T07:30:00Z", true);
  // Lists with signs and a plus: the 1st and the last day of each month.
  auto edges = compile("FREQ=MONTHLY;BYMONTHDAY=+1,-1;BYHOUR=12", 60);
  assert_next_change(*edges, "2026-02-02T00:00:00Z", "2026-02-28T11:00:00Z");
}
END_TEST

START_TEST(new_york_in_2099_keeps_summer_time) {
  // Wednesday 2099-07-01: 09:00 EDT is 13:00Z; with frozen 2100 winter
  // offsets it would have opened at 14:00Z.
  auto office = compile(kWeekdays9to17, 480, "America/New_York");
  assert_open(*office, "2099-07-01T13:30:00Z", true);
  assert_next_change(*office, "2099-07-01T12:00:00Z", "2099-07-01T13:00:00Z");
}
END_TEST

START_TEST(identical_hours_share_one_schedule) {
  auto a = compile(kWeekdays9to17, 480);
  auto b = compile(kWeekdays9to17, 480);
  ck_assert_ptr_eq(a.get(), b.get());
  ck_assert_ptr_ne(a.get(), compile(kWeekdays9to17, 481).get());
  ck_assert_ptr_ne(a.get(), compile(kWeekdays9to17, 480, "Europe/London").get());
  ck_assert_ptr_ne(a.get(), compile(kWeekdays9to17, 480, "Europe/Paris", "2024-01-01T00:00:01").get());
}
END_TEST

START_TEST(concurrent_queries_agree) {
  auto s = compile(kWeekdays9to17, 480);
  const auto& zone = **tenant::TimeZone::find("Europe/Paris");
  // Four threads ask about every Monday 09:30 and Sunday 12:00 (local) of
  // 2026 in different orders: Mondays are open and Sundays closed, whatever
  // the interleaving of the lazy expansion.
  const std::int64_t first_monday = tenant::days_from_civil(2026, 1, 5);
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&, k] {
      for (int w = 0; w < 51; ++w) {
        const int week = (k % 2 == 0) ? w : 50 - w;
        const std::int64_t monday = first_monday + 7 * week;
        if (!s->is_open(zone.from_local(monday * 86400 + 9 * 3600 + 1800))) ++wrong[k];
        if (s->is_open(zone.from_local((monday - 1) * 86400 + 12 * 3600))) ++wrong[k];
      }
    });
  for (auto& t : threads) t.join();
  for (int k = 0; k < 4; ++k) ck_assert_int_eq(wrong[k], 0);
}
END_TEST

// ------------------------------------------------------------------ windows

// A French office: 09:00-12:00 and 14:00-18:00, Monday to Friday, Paris.
std::shared_ptr<const Schedule> lunch_break_office() {
  BusinessHoursSpec spec;
  spec.tz = "Europe/Paris";
  spec.rrule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0;BYSECOND=0";
  spec.duration_minutes = 180;
  spec.windows.push_back({"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=14;BYMINUTE=0;BYSECOND=0", 240, std::nullopt});
  auto s = Schedule::compile(spec);
  ck_assert_msg(s.ok(), "%s", s.ok() ? "" : s.error().c_str());
  return *s;
}

START_TEST(lunch_break_week_before_and_after_spring_forward) {
  const auto s = lunch_break_office();
  // Friday 2026-03-27, CET (UTC+1): 08:00-11:00Z and 13:00-17:00Z.
  assert_open(*s, "2026-03-27T07:59:59Z", false);
  assert_open(*s, "2026-03-27T08:00:00Z", true);
  assert_open(*s, "2026-03-27T10:59:59Z", true);
  assert_open(*s, "2026-03-27T11:00:00Z", false);  // lunch
  assert_open(*s, "2026-03-27T12:30:00Z", false);
  assert_open(*s, "2026-03-27T13:00:00Z", true);
  assert_open(*s, "2026-03-27T16:59:59Z", true);
  assert_open(*s, "2026-03-27T17:00:00Z", false);
  assert_next_change(*s, "2026-03-27T11:00:00Z", "2026-03-27T13:00:00Z");
  assert_next_change(*s, "2026-03-27T13:00:00Z", "2026-03-27T17:00:00Z");
  // The weekend holds the change (Sunday 29 March); Monday 30 March, CEST
  // (UTC+2): 07:00-10:00Z and 12:00-16:00Z.
  assert_next_change(*s, "2026-03-27T17:00:00Z", "2026-03-30T07:00:00Z");
  assert_open(*s, "2026-03-30T07:00:00Z", true);
  assert_next_change(*s, "2026-03-30T07:00:00Z", "2026-03-30T10:00:00Z");
  assert_next_change(*s, "2026-03-30T10:00:00Z", "2026-03-30T12:00:00Z");
  assert_next_change(*s, "2026-03-30T12:00:00Z", "2026-03-30T16:00:00Z");
  ck_assert(s->next_open(at("2026-03-30T10:30:00Z")) == at("2026-03-30T12:00:00Z"));
}
END_TEST

START_TEST(lunch_break_week_before_and_after_fall_back) {
  const auto s = lunch_break_office();
  // Friday 2026-10-23, CEST: 07:00-10:00Z, 12:00-16:00Z.
  assert_open(*s, "2026-10-23T09:59:59Z", true);
  assert_open(*s, "2026-10-23T10:00:00Z", false);
  assert_next_change(*s, "2026-10-23T10:00:00Z", "2026-10-23T12:00:00Z");
  // Clocks go back on Sunday 25 October; Monday 26, CET: 08:00-11:00Z,
  // 13:00-17:00Z.
  assert_next_change(*s, "2026-10-23T16:00:00Z", "2026-10-26T08:00:00Z");
  assert_next_change(*s, "2026-10-26T08:00:00Z", "2026-10-26T11:00:00Z");
  assert_next_change(*s, "2026-10-26T11:00:00Z", "2026-10-26T13:00:00Z");
  assert_next_change(*s, "2026-10-26T13:00:00Z", "2026-10-26T17:00:00Z");
  // Far from DTSTART (2024-01-01), the same: Friday 2099-10-30, CET.
  assert_open(*s, "2099-10-30T11:30:00Z", false);
  assert_next_change(*s, "2099-10-30T11:30:00Z", "2099-10-30T13:00:00Z");
}
END_TEST

START_TEST(windows_join_where_they_touch_and_are_part_of_the_sharing_key) {
  // 09:00-12:00 plus 12:00-18:00: one window, no change at noon.
  BusinessHoursSpec spec;
  spec.rrule = "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0;BYSECOND=0";
  spec.duration_minutes = 180;
  spec.windows.push_back({"FREQ=WEEKLY;BYDAY=MO;BYHOUR=12;BYMINUTE=0;BYSECOND=0", 360, std::nullopt});
  const auto joined = Schedule::compile(spec);
  ck_assert(joined.ok());
  // Monday 2026-06-01, CEST: 07:00Z to 16:00Z.
  assert_next_change(**joined, "2026-06-01T07:00:00Z", "2026-06-01T16:00:00Z");
  // The same main rule without the window is another schedule; the same
  // spec again is the same one.
  BusinessHoursSpec plain = spec;
  plain.windows.clear();
  const auto alone = Schedule::compile(plain);
  ck_assert(alone.ok());
  ck_assert(alone->get() != joined->get());
  ck_assert(Schedule::compile(spec)->get() == joined->get());
  assert_next_change(**alone, "2026-06-01T07:00:00Z", "2026-06-01T10:00:00Z");
  // A window that does not compile names itself.
  spec.windows.push_back({"FREQ=WEEK", 60, std::nullopt});
  const auto bad = Schedule::compile(spec);
  ck_assert(!bad.ok());
  ck_assert_msg(bad.error().rfind("windows[1]: ", 0) == 0, "%s", bad.error().c_str());
}
END_TEST

int main() {
  Suite* s = suite_create("schedule");
  TCase* tc = tcase_create("core");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, weekday_office_hours);
  tcase_add_test(tc, paris_spring_forward_day);
  tcase_add_test(tc, start_inside_the_gap);
  tcase_add_test(tc, start_inside_the_repeated_hour);
  tcase_add_test(tc, paris_fall_back_day_elapsed_time);
  tcase_add_test(tc, new_york_dst_days);
  tcase_add_test(tc, window_across_midnight);
  tcase_add_test(tc, count_is_honoured);
  tcase_add_test(tc, until_is_honoured_in_utc);
  tcase_add_test(tc, interval_two_with_default_dtstart);
  tcase_add_test(tc, bysetpos_last_weekday_of_month);
  tcase_add_test(tc, several_zones);
  tcase_add_test(tc, spec_example_without_byhour);
  tcase_add_test(tc, dtstart_override);
  tcase_add_test(tc, byhour_without_byminute_keeps_dtstart_minutes);
  tcase_add_test(tc, always_open_and_far_instants);
  tcase_add_test(tc, bad_rules_are_errors);
  tcase_add_test(tc, hostile_rules_are_refused_with_their_reason);
  tcase_add_test(tc, huge_and_binary_rules_give_short_messages);
  tcase_add_test(tc, dtstart_fields_are_digits);
  tcase_add_test(tc, rules_that_pass_the_bounds_mean_what_they_say);
  tcase_add_test(tc, new_york_in_2099_keeps_summer_time);
  tcase_add_test(tc, agrees_with_naive_iteration);
  tcase_add_test(tc, identical_hours_share_one_schedule);
  tcase_add_test(tc, concurrent_queries_agree);
  tcase_add_test(tc, lunch_break_week_before_and_after_spring_forward);
  tcase_add_test(tc, lunch_break_week_before_and_after_fall_back);
  tcase_add_test(tc, windows_join_where_they_touch_and_are_part_of_the_sharing_key);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
