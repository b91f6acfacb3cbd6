// The effective calendar tenantctl calendar and the `tenant calendar` API
// print: each destination's open and closed stretches over a run of days,
// on the wall clock of its zone, with what decided each.
//
// Reference facts every expectation below is computed from by hand:
//  - Europe/Paris is UTC+1 (CET) in winter and UTC+2 (CEST) in summer; in
//    2026 the clocks go forward on Sunday 29 March at 01:00Z (02:00 CET
//    becomes 03:00 CEST).
//  - America/Cayenne is UTC-3 all year, without DST.
//  - 2026-03-23 and 2026-03-30 are Mondays; 2026-12-01 is a Tuesday,
//    2026-12-07 a Monday, 2026-12-19 a Saturday, 2026-12-24 a Thursday,
//    2026-12-25 a Friday, 2026-12-31 a Thursday.
//  - December 2026 has 23 weekdays: 1-4, 7-11, 14-18, 21-25, 28-31.
//  - America/Santiago goes from UTC-4 to UTC-3 at 04:00Z on Sunday
//    6 September 2026: the clock jumps from 00:00 to 01:00, so that day has
//    no midnight and lasts 23 hours (04:00Z to 03:00Z the next day).
#include <cjson/cJSON.h>

#include <optional>
#include <string>
#include <vector>

#include "core/routing/effective_calendar.hh"
#include "core/tenant/tenant_config.hh"
#include "core/util/json_doc.hh"
#include "test_support.hh"

namespace {

// The tenant_config around a features.refer object, as the store holds it.
std::string tenant_with(const std::string& refer, const char* timezone = "Europe/Paris") {
  return R"({"_id": "tenant-test-001", "tenant_id": "tenant-test-001", "client_id": "c", "display_name": "T",
  "summary_to": [], "timezone": ")" + std::string(timezone) + R"(", "status": "active", "schema_version": 1,
  "created_at": {"$date": "2026-01-15T10:00:00Z"}, "updated_at": {"$date": "2026-01-15T10:00:00Z"},
  "features": {"refer": )" + refer + "}}";
}

// 09:00-12:00 and 14:00-18:00, Monday to Friday, Paris: a lunch break.
const char* kLunchBreak = R"({"enabled": true, "destinations": [
  {"destination_id": "accueil", "label": "Accueil", "target_uri": "tel:+33140000000",
   "description_for_model": "front desk",
   "business_hours": {"tz": "Europe/Paris", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0",
                      "duration_minutes": 180,
                      "windows": [{"rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=14;BYMINUTE=0",
                                   "duration_minutes": 240}]}}]})";

// 09:00-17:00 Monday to Friday, Paris; Noël closed for the whole tenant; a
// Saturday morning opened before it.
const char* kDecember = R"({"enabled": true,
  "closures": [{"date": "2026-12-25", "label": "Noël"}],
  "destinations": [
  {"destination_id": "commercial", "label": "Commercial", "target_uri": "tel:+33140000000",
   "description_for_model": "sales",
   "business_hours": {"tz": "Europe/Paris", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0",
                      "duration_minutes": 480},
   "openings": [{"start": "2026-12-19T09:00:00", "end": "2026-12-19T12:00:00", "label": "Samedi avant Noël"}]}]})";

// The tenant's closure read in two zones. "standard" comes first in the
// document but "cayenne" first by priority; "standard" has no business
// hours, so it is open whenever nothing closes it, on the tenant's clock.
const char* kTwoZones = R"({"enabled": true,
  "closures": [{"date": "2026-12-25", "label": "Noël"}],
  "destinations": [
  {"destination_id": "standard", "label": "Standard", "target_uri": "tel:+33140000000",
   "description_for_model": "switchboard", "priority": 2},
  {"destination_id": "cayenne", "label": "Agence de Cayenne", "target_uri": "tel:+594594000000",
   "description_for_model": "French Guiana", "priority": 1,
   "business_hours": {"tz": "America/Cayenne", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=8;BYMINUTE=0",
                      "duration_minutes": 540}}]})";

// Closed by a storm until 14:00Z on Tuesday 8 December, then the hours.
const char* kStorm = R"({"enabled": true, "destinations": [
  {"destination_id": "commercial", "label": "Commercial", "target_uri": "tel:+33140000000",
   "description_for_model": "sales",
   "business_hours": {"tz": "Europe/Paris", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0",
                      "duration_minutes": 480},
   "override": {"state": "closed", "until": {"$date": "2026-12-08T14:00:00Z"}, "label": "Tempête"}}]})";

