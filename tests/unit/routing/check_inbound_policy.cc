// Inbound actions: the configured answer for each kind of resolution, and
// the parsing of the configuration text that names it.
#include "core/routing/inbound_policy.hh"
#include "test_support.hh"

using tenant::InboundAction;
using tenant::InboundPolicy;
using tenant::parse_inbound_action;
using tenant::TenantContext;
using tenant::TenantStatus;

namespace {

TenantContext context(TenantStatus status) {
  TenantContext c;
  c.status = status;
  return c;
}

}  // namespace

START_TEST(parses_actions) {
  ck_assert(!parse_inbound_action("continue")->reject);
  ck_assert(parse_inbound_action("reject")->reject);
  ck_assert_int_eq(parse_inbound_action("reject")->sip_status, 480);
  ck_assert_int_eq(parse_inbound_action("reject:404")->sip_status, 404);
  ck_assert_int_eq(parse_inbound_action("reject:503")->sip_status, 503);
  ck_assert_int_eq(parse_inbound_action("reject:699")->sip_status, 699);
  ck_assert_string_eq(tenant::inbound_action_text(*parse_inbound_action("reject:403")), "reject:403");
  ck_assert_string_eq(tenant::inbound_action_text(*parse_inbound_action("continue")), "continue");
}
END_TEST

START_TEST(refuses_bad_actions) {
  const char* bad[] = {"", "Continue", "drop", "reject:200", "reject:399", "reject:700", "reject:40", "reject:4044",
                       "reject:4x4", "reject:"};
  for (const char* text : bad) {
    auto a = parse_inbound_action(text);
    ck_assert_msg(!a.ok(), "'%s' accepted", text);
    ck_assert_msg(!a.error().empty(), "no message for '%s'", text);
  }
  ck_assert(parse_inbound_action("reject:700").error().find("400..699") != std::string::npos);
}
END_TEST

START_TEST(maps_each_outcome) {
  InboundPolicy policy;
  policy.on_unknown = {true, 404};
  policy.on_disabled = {true, 403};
  policy.on_invalid = {true, 500};
  policy.on_error = {};
  ck_assert(!tenant::inbound_action(context(TenantStatus::active), policy).reject);
  ck_assert_int_eq(tenant::inbound_action(context(TenantStatus::unknown), policy).sip_status, 404);
  ck_assert_int_eq(tenant::inbound_action(context(TenantStatus::disabled), policy).sip_status, 403);
  ck_assert_int_eq(tenant::inbound_action(context(TenantStatus::invalid), policy).sip_status, 500);
  ck_assert(!tenant::inbound_action(context(TenantStatus::error), policy).reject);
}
END_TEST

START_TEST(defaults_follow_the_spec) {
  // A disabled tenant cannot receive calls; nothing else is rejected unless
  // the administrator says so (a store outage never drops calls by default).
  const InboundPolicy policy;
  ck_assert(tenant::inbound_action(context(TenantStatus::disabled), policy).reject);
  ck_assert_int_eq(tenant::inbound_action(context(TenantStatus::disabled), policy).sip_status, 403);
  ck_assert(!tenant::inbound_action(context(TenantStatus::unknown), policy).reject);
  ck_assert(!tenant::inbound_action(context(TenantStatus::invalid), policy).reject);
  ck_assert(!tenant::inbound_action(context(TenantStatus::error), policy).reject);
}
END_TEST

int main() {
  Suite* s = suite_create("inbound_policy");
  TCase* tc = tcase_create("core");
  tcase_add_test(tc, parses_actions);
  tcase_add_test(tc, refuses_bad_actions);
  tcase_add_test(tc, maps_each_outcome);
  tcase_add_test(tc, defaults_follow_the_spec);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
