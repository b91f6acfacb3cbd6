// The destination list offered to an AI model. The tenant: "sales" Mon-Fri
// 09:00-17:00 Paris (priority 2), "support" always open (priority 1),
// "old" disabled, "broken" with an invalid zone. Monday 2026-03-30 07:30Z is
// 09:30 CEST: sales open until 15:00Z.
#include <cjson/cJSON.h>

#include "core/routing/destination_list.hh"
#include "core/util/json_doc.hh"
#include "test_support.hh"

namespace {

const char* kTenant = R"({
  "_id": "tenant-test-001", "tenant_id": "tenant-test-001", "client_id": "c", "display_name": "T",
  "summary_to": [], "timezone": "Europe/Paris", "status": "active", "schema_version": 1,
  "created_at": {"$date": "2026-01-15T10:00:00Z"}, "updated_at": {"$date": "2026-01-15T10:00:00Z"},
  "features": {"refer": {"enabled": true, "handoff_phrase": "Je vous transfère",
    "destinations": [
      {"destination_id": "sales", "label": "Sales", "target_uri": "tel:+33140000000",
       "description_for_model": "quotes", "priority": 2,
       "business_hours": {"tz": "Europe/Paris", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9", "duration_minutes": 480}},
      {"destination_id": "support", "label": "Support", "target_uri": "sip:support@pbx.example.com",
       "description_for_model": "help", "priority": 1},
      {"destination_id": "old", "label": "Old", "target_uri": "tel:+33140000001",
       "description_for_model": "gone", "enabled": false},
      {"destination_id": "broken", "label": "Broken", "target_uri": "tel:+33140000002",
       "description_for_model": "bad hours",
       "business_hours": {"tz": "Mars/Olympus", "rrule": "FREQ=DAILY;BYHOUR=9", "duration_minutes": 60}}
    ]}}
})";

}  // namespace

START_TEST(lists_enabled_usable_destinations_by_priority) {
  auto config = tenant::TenantConfig::from_json_text(kTenant);
  ck_assert_msg(config.ok(), "%s", config.error().c_str());
  const std::string text = tenant::destination_list_json(*config, at("2026-03-30T07:30:00Z"));
  tenant::JsonDoc doc(cJSON_Parse(text.c_str()));
  ck_assert_ptr_nonnull(doc.get());
  ck_assert_str_eq(cJSON_GetObjectItem(doc.get(), "tenant_id")->valuestring, "tenant-test-001");
  ck_assert_str_eq(cJSON_GetObjectItem(doc.get(), "at")->valuestring, "2026-03-30T07:30:00Z");
  ck_assert_str_eq(cJSON_GetObjectItem(doc.get(), "handoff_phrase")->valuestring, "Je vous transfère");
  const cJSON* list = cJSON_GetObjectItem(doc.get(), "destinations");
  ck_assert_int_eq(cJSON_GetArraySize(list), 2);  // "old" is disabled, "broken" unusable

  const cJSON* first = cJSON_GetArrayItem(list, 0);
  ck_assert_str_eq(cJSON_GetObjectItem(first, "destination_id")->valuestring, "support");
  ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(first, "open")));
  ck_assert(cJSON_IsNull(cJSON_GetObjectItem(first, "next_change")));

  const cJSON* second = cJSON_GetArrayItem(list, 1);
  ck_assert_str_eq(cJSON_GetObjectItem(second, "destination_id")->valuestring, "sales");
  ck_assert_str_eq(cJSON_GetObjectItem(second, "description_for_model")->valuestring, "quotes");
  ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(second, "open")));
  ck_assert_str_eq(cJSON_GetObjectItem(second, "next_change")->valuestring, "2026-03-30T15:00:00Z");
}
END_TEST

START_TEST(closed_destination_says_when_it_opens) {
  auto config = tenant::TenantConfig::from_json_text(kTenant);
  ck_assert(config.ok());
  // Saturday 2026-03-28 12:00Z: sales opens Monday 09:00 CEST = 07:00Z.
  const std::string text = tenant::destination_list_json(*config, at("2026-03-28T12:00:00Z"));
  tenant::JsonDoc doc(cJSON_Parse(text.c_str()));
  const cJSON* sales = cJSON_GetArrayItem(cJSON_GetObjectItem(doc.get(), "destinations"), 1);
  ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(sales, "open")));
  ck_assert_str_eq(cJSON_GetObjectItem(sales, "next_change")->valuestring, "2026-03-30T07:00:00Z");
}
END_TEST

int main() {
  Suite* s = suite_create("destination_list");
  TCase* tc = tcase_create("core");
  tcase_add_test(tc, lists_enabled_usable_destinations_by_priority);
  tcase_add_test(tc, closed_destination_says_when_it_opens);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