// One destination of each kind the calendar cannot show.
const char* kNotShown = R"({"enabled": true, "destinations": [
  {"destination_id": "old", "label": "Old", "target_uri": "tel:+33140000001",
   "description_for_model": "gone", "enabled": false},
  {"destination_id": "broken", "label": "Broken", "target_uri": "tel:+33140000002",
   "description_for_model": "bad hours",
   "business_hours": {"tz": "Mars/Olympus", "rrule": "FREQ=DAILY;BYHOUR=9", "duration_minutes": 60}},
  {"destination_id": "support", "label": "Support", "target_uri": "tel:+33140000003",
   "description_for_model": "help"}]})";

struct Stretch {
  const char* start;
  const char* end;
  const char* start_utc;
  const char* end_utc;
  const char* by;
  const char* label;  // null: none
};

tenant::TenantConfig config_of(const std::string& doc) {
  auto config = tenant::TenantConfig::from_json_text(doc);
  ck_assert_msg(config.ok(), "%s", config.error().c_str());
  return config.value();
}

tenant::JsonDoc calendar(const std::string& doc, const char* from, int days,
                         const std::optional<std::string>& destination = std::nullopt) {
  const auto json = tenant::effective_calendar_json(config_of(doc), destination, from, days);
  ck_assert_msg(json.ok(), "%s", json.error().c_str());
  tenant::JsonDoc parsed(cJSON_Parse(json->c_str()));
  ck_assert_ptr_nonnull(parsed.get());
  return parsed;
}

std::string calendar_error(const std::string& doc, const char* from, int days,
                           const std::optional<std::string>& destination = std::nullopt) {
  const auto json = tenant::effective_calendar_json(config_of(doc), destination, from, days);
  ck_assert_msg(!json.ok(), "expected a refusal, got %s", json.ok() ? json->c_str() : "");
  return json.error();
}

const cJSON* destination_at(const tenant::JsonDoc& doc, int index) {
  const cJSON* list = cJSON_GetObjectItem(doc.get(), "destinations");
  ck_assert_ptr_nonnull(list);
  const cJSON* d = cJSON_GetArrayItem(list, index);
  ck_assert_ptr_nonnull(d);
  return d;
}

std::string text_of(const cJSON* object, const char* key) {
  const cJSON* item = cJSON_GetObjectItem(object, key);
  ck_assert_msg(cJSON_IsString(item), "%s is not a string", key);
  return item->valuestring;
}

void expect_stretch(const cJSON* s, const Stretch& want, const char* list, int index) {
  ck_assert_msg(s != nullptr, "%s[%d] is missing", list, index);
  const std::string got = text_of(s, "start") + " " + text_of(s, "end") + " " + text_of(s, "start_utc") + " " +
                          text_of(s, "end_utc") + " " + text_of(s, "by");
  const std::string wanted = std::string(want.start) + " " + want.end + " " + want.start_utc + " " + want.end_utc +
                             " " + want.by;
  ck_assert_msg(got == wanted, "%s[%d]: got %s, want %s", list, index, got.c_str(), wanted.c_str());
  const cJSON* label = cJSON_GetObjectItem(s, "label");
  if (want.label)
    ck_assert_msg(cJSON_IsString(label) && std::string(label->valuestring) == want.label, "%s[%d]: label", list,
                  index);
  else
    ck_assert_msg(label == nullptr, "%s[%d]: unexpected label", list, index);
}

void expect_stretches(const cJSON* destination, const char* list, const std::vector<Stretch>& want) {
  const cJSON* got = cJSON_GetObjectItem(destination, list);
  ck_assert_msg(cJSON_IsArray(got), "no %s list", list);
  ck_assert_msg(cJSON_GetArraySize(got) == static_cast<int>(want.size()), "%s: %d stretches, want %zu", list,
                cJSON_GetArraySize(got), want.size());
  for (std::size_t i = 0; i < want.size(); ++i)
    expect_stretch(cJSON_GetArrayItem(got, static_cast<int>(i)), want[i], list, static_cast<int>(i));
}

