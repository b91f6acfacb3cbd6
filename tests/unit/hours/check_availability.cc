// The effective calendar of a destination: business hours with closures,
// one-off openings and overrides, under the precedence rule (override, then
// closures, then openings, then business hours).
//
// Reference facts every expectation below is computed from by hand:
//  - Europe/Paris is UTC+1 (CET) in winter and UTC+2 (CEST) in summer. In
//    2026 the clocks go forward on Sunday 29 March at 01:00Z (02:00 CET
//    becomes 03:00 CEST) and back on Sunday 25 October at 01:00Z (03:00 CEST
//    becomes 02:00 CET); in 2027 on 28 March and 31 October.
//  - America/Cayenne is UTC-3 all year.
//  - 2026-12-24 is a Thursday, 2026-12-25 a Friday, 2026-12-28 a Monday;
//    2026-05-01 is a Friday, 2026-05-04 a Monday; 2027-05-01 a Saturday;
//    2026-12-19 a Saturday, 2026-12-08 a Tuesday, 2026-12-21 a Monday.
//  - A closure or an opening ends on the wall clock: a closed day lasts from
//    00:00 local to the next 00:00 local (23 hours on 29 March 2026, 25 on
//    25 October 2026).
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "core/hours/availability.hh"
#include "core/routing/destination_rules.hh"
#include "core/routing/destination_state.hh"
#include "core/tenant/tenant_config.hh"
#include "test_support.hh"

using tenant::Availability;
using tenant::AvailabilityCause;
using tenant::AvailabilitySpec;
using tenant::AvailabilityState;
using tenant::BusinessHoursSpec;
using tenant::CalendarEntrySpec;
using tenant::OverrideSpec;
using tenant::Schedule;
using tenant::WindowSpec;

namespace {

// 09:00-12:00 and 14:00-18:00, Monday to Friday, Paris: an office with a
// lunch break.
std::shared_ptr<const Schedule> lunch_break_office(const char* tz = "Europe/Paris") {
  BusinessHoursSpec spec;
  spec.tz = tz;
  spec.rrule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0";
  spec.duration_minutes = 180;
  spec.windows.push_back(WindowSpec{"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=14;BYMINUTE=0", 240, std::nullopt});
  auto compiled = Schedule::compile(spec);
  ck_assert_msg(compiled.ok(), "%s", compiled.error().c_str());
  return compiled.value();
}

CalendarEntrySpec day(const char* date, const char* label = nullptr) {
  CalendarEntrySpec e;
  e.date = std::string(date);
  if (label) e.label = std::string(label);
  return e;
}

CalendarEntrySpec span(const char* start, const char* end, const char* label = nullptr) {
  CalendarEntrySpec e;
  e.start = std::string(start);
  e.end = std::string(end);
  if (label) e.label = std::string(label);
  return e;
}

CalendarEntrySpec every(const char* rrule, int minutes, const char* label = nullptr) {
  CalendarEntrySpec e;
  e.rrule = std::string(rrule);
  e.duration_minutes = minutes;
  if (label) e.label = std::string(label);
  return e;
}

OverrideSpec override_of(bool open, const char* until, const char* label = nullptr) {
  OverrideSpec o;
  o.open = open;
  if (until) o.until = at(until);
  if (label) o.label = std::string(label);
  return o;
}

std::shared_ptr<const Availability> compile(const AvailabilitySpec& spec) {
  auto compiled = Availability::compile(spec);
  ck_assert_msg(compiled.ok(), "%s", compiled.error().c_str());
  return compiled.value();
}

AvailabilitySpec office_spec() {
  AvailabilitySpec spec;
  spec.zone = "Europe/Paris";
  spec.hours = lunch_break_office();
  return spec;
}

const char* label_of(const AvailabilityState& s) { return s.label ? s.label->c_str() : "(none)"; }

void expect_state(const Availability& a, const char* instant, bool open, AvailabilityCause cause,
                  const char* label = "(none)") {
  const AvailabilityState s = a.state_at(at(instant));
  ck_assert_msg(s.open == open && s.cause == cause && std::string(label_of(s)) == label,
                "at %s: expected %s by %s (label %s), got %s by %s (label %s)", instant, open ? "open" : "closed",
                tenant::cause_name(cause), label, s.open ? "open" : "closed", tenant::cause_name(s.cause),
                label_of(s));
}

void expect_instant(std::optional<tenant::UnixSeconds> got, const char* expected, const char* what) {
  ck_assert_msg(got.has_value(), "%s: expected %s, got nothing", what, expected);
  ck_assert_msg(*got == at(expected), "%s: expected %s, got %s", what, expected,
                tenant::format_rfc3339_utc(*got).c_str());
}

}  // namespace

