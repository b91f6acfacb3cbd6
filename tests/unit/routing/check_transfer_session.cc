// The transfer session's whole retry table, without FreeSWITCH: what each
// attempt goes to, what the far end's verdict leads to, and the
// tenant_refer_* variables and event fields after each step.
//
// The tenant (Europe/Paris): commercial, priority 1, Monday to Friday
// 09:00-17:00, after hours to accueil; accueil, priority 2, every day
// 17:00-21:00; planning, priority 3, always open. Monday 2026-03-30 is in
// summer time (UTC+2): 08:00Z is 10:00 local, when commercial and planning
// are open and accueil is closed until 17:00 local, 15:00Z.
#include <memory>
#include <string>

#include "core/tenant/tenant_config.hh"
#include "core/tenant/tenant_context.hh"
#include "core/routing/transfer_session.hh"
#include "test_support.hh"

using tenant::HostSettings;
using tenant::ReferOutcome;
using tenant::TransferSession;
using Step = tenant::TransferSession::Step;
using State = tenant::ReferOutcome::State;

namespace {

std::string office(const char* status = "active", const char* failover = nullptr) {
  std::string doc = R"({
  "_id": "tenant-office", "tenant_id": "tenant-office", "client_id": "office", "display_name": "Office",
  "summary_to": [], "reply_to": null, "timezone": "Europe/Paris", "locale": "fr-FR", "status": ")";
  doc += status;
  doc += R"(",
  "features": {"refer": {"enabled": true, "require_confirmation": false, )";
  if (failover) doc += std::string("\"failover\": ") + failover + ", ";
  doc += R"("destinations": [
    {"destination_id": "commercial", "label": "Sales", "target_uri": "tel:+33240000001",
     "description_for_model": "Sales", "priority": 1,
     "business_hours": {"tz": "Europe/Paris", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0",
                        "duration_minutes": 480},
     "after_hours_destination_id": "accueil"},
    {"destination_id": "accueil", "label": "Front desk", "target_uri": "sip:accueil@pbx.example.com",
     "description_for_model": "Front desk", "priority": 2,
     "business_hours": {"tz": "Europe/Paris", "rrule": "FREQ=DAILY;BYHOUR=17;BYMINUTE=0", "duration_minutes": 240}},
    {"destination_id": "planning", "label": "Planning", "target_uri": "sip:planning@pbx.example.com",
     "description_for_model": "Planning", "priority": 3}
  ]}},
  "metadata": {}, "schema_version": 1,
  "created_at": {"$date": "2026-01-15T10:00:00Z"}, "updated_at": {"$date": "2026-03-02T14:30:00Z"}
})";
  return doc;
}

std::shared_ptr<const tenant::TenantContext> context_of(const std::string& doc) {
  auto config = tenant::TenantConfig::from_json_text(doc);
  ck_assert_msg(config.ok(), "%s", config.ok() ? "" : config.error().c_str());
  return tenant::context_for_config(std::make_shared<const tenant::TenantConfig>(config.value()));
}

HostSettings settings(bool failover) {
  HostSettings s;
  s.refer_failover = failover;
  return s;
}

std::string value_of(const tenant::NamedValues& values, const char* name) {
  for (const auto& [n, v] : values)
    if (n == name) return v;
  ck_abort_msg("no value named %s", name);
  return "";
}

// Each variable a session publishes, checked by name.
void expect_vars(const TransferSession& s, const char* result, const char* destination, const char* attempts,
                 const char* status) {
  const auto vars = s.variables();
  ck_assert_uint_eq(vars.size(), 14);
  ck_assert_string_eq(value_of(vars, "tenant_refer_result"), result);
  ck_assert_string_eq(value_of(vars, "tenant_refer_destination_id"), destination);
  ck_assert_string_eq(value_of(vars, "tenant_refer_attempts"), attempts);
  ck_assert_string_eq(value_of(vars, "tenant_refer_status"), status);
  const auto fields = s.event_fields();
  ck_assert_string_eq(value_of(fields, "Refer-Result"), result);
  ck_assert_string_eq(value_of(fields, "Refer-Attempts"), attempts);
  ck_assert_string_eq(value_of(fields, "Tenant-ID"), "tenant-office");
}

const tenant::UnixSeconds kMonday10 = at("2026-03-30T08:00:00Z");

}  // namespace

START_TEST(first_transfer_succeeds) {
  TransferSession s(context_of(office()), "", std::nullopt, settings(false));
  const auto& d = s.next(kMonday10);
  ck_assert(d.ok);
  ck_assert_string_eq(d.destination->destination_id, "commercial");
  s.send();
  expect_vars(s, "pending", "commercial", "", "");
  ck_assert_string_eq(value_of(s.variables(), "tenant_refer_target"), "tel:+33240000001");
  ck_assert_string_eq(value_of(s.variables(), "tenant_refer_reason"), "priority");
  ck_assert(s.record({State::transferred, 200}, true) == Step::transferred);
  expect_vars(s, "transferred", "commercial", "commercial:200", "200");
}
END_TEST