// The stretch of `list` that starts at local `start`, or null.
const cJSON* stretch_starting(const cJSON* destination, const char* list, const char* start) {
  const cJSON* s = nullptr;
  cJSON_ArrayForEach(s, cJSON_GetObjectItem(destination, list)) {
    if (text_of(s, "start") == start) return s;
  }
  return nullptr;
}

}  // namespace

// ---------------------------------------------------------------- hours and DST

START_TEST(lunch_break_week_across_the_dst_change) {
  // Monday 23 to Sunday 29 March: CET all week long, so each weekday opens
  // 08:00Z-11:00Z and 13:00Z-17:00Z. The range ends at Monday 30 00:00,
  // already CEST: 22:00Z on the 29th, so the weekend lasts 53 real hours.
  const tenant::JsonDoc doc = calendar(tenant_with(kLunchBreak), "2026-03-23", 7);
  ck_assert_string_eq(text_of(doc.get(), "tenant_id"), "tenant-test-001");
  ck_assert_string_eq(text_of(doc.get(), "from"), "2026-03-23");
  ck_assert_int_eq(cJSON_GetObjectItem(doc.get(), "days")->valueint, 7);
  const cJSON* d = destination_at(doc, 0);
  ck_assert_string_eq(text_of(d, "destination_id"), "accueil");
  ck_assert_string_eq(text_of(d, "tz"), "Europe/Paris");
  ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(d, "enabled")));
  ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(d, "usable")));
  ck_assert_ptr_null(cJSON_GetObjectItem(d, "message"));
  expect_stretches(d, "open",
                   {
                       {"2026-03-23T09:00:00", "2026-03-23T12:00:00", "2026-03-23T08:00:00Z", "2026-03-23T11:00:00Z", "hours", nullptr},
                       {"2026-03-23T14:00:00", "2026-03-23T18:00:00", "2026-03-23T13:00:00Z", "2026-03-23T17:00:00Z", "hours", nullptr},
                       {"2026-03-24T09:00:00", "2026-03-24T12:00:00", "2026-03-24T08:00:00Z", "2026-03-24T11:00:00Z", "hours", nullptr},
                       {"2026-03-24T14:00:00", "2026-03-24T18:00:00", "2026-03-24T13:00:00Z", "2026-03-24T17:00:00Z", "hours", nullptr},
                       {"2026-03-25T09:00:00", "2026-03-25T12:00:00", "2026-03-25T08:00:00Z", "2026-03-25T11:00:00Z", "hours", nullptr},
                       {"2026-03-25T14:00:00", "2026-03-25T18:00:00", "2026-03-25T13:00:00Z", "2026-03-25T17:00:00Z", "hours", nullptr},
                       {"2026-03-26T09:00:00", "2026-03-26T12:00:00", "2026-03-26T08:00:00Z", "2026-03-26T11:00:00Z", "hours", nullptr},
                       {"2026-03-26T14:00:00", "2026-03-26T18:00:00", "2026-03-26T13:00:00Z", "2026-03-26T17:00:00Z", "hours", nullptr},
                       {"2026-03-27T09:00:00", "2026-03-27T12:00:00", "2026-03-27T08:00:00Z", "2026-03-27T11:00:00Z", "hours", nullptr},
                       {"2026-03-27T14:00:00", "2026-03-27T18:00:00", "2026-03-27T13:00:00Z", "2026-03-27T17:00:00Z", "hours", nullptr},
                   });
  expect_stretches(d, "closed",
                   {
                       {"2026-03-23T00:00:00", "2026-03-23T09:00:00", "2026-03-22T23:00:00Z", "2026-03-23T08:00:00Z", "hours", nullptr},
                       {"2026-03-23T12:00:00", "2026-03-23T14:00:00", "2026-03-23T11:00:00Z", "2026-03-23T13:00:00Z", "hours", nullptr},
                       {"2026-03-23T18:00:00", "2026-03-24T09:00:00", "2026-03-23T17:00:00Z", "2026-03-24T08:00:00Z", "hours", nullptr},
                       {"2026-03-24T12:00:00", "2026-03-24T14:00:00", "2026-03-24T11:00:00Z", "2026-03-24T13:00:00Z", "hours", nullptr},
                       {"2026-03-24T18:00:00", "2026-03-25T09:00:00", "2026-03-24T17:00:00Z", "2026-03-25T08:00:00Z", "hours", nullptr},
                       {"2026-03-25T12:00:00", "2026-03-25T14:00:00", "2026-03-25T11:00:00Z", "2026-03-25T13:00:00Z", "hours", nullptr},
                       {"2026-03-25T18:00:00", "2026-03-26T09:00:00", "2026-03-25T17:00:00Z", "2026-03-26T08:00:00Z", "hours", nullptr},
                       {"2026-03-26T12:00:00", "2026-03-26T14:00:00", "2026-03-26T11:00:00Z", "2026-03-26T13:00:00Z", "hours", nullptr},
                       {"2026-03-26T18:00:00", "2026-03-27T09:00:00", "2026-03-26T17:00:00Z", "2026-03-27T08:00:00Z", "hours", nullptr},
                       {"2026-03-27T12:00:00", "2026-03-27T14:00:00", "2026-03-27T11:00:00Z", "2026-03-27T13:00:00Z", "hours", nullptr},
                       {"2026-03-27T18:00:00", "2026-03-30T00:00:00", "2026-03-27T17:00:00Z", "2026-03-29T22:00:00Z", "hours", nullptr},
                   });
}
END_TEST

