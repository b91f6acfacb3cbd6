// tenantctl closures from-ics: iCalendar files (as public-holiday calendars
// are published) turned into closures lists. The conversion is called
// directly for the rules, and the built tenantctl is run for the
// command-line contract (exit status, standard output and error).
//
// Every expected value is worked out by hand from RFC 5545 and the 2026
// calendar: Easter is Sunday 5 April (Easter Monday 6 April, Ascension
// Thursday 14 May); Europe/Paris is UTC+1 in winter and UTC+2 from
// 2026-03-29 02:00 local (01:00Z) to 2026-10-25 03:00 local (01:00Z).
#include <dirent.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/tenant/tenant_config.hh"
#include "core/util/json_doc.hh"
#include "core/util/problem.hh"
#include "test_support.hh"
#include "tools/tenantctl_run.hh"

using tenantctl_test::Run;
using tenantctl_test::contains;
using tenantctl_test::expect_output;
using tenantctl_test::remove_dir;
using tenantctl_test::replaced;
using tenantctl_test::slurp;
using tenantctl_test::starts_with;
using tenantctl_test::write_file;
#include "tools/ics_closures.hh"
#include "tools/ics_text.hh"

namespace {

// ---------------------------------------------------------------- building files

// Lines written with "\n" in the tests, sent with CRLF as RFC 5545 asks.
std::string crlf(const std::string& text) {
  std::string out;
  for (char c : text) out += c == '\n' ? std::string("\r\n") : std::string(1, c);
  return out;
}

std::string calendar(const std::string& events) {
  return crlf("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Example//Closures test//FR\nCALSCALE:GREGORIAN\n" + events +
              "END:VCALENDAR\n");
}

std::string event(const std::string& lines) {
  return "BEGIN:VEVENT\nDTSTAMP:20261101T090000Z\n" + lines + "END:VEVENT\n";
}

// As a public-holiday calendar is published: one all-day VEVENT per
// holiday, with the usual extras (DESCRIPTION folded over two lines,
// TRANSP, CATEGORIES, an alarm) that the conversion does not need.
const char kFrenchHolidays2026[] =
    "BEGIN:VCALENDAR\n"
    "VERSION:2.0\n"
    "PRODID:-//Etalab//Jours feries//FR\n"
    "CALSCALE:GREGORIAN\n"
    "METHOD:PUBLISH\n"
    "X-WR-CALNAME:Jours fériés en France métropolitaine\n"
    "X-WR-TIMEZONE:Europe/Paris\n"
    "BEGIN:VEVENT\n"
    "UID:20260101-jour-de-l-an@jours-feries.example.fr\n"
    "DTSTAMP:20251115T080000Z\n"
    "DTSTART;VALUE=DATE:20260101\n"
    "DTEND;VALUE=DATE:20260102\n"
    "SUMMARY:Jour de l'an\n"
    "DESCRIPTION:Jour férié en France métropolitaine\\, en Alsace-Moselle et \n"
    " outre-mer.\n"
    "TRANSP:TRANSPARENT\n"
    "CATEGORIES:Jours fériés,France\n"
    "END:VEVENT\n"
    "BEGIN:VEVENT\n"
    "UID:20260406-lundi-de-paques@jours-feries.example.fr\n"
    "DTSTAMP:20251115T080000Z\n"
    "DTSTART;VALUE=DATE:20260406\n"
    "SUMMARY:Lundi de Pâques\n"
    "END:VEVENT\n"
    "BEGIN:VEVENT\n"
    "UID:20260501-fete-du-travail@jours-feries.example.fr\n"
    "DTSTAMP:20251115T080000Z\n"
    "DTSTART;VALUE=DATE:20260501\n"
    "DTEND;VALUE=DATE:20260502\n"
    "SUMMARY:Fête du travail\n"
    "BEGIN:VALARM\n"
    "ACTION:DISPLAY\n"
    "TRIGGER:-PT15H\n"
    "SUMMARY:Rappel\n"
    "DESCRIPTION:Pont ?\n"
    "END:VALARM\n"
    "END:VEVENT\n"
    "BEGIN:VEVENT\n"
    "UID:20260514-ascension@jours-feries.example.fr\n"
    "DTSTAMP:20251115T080000Z\n"
    "DTSTART;VALUE=DATE:20260514\n"
    "DURATION:P1D\n"
    "SUMMARY:Ascension\n"
    "END:VEVENT\n"
    "BEGIN:VEVENT\n"
    "UID:20260714-fete-nationale@jours-feries.example.fr\n"
    "DTSTAMP:20251115T080000Z\n"
    "DTSTART;VALUE=DATE:20260714\n"
    "DTEND;VALUE=DATE:20260715\n"
    "SUMMARY:Fête nationale\n"
    "END:VEVENT\n"
    "BEGIN:VEVENT\n"
    "UID:20261111-armistice@jours-feries.example.fr\n"
    "DTSTAMP:20251115T080000Z\n"
    "DTSTART;VALUE=DATE:20261111\n"
    "DTEND;VALUE=DATE:20261112\n"
    "SUMMARY;LANGUAGE=fr:Armistice 1918\n"
    "END:VEVENT\n"
    "BEGIN:VEVENT\n"
    "UID:20261225-noel@jours-feries.example.fr\n"
    "DTSTAMP:20251115T080000Z\n"
    "DTSTART;VALUE=DATE:20261225\n"
    "DTEND;VALUE=DATE:20261226\n"
    "SUMMARY:Noël\n"
    "END:VEVENT\n"
    "END:VCALENDAR\n";

const char kFrenchHolidays2026Closures[] =
    R"([{"date":"2026-01-01","label":"Jour de l'an"},{"date":"2026-04-06","label":"Lundi de Pâques"},)"
    R"({"date":"2026-05-01","label":"Fête du travail"},{"date":"2026-05-14","label":"Ascension"},)"
    R"({"date":"2026-07-14","label":"Fête nationale"},{"date":"2026-11-11","label":"Armistice 1918"},)"
    R"({"date":"2026-12-25","label":"Noël"}])";

// ---------------------------------------------------------------- calling the conversion

struct Converted {
  std::string closures;  // the list as one line of JSON
  std::vector<std::string> warnings;
};

Converted convert(const std::string& ics, const std::optional<std::string>& tz = std::nullopt) {
  auto result = tenantctl::closures_from_ics(ics, tz);
  ck_assert_msg(result.ok(), "conversion refused: %s", result.error().c_str());
  return {tenant::json_text(result->closures.get()), result->warnings};
}

std::string refusal(const std::string& ics, const std::optional<std::string>& tz = std::nullopt) {
  auto result = tenantctl::closures_from_ics(ics, tz);
  ck_assert_msg(!result.ok(), "conversion accepted: %s",
                result ? tenant::json_text(result->closures.get()).c_str() : "");
  return result.error();
}

// Both sides held as strings: ck_assert_str_eq keeps pointers past the
// statement that built them.
#define expect_text(actual, expected)                                                                  \
  do {                                                                                                 \
    const std::string held_actual_ = (actual), held_expected_ = (expected);                           \
    ck_assert_msg(held_actual_ == held_expected_, "got      %s\nexpected %s", held_actual_.c_str(),    \
                  held_expected_.c_str());                                                             \
  } while (0)

// The one warning of a conversion, which must contain every part given.
void expect_one_warning(const Converted& c, const std::vector<std::string>& parts) {
  ck_assert_msg(c.warnings.size() == 1, "%zu warnings (closures %s)", c.warnings.size(), c.closures.c_str());
  for (const std::string& part : parts)
    ck_assert_msg(contains(c.warnings[0], part), "warning lacks %s: %s", part.c_str(), c.warnings[0].c_str());
}

void expect_no_warning(const Converted& c) {
  ck_assert_msg(c.warnings.empty(), "unexpected warning: %s", c.warnings.empty() ? "" : c.warnings[0].c_str());
}

// ---------------------------------------------------------------- running tenantctl

std::string g_dir;  // scratch directory for files and captured output

std::string file_with(const std::string& name, const std::string& text) {
  const std::string path = g_dir + "/" + name;
  write_file(path, text);
  return path;
}

Run run_tenantctl(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  return tenantctl_test::run_tenantctl(g_dir, args, stdin_text);
}


// Invalid input: exit 1, nothing on stdout, one "error: ..." line naming part.
void expect_invalid(const Run& r, const std::string& part) {
  ck_assert_msg(r.status == 1, "exit %d, stdout: %s, stderr: %s", r.status, r.out.c_str(), r.err.c_str());
  expect_text(r.out, "");
  ck_assert_msg(starts_with(r.err, "error: ") && contains(r.err, part), "stderr: %s", r.err.c_str());
}

// Usage error: exit 2, nothing on stdout, "error: ..." then the usage text.
void expect_usage(const Run& r, const std::string& part) {
  ck_assert_msg(r.status == 2, "exit %d, stdout: %s, stderr: %s", r.status, r.out.c_str(), r.err.c_str());
  expect_text(r.out, "");
  ck_assert_msg(starts_with(r.err, "error: ") && contains(r.err, part), "stderr: %s", r.err.c_str());
  ck_assert_msg(contains(r.err, "usage: tenantctl closures"), "stderr: %s", r.err.c_str());
}

}  // namespace