// ---------------------------------------------------------------- closures

START_TEST(christmas_as_a_dated_closure) {
  AvailabilitySpec spec = office_spec();
  spec.closures = {day("2026-12-25", "Noël")};
  const auto a = compile(spec);
  // Thursday 24, 10:00 Paris: the office is open.
  expect_state(*a, "2026-12-24T09:00:00Z", true, AvailabilityCause::hours);
  // The closure starts at 25 December 00:00 Paris = 24 December 23:00Z.
  expect_state(*a, "2026-12-24T22:59:59Z", false, AvailabilityCause::hours);
  expect_state(*a, "2026-12-24T23:00:00Z", false, AvailabilityCause::closure, "Noël");
  // Friday 25, 10:00 Paris: the hours would be open; the closure wins.
  expect_state(*a, "2026-12-25T09:00:00Z", false, AvailabilityCause::closure, "Noël");
  expect_state(*a, "2026-12-25T22:59:59Z", false, AvailabilityCause::closure, "Noël");
  expect_state(*a, "2026-12-25T23:00:00Z", false, AvailabilityCause::hours);
}
END_TEST

START_TEST(next_open_across_a_holiday_weekend) {
  AvailabilitySpec spec = office_spec();
  spec.closures = {day("2026-12-25", "Noël")};
  const auto a = compile(spec);
  // Thursday 24 at 18:00 Paris the office closes; Friday is Christmas, then
  // the weekend: Monday 28 December 09:00 CET = 08:00Z.
  expect_instant(a->next_open(at("2026-12-24T17:00:00Z")), "2026-12-28T08:00:00Z", "next_open from Thursday evening");
  expect_instant(a->next_open(at("2026-12-25T09:00:00Z")), "2026-12-28T08:00:00Z", "next_open on Christmas");
  // While open, the next change is the end of the window: 18:00 Paris.
  expect_instant(a->next_change(at("2026-12-24T16:00:00Z")), "2026-12-24T17:00:00Z", "next_change Thursday");
  // Easter Monday 2027 (29 March) closed: from Friday 26 March 18:00 CET,
  // the next opening is Tuesday 30 March 09:00 CEST (DST began on Sunday
  // 28 March) = 07:00Z.
  spec.closures = {day("2027-03-29", "Lundi de Pâques")};
  const auto easter = compile(spec);
  expect_instant(easter->next_open(at("2027-03-26T17:00:00Z")), "2027-03-30T07:00:00Z", "next_open over Easter");
}
END_TEST

START_TEST(first_of_may_as_a_recurring_closure) {
  AvailabilitySpec spec = office_spec();
  spec.closures = {every("FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1", 1440, "Fête du travail")};
  const auto a = compile(spec);
  // Friday 1 May 2026, 10:00 CEST = 08:00Z; the day starts 30 April 22:00Z.
  expect_state(*a, "2026-04-30T21:59:59Z", false, AvailabilityCause::hours);
  expect_state(*a, "2026-04-30T22:00:00Z", false, AvailabilityCause::closure, "Fête du travail");
  expect_state(*a, "2026-05-01T08:00:00Z", false, AvailabilityCause::closure, "Fête du travail");
  expect_state(*a, "2026-05-01T22:00:00Z", false, AvailabilityCause::hours);
  // Thursday 30 April 18:00 CEST closes; Friday is 1 May: Monday 4 May
  // 09:00 CEST = 07:00Z.
  expect_instant(a->next_open(at("2026-04-30T16:00:00Z")), "2026-05-04T07:00:00Z", "next_open over 1 May");
  // 2027: a Saturday. The hours are closed anyway; the closure decides first.
  expect_state(*a, "2027-05-01T08:00:00Z", false, AvailabilityCause::closure, "Fête du travail");
  // Thirty years on, the same: the cost of the answer does not grow.
  expect_state(*a, "2056-05-01T08:00:00Z", false, AvailabilityCause::closure, "Fête du travail");
}
END_TEST