START_TEST(lunch_break_hours_move_an_hour_earlier_in_utc_after_the_change) {
  // Wednesday 25 March to Tuesday 31: the same wall-clock hours are
  // 08:00Z/13:00Z before the change and 07:00Z/12:00Z after it; the range
  // ends at Wednesday 1 April 00:00 CEST, 22:00Z on the 31st.
  const tenant::JsonDoc doc = calendar(tenant_with(kLunchBreak), "2026-03-25", 7);
  const cJSON* d = destination_at(doc, 0);
  expect_stretches(d, "open",
                   {
                       {"2026-03-25T09:00:00", "2026-03-25T12:00:00", "2026-03-25T08:00:00Z", "2026-03-25T11:00:00Z", "hours", nullptr},
                       {"2026-03-25T14:00:00", "2026-03-25T18:00:00", "2026-03-25T13:00:00Z", "2026-03-25T17:00:00Z", "hours", nullptr},
                       {"2026-03-26T09:00:00", "2026-03-26T12:00:00", "2026-03-26T08:00:00Z", "2026-03-26T11:00:00Z", "hours", nullptr},
                       {"2026-03-26T14:00:00", "2026-03-26T18:00:00", "2026-03-26T13:00:00Z", "2026-03-26T17:00:00Z", "hours", nullptr},
                       {"2026-03-27T09:00:00", "2026-03-27T12:00:00", "2026-03-27T08:00:00Z", "2026-03-27T11:00:00Z", "hours", nullptr},
                       {"2026-03-27T14:00:00", "2026-03-27T18:00:00", "2026-03-27T13:00:00Z", "2026-03-27T17:00:00Z", "hours", nullptr},
                       {"2026-03-30T09:00:00", "2026-03-30T12:00:00", "2026-03-30T07:00:00Z", "2026-03-30T10:00:00Z", "hours", nullptr},
                       {"2026-03-30T14:00:00", "2026-03-30T18:00:00", "2026-03-30T12:00:00Z", "2026-03-30T16:00:00Z", "hours", nullptr},
                       {"2026-03-31T09:00:00", "2026-03-31T12:00:00", "2026-03-31T07:00:00Z", "2026-03-31T10:00:00Z", "hours", nullptr},
                       {"2026-03-31T14:00:00", "2026-03-31T18:00:00", "2026-03-31T12:00:00Z", "2026-03-31T16:00:00Z", "hours", nullptr},
                   });
  const cJSON* weekend = stretch_starting(d, "closed", "2026-03-27T18:00:00");
  expect_stretch(weekend,
                 {"2026-03-27T18:00:00", "2026-03-30T09:00:00", "2026-03-27T17:00:00Z", "2026-03-30T07:00:00Z", "hours",
                  nullptr},
                 "closed", -1);
  const cJSON* last = stretch_starting(d, "closed", "2026-03-31T18:00:00");
  expect_stretch(last,
                 {"2026-03-31T18:00:00", "2026-04-01T00:00:00", "2026-03-31T16:00:00Z", "2026-03-31T22:00:00Z", "hours",
                  nullptr},
                 "closed", -1);
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(d, "closed")), 11);
}
END_TEST

