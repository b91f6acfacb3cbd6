// The transfer tool given to AI models: which destinations its enum holds at
// an instant, in which order, what its description says, the bounds, and
// when there is no tool at all. Expected texts are written out by hand.
//
// The tenant, in Europe/Paris (CEST, UTC+2, from Sunday 2026-03-29):
//   accueil     priority 2, Monday to Friday 09:00-17:00
//   planning    priority 1, every day 09:00-10:00
//   commercial  priority 0, disabled
// Monday 2026-03-30 08:30Z is 10:30 in Paris: accueil open, planning closed
// by its hours (since 10:00), commercial disabled.
#include <memory>
#include <string>

#include "core/routing/transfer_tool.hh"
#include "core/tenant/tenant_context.hh"
#include "test_support.hh"

namespace {

const char kDestinations[] = R"([
      {"destination_id": "accueil", "label": "l'accueil", "target_uri": "sip:accueil@pbx.example.com",
       "description_for_model": "Front desk, general questions", "priority": 2,
       "business_hours": {"tz": "Europe/Paris", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0",
                          "duration_minutes": 480}},
      {"destination_id": "planning", "label": "le service planning", "target_uri": "tel:+33240000002",
       "description_for_model": "Scheduling and interventions", "priority": 1,
       "business_hours": {"rrule": "FREQ=DAILY;BYHOUR=9;BYMINUTE=0", "duration_minutes": 60}},
      {"destination_id": "commercial", "label": "Mme Gogny", "target_uri": "tel:+33240000001",
       "description_for_model": "Sales", "priority": 0, "enabled": false}
    ])";

std::string tenant_doc(const std::string& status, const std::string& refer) {
  return R"({"_id": "tenant-tool", "tenant_id": "tenant-tool", "client_id": "c", "display_name": "Tool",
    "summary_to": [], "timezone": "Europe/Paris", "locale": "fr-FR", "status": ")" +
         status + R"(", "schema_version": 1,
    "created_at": {"$date": "2026-01-15T10:00:00Z"}, "updated_at": {"$date": "2026-01-15T10:00:00Z"},
    "features": {"refer": )" +
         refer + "}}";
}

std::string refer(const std::string& options, const std::string& destinations = kDestinations) {
  return R"({"enabled": true, )" + options + R"("destinations": )" + destinations + "}";
}

// The whole text, compared with the whole expectation.
void expect_same(const std::string& actual, const std::string& expected) {
  ck_assert_str_eq(actual.c_str(), expected.c_str());
}

std::shared_ptr<const tenant::TenantContext> context_of(const std::string& doc) {
  auto config = tenant::TenantConfig::from_json_text(doc);
  ck_assert_msg(config.ok(), "%s", config.ok() ? "" : config.error().c_str());
  return tenant::context_for_config(std::make_shared<const tenant::TenantConfig>(config.value()));
}

std::string tool(const std::string& doc, const char* instant) {
  const auto json = tenant::transfer_tool_json(*context_of(doc), at(instant));
  ck_assert_msg(json.ok(), "refused: %s", json.ok() ? "" : json.error().c_str());
  return *json;
}

std::string refusal(const std::string& doc, const char* instant) {
  const auto json = tenant::transfer_tool_json(*context_of(doc), at(instant));
  ck_assert_msg(!json.ok(), "a tool: %s", json.ok() ? json->c_str() : "");
  return json.error();
}

// Everything after the function's description, the same for every tool but
// for the enum.
std::string parameters(const std::string& ids) {
  return R"("parameters":{"type":"object","properties":{"destination_id":{"type":"string","enum":[)" + ids +
         R"(],"description":"The id of the destination to transfer the call to, from the function's description."}},)"
         R"("required":["destination_id"],"additionalProperties":false}}})";
}

const char kHead[] =
    R"({"type":"function","function":{"name":"transfer_call","description":"Transfer the call to one of these )"
    R"(destinations, open now, in order of preference:)";

}  // namespace

START_TEST(enum_holds_only_the_open_destination) {
  const std::string doc = tenant_doc("active", refer(R"("require_confirmation": false, )"));
  expect_same(tool(doc, "2026-03-30T08:30:00Z"),
                      std::string(kHead) + R"(\n- accueil (l'accueil): Front desk, general questions",)" +
                          parameters(R"("accueil")"));
}
END_TEST

START_TEST(enum_follows_priority_not_document_order) {
  // 09:30 in Paris: planning (priority 1) is open too, and comes first.
  const std::string doc = tenant_doc("active", refer(R"("require_confirmation": false, )"));
  expect_same(tool(doc, "2026-03-30T07:30:00Z"),
                      std::string(kHead) +
                          R"(\n- planning (le service planning): Scheduling and interventions)"
                          R"(\n- accueil (l'accueil): Front desk, general questions",)" +
                          parameters(R"("planning","accueil")"));
}
END_TEST