START_TEST(closure_days_on_dst_changes) {
  AvailabilitySpec spec;
  spec.zone = "Europe/Paris";  // no business hours: open but for closures
  spec.closures = {day("2026-03-29", "printemps"), day("2026-10-25", "automne")};
  const auto a = compile(spec);
  // 29 March: 00:00 CET = 28 March 23:00Z to 30 March 00:00 CEST = 29 March 22:00Z: 23 hours.
  expect_state(*a, "2026-03-28T22:59:59Z", true, AvailabilityCause::always);
  expect_state(*a, "2026-03-28T23:00:00Z", false, AvailabilityCause::closure, "printemps");
  expect_state(*a, "2026-03-29T21:59:59Z", false, AvailabilityCause::closure, "printemps");
  expect_state(*a, "2026-03-29T22:00:00Z", true, AvailabilityCause::always);
  // 25 October: 00:00 CEST = 24 October 22:00Z to 26 October 00:00 CET = 25 October 23:00Z: 25 hours.
  expect_state(*a, "2026-10-24T21:59:59Z", true, AvailabilityCause::always);
  expect_state(*a, "2026-10-24T22:00:00Z", false, AvailabilityCause::closure, "automne");
  expect_state(*a, "2026-10-25T22:59:59Z", false, AvailabilityCause::closure, "automne");
  expect_state(*a, "2026-10-25T23:00:00Z", true, AvailabilityCause::always);
  const auto segments = a->segments(at("2026-10-24T00:00:00Z"), at("2026-10-27T00:00:00Z"));
  ck_assert_uint_eq(segments.size(), 3);
  ck_assert_int_eq(segments[1].end - segments[1].start, 25 * 3600);

  // A recurring closure of 1440 minutes on the last Sunday of March ends at
  // the next local midnight too: 2027-03-28, 23 hours.
  AvailabilitySpec yearly;
  yearly.zone = "Europe/Paris";
  yearly.closures = {every("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", 1440, "inventaire")};
  const auto y = compile(yearly);
  expect_state(*y, "2027-03-27T22:59:59Z", true, AvailabilityCause::always);
  expect_state(*y, "2027-03-27T23:00:00Z", false, AvailabilityCause::closure, "inventaire");
  expect_state(*y, "2027-03-28T21:59:59Z", false, AvailabilityCause::closure, "inventaire");
  expect_state(*y, "2027-03-28T22:00:00Z", true, AvailabilityCause::always);
}
END_TEST

START_TEST(closure_spanning_a_dst_change) {
  AvailabilitySpec spec;
  spec.zone = "Europe/Paris";
  // Saturday 24 October 18:00 CEST (16:00Z) to Monday 26 October 08:00 CET (07:00Z).
  spec.closures = {span("2026-10-24T18:00:00", "2026-10-26T08:00:00", "déménagement")};
  const auto a = compile(spec);
  expect_state(*a, "2026-10-24T15:59:59Z", true, AvailabilityCause::always);
  expect_state(*a, "2026-10-24T16:00:00Z", false, AvailabilityCause::closure, "déménagement");
  expect_state(*a, "2026-10-26T06:59:59Z", false, AvailabilityCause::closure, "déménagement");
  expect_state(*a, "2026-10-26T07:00:00Z", true, AvailabilityCause::always);
  // 38 hours on the clock, 39 in real time (the night gains an hour).
  expect_instant(a->next_open(at("2026-10-25T12:00:00Z")), "2026-10-26T07:00:00Z", "next_open after the move");
}
END_TEST

START_TEST(exdates_skip_an_occurrence) {
  AvailabilitySpec spec = office_spec();
  CalendarEntrySpec wednesdays = every("FREQ=WEEKLY;BYDAY=WE", 1440, "fermé le mercredi");
  wednesdays.exdates = {"2026-12-23"};
  spec.closures = {wednesdays};
  const auto a = compile(spec);
  expect_state(*a, "2026-12-16T09:00:00Z", false, AvailabilityCause::closure, "fermé le mercredi");
  expect_state(*a, "2026-12-23T09:00:00Z", true, AvailabilityCause::hours);
  expect_state(*a, "2026-12-30T09:00:00Z", false, AvailabilityCause::closure, "fermé le mercredi");
}
END_TEST