// ---------------------------------------------------------------- closures, openings, overrides

START_TEST(december_with_noel_closed_and_a_saturday_opened) {
  const tenant::JsonDoc doc = calendar(tenant_with(kDecember), "2026-12-01", 31);
  ck_assert_int_eq(cJSON_GetObjectItem(doc.get(), "days")->valueint, 31);
  const cJSON* d = destination_at(doc, 0);
  // 23 weekdays less Noël, and the Saturday morning.
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(d, "open")), 23);
  // One gap between each two of the 23 openings, one before the first and
  // one after the last (24), and Noël splits the Christmas weekend's gap in
  // three: 26.
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(d, "closed")), 26);

  expect_stretch(stretch_starting(d, "open", "2026-12-19T09:00:00"),
                 {"2026-12-19T09:00:00", "2026-12-19T12:00:00", "2026-12-19T08:00:00Z", "2026-12-19T11:00:00Z",
                  "opening", "Samedi avant Noël"},
                 "open", -1);
  expect_stretch(stretch_starting(d, "closed", "2026-12-18T17:00:00"),
                 {"2026-12-18T17:00:00", "2026-12-19T09:00:00", "2026-12-18T16:00:00Z", "2026-12-19T08:00:00Z", "hours",
                  nullptr},
                 "closed", -1);
  expect_stretch(stretch_starting(d, "closed", "2026-12-19T12:00:00"),
                 {"2026-12-19T12:00:00", "2026-12-21T09:00:00", "2026-12-19T11:00:00Z", "2026-12-21T08:00:00Z", "hours",
                  nullptr},
                 "closed", -1);

  expect_stretch(stretch_starting(d, "closed", "2026-12-24T17:00:00"),
                 {"2026-12-24T17:00:00", "2026-12-25T00:00:00", "2026-12-24T16:00:00Z", "2026-12-24T23:00:00Z", "hours",
                  nullptr},
                 "closed", -1);
  expect_stretch(stretch_starting(d, "closed", "2026-12-25T00:00:00"),
                 {"2026-12-25T00:00:00", "2026-12-26T00:00:00", "2026-12-24T23:00:00Z", "2026-12-25T23:00:00Z",
                  "closure", "Noël"},
                 "closed", -1);
  expect_stretch(stretch_starting(d, "closed", "2026-12-26T00:00:00"),
                 {"2026-12-26T00:00:00", "2026-12-28T09:00:00", "2026-12-25T23:00:00Z", "2026-12-28T08:00:00Z", "hours",
                  nullptr},
                 "closed", -1);
  ck_assert_ptr_null(stretch_starting(d, "open", "2026-12-25T09:00:00"));

  // The month ends at 1 January 00:00 Paris, and so does its last stretch.
  const cJSON* closed = cJSON_GetObjectItem(d, "closed");
  expect_stretch(cJSON_GetArrayItem(closed, cJSON_GetArraySize(closed) - 1),
                 {"2026-12-31T17:00:00", "2027-01-01T00:00:00", "2026-12-31T16:00:00Z", "2026-12-31T23:00:00Z", "hours",
                  nullptr},
                 "closed", -1);
  expect_stretch(cJSON_GetArrayItem(closed, 0),
                 {"2026-12-01T00:00:00", "2026-12-01T09:00:00", "2026-11-30T23:00:00Z", "2026-12-01T08:00:00Z", "hours",
                  nullptr},
                 "closed", 0);
}
END_TEST

