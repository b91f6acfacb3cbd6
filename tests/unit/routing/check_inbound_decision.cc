// The inbound decision, the whole flow a host runs for a call: called party
// text in; number, resolution, action, variables and event fields out. With
// an in-memory store behind the real resolver.
#include <string>

#include "core/routing/inbound_decision.hh"
#include "support/manual_clock.hh"
#include "support/memory_tenant_source.hh"
#include "test_support.hh"

using tenant::HostSettings;
using tenant::InboundAction;
using tenant::InboundDecision;
using tenant::MemoryTenantSource;
using tenant::TenantResolver;

using fixtures::mapping_doc;
using fixtures::tenant_doc;

namespace {

std::string value_of(const tenant::NamedValues& values, const char* name) {
  for (const auto& [n, v] : values)
    if (n == name) return v;
  return "<absent>";
}

struct World {
  MemoryTenantSource source;
  HostSettings settings;
  TenantResolver resolver{source};

  World() {
    ck_assert(source.put_tenant_config("tenant-a", tenant_doc("tenant-a", "active", "Alpha")));
    ck_assert(source.put_tenant_config("tenant-off", tenant_doc("tenant-off", "disabled", "Off")));
    ck_assert(source.put_mapping("+33100000001", mapping_doc("+33100000001", "tenant-a")));
    ck_assert(source.put_mapping("+33100000002", mapping_doc("+33100000002", "tenant-off")));
    settings.inbound.on_unknown = {true, 404};
    settings.inbound.on_not_a_number = {true, 484};
  }
};

}  // namespace

START_TEST(active_tenant_continues_with_its_facts) {
  World w;
  // The To user as a caller may send it: national digits, read in FR.
  const InboundDecision d = tenant::decide_inbound("0100000001", w.settings, w.resolver);
  ck_assert(d.number && *d.number == "+33100000001");
  ck_assert(!d.action.reject);
  ck_assert_string_eq(d.resolution_name, "miss");
  ck_assert_uint_eq(d.variables.size(), 10);  // nine tenant_* and timezone
  ck_assert_string_eq(value_of(d.variables, "tenant_number"), "+33100000001");
  ck_assert_string_eq(value_of(d.variables, "tenant_id"), "tenant-a");
  ck_assert_string_eq(value_of(d.variables, "tenant_client_id"), "client-tenant-a");
  ck_assert_string_eq(value_of(d.variables, "tenant_display_name"), "Alpha");
  ck_assert_string_eq(value_of(d.variables, "tenant_status"), "active");
  ck_assert_string_eq(value_of(d.variables, "tenant_locale"), "fr-FR");
  ck_assert_string_eq(value_of(d.variables, "tenant_timezone"), "Europe/Paris");
  ck_assert_string_eq(value_of(d.variables, "timezone"), "Europe/Paris");
  ck_assert_string_eq(value_of(d.variables, "tenant_resolution_message"), "");
  ck_assert_string_eq(value_of(d.event_fields, "Tenant-Number-Raw"), "0100000001");
  ck_assert_string_eq(value_of(d.event_fields, "Tenant-Action"), "continue");
  // The second call is answered from the cache.
  ck_assert_string_eq(tenant::decide_inbound("+33100000001", w.settings, w.resolver).resolution_name, "hit");
}
END_TEST

START_TEST(each_outcome_takes_its_action) {
  World w;
  const InboundDecision off = tenant::decide_inbound("+33100000002", w.settings, w.resolver);
  ck_assert(off.action == (InboundAction{true, 403}));  // the spec's default for a disabled tenant
  ck_assert_string_eq(off.resolution_name, "disabled");
  ck_assert_string_eq(value_of(off.event_fields, "Tenant-Action"), "reject:403");
  ck_assert_string_eq(value_of(off.variables, "tenant_id"), "tenant-off");

  const InboundDecision unknown = tenant::decide_inbound("+33100000009", w.settings, w.resolver);
  ck_assert(unknown.action == (InboundAction{true, 404}));
  ck_assert_string_eq(unknown.resolution_name, "unknown");
  // No tenant: every tenant_* variable is cleared, FreeSWITCH's timezone left alone.
  ck_assert_string_eq(value_of(unknown.variables, "tenant_id"), "");
  ck_assert_string_eq(value_of(unknown.variables, "timezone"), "<absent>");

  w.source.set_failure("connection refused");
  const InboundDecision down = tenant::decide_inbound("+33100000008", w.settings, w.resolver);
  ck_assert(!down.action.reject);  // on-error defaults to continue
  ck_assert_string_eq(down.resolution_name, "error");
}
END_TEST

START_TEST(not_a_number_asks_no_store) {
  World w;
  const InboundDecision d = tenant::decide_inbound("alice@example.com", w.settings, w.resolver);
  ck_assert(!d.number);
  ck_assert(d.resolution.context == nullptr);
  ck_assert(d.action == (InboundAction{true, 484}));
  ck_assert_string_eq(d.resolution_name, "unknown");
  ck_assert_msg(d.message.find("neither a number nor a sip:") != std::string::npos, "%s", d.message.c_str());
  ck_assert_string_eq(value_of(d.variables, "tenant_number"), "");
  ck_assert(value_of(d.variables, "tenant_resolution_message") == d.message);
  ck_assert_string_eq(value_of(d.event_fields, "Tenant-Number-Raw"), "alice@example.com");
  ck_assert_uint_eq(w.source.mapping_lookups(), 0);
}
END_TEST

int main() {
  Suite* s = suite_create("inbound_decision");
  TCase* tc = tcase_create("flow");
  tcase_add_test(tc, active_tenant_continues_with_its_facts);
  tcase_add_test(tc, each_outcome_takes_its_action);
  tcase_add_test(tc, not_a_number_asks_no_store);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