START_TEST(an_entry_in_its_own_zone) {
  AvailabilitySpec spec;
  spec.zone = "Europe/Paris";
  CalendarEntrySpec evening = span("2026-12-31T18:00:00", "2027-01-01T00:00:00", "New Year's Eve");
  evening.tz = std::string("UTC");
  spec.closures = {evening};
  const auto a = compile(spec);
  expect_state(*a, "2026-12-31T17:59:59Z", true, AvailabilityCause::always);
  expect_state(*a, "2026-12-31T18:00:00Z", false, AvailabilityCause::closure, "New Year's Eve");
  expect_state(*a, "2026-12-31T23:59:59Z", false, AvailabilityCause::closure, "New Year's Eve");
  expect_state(*a, "2027-01-01T00:00:00Z", true, AvailabilityCause::always);
}
END_TEST

// ---------------------------------------------------------------- openings and overrides

START_TEST(a_saturday_opening) {
  AvailabilitySpec spec = office_spec();
  spec.openings = {span("2026-12-19T09:00:00", "2026-12-19T12:00:00", "Samedi avant Noël")};
  const auto a = compile(spec);
  // Saturday 19 December, 09:00-12:00 CET = 08:00Z-11:00Z.
  expect_state(*a, "2026-12-19T07:59:59Z", false, AvailabilityCause::hours);
  expect_state(*a, "2026-12-19T08:00:00Z", true, AvailabilityCause::opening, "Samedi avant Noël");
  expect_state(*a, "2026-12-19T10:59:59Z", true, AvailabilityCause::opening, "Samedi avant Noël");
  expect_state(*a, "2026-12-19T11:00:00Z", false, AvailabilityCause::hours);
  // Friday 18 at 18:00 Paris: the next opening is the Saturday morning.
  expect_instant(a->next_open(at("2026-12-18T17:00:00Z")), "2026-12-19T08:00:00Z", "next_open Friday evening");
  expect_instant(a->next_change(at("2026-12-19T08:00:00Z")), "2026-12-19T11:00:00Z", "end of the opening");
}
END_TEST

START_TEST(override_before_and_after_until) {
  AvailabilitySpec spec = office_spec();
  spec.overrides = {override_of(false, "2026-12-08T14:00:00Z", "Tempête")};
  const auto a = compile(spec);
  // Tuesday 8 December, 10:00 Paris: the hours are open, the override closes.
  expect_state(*a, "2026-12-08T09:00:00Z", false, AvailabilityCause::override, "Tempête");
  expect_state(*a, "2026-12-08T13:59:59Z", false, AvailabilityCause::override, "Tempête");
  // Past until (15:00 Paris), the afternoon window applies again.
  expect_state(*a, "2026-12-08T14:00:00Z", true, AvailabilityCause::hours);
  expect_instant(a->next_open(at("2026-12-08T09:00:00Z")), "2026-12-08T14:00:00Z", "next_open under the override");
  // An override in the past changes nothing.
  spec.overrides = {override_of(false, "2026-12-01T00:00:00Z", "passé")};
  expect_state(*compile(spec), "2026-12-08T09:00:00Z", true, AvailabilityCause::hours);
  // Without until it holds for ever; open forces open at night.
  spec.overrides = {override_of(true, nullptr, "permanence")};
  const auto open = compile(spec);
  expect_state(*open, "2026-12-08T22:00:00Z", true, AvailabilityCause::override, "permanence");
  expect_state(*open, "2031-06-01T02:00:00Z", true, AvailabilityCause::override, "permanence");
  ck_assert(!open->next_change(at("2026-12-08T22:00:00Z")).has_value());
}
END_TEST

// ---------------------------------------------------------------- precedence