START_TEST(a_tenant_closure_falls_on_each_zones_own_day) {
  // Noël starts at 00:00 in each zone: 2026-12-24T23:00Z in Paris,
  // 2026-12-25T03:00Z in Cayenne. The days asked for are Cayenne's days for
  // the Cayenne office: from 24 December 00:00 -03 (03:00Z).
  const tenant::JsonDoc doc = calendar(tenant_with(kTwoZones), "2026-12-24", 2);
  const cJSON* cayenne = destination_at(doc, 0);
  ck_assert_string_eq(text_of(cayenne, "destination_id"), "cayenne");
  ck_assert_string_eq(text_of(cayenne, "tz"), "America/Cayenne");
  expect_stretches(cayenne, "open",
                   {{"2026-12-24T08:00:00", "2026-12-24T17:00:00", "2026-12-24T11:00:00Z", "2026-12-24T20:00:00Z",
                     "hours", nullptr}});
  expect_stretches(cayenne, "closed",
                   {
                       {"2026-12-24T00:00:00", "2026-12-24T08:00:00", "2026-12-24T03:00:00Z", "2026-12-24T11:00:00Z", "hours", nullptr},
                       {"2026-12-24T17:00:00", "2026-12-25T00:00:00", "2026-12-24T20:00:00Z", "2026-12-25T03:00:00Z", "hours", nullptr},
                       {"2026-12-25T00:00:00", "2026-12-26T00:00:00", "2026-12-25T03:00:00Z", "2026-12-26T03:00:00Z", "closure", "Noël"},
                   });

  const cJSON* standard = destination_at(doc, 1);
  ck_assert_string_eq(text_of(standard, "destination_id"), "standard");
  ck_assert_string_eq(text_of(standard, "tz"), "Europe/Paris");
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc.get(), "destinations")), 2);
  // No business hours: open always, but for the closure.
  expect_stretches(standard, "open",
                   {{"2026-12-24T00:00:00", "2026-12-25T00:00:00", "2026-12-23T23:00:00Z", "2026-12-24T23:00:00Z",
                     "always", nullptr}});
  expect_stretches(standard, "closed",
                   {{"2026-12-25T00:00:00", "2026-12-26T00:00:00", "2026-12-24T23:00:00Z", "2026-12-25T23:00:00Z",
                     "closure", "Noël"}});
}
END_TEST

START_TEST(without_business_hours_open_the_whole_range) {
  const tenant::JsonDoc doc = calendar(tenant_with(kTwoZones), "2026-12-01", 3, std::string("standard"));
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc.get(), "destinations")), 1);
  const cJSON* standard = destination_at(doc, 0);
  expect_stretches(standard, "open",
                   {{"2026-12-01T00:00:00", "2026-12-04T00:00:00", "2026-11-30T23:00:00Z", "2026-12-03T23:00:00Z",
                     "always", nullptr}});
  expect_stretches(standard, "closed", {});
}
END_TEST

START_TEST(a_day_without_a_midnight_is_still_shown_from_its_midnight) {
  const std::string doc = tenant_with(R"({"enabled": true, "destinations": [
    {"destination_id": "santiago", "label": "Santiago", "target_uri": "tel:+56220000000",
     "description_for_model": "Chile",
     "closures": [{"start": "2026-09-06T12:00:00", "end": "2026-09-06T13:00:00", "label": "Almuerzo"}]}]})",
                                      "America/Santiago");
  const tenant::JsonDoc doc_json = calendar(doc, "2026-09-06", 1);
  const cJSON* d = destination_at(doc_json, 0);
  ck_assert_string_eq(text_of(d, "tz"), "America/Santiago");
  expect_stretches(d, "open",
                   {
                       {"2026-09-06T00:00:00", "2026-09-06T12:00:00", "2026-09-06T04:00:00Z", "2026-09-06T15:00:00Z", "always", nullptr},
                       {"2026-09-06T13:00:00", "2026-09-07T00:00:00", "2026-09-06T16:00:00Z", "2026-09-07T03:00:00Z", "always", nullptr},
                   });
  expect_stretches(d, "closed",
                   {{"2026-09-06T12:00:00", "2026-09-06T13:00:00", "2026-09-06T15:00:00Z", "2026-09-06T16:00:00Z",
                     "closure", "Almuerzo"}});
}
END_TEST

START_TEST(an_override_closes_until_its_end_then_the_hours_resume) {
  // Monday 7 and Tuesday 8 December: the override closes from the start of
  // the range to 14:00Z (15:00 Paris) on Tuesday, the hours then open until
  // 17:00 (16:00Z).
  const tenant::JsonDoc doc = calendar(tenant_with(kStorm), "2026-12-07", 2);
  const cJSON* d = destination_at(doc, 0);
  expect_stretches(d, "open",
                   {{"2026-12-08T15:00:00", "2026-12-08T17:00:00", "2026-12-08T14:00:00Z", "2026-12-08T16:00:00Z",
                     "hours", nullptr}});
  expect_stretches(d, "closed",
                   {
                       {"2026-12-07T00:00:00", "2026-12-08T15:00:00", "2026-12-06T23:00:00Z", "2026-12-08T14:00:00Z", "override", "Tempête"},
                       {"2026-12-08T17:00:00", "2026-12-09T00:00:00", "2026-12-08T16:00:00Z", "2026-12-08T23:00:00Z", "hours", nullptr},
                   });
}
END_TEST