START_TEST(unanswered_call_is_redirected) {
  TransferSession s(context_of(office()), "", std::string("planning"), settings(true));
  ck_assert(s.next(kMonday10).ok);
  s.redirect();
  expect_vars(s, "redirected", "planning", "", "");
  ck_assert_string_eq(value_of(s.variables(), "tenant_refer_target"), "sip:planning@pbx.example.com");
}
END_TEST

START_TEST(failure_without_failover_gives_up) {
  TransferSession s(context_of(office()), "", std::nullopt, settings(false));
  ck_assert(!s.failover());
  ck_assert(s.next(kMonday10).ok);
  s.send();
  ck_assert(s.record({State::failed, 486}, true) == Step::give_up);
  // The failed attempt's destination stays named; the status is the far end's.
  expect_vars(s, "failed", "commercial", "commercial:486", "486");
}
END_TEST

START_TEST(failover_walks_on_then_ends_closed) {
  TransferSession s(context_of(office()), "", std::nullopt, settings(true));
  ck_assert(s.failover());
  ck_assert(s.next(kMonday10).ok);
  s.send();
  ck_assert(s.record({State::failed, 486}, true) == Step::try_next);
  // commercial failed: its after-hours hop accueil is closed, planning is open.
  const auto& second = s.next(kMonday10);
  ck_assert(second.ok);
  ck_assert_string_eq(second.destination->destination_id, "planning");
  s.send();
  expect_vars(s, "pending", "planning", "commercial:486", "486");
  ck_assert_string_eq(value_of(s.variables(), "tenant_refer_reason"), "failover");
  ck_assert_string_eq(value_of(s.variables(), "tenant_refer_chain"), "commercial:failed,accueil:closed,planning:open");
  // No verdict before the host stopped waiting: a timeout, with no status.
  ck_assert(s.record({State::pending, 0}, true) == Step::try_next);
  // Only accueil is left, closed until 17:00 local.
  const auto& third = s.next(kMonday10);
  ck_assert(!third.ok);
  ck_assert_string_eq(third.error, "closed");
  expect_vars(s, "failed", "", "commercial:486,planning:timeout", "");
  ck_assert_string_eq(value_of(s.variables(), "tenant_refer_next_open"), "2026-03-30T15:00:00Z");
  ck_assert_string_eq(value_of(s.variables(), "tenant_refer_target"), "");
}
END_TEST

START_TEST(caller_gone_ends_failover) {
  TransferSession s(context_of(office()), "", std::nullopt, settings(true));
  ck_assert(s.next(kMonday10).ok);
  s.send();
  ck_assert(s.record({State::failed, 603}, false) == Step::give_up);
  expect_vars(s, "failed", "commercial", "commercial:603", "603");
}
END_TEST

START_TEST(tenant_failover_overrides_the_host) {
  TransferSession off(context_of(office("active", "false")), "", std::nullopt, settings(true));
  ck_assert(!off.failover());
  TransferSession on(context_of(office("active", "true")), "", std::nullopt, settings(false));
  ck_assert(on.failover());
}
END_TEST

START_TEST(refusals_before_any_attempt) {
  // A disabled tenant: refused, whatever the destinations say.
  TransferSession disabled(context_of(office("disabled")), "", std::string("planning"), settings(true));
  const auto& d = disabled.next(kMonday10);
  ck_assert(!d.ok);
  ck_assert_string_eq(d.error, "tenant_disabled");
  expect_vars(disabled, "refused", "", "", "");
  ck_assert_string_eq(value_of(disabled.variables(), "tenant_refer_reason"), "tenant_disabled");

  // A closed destination asked for by id, with no after-hours hop.
  TransferSession closed(context_of(office()), "", std::string("accueil"), settings(true));
  ck_assert(!closed.next(kMonday10).ok);
  expect_vars(closed, "refused", "", "", "");
  ck_assert_string_eq(value_of(closed.variables(), "tenant_refer_reason"), "closed");
  ck_assert_string_eq(value_of(closed.variables(), "tenant_refer_next_open"), "2026-03-30T15:00:00Z");

  // No tenant at all: the id the host knows the call by is named.
  TransferSession none(nullptr, "tenant-gone", std::nullopt, settings(true));
  ck_assert_string_eq(none.next(kMonday10).error, "unknown_tenant");
  ck_assert_string_eq(value_of(none.event_fields(), "Tenant-ID"), "tenant-gone");
}
END_TEST

int main() {
  Suite* s = suite_create("transfer_session");
  TCase* tc = tcase_create("retry table");
  tcase_add_test(tc, first_transfer_succeeds);
  tcase_add_test(tc, unanswered_call_is_redirected);
  tcase_add_test(tc, failure_without_failover_gives_up);
  tcase_add_test(tc, failover_walks_on_then_ends_closed);
  tcase_add_test(tc, caller_gone_ends_failover);
  tcase_add_test(tc, tenant_failover_overrides_the_host);
  tcase_add_test(tc, refusals_before_any_attempt);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