// One row per case of docs/business-hours.md's precedence table, at Monday
// 21 December 2026 10:00 Paris (hours open) or 21:00 (hours closed).
START_TEST(precedence_table) {
  const char* hours_open = "2026-12-21T09:00:00Z";
  const char* hours_closed = "2026-12-21T20:00:00Z";
  const CalendarEntrySpec closed_day = day("2026-12-21", "fermeture");
  const CalendarEntrySpec open_day = span("2026-12-21T00:00:00", "2026-12-22T00:00:00", "ouverture");
  struct Row {
    const char* instant;
    bool hours;
    std::vector<OverrideSpec> overrides;
    std::vector<CalendarEntrySpec> closures;
    std::vector<CalendarEntrySpec> openings;
    bool open;
    AvailabilityCause cause;
    const char* label;
  };
  const std::vector<Row> rows = {
      // override closed beats open hours
      {hours_open, true, {override_of(false, nullptr, "o")}, {}, {}, false, AvailabilityCause::override, "o"},
      // override open beats a closure and closed hours
      {hours_closed, true, {override_of(true, nullptr, "o")}, {closed_day}, {}, true, AvailabilityCause::override, "o"},
      // the destination's override (first) beats the tenant's (second)
      {hours_open, true, {override_of(true, nullptr, "d"), override_of(false, nullptr, "t")}, {}, {}, true,
       AvailabilityCause::override, "d"},
      // a closure beats an opening and open hours
      {hours_open, true, {}, {closed_day}, {open_day}, false, AvailabilityCause::closure, "fermeture"},
      // an opening beats closed hours
      {hours_closed, true, {}, {}, {open_day}, true, AvailabilityCause::opening, "ouverture"},
      // the hours decide when nothing else applies
      {hours_open, true, {}, {}, {}, true, AvailabilityCause::hours, "(none)"},
      {hours_closed, true, {}, {}, {}, false, AvailabilityCause::hours, "(none)"},
      // no business hours: open, but for closures
      {hours_closed, false, {}, {}, {}, true, AvailabilityCause::always, "(none)"},
      {hours_open, false, {}, {closed_day}, {}, false, AvailabilityCause::closure, "fermeture"},
  };
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    AvailabilitySpec spec;
    spec.zone = "Europe/Paris";
    if (r.hours) spec.hours = lunch_break_office();
    spec.overrides = r.overrides;
    spec.closures = r.closures;
    spec.openings = r.openings;
    const auto calendar = compile(spec);  // held: the state's label lives in it
    const AvailabilityState s = calendar->state_at(at(r.instant));
    ck_assert_msg(s.open == r.open && s.cause == r.cause && std::string(label_of(s)) == r.label,
                  "row %zu: expected %s by %s (%s), got %s by %s (%s)", i, r.open ? "open" : "closed",
                  tenant::cause_name(r.cause), r.label, s.open ? "open" : "closed", tenant::cause_name(s.cause),
                  label_of(s));
  }
}
END_TEST

START_TEST(first_closure_in_the_list_names_the_day) {
  // Two closures on the same day: the destination's own (listed first)
  // gives the label.
  AvailabilitySpec spec = office_spec();
  spec.closures = {day("2026-12-24", "inventaire"), day("2026-12-24", "réveillon")};
  expect_state(*compile(spec), "2026-12-24T09:00:00Z", false, AvailabilityCause::closure, "inventaire");
}
END_TEST

// ---------------------------------------------------------------- the calendar's stretches

START_TEST(segments_of_a_day) {
  AvailabilitySpec spec = office_spec();
  spec.closures = {day("2026-12-25", "Noël")};
  const auto a = compile(spec);
  // Thursday 24 December, 00:00 to 24:00 Paris (23:00Z to 23:00Z).
  const auto thursday = a->segments(at("2026-12-23T23:00:00Z"), at("2026-12-24T23:00:00Z"));
  const char* expected[][3] = {{"2026-12-23T23:00:00Z", "2026-12-24T08:00:00Z", "closed"},
                               {"2026-12-24T08:00:00Z", "2026-12-24T11:00:00Z", "open"},
                               {"2026-12-24T11:00:00Z", "2026-12-24T13:00:00Z", "closed"},
                               {"2026-12-24T13:00:00Z", "2026-12-24T17:00:00Z", "open"},
                               {"2026-12-24T17:00:00Z", "2026-12-24T23:00:00Z", "closed"}};
  ck_assert_uint_eq(thursday.size(), 5);
  for (std::size_t i = 0; i < 5; ++i) {
    ck_assert_int_eq(thursday[i].start, at(expected[i][0]));
    ck_assert_int_eq(thursday[i].end, at(expected[i][1]));
    ck_assert_int_eq(thursday[i].state.open, std::string(expected[i][2]) == "open");
    ck_assert(thursday[i].state.cause == AvailabilityCause::hours);
  }
  // Christmas: one stretch, closed for Noël.
  const auto christmas = a->segments(at("2026-12-24T23:00:00Z"), at("2026-12-25T23:00:00Z"));
  ck_assert_uint_eq(christmas.size(), 1);
  ck_assert(christmas[0].state.cause == AvailabilityCause::closure);
  ck_assert_str_eq(label_of(christmas[0].state), "Noël");
}
END_TEST

// ---------------------------------------------------------------- sharing