START_TEST(disabled_and_unusable_destinations_are_listed_without_stretches) {
  const tenant::JsonDoc doc = calendar(tenant_with(kNotShown), "2026-12-01", 1);
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(doc.get(), "destinations")), 3);

  const cJSON* old = destination_at(doc, 0);
  ck_assert_string_eq(text_of(old, "destination_id"), "old");
  ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(old, "enabled")));
  ck_assert_string_eq(text_of(old, "message"), "destination 'old' is disabled");
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(old, "open")), 0);
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(old, "closed")), 0);

  const cJSON* broken = destination_at(doc, 1);
  ck_assert_string_eq(text_of(broken, "destination_id"), "broken");
  ck_assert_string_eq(text_of(broken, "tz"), "Mars/Olympus");
  ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(broken, "enabled")));
  ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(broken, "usable")));
  const std::string why = text_of(broken, "message");
  ck_assert_msg(why.find("destination 'broken' has configuration errors: "
                         "features.refer.destinations[1].business_hours") == 0,
                "message: %s", why.c_str());
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(broken, "open")), 0);
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(broken, "closed")), 0);

  const cJSON* support = destination_at(doc, 2);
  ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(support, "usable")));
  expect_stretches(support, "open",
                   {{"2026-12-01T00:00:00", "2026-12-02T00:00:00", "2026-11-30T23:00:00Z", "2026-12-01T23:00:00Z",
                     "always", nullptr}});
}
END_TEST

// ---------------------------------------------------------------- refusals

START_TEST(days_outside_one_to_366_are_refused) {
  const std::string doc = tenant_with(kDecember);
  for (const int days : {0, -1, 367}) {
    const std::string error = calendar_error(doc, "2026-12-01", days);
    ck_assert_msg(error.find("days: expected a whole number 1..366, got ") == 0, "%s", error.c_str());
  }
  ck_assert_int_eq(*tenant::parse_calendar_days("366"), 366);
  ck_assert_int_eq(*tenant::parse_calendar_days("1"), 1);
  ck_assert_string_eq(tenant::parse_calendar_days("x").error(), "days: expected a whole number 1..366, got 'x'");
  for (const char* bad : {"0", "367", "", "+5", " 5", "5 ", "1e2", "31.0", "99999999999999999999"})
    ck_assert_msg(!tenant::parse_calendar_days(bad).ok(), "'%s' was accepted", bad);
}
END_TEST

START_TEST(a_from_date_that_is_not_a_date_in_1970_to_2099_is_refused) {
  const std::string doc = tenant_with(kDecember);
  for (const char* bad : {"2026-13-01", "2026-02-30", "2026-12-1", "01/12/2026", "2026-12-01T00:00:00", "",
                          "1969-12-31", "2100-01-01", "today"}) {
    const std::string error = calendar_error(doc, bad, 1);
    ck_assert_msg(error.find("from: ") == 0, "%s: %s", bad, error.c_str());
  }
  // The last day 2099-12-31 may be shown, not a day after it.
  calendar(doc, "2099-12-31", 1);
  const std::string past = calendar_error(doc, "2099-12-31", 2);
  ck_assert_msg(past.find("run past 2099-12-31") != std::string::npos, "%s", past.c_str());
  calendar(doc, "1970-01-01", 1);
}
END_TEST

START_TEST(an_unknown_destination_is_named_with_the_known_ones) {
  const std::string error = calendar_error(tenant_with(kTwoZones), "2026-12-01", 1, std::string("nope"));
  ck_assert_string_eq(error,
                      "no destination 'nope' in tenant 'tenant-test-001'; its destinations are 'standard', 'cayenne'");
}
END_TEST

START_TEST(a_tenant_with_tenant_level_errors_is_refused) {
  // Without display_name, transfers are refused for the whole tenant.
  std::string doc = tenant_with(kDecember);
  doc.replace(doc.find(R"("display_name": "T",)"), std::string(R"("display_name": "T",)").size(), "");
  const std::string error = calendar_error(doc, "2026-12-01", 1);
  ck_assert_msg(error.find("tenant 'tenant-test-001' has configuration errors outside its destinations: ") == 0,
                "%s", error.c_str());
  ck_assert_msg(error.find("display_name") != std::string::npos, "%s", error.c_str());
}
END_TEST