// ---------------------------------------------------------------- all-day events

START_TEST(french_public_holidays_as_published) {
  // Published with CRLF; the same file with bare LF reads the same.
  for (const std::string& text : {crlf(kFrenchHolidays2026), std::string(kFrenchHolidays2026)}) {
    const Converted c = convert(text);
    expect_text(c.closures, kFrenchHolidays2026Closures);
    expect_no_warning(c);
  }
}
END_TEST

START_TEST(several_days_become_a_span_dtend_excluded) {
  // DTEND is excluded (RFC 5545 3.6.1): 3 to 16 August, back on the 17th.
  const Converted c = convert(calendar(event("UID:conges-2026\nDTSTART;VALUE=DATE:20260803\n"
                                             "DTEND;VALUE=DATE:20260817\nSUMMARY:Congés d'été\n")));
  expect_text(c.closures,
                   R"([{"start":"2026-08-03T00:00:00","end":"2026-08-17T00:00:00","label":"Congés d'été"}])");
  expect_no_warning(c);
}
END_TEST

START_TEST(all_day_duration_in_days) {
  // P3D from 24 December: 24, 25 and 26; P1W from 28 December: to 4 January.
  const Converted c = convert(calendar(event("DTSTART;VALUE=DATE:20261224\nDURATION:P3D\nSUMMARY:Fêtes\n") +
                                       event("DTSTART;VALUE=DATE:20261228\nDURATION:P1W\n")));
  expect_text(c.closures,
                   R"([{"start":"2026-12-24T00:00:00","end":"2026-12-27T00:00:00","label":"Fêtes"},)"
                   R"({"start":"2026-12-28T00:00:00","end":"2027-01-04T00:00:00"}])");
  expect_no_warning(c);
}
END_TEST

START_TEST(all_day_dtend_equal_to_dtstart_is_one_day) {
  const Converted c = convert(calendar(event("UID:x1\nDTSTART;VALUE=DATE:20261225\nDTEND;VALUE=DATE:20261225\n")));
  expect_text(c.closures, R"([{"date":"2026-12-25"}])");
  expect_one_warning(c, {"UID 'x1'", "read as that one day"});
}
END_TEST

START_TEST(with_tz_every_entry_names_the_zone) {
  const Converted c = convert(calendar(event("DTSTART;VALUE=DATE:20261225\nSUMMARY:Noël\n")), "Europe/Paris");
  expect_text(c.closures, R"([{"date":"2026-12-25","tz":"Europe/Paris","label":"Noël"}])");
}
END_TEST

// ---------------------------------------------------------------- timed events

START_TEST(timed_event_with_tzid_keeps_its_zone) {
  const Converted c = convert(calendar(event("UID:reveillon\nDTSTART;TZID=Europe/Paris:20261224T120000\n"
                                             "DTEND;TZID=Europe/Paris:20261224T180000\nSUMMARY:Réveillon\n")));
  expect_text(c.closures, R"([{"start":"2026-12-24T12:00:00","end":"2026-12-24T18:00:00",)"
                                       R"("tz":"Europe/Paris","label":"Réveillon"}])");
  expect_no_warning(c);
}
END_TEST

START_TEST(utc_event_without_and_with_tz) {
  const std::string ics = calendar(event("DTSTART:20261224T130000Z\nDTEND:20261224T170000Z\n"
                                         "SUMMARY:Veille de Noël\n") +
                                   event("DTSTART:20260714T100000Z\nDTEND:20260714T160000Z\n"));
  // Without --tz: the UTC wall clock, said to be UTC.
  expect_text(convert(ics).closures,
                   R"([{"start":"2026-12-24T13:00:00","end":"2026-12-24T17:00:00","tz":"UTC",)"
                   R"("label":"Veille de Noël"},)"
                   R"({"start":"2026-07-14T10:00:00","end":"2026-07-14T16:00:00","tz":"UTC"}])");
  // With --tz Europe/Paris: +1 in December, +2 in July.
  const Converted paris = convert(ics, "Europe/Paris");
  expect_text(paris.closures,
                   R"([{"start":"2026-12-24T14:00:00","end":"2026-12-24T18:00:00","tz":"Europe/Paris",)"
                   R"("label":"Veille de Noël"},)"
                   R"({"start":"2026-07-14T12:00:00","end":"2026-07-14T18:00:00","tz":"Europe/Paris"}])");
  expect_no_warning(paris);
}
END_TEST

START_TEST(tzid_converted_to_another_zone) {
  // 09:00 in New York on 2026-03-10 is EDT (-4), 13:00Z, 14:00 in Paris
  // (still +1 there until 29 March).
  const Converted c = convert(calendar(event("DTSTART;TZID=America/New_York:20260310T090000\n"
                                             "DTEND;TZID=America/New_York:20260310T110000\n")),
                              "Europe/Paris");
  expect_text(c.closures,
                   R"([{"start":"2026-03-10T14:00:00","end":"2026-03-10T16:00:00","tz":"Europe/Paris"}])");
}
END_TEST

START_TEST(floating_times_have_no_zone) {
  const Converted c = convert(calendar(event("DTSTART:20261231T140000\nDTEND:20261231T235959\nSUMMARY:Inventaire\n")));
  expect_text(c.closures,
                   R"([{"start":"2026-12-31T14:00:00","end":"2026-12-31T23:59:59","label":"Inventaire"}])");
  // With --tz they are read on that zone's wall clock, unchanged.
  expect_text(convert(calendar(event("DTSTART:20261231T140000\nDTEND:20261231T180000\n")), "Europe/Paris")
                       .closures,
                   R"([{"start":"2026-12-31T14:00:00","end":"2026-12-31T18:00:00","tz":"Europe/Paris"}])");
}
END_TEST

START_TEST(duration_instead_of_dtend) {
  // PT6H from 12:00: 18:00.
  expect_text(convert(calendar(event("DTSTART;TZID=Europe/Paris:20261231T120000\nDURATION:PT6H\n"))).closures,
                   R"([{"start":"2026-12-31T12:00:00","end":"2026-12-31T18:00:00","tz":"Europe/Paris"}])");
  // Across the spring change (2026-03-29 02:00 -> 03:00): a day (P1D) is
  // the same wall-clock time the next day, 24 hours (PT24H) are exact and
  // end an hour later on the clock (RFC 5545 3.3.6).
  expect_text(convert(calendar(event("DTSTART;TZID=Europe/Paris:20260328T120000\nDURATION:P1D\n") +
                                    event("DTSTART;TZID=Europe/Paris:20260328T120000\nDURATION:PT24H\n")))
                       .closures,
                   R"([{"start":"2026-03-28T12:00:00","end":"2026-03-29T12:00:00","tz":"Europe/Paris"},)"
                   R"({"start":"2026-03-28T12:00:00","end":"2026-03-29T13:00:00","tz":"Europe/Paris"}])");
}
END_TEST

START_TEST(unknown_tzid_skipped_or_read_in_tz) {
  // As Outlook writes its zones.
  const std::string ics = calendar(event("UID:outlook-1\nSUMMARY:Séminaire\n"
                                         "DTSTART;TZID=Romance Standard Time:20261015T090000\n"
                                         "DTEND;TZID=Romance Standard Time:20261015T170000\n") +
                                   event("DTSTART;VALUE=DATE:20261225\n"));
  const Converted plain = convert(ics);
  expect_text(plain.closures, R"([{"date":"2026-12-25"}])");
  expect_one_warning(plain, {"UID 'outlook-1'", "SUMMARY 'Séminaire'", "TZID 'Romance Standard Time'", "--tz",
                             "skipped"});
  const Converted paris = convert(ics, "Europe/Paris");
  expect_text(paris.closures,
                   R"([{"start":"2026-10-15T09:00:00","end":"2026-10-15T17:00:00","tz":"Europe/Paris",)"
                   R"("label":"Séminaire"},{"date":"2026-12-25","tz":"Europe/Paris"}])");
  expect_one_warning(paris, {"TZID 'Romance Standard Time'", "read on the wall clock of Europe/Paris"});
}
END_TEST

// ---------------------------------------------------------------- recurring events

START_TEST(yearly_with_exdate) {
  // Every 1 May from 2024, but not in 2027; an all-day rule lasts 1440
  // minutes on the wall clock.
  const Converted c = convert(calendar(event("UID:1-mai\nDTSTART;VALUE=DATE:20240501\n"
                                             "RRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1\n"
                                             "EXDATE;VALUE=DATE:20270501\nSUMMARY:Fête du travail\n")));
  expect_text(c.closures, R"([{"rrule":"FREQ=YEARLY;BYMONTHDAY=1;BYMONTH=5","duration_minutes":1440,)"
                                       R"("dtstart":"2024-05-01T00:00:00","exdates":["2027-05-01"],)"
                                       R"("label":"Fête du travail"}])");
  expect_no_warning(c);
}
END_TEST

START_TEST(weekly_timed_rule_with_exdates_in_its_zone) {
  // Mondays 12:00-14:00 Paris; EXDATEs one per line and two on one line,
  // given twice and out of order: sorted, once each.
  const Converted c =
      convert(calendar(event("DTSTART;TZID=Europe/Paris:20260105T120000\nDTEND;TZID=Europe/Paris:20260105T140000\n"
                             "RRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE;TZID=Europe/Paris:20260525T120000,20260406T120000\n"
                             "EXDATE;TZID=Europe/Paris:20260406T120000\nSUMMARY:Réunion d'équipe\n")));
  expect_text(c.closures, R"([{"rrule":"FREQ=WEEKLY;BYDAY=MO","duration_minutes":120,)"
                                       R"("dtstart":"2026-01-05T12:00:00","exdates":["2026-04-06","2026-05-25"],)"
                                       R"("tz":"Europe/Paris","label":"Réunion d'équipe"}])");
  expect_no_warning(c);
}
END_TEST

START_TEST(utc_rule_and_exdate_move_to_the_local_date) {
  // Every 31 December 23:30Z for an hour: 00:30 on 1 January in Paris, so
  // the EXDATE of 2027-12-31T23:30Z skips the occurrence of 2028-01-01.
  const std::string ics = calendar(event("DTSTART:20261231T233000Z\nDTEND:20270101T003000Z\nRRULE:FREQ=YEARLY\n"
                                         "EXDATE:20271231T233000Z\n"));
  expect_text(convert(ics).closures,
                   R"([{"rrule":"FREQ=YEARLY","duration_minutes":60,"dtstart":"2026-12-31T23:30:00",)"
                   R"("exdates":["2027-12-31"],"tz":"UTC"}])");
  const Converted paris = convert(ics, "Europe/Paris");
  expect_text(paris.closures,
                   R"([{"rrule":"FREQ=YEARLY","duration_minutes":60,"dtstart":"2027-01-01T00:30:00",)"
                   R"("exdates":["2028-01-01"],"tz":"Europe/Paris"}])");
  // The rule now follows Paris's clock: an hour apart in summer, said once.
  expect_one_warning(paris, {"recurs on the wall clock of Europe/Paris"});
  // A rule that sets times of day cannot be moved to another clock.
  const Converted byhour = convert(calendar(event("UID:r\nDTSTART:20260105T080000Z\nDTEND:20260105T090000Z\n"
                                                  "RRULE:FREQ=WEEKLY;BYDAY=MO;BYHOUR=8\n")),
                                   "Europe/Paris");
  expect_text(byhour.closures, "[]");
  expect_one_warning(byhour, {"UID 'r'", "BYHOUR", "without --tz", "skipped"});
}
END_TEST

START_TEST(rule_duration_bounds) {
  // An all-day rule of two weeks (20160 minutes) is kept; one of 367 days
  // (more than 527040 minutes) is skipped.
  const Converted c = convert(calendar(event("DTSTART;VALUE=DATE:20260803\nDTEND;VALUE=DATE:20260817\n"
                                             "RRULE:FREQ=YEARLY;COUNT=3\n") +
                                       event("UID:long\nDTSTART;VALUE=DATE:20260101\nDURATION:P367D\n"
                                             "RRULE:FREQ=YEARLY;INTERVAL=2\n")));
  expect_text(c.closures, R"([{"rrule":"FREQ=YEARLY;COUNT=3","duration_minutes":20160,)"
                                       R"("dtstart":"2026-08-03T00:00:00"}])");
  expect_one_warning(c, {"UID 'long'", "366", "skipped"});
}
END_TEST

START_TEST(rules_the_engine_refuses_are_skipped) {
  // BYMONTHDAY=30 in February never occurs; FREQ=SECONDLY is not read.
  const Converted c = convert(calendar(event("UID:never\nDTSTART;VALUE=DATE:20260201\n"
                                             "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30\n") +
                                       event("UID:often\nDTSTART:20260201T000000\nDTEND:20260201T000100\n"
                                             "RRULE:FREQ=SECONDLY\n")));
  expect_text(c.closures, "[]");
  ck_assert_int_eq(c.warnings.size(), 2);
  ck_assert_msg(contains(c.warnings[0], "UID 'never'"), "%s", c.warnings[0].c_str());
  ck_assert_msg(contains(c.warnings[1], "UID 'often'") && contains(c.warnings[1], "SECONDLY"), "%s",
                c.warnings[1].c_str());
}
END_TEST

START_TEST(a_rule_that_ends_before_it_occurs_is_skipped) {
  // Tuesday 29 December, every Monday until the 31st: the first Monday is
  // 4 January, after UNTIL. No occurrence, so no closure.
  const Converted c = convert(calendar(event("UID:jamais\nDTSTART;VALUE=DATE:20261229\n"
                                             "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231T235959Z\n") +
                                       event("DTSTART;VALUE=DATE:20261228\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2\n")));
  expect_text(c.closures, R"([{"rrule":"FREQ=WEEKLY;COUNT=2;BYDAY=MO","duration_minutes":1440,)"
                          R"("dtstart":"2026-12-28T00:00:00"}])");
  expect_one_warning(c, {"UID 'jamais'", "UNTIL", "skipped"});
}
END_TEST

START_TEST(rdate_ignored_with_a_warning) {
  const Converted c = convert(calendar(event("UID:pont\nDTSTART;VALUE=DATE:20260515\nRDATE;VALUE=DATE:20261112\n"
                                             "SUMMARY:Pont\n")));
  expect_text(c.closures, R"([{"date":"2026-05-15","label":"Pont"}])");
  expect_one_warning(c, {"UID 'pont'", "RDATE"});
}
END_TEST

// ---------------------------------------------------------------- events skipped

START_TEST(cancelled_events_are_skipped) {
  const Converted c = convert(calendar(event("UID:annule\nSTATUS:CANCELLED\nDTSTART;VALUE=DATE:20261224\n"
                                             "SUMMARY:Fermeture annulée\n") +
                                       event("STATUS:CONFIRMED\nDTSTART;VALUE=DATE:20261225\n")));
  expect_text(c.closures, R"([{"date":"2026-12-25"}])");
  expect_one_warning(c, {"UID 'annule'", "SUMMARY 'Fermeture annulée'", "CANCELLED", "skipped"});
}
END_TEST

START_TEST(events_without_dtstart_or_ending_first_are_skipped) {
  const Converted c = convert(calendar(event("UID:sans-date\nSUMMARY:Quand ?\n") +
                                       event("UID:a-l-envers\nDTSTART;TZID=Europe/Paris:20261224T180000\n"
                                             "DTEND;TZID=Europe/Paris:20261224T120000\n") +
                                       event("SUMMARY:Après\nDTSTART;VALUE=DATE:20261226\n"
                                             "DTEND;VALUE=DATE:20261224\n")));
  expect_text(c.closures, "[]");
  ck_assert_int_eq(c.warnings.size(), 3);
  ck_assert_msg(contains(c.warnings[0], "UID 'sans-date'") && contains(c.warnings[0], "SUMMARY 'Quand ?'") &&
                    contains(c.warnings[0], "no DTSTART"),
                "%s", c.warnings[0].c_str());
  ck_assert_msg(contains(c.warnings[1], "UID 'a-l-envers'") && contains(c.warnings[1], "DTEND is before DTSTART"),
                "%s", c.warnings[1].c_str());
  ck_assert_msg(contains(c.warnings[2], "SUMMARY 'Après'") && contains(c.warnings[2], "is before DTSTART"), "%s",
                c.warnings[2].c_str());
}
END_TEST

START_TEST(values_libical_cannot_read_skip_the_event) {
  // 13th month, 25th hour: the event is named and skipped, the rest kept.
  const Converted c = convert(calendar(event("UID:bad\nDTSTART:20261345T250000\nDTEND:20261346T010000\n") +
                                       event("DTSTART;VALUE=DATE:20261225\n")));
  expect_text(c.closures, R"([{"date":"2026-12-25"}])");
  expect_one_warning(c, {"UID 'bad'", "DTSTART", "skipped"});
}
END_TEST

// ---------------------------------------------------------------- labels

START_TEST(labels_unescaped_unfolded_and_cut) {
  // RFC 5545 escapes and folding: "\," is a comma, "\n" a line break (said
  // as a space), a folded line continues after one space.
  const Converted c = convert(calendar(event("DTSTART;VALUE=DATE:20261111\n"
                                             "SUMMARY:Armistice 1918\\, 11 novembre\\nCommémoration\n") +
                                       event("DTSTART;VALUE=DATE:20260501\nSUMMARY:F\xC3\xAAte \n du travail\n")));
  expect_text(c.closures, R"([{"date":"2026-11-11","label":"Armistice 1918, 11 novembre Commémoration"},)"
                                       R"({"date":"2026-05-01","label":"Fête du travail"}])");

  // 'a' then 150 'é' (2 bytes each, 301 bytes): cut at 200 bytes, which
  // falls inside the 100th 'é', so 'a' and 99 of them remain (199 bytes).
  std::string long_summary = "a";
  for (int i = 0; i < 150; ++i) long_summary += "\xC3\xA9";
  std::string kept = "a";
  for (int i = 0; i < 99; ++i) kept += "\xC3\xA9";
  const Converted cut = convert(calendar(event("DTSTART;VALUE=DATE:20261225\nSUMMARY:" + long_summary + "\n")));
  expect_text(cut.closures, (R"([{"date":"2026-12-25","label":")" + kept + R"("}])"));
  expect_one_warning(cut, {"cut to 200 bytes"});

  // Latin-1 text is not UTF-8: the byte becomes U+FFFD. A blank SUMMARY
  // gives no label.
  const Converted latin1 = convert(calendar(event("DTSTART;VALUE=DATE:20261225\nSUMMARY:No\xEBl\n") +
                                            event("DTSTART;VALUE=DATE:20261226\nSUMMARY:   \n")));
  expect_text(latin1.closures,
                   "[{\"date\":\"2026-12-25\",\"label\":\"No\xEF\xBF\xBDl\"},{\"date\":\"2026-12-26\"}]");
}
END_TEST

START_TEST(a_very_long_summary_is_cut_not_refused) {
  // Longer than the 4096 bytes a line may have: still one label.
  const std::string summary(10000, 'x');
  const Converted c = convert(calendar(event("DTSTART;VALUE=DATE:20261225\nSUMMARY:" + summary + "\n")));
  expect_text(c.closures, (R"([{"date":"2026-12-25","label":")" + std::string(200, 'x') + R"("}])"));
}
END_TEST

// ---------------------------------------------------------------- the file as a whole

START_TEST(what_is_not_icalendar_is_refused) {
  ck_assert(contains(refusal("Jour de l'an: 1er janvier\nNoël: 25 décembre\n"), "not an iCalendar file"));
  ck_assert(contains(refusal(""), "not an iCalendar file"));
  ck_assert(contains(refusal(R"({"closures": []})"), "not an iCalendar file"));
  // Cut short, unpaired, or with text after the calendar.
  ck_assert(contains(refusal(crlf("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\n")), "never closed"));
  ck_assert(contains(refusal(crlf("BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n")),
                     "line 3: END:VCALENDAR does not close BEGIN:VEVENT (line 2)"));
  ck_assert(contains(refusal(calendar("") + "garbage\n"), "content after END:VCALENDAR"));
}
END_TEST

START_TEST(an_empty_calendar_gives_an_empty_list) {
  // The command refuses it (no usable VEVENT); the conversion says how many there were.
  auto result = tenantctl::closures_from_ics(calendar(""), std::nullopt);
  ck_assert(result.ok());
  ck_assert_int_eq(result->events, 0);
  expect_text(tenant::json_text(result->closures.get()), "[]");
}
END_TEST

START_TEST(at_most_100_closures) {
  std::string events;
  for (int i = 0; i < 101; ++i) {
    const std::int64_t day = tenant::days_from_civil(2026, 1, 1) + i;
    std::int64_t y;
    unsigned m, d;
    tenant::civil_from_days(day, y, m, d);
    char date[16];
    std::snprintf(date, sizeof date, "%04lld%02u%02u", static_cast<long long>(y), m, d);
    events += event(std::string("DTSTART;VALUE=DATE:") + date + "\n");
  }
  ck_assert_msg(contains(refusal(calendar(events)), "gives 101 closures"), "%s", refusal(calendar(events)).c_str());
  // 100 are a list; cancelled events do not count.
  const std::string cancelled = event("STATUS:CANCELLED\nDTSTART;VALUE=DATE:20270101\n");
  const std::string hundred = events.substr(0, events.rfind("BEGIN:VEVENT")) + cancelled;
  auto result = tenantctl::closures_from_ics(calendar(hundred), std::nullopt);
  ck_assert_msg(result.ok(), "%s", result.ok() ? "" : result.error().c_str());
  ck_assert_int_eq(cJSON_GetArraySize(result->closures.get()), 100);
}
END_TEST

START_TEST(nul_bytes_and_size_are_refused) {
  std::string text = calendar(event("DTSTART;VALUE=DATE:20261225\n"));
  text.insert(text.find("DTSTART"), 1, '\0');
  ck_assert(contains(refusal(text), "line 7 holds a NUL byte"));
  // UTF-16, as some Windows tools save: said so.
  const std::string utf16("\xFF\xFE" "B\0E\0G\0", 8);
  ck_assert(contains(refusal(utf16), "UTF-16"));
  ck_assert(contains(refusal(std::string(tenantctl::kMaxIcsBytes + 1, ' ')), "at most 4194304"));
}
END_TEST

START_TEST(bad_tz_is_refused) {
  ck_assert(contains(refusal(calendar(""), "Europe/Pariss"), "--tz"));
}
END_TEST

START_TEST(the_list_is_valid_in_a_tenant_document) {
  // What the command prints goes into features.refer.closures as it is:
  // every form, with and without --tz, passes tenantctl validate's rules.
  const std::string more = calendar(
      event("DTSTART;TZID=Europe/Paris:20260105T120000\nDTEND;TZID=Europe/Paris:20260105T140000\n"
            "RRULE:FREQ=WEEKLY;BYDAY=MO\nEXDATE;TZID=Europe/Paris:20260406T120000\n") +
      event("DTSTART:20261224T130000Z\nDTEND:20261224T170000Z\n") +
      event("DTSTART;VALUE=DATE:20260803\nDTEND;VALUE=DATE:20260817\n") +
      event("DTSTART;VALUE=DATE:20240501\nRRULE:FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1\nEXDATE;VALUE=DATE:20270501\n"));
  const std::optional<std::string> none, paris("Europe/Paris");
  for (const std::optional<std::string>& tz : {none, paris}) {
    tenant::JsonDoc list(cJSON_CreateArray());
    for (const std::string& ics : {std::string(kFrenchHolidays2026), more}) {
      auto result = tenantctl::closures_from_ics(ics, tz);
      ck_assert(result.ok());
      for (const cJSON* entry = result->closures->child; entry; entry = entry->next)
        cJSON_AddItemToArray(list.get(), cJSON_Duplicate(entry, true));
    }
    ck_assert_int_eq(cJSON_GetArraySize(list.get()), 11);
    const std::string features =
        R"({"refer":{"enabled":true,"closures":)" + tenant::json_text(list.get()) +
        R"(,"destinations":[{"destination_id":"commercial","label":"Mme Gogny","target_uri":"tel:+33240000001",)"
        R"("description_for_model":"Sales","enabled":true,"priority":1}]}})";
    const auto config =
        tenant::TenantConfig::from_json_text(fixtures::tenant_doc("tenant-ics", "active", "Tenant", features));
    ck_assert_msg(config.ok(), "%s", config.ok() ? "" : config.error().c_str());
    for (const auto& p : config->problems)
      ck_assert_msg(p.severity == tenant::Problem::Severity::warning, "%s", p.to_string().c_str());
  }
}
END_TEST

// ---------------------------------------------------------------- the command

START_TEST(command_prints_one_object) {
  const std::string path = file_with("fr-2026.ics", crlf(kFrenchHolidays2026));
  const Run r = run_tenantctl({"closures", "from-ics", path});
  ck_assert_msg(r.status == 0, "exit %d, stderr: %s", r.status, r.err.c_str());
  expect_text(r.out, (std::string(R"({"closures":)") + kFrenchHolidays2026Closures + "}\n"));
  expect_text(r.err, "");
  // Standard input, and --tz=ZONE.
  const Run in = run_tenantctl({"closures", "from-ics", "--tz=Europe/Paris", "-"},
                           calendar(event("DTSTART:20261224T130000Z\nDTEND:20261224T170000Z\n")));
  ck_assert_msg(in.status == 0, "exit %d, stderr: %s", in.status, in.err.c_str());
  expect_text(in.out,
                   R"({"closures":[{"start":"2026-12-24T14:00:00","end":"2026-12-24T18:00:00","tz":"Europe/Paris"}]})"
                   "\n");
}
END_TEST

START_TEST(command_warnings_go_to_stderr) {
  const std::string path = file_with("cancelled.ics", calendar(event("UID:annule\nSTATUS:CANCELLED\n"
                                                                     "DTSTART;VALUE=DATE:20261224\n") +
                                                               event("DTSTART;VALUE=DATE:20261225\n")));
  const Run r = run_tenantctl({"closures", "from-ics", path});
  ck_assert_int_eq(r.status, 0);
  expect_text(r.out, "{\"closures\":[{\"date\":\"2026-12-25\"}]}\n");
  ck_assert_msg(starts_with(r.err, "warning: VEVENT at line 5 (UID 'annule'): STATUS:CANCELLED; skipped\n"), "%s",
                r.err.c_str());
  ck_assert_int_eq(std::count(r.err.begin(), r.err.end(), '\n'), 1);
}
END_TEST

START_TEST(command_refuses_files) {
  expect_invalid(run_tenantctl({"closures", "from-ics", file_with("garbage.ics", "Ceci n'est pas un calendrier.\n")}),
                 "not an iCalendar file");
  expect_invalid(run_tenantctl({"closures", "from-ics", file_with("empty.ics", calendar(""))}), "holds no VEVENT");
  const Run all_skipped =
      run_tenantctl({"closures", "from-ics",
                     file_with("skipped.ics", calendar(event("STATUS:CANCELLED\nDTSTART:20261224T120000\n")))});
  ck_assert_int_eq(all_skipped.status, 1);
  expect_text(all_skipped.out, "");
  ck_assert_msg(starts_with(all_skipped.err, "warning: ") && contains(all_skipped.err, "\nerror: ") &&
                    contains(all_skipped.err, "none of its 1 VEVENTs can be used"),
                "%s", all_skipped.err.c_str());

  std::string events;
  for (int i = 0; i < 101; ++i)  // 1 to 28 January, February, March, then 1 to 17 April
    events += event("DTSTART;VALUE=DATE:" + std::to_string(20260101 + i % 28 + (i / 28) * 100) + "\n");
  const std::string many = file_with("many.ics", calendar(events));
  expect_invalid(run_tenantctl({"closures", "from-ics", many}), "gives 101 closures");

  std::string nul = calendar(event("DTSTART;VALUE=DATE:20261225\n"));
  nul[20] = '\0';
  expect_invalid(run_tenantctl({"closures", "from-ics", file_with("nul.ics", nul)}), "NUL byte");
  const std::string big = file_with("big.ics", std::string(tenantctl::kMaxIcsBytes + 1, '\n'));
  expect_invalid(run_tenantctl({"closures", "from-ics", big}), "larger than 4194304 bytes");
  expect_invalid(run_tenantctl({"closures", "from-ics", g_dir + "/absent.ics"}), "No such file or directory");
  expect_invalid(run_tenantctl({"closures", "from-ics", g_dir}), "Is a directory");
}
END_TEST

START_TEST(command_usage) {
  const std::string path = file_with("one.ics", calendar(event("DTSTART;VALUE=DATE:20261225\n")));
  expect_usage(run_tenantctl({"closures", "from-ics", path, "--tz", "Europe/Pariss"}), "--tz");
  expect_usage(run_tenantctl({"closures", "from-ics", path, "--tz"}), "--tz needs a value");
  expect_usage(run_tenantctl({"closures"}), "from-ics");
  expect_usage(run_tenantctl({"closures", "to-ics", path}), "unknown closures command 'to-ics'");
  expect_usage(run_tenantctl({"closures", "from-ics"}), "needs a FILE");
  expect_usage(run_tenantctl({"closures", "from-ics", path, path}), "one FILE");
  expect_usage(run_tenantctl({"closures", "from-ics", path, "--zone", "UTC"}), "unknown option --zone");

  for (const std::vector<std::string>& args : {std::vector<std::string>{"closures", "--help"},
                                               std::vector<std::string>{"closures", "from-ics", "--help"}}) {
    const Run help = run_tenantctl(args);
    ck_assert_int_eq(help.status, 0);
    ck_assert_msg(starts_with(help.out, "usage: tenantctl closures from-ics FILE"), "%s", help.out.c_str());
    expect_text(help.err, "");
  }
  ck_assert(contains(run_tenantctl({"closures", "from-ics", "--help"}).out, "--tz ZONE"));
  ck_assert(contains(run_tenantctl({"--help"}).out, "  closures"));
}
END_TEST

Suite* closures_from_ics_suite() {
  Suite* s = suite_create("closures_from_ics");

  TCase* all_day = tcase_create("all_day");
  tcase_add_test(all_day, french_public_holidays_as_published);
  tcase_add_test(all_day, several_days_become_a_span_dtend_excluded);
  tcase_add_test(all_day, all_day_duration_in_days);
  tcase_add_test(all_day, all_day_dtend_equal_to_dtstart_is_one_day);
  tcase_add_test(all_day, with_tz_every_entry_names_the_zone);
  suite_add_tcase(s, all_day);

  TCase* timed = tcase_create("timed");
  tcase_add_test(timed, timed_event_with_tzid_keeps_its_zone);
  tcase_add_test(timed, utc_event_without_and_with_tz);
  tcase_add_test(timed, tzid_converted_to_another_zone);
  tcase_add_test(timed, floating_times_have_no_zone);
  tcase_add_test(timed, duration_instead_of_dtend);
  tcase_add_test(timed, unknown_tzid_skipped_or_read_in_tz);
  suite_add_tcase(s, timed);

  TCase* recurring = tcase_create("recurring");
  tcase_add_test(recurring, yearly_with_exdate);
  tcase_add_test(recurring, weekly_timed_rule_with_exdates_in_its_zone);
  tcase_add_test(recurring, utc_rule_and_exdate_move_to_the_local_date);
  tcase_add_test(recurring, rule_duration_bounds);
  tcase_add_test(recurring, rules_the_engine_refuses_are_skipped);
  tcase_add_test(recurring, a_rule_that_ends_before_it_occurs_is_skipped);
  tcase_add_test(recurring, rdate_ignored_with_a_warning);
  suite_add_tcase(s, recurring);

  TCase* skipped = tcase_create("skipped");
  tcase_add_test(skipped, cancelled_events_are_skipped);
  tcase_add_test(skipped, events_without_dtstart_or_ending_first_are_skipped);
  tcase_add_test(skipped, values_libical_cannot_read_skip_the_event);
  suite_add_tcase(s, skipped);

  TCase* labels = tcase_create("labels");
  tcase_add_test(labels, labels_unescaped_unfolded_and_cut);
  tcase_add_test(labels, a_very_long_summary_is_cut_not_refused);
  suite_add_tcase(s, labels);

  TCase* file = tcase_create("file");
  tcase_add_test(file, what_is_not_icalendar_is_refused);
  tcase_add_test(file, an_empty_calendar_gives_an_empty_list);
  tcase_add_test(file, at_most_100_closures);
  tcase_add_test(file, nul_bytes_and_size_are_refused);
  tcase_add_test(file, bad_tz_is_refused);
  tcase_add_test(file, the_list_is_valid_in_a_tenant_document);
  suite_add_tcase(s, file);

  TCase* command = tcase_create("command");
  tcase_add_test(command, command_prints_one_object);
  tcase_add_test(command, command_warnings_go_to_stderr);
  tcase_add_test(command, command_refuses_files);
  tcase_add_test(command, command_usage);
  suite_add_tcase(s, command);

  // Zones load once per process (up to 100 ms each), and the command tests
  // start processes: sanitizer builds are slow at both.
  for (TCase* tc : {all_day, timed, recurring, skipped, labels, file, command}) tcase_set_timeout(tc, 60);
  return s;
}

int main() {
  char pattern[] = "/tmp/check_closures_from_ics.XXXXXX";
  const char* dir = mkdtemp(pattern);
  if (!dir) {
    std::perror("mkdtemp");
    return EXIT_FAILURE;
  }
  g_dir = dir;
  const int status = run_suite(closures_from_ics_suite());
  remove_dir(g_dir);
  return status;
}