START_TEST(identical_calendars_are_shared) {
  AvailabilitySpec spec = office_spec();
  spec.closures = {day("2026-12-25", "Noël")};
  const auto a = compile(spec);
  const auto b = compile(spec);
  ck_assert_ptr_eq(a.get(), b.get());
  spec.closures = {day("2026-12-26", "Noël")};
  ck_assert_ptr_ne(compile(spec).get(), a.get());
}
END_TEST

// ---------------------------------------------------------------- through a tenant document

namespace {

std::string tenant_with_two_zones(const std::string& refer_extra) {
  const std::string hours = R"("rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0", "duration_minutes": 480)";
  return fixtures::tenant_doc("tenant-two-zones", "active", "Two zones",
                              R"({"refer": {"enabled": true, )" + refer_extra + R"("destinations": [
      {"destination_id": "paris", "label": "Paris", "target_uri": "tel:+33140000000",
       "description_for_model": "Paris office", "business_hours": {"tz": "Europe/Paris", )" + hours + R"(}},
      {"destination_id": "cayenne", "label": "Cayenne", "target_uri": "tel:+594594000000",
       "description_for_model": "Cayenne office", "business_hours": {"tz": "America/Cayenne", )" + hours + R"(}},
      {"destination_id": "standard", "label": "Standard", "target_uri": "tel:+33140000001",
       "description_for_model": "always there", "closures": [{"date": "2026-12-24", "label": "réveillon"}]}
    ]}})");
}

tenant::TenantConfig load(const std::string& text) {
  auto config = tenant::TenantConfig::from_json_text(text);
  ck_assert_msg(config.ok(), "%s", config.error().c_str());
  ck_assert_msg(!tenant::has_errors(config->problems), "%s", tenant::problems_summary(config->problems, true).c_str());
  return config.value();
}

}  // namespace

START_TEST(tenant_wide_closure_in_two_zones) {
  const auto t = load(tenant_with_two_zones(R"("closures": [{"date": "2026-12-25", "label": "Noël"}], )"));
  const auto& paris = *t.find_destination("paris");
  const auto& cayenne = *t.find_destination("cayenne");
  const auto& standard = *t.find_destination("standard");
  // Christmas in Paris: 24 December 23:00Z to 25 December 23:00Z; in
  // Cayenne (UTC-3): 25 December 03:00Z to 26 December 03:00Z.
  const auto state = [](const tenant::Destination& d, const char* instant) {
    return tenant::destination_state(d, at(instant));
  };
  ck_assert(state(paris, "2026-12-25T01:00:00Z").cause == AvailabilityCause::closure);
  // 24 December 22:00 in Cayenne: closed by its hours, not yet Christmas there.
  ck_assert(state(cayenne, "2026-12-25T01:00:00Z").cause == AvailabilityCause::hours);
  ck_assert(state(cayenne, "2026-12-25T03:00:00Z").cause == AvailabilityCause::closure);
  // 25 December 09:00 Cayenne (12:00Z): its hours would be open.
  ck_assert(!tenant::destination_open(cayenne, at("2026-12-25T12:00:00Z")));
  ck_assert(tenant::destination_open(cayenne, at("2026-12-24T13:00:00Z")));
  // Monday 28 December 09:00: 08:00Z in Paris, 12:00Z in Cayenne.
  expect_instant(tenant::destination_next_open(paris, at("2026-12-25T12:00:00Z")), "2026-12-28T08:00:00Z", "paris");
  expect_instant(tenant::destination_next_open(cayenne, at("2026-12-25T12:00:00Z")), "2026-12-28T12:00:00Z",
                 "cayenne");
  // A destination without business hours reads the tenant's closures in the
  // tenant's timezone (Europe/Paris), after its own.
  ck_assert(state(standard, "2026-12-24T12:00:00Z").cause == AvailabilityCause::closure);
  ck_assert_str_eq(label_of(state(standard, "2026-12-24T12:00:00Z")), "réveillon");
  ck_assert_str_eq(label_of(state(standard, "2026-12-25T12:00:00Z")), "Noël");
  ck_assert(state(standard, "2026-12-25T23:00:00Z").open);
}
END_TEST