START_TEST(description_says_how_the_tenant_wants_transfers_made) {
  const std::string doc =
      tenant_doc("active", refer(R"("require_confirmation": true, "handoff_phrase": "Je vous transfère.", )"));
  expect_same(tool(doc, "2026-03-30T08:30:00Z"),
                      std::string(kHead) + R"(\n- accueil (l'accueil): Front desk, general questions)"
                                           R"(\nAsk the caller to confirm before transferring.)"
                                           R"(\nBefore transferring, say: \"Je vous transfère.\"",)" +
                          parameters(R"("accueil")"));
}
END_TEST

START_TEST(nothing_open_is_no_tool) {
  // Saturday 2026-03-28 13:00 in Paris (CET): accueil is closed for the
  // weekend, planning until Sunday 09:00 CEST = 07:00Z (the clocks go
  // forward that night).
  const std::string doc = tenant_doc("active", refer(""));
  expect_same(refusal(doc, "2026-03-28T12:00:00Z"),
                      "no destination is open; the next opens at 2026-03-29T07:00:00Z");
  // Nothing that could ever open: no next opening.
  const std::string none_enabled = tenant_doc("active", refer("", R"([
      {"destination_id": "commercial", "label": "Mme Gogny", "target_uri": "tel:+33240000001",
       "description_for_model": "Sales", "enabled": false}])"));
  expect_same(refusal(none_enabled, "2026-03-30T08:30:00Z"),
                      "no destination is enabled and free of configuration errors");
}
END_TEST

START_TEST(refused_transfers_are_no_tool) {
  expect_same(refusal(tenant_doc("disabled", refer("")), "2026-03-30T08:30:00Z"),
                      "tenant tenant-tool is disabled");
  expect_same(
      refusal(tenant_doc("active", R"({"enabled": false, "destinations": []})"), "2026-03-30T08:30:00Z"),
      "transfers are disabled for tenant tenant-tool");
  // A broken document: the resolver's judgement, as for a call.
  expect_same(refusal(tenant_doc("paused", refer("")), "2026-03-30T08:30:00Z"),
              "tenant tenant-tool: tenant_config of tenant-tool is invalid: status: must be \"active\" or "
              "\"disabled\", got string 'paused'");
}
END_TEST

START_TEST(texts_are_one_line_and_cut) {
  // A label of 150 bytes with a line break, a description of 400: the
  // label is cut to 100 bytes, the description to 300, both on one line.
  const std::string doc = tenant_doc(
      "active", refer(R"("require_confirmation": false, )",
                      R"([{"destination_id": "desk", "label": ")" + std::string("Desk\\n") + std::string(145, 'l') +
                          R"(", "target_uri": "sip:desk@pbx.example.com", "description_for_model": "Line one\r\nline two )" +
                          std::string(380, 'd') + R"("}])"));
  expect_same(tool(doc, "2026-03-30T08:30:00Z"),
                      std::string(kHead) + "\\n- desk (Desk " + std::string(95, 'l') + "): Line one  line two " +
                          std::string(281, 'd') + "\"," + parameters(R"("desk")"));
}
END_TEST

START_TEST(a_hundred_destinations_at_most) {
  // The most a valid document holds; every one open, all listed, ties in
  // document order.
  std::string list = "[";
  std::string ids;
  for (int i = 0; i < 100; ++i) {
    const std::string id = "d" + std::to_string(100 + i);
    list += std::string(i ? "," : "") + R"({"destination_id": ")" + id +
            R"(", "label": "L", "target_uri": "sip:d@pbx.example.com", "description_for_model": "D"})";
    ids += std::string(i ? "," : "") + "\"" + id + "\"";
  }
  list += "]";
  const std::string json = tool(tenant_doc("active", refer("", list)), "2026-03-30T08:30:00Z");
  ck_assert_msg(json.find(R"("enum":[)" + ids + "]") != std::string::npos, "%s", json.c_str());
  ck_assert_uint_lt(json.size(), 4000);
}
END_TEST

int main() {
  Suite* s = suite_create("transfer_tool");
  TCase* tc = tcase_create("core");
  tcase_add_test(tc, enum_holds_only_the_open_destination);
  tcase_add_test(tc, enum_follows_priority_not_document_order);
  tcase_add_test(tc, description_says_how_the_tenant_wants_transfers_made);
  tcase_add_test(tc, nothing_open_is_no_tool);
  tcase_add_test(tc, refused_transfers_are_no_tool);
  tcase_add_test(tc, texts_are_one_line_and_cut);
  tcase_add_test(tc, a_hundred_destinations_at_most);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