START_TEST(an_answer_past_the_stretch_bound_is_refused) {
  // 100 closures of one minute each, every 6 hours: minutes 0..59 of 00:00,
  // 06:00, 12:00 and 18:00, and minutes 0..39 of 01:00, 07:00, 13:00 and
  // 19:00. Each minute is its own closure with its own label (stretches of
  // one state and label are one stretch), so a day has 4 x 100 closed
  // stretches (00:00-01:40 and so on) and 4 open ones (01:40-06:00, ...).
  std::string closures;
  for (int i = 0; i < 100; ++i) {
    const std::string dtstart = i < 60 ? "2024-01-01T00:00:00" : "2024-01-01T01:00:00";
    closures += std::string(i ? "," : "") + R"({"rrule": "FREQ=HOURLY;INTERVAL=6;BYMINUTE=)" +
                std::to_string(i % 60) + R"(", "duration_minutes": 1, "dtstart": ")" + dtstart + R"(", "label": "c)" +
                std::to_string(i) + R"("})";
  }
  const std::string doc = tenant_with(R"({"enabled": true, "closures": [)" + closures + R"(], "destinations": [
    {"destination_id": "standard", "label": "Standard", "target_uri": "tel:+33140000000",
     "description_for_model": "switchboard"}]})");
  const tenant::JsonDoc one_day = calendar(doc, "2026-12-01", 1);
  const cJSON* d = destination_at(one_day, 0);
  ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(d, "closed")), 400);
  expect_stretches(d, "open",
                   {
                       {"2026-12-01T01:40:00", "2026-12-01T06:00:00", "2026-12-01T00:40:00Z", "2026-12-01T05:00:00Z", "always", nullptr},
                       {"2026-12-01T07:40:00", "2026-12-01T12:00:00", "2026-12-01T06:40:00Z", "2026-12-01T11:00:00Z", "always", nullptr},
                       {"2026-12-01T13:40:00", "2026-12-01T18:00:00", "2026-12-01T12:40:00Z", "2026-12-01T17:00:00Z", "always", nullptr},
                       {"2026-12-01T19:40:00", "2026-12-02T00:00:00", "2026-12-01T18:40:00Z", "2026-12-01T23:00:00Z", "always", nullptr},
                   });
  // A year of it is 366 x 404 stretches, past the bound of 100000.
  const std::string error = calendar_error(doc, "2026-01-01", 366);
  ck_assert_string_eq(error,
                      "the calendar would list more than 100000 stretches; ask for fewer days or one destination");
}
END_TEST

int main() {
  Suite* s = suite_create("effective_calendar");
  TCase* calendar_case = tcase_create("calendar");
  tcase_add_test(calendar_case, lunch_break_week_across_the_dst_change);
  tcase_add_test(calendar_case, lunch_break_hours_move_an_hour_earlier_in_utc_after_the_change);
  tcase_add_test(calendar_case, december_with_noel_closed_and_a_saturday_opened);
  tcase_add_test(calendar_case, a_tenant_closure_falls_on_each_zones_own_day);
  tcase_add_test(calendar_case, without_business_hours_open_the_whole_range);
  tcase_add_test(calendar_case, an_override_closes_until_its_end_then_the_hours_resume);
  tcase_add_test(calendar_case, a_day_without_a_midnight_is_still_shown_from_its_midnight);
  tcase_add_test(calendar_case, disabled_and_unusable_destinations_are_listed_without_stretches);
  suite_add_tcase(s, calendar_case);

  TCase* refusals = tcase_create("refusals");
  tcase_add_test(refusals, days_outside_one_to_366_are_refused);
  tcase_add_test(refusals, a_from_date_that_is_not_a_date_in_1970_to_2099_is_refused);
  tcase_add_test(refusals, an_unknown_destination_is_named_with_the_known_ones);
  tcase_add_test(refusals, a_tenant_with_tenant_level_errors_is_refused);
  tcase_add_test(refusals, an_answer_past_the_stretch_bound_is_refused);
  // A year of a hundred closures is slow to build under the sanitizers.
  tcase_set_timeout(refusals, 120);
  suite_add_tcase(s, refusals);
  return run_suite(s);
}