START_TEST(tenant_override_closes_every_destination) {
  const auto t = load(tenant_with_two_zones(
      R"("override": {"state": "closed", "until": "2026-12-08T14:00:00Z", "label": "Tempête"}, )"));
  for (const auto& d : t.refer.destinations) {
    const auto s = tenant::destination_state(d, at("2026-12-08T12:00:00Z"));
    ck_assert_msg(!s.open && s.cause == AvailabilityCause::override, "%s", d.destination_id.c_str());
    ck_assert_str_eq(label_of(s), "Tempête");
  }
  // After until: Paris 15:00 open by hours, Cayenne 11:00 open by hours.
  ck_assert(tenant::destination_open(*t.find_destination("paris"), at("2026-12-08T14:00:00Z")));
  ck_assert(tenant::destination_open(*t.find_destination("cayenne"), at("2026-12-08T14:00:00Z")));
}
END_TEST

// conf/examples/tenant-prod-003.json: 09:00-12:00 and 14:00-17:30 Monday to
// Friday, the French public holidays for every desk, a Saturday opening
// before Christmas, an always-open voicemail.
START_TEST(the_nantes_example) {
  std::ifstream in(std::string(TEST_SRCDIR) + "/conf/examples/tenant-prod-003.json");
  std::stringstream text;
  text << in.rdbuf();
  const auto t = load(text.str());
  const std::optional<std::string> accueil("accueil");
  // Christmas 10:00 CET: the desk is closed for Noël, the voicemail takes it.
  const auto christmas = tenant::decide_refer(t, accueil, at("2026-12-25T09:00:00Z"));
  ck_assert(christmas.ok);
  ck_assert_str_eq(christmas.destination->destination_id.c_str(), "messagerie");
  ck_assert_str_eq(christmas.closed_by.c_str(), "closure");
  ck_assert_str_eq(christmas.closed_label.c_str(), "Noël");
  // Saturday 19 December 10:00 CET: open for the Saturday before Christmas.
  ck_assert(tenant::decide_refer(t, accueil, at("2026-12-19T09:00:00Z")).reason == "open");
  // Thursday 24 December 17:29 CET open, 17:30 closed (210 minutes from 14:00).
  ck_assert(tenant::decide_refer(t, accueil, at("2026-12-24T16:29:00Z")).reason == "open");
  ck_assert(tenant::decide_refer(t, accueil, at("2026-12-24T16:30:00Z")).reason == "after_hours");
  // Easter Monday 2027 (29 March, CEST since the 28th), 10:00 = 08:00Z.
  const auto easter = tenant::decide_refer(t, accueil, at("2027-03-29T08:00:00Z"));
  ck_assert_str_eq(easter.closed_label.c_str(), "le lundi de Pâques");
  // The workshop's summer closure: Tuesday 10 August 2027, 10:00 CEST.
  const auto summer = tenant::decide_refer(t, std::optional<std::string>("atelier"), at("2027-08-10T08:00:00Z"));
  ck_assert_str_eq(summer.closed_label.c_str(), "les congés d'été de l'atelier");
}
END_TEST

int main() {
  Suite* s = suite_create("availability");
  TCase* closures = tcase_create("closures");
  tcase_add_test(closures, christmas_as_a_dated_closure);
  tcase_add_test(closures, next_open_across_a_holiday_weekend);
  tcase_add_test(closures, first_of_may_as_a_recurring_closure);
  tcase_add_test(closures, closure_days_on_dst_changes);
  tcase_add_test(closures, closure_spanning_a_dst_change);
  tcase_add_test(closures, exdates_skip_an_occurrence);
  tcase_add_test(closures, an_entry_in_its_own_zone);
  suite_add_tcase(s, closures);
  TCase* others = tcase_create("openings_and_overrides");
  tcase_add_test(others, a_saturday_opening);
  tcase_add_test(others, override_before_and_after_until);
  suite_add_tcase(s, others);
  TCase* precedence = tcase_create("precedence");
  tcase_add_test(precedence, precedence_table);
  tcase_add_test(precedence, first_closure_in_the_list_names_the_day);
  suite_add_tcase(s, precedence);
  TCase* calendar = tcase_create("calendar");
  tcase_add_test(calendar, segments_of_a_day);
  tcase_add_test(calendar, identical_calendars_are_shared);
  suite_add_tcase(s, calendar);
  TCase* tenants = tcase_create("tenant_documents");
  tcase_add_test(tenants, tenant_wide_closure_in_two_zones);
  tcase_add_test(tenants, tenant_override_closes_every_destination);
  tcase_add_test(tenants, the_nantes_example);
  suite_add_tcase(s, tenants);
  return run_suite(s);
}
