// What the SIP redirect service answers, decided by the core: the inbound
// decision and the transfer decision as a status, Contacts and headers
// (docs/sip-redirect.md). With an in-memory store behind the real resolver.
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/hours/instant.hh"
#include "core/routing/redirect_answer.hh"
#include "support/memory_tenant_source.hh"
#include "test_support.hh"

using tenant::HostSettings;
using tenant::MemoryTenantSource;
using tenant::RedirectAnswer;
using tenant::TenantResolver;
using tenant::TransferSession;

using fixtures::mapping_doc;
using fixtures::tenant_doc;

namespace {

std::string header(const RedirectAnswer& a, const char* name) {
  for (const auto& [n, v] : a.headers)
    if (n == name) return v;
  return "<absent>";
}

tenant::UnixSeconds instant(const char* rfc3339) { return tenant::parse_rfc3339(rfc3339).value(); }

// "first" and "second" always open; "office" open Monday to Friday
// 09:00-17:00 in Paris; "off" disabled.
std::string transfer_features(bool failover) {
  return std::string(R"({"refer": {"enabled": true, "failover": )") + (failover ? "true" : "false") +
         R"(, "destinations": [
    {"destination_id": "first", "label": "First", "target_uri": "sip:first@pbx.example.com",
     "description_for_model": "first", "priority": 1},
    {"destination_id": "second", "label": "Second", "target_uri": "tel:+33100000099",
     "description_for_model": "second", "priority": 2},
    {"destination_id": "office", "label": "Office", "target_uri": "sip:office@pbx.example.com",
     "description_for_model": "office", "priority": 3,
     "business_hours": {"tz": "Europe/Paris", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0;BYSECOND=0",
                        "duration_minutes": 480}},
    {"destination_id": "off", "label": "Off", "target_uri": "sip:off@pbx.example.com",
     "description_for_model": "off", "enabled": false}
  ]}})";
}

struct World {
  MemoryTenantSource source;
  HostSettings settings = tenant::host_defaults(tenant::Host::sip_service);
  TenantResolver resolver{source};

  World() {
    ck_assert(source.put_tenant_config("tenant-a", tenant_doc("tenant-a", "active", "Alpha", transfer_features(true))));
    ck_assert(source.put_tenant_config("tenant-solo", tenant_doc("tenant-solo", "active", "Solo", transfer_features(false))));
    ck_assert(source.put_tenant_config("tenant-off", tenant_doc("tenant-off", "disabled", "Off")));
    ck_assert(source.put_mapping("+33100000001", mapping_doc("+33100000001", "tenant-a")));
    ck_assert(source.put_mapping("+33100000002", mapping_doc("+33100000002", "tenant-off")));
  }

  RedirectAnswer inbound(const char* called) {
    return tenant::redirect_for_inbound(tenant::decide_inbound(called, settings, resolver), settings);
  }
  RedirectAnswer transfer(const char* tenant_id, const char* destination, tenant::UnixSeconds now) {
    const auto context = resolver.resolve_tenant_id(tenant_id).context;
    TransferSession session(context, tenant_id,
                            destination ? std::optional<std::string>(destination) : std::nullopt, settings);
    return tenant::redirect_for_transfer(session, now);
  }
};

}  // namespace

START_TEST(resolved_call_is_redirected_to_the_agent_with_its_tenant) {
  World w;
  const RedirectAnswer a = w.inbound("0100000001");  // national digits, read in FR
  ck_assert_int_eq(a.status, 302);
  ck_assert_uint_eq(a.contacts.size(), 1);
  ck_assert_string_eq(a.contacts[0], "<sip:+33100000001@127.0.0.1:5080>");
  ck_assert_string_eq(header(a, "X-Tenant-Id"), "tenant-a");
  ck_assert_string_eq(header(a, "X-Tenant-Client-Id"), "client-tenant-a");
  ck_assert_string_eq(header(a, "X-Tenant-Number"), "+33100000001");
  ck_assert_string_eq(header(a, "X-Tenant-Resolution"), "miss");
  ck_assert_string_eq(header(a, "X-Tenant-Timezone"), "Europe/Paris");
  ck_assert_string_eq(header(a, "X-Tenant-Locale"), "fr-FR");
  ck_assert(!a.retry_after);
  // The template's placeholders, each encoded for a user part.
  w.settings.redirect.agent_uri = "sip:${tenant_id}@agents.example.com;number=${number}";
  ck_assert_string_eq(w.inbound("+33100000001").contacts[0], "<sip:tenant-a@agents.example.com;number=+33100000001>");
}
END_TEST

START_TEST(other_outcomes_follow_the_on_actions) {
  World w;
  // A disabled tenant: the spec's default, reject:403.
  RedirectAnswer a = w.inbound("+33100000002");
  ck_assert_int_eq(a.status, 403);
  ck_assert(a.contacts.empty());
  ck_assert_string_eq(header(a, "X-Tenant-Resolution"), "disabled");
  // Unknown with the default "continue": on to the agent, saying so.
  a = w.inbound("+33100000009");
  ck_assert_int_eq(a.status, 302);
  ck_assert_string_eq(header(a, "X-Tenant-Resolution"), "unknown");
  ck_assert_string_eq(header(a, "X-Tenant-Id"), "<absent>");
  w.settings.inbound.on_unknown = {true, 404};
  ck_assert_int_eq(w.inbound("+33100000008").status, 404);
  w.settings.inbound.on_not_a_number = {true, 484};
  ck_assert_int_eq(w.inbound("alice").status, 484);
}
END_TEST

START_TEST(store_failure_is_503_with_retry_after) {
  World w;
  w.source.set_failure("connection refused");
  RedirectAnswer a = w.inbound("+33100000001");
  ck_assert_int_eq(a.status, 503);
  ck_assert(a.retry_after && *a.retry_after == 5);
  ck_assert_string_eq(header(a, "X-Tenant-Resolution"), "error");
  w.settings.redirect.retry_after = std::chrono::seconds(30);
  ck_assert(*w.inbound("+33100000003").retry_after == 30);
  // An explicit reject wins.
  w.settings.inbound.on_error = {true, 500};
  a = w.inbound("+33100000004");
  ck_assert_int_eq(a.status, 500);
  ck_assert(!a.retry_after);
}
END_TEST

START_TEST(cache_only_decision_never_asks_the_store) {
  World w;
  ck_assert(!tenant::decide_inbound_if_cached("+33100000001", w.settings, w.resolver));
  ck_assert_uint_eq(w.source.mapping_lookups(), 0);
  tenant::decide_inbound("+33100000001", w.settings, w.resolver);
  const auto lookups = w.source.mapping_lookups();
  const auto cached = tenant::decide_inbound_if_cached("+33100000001", w.settings, w.resolver);
  ck_assert(cached);
  ck_assert_string_eq(cached->resolution_name, "hit");
  ck_assert_uint_eq(w.source.mapping_lookups(), lookups);
  // Not a number needs no store either.
  const auto not_a_number = tenant::decide_inbound_if_cached("alice", w.settings, w.resolver);
  ck_assert(not_a_number && !not_a_number->number);
}
END_TEST

START_TEST(transfer_lists_every_candidate_by_decreasing_q) {
  World w;
  // Saturday 2026-12-05 12:00 UTC: office closed, first and second open.
  RedirectAnswer a = w.transfer("tenant-a", "first", instant("2026-12-05T12:00:00Z"));
  ck_assert_int_eq(a.status, 302);
  ck_assert_uint_eq(a.contacts.size(), 2);
  ck_assert_string_eq(a.contacts[0], "<sip:first@pbx.example.com>;q=1.0");
  ck_assert_string_eq(a.contacts[1], "<tel:+33100000099>;q=0.9");
  ck_assert_string_eq(header(a, "X-Tenant-Destination"), "first");
  ck_assert_string_eq(header(a, "X-Tenant-Label"), "First");
  ck_assert_string_eq(header(a, "X-Tenant-Reason"), "open");
  ck_assert_string_eq(header(a, "X-Tenant-Id"), "tenant-a");
  // tel: targets become SIP with tel-sip-domain, as in the module.
  w.settings.refer.tel_sip_domain = "gw.example.com";
  a = w.transfer("tenant-a", "second", instant("2026-12-05T12:00:00Z"));
  ck_assert_string_eq(a.contacts[0], "<sip:+33100000099@gw.example.com;user=phone>;q=1.0");
  ck_assert_string_eq(a.contacts[1], "<sip:first@pbx.example.com>;q=0.9");
  // Monday 2026-12-07 10:00 Paris (09:00 UTC): the office is open too.
  a = w.transfer("tenant-a", nullptr, instant("2026-12-07T09:00:00Z"));
  ck_assert_uint_eq(a.contacts.size(), 3);
  ck_assert_string_eq(a.contacts[2], "<sip:office@pbx.example.com>;q=0.8");
  // Failover off: one target.
  a = w.transfer("tenant-solo", "first", instant("2026-12-05T12:00:00Z"));
  ck_assert_uint_eq(a.contacts.size(), 1);
  ck_assert_string_eq(a.contacts[0], "<sip:first@pbx.example.com>;q=1.0");
}
END_TEST

START_TEST(closed_destination_is_480_until_it_opens) {
  World w;
  // Saturday 12:00 UTC to Monday 09:00 Paris = 08:00 UTC (CET, UTC+1):
  // 44 hours.
  const RedirectAnswer a = w.transfer("tenant-solo", "office", instant("2026-12-05T12:00:00Z"));
  ck_assert_int_eq(a.status, 480);
  ck_assert(a.contacts.empty());
  ck_assert(a.retry_after && *a.retry_after == 44 * 3600);
  ck_assert_string_eq(header(a, "X-Tenant-Next-Open"), "2026-12-07T08:00:00Z");
  ck_assert_string_eq(header(a, "X-Tenant-Reason"), "closed");
  ck_assert_string_eq(header(a, "X-Tenant-Chain"), "office:closed");
}
END_TEST

START_TEST(refusals_have_their_status) {
  World w;
  const auto now = instant("2026-12-05T12:00:00Z");
  ck_assert_int_eq(w.transfer("tenant-a", "nowhere", now).status, 404);
  ck_assert_string_eq(header(w.transfer("tenant-a", "nowhere", now), "X-Tenant-Reason"), "unknown_destination");
  ck_assert_int_eq(w.transfer("tenant-a", "off", now).status, 403);
  ck_assert_int_eq(w.transfer("tenant-off", "first", now).status, 403);
  ck_assert_string_eq(header(w.transfer("tenant-off", "first", now), "X-Tenant-Reason"), "tenant_disabled");
  ck_assert_int_eq(w.transfer("tenant-nobody", "first", now).status, 404);
  w.source.set_failure("connection refused");
  const RedirectAnswer down = w.transfer("tenant-other", "first", now);
  ck_assert_int_eq(down.status, 503);
  ck_assert(down.retry_after && *down.retry_after == 5);
  // Every code the decision can refuse with has a row.
  for (const char* code : {"closed", "unknown_destination", "unknown_tenant", "destination_disabled", "refer_disabled",
                           "tenant_disabled", "invalid_destination", "invalid_config", "transfer_failed",
                           "tenant_unavailable"}) {
    bool found = false;
    for (const auto& row : tenant::redirect_refusals()) found = found || std::string(row.code) == code;
    ck_assert_msg(found, "no status for %s", code);
  }
}
END_TEST

START_TEST(many_candidates_keep_q_decreasing) {
  World w;
  std::string list;
  for (int i = 0; i < 14; ++i)
    list += std::string(i ? "," : "") + R"({"destination_id": "d)" + std::to_string(10 + i) +
            R"(", "label": "L", "target_uri": "sip:d@pbx.example.com", "description_for_model": "d"})";
  ck_assert(w.source.put_tenant_config(
      "tenant-many", tenant_doc("tenant-many", "active", "Many",
                                R"({"refer": {"enabled": true, "failover": true, "destinations": [)" + list + "]}}")));
  const RedirectAnswer a = w.transfer("tenant-many", nullptr, instant("2026-12-05T12:00:00Z"));
  ck_assert_uint_eq(a.contacts.size(), 14);
  double previous = 2;
  for (const auto& contact : a.contacts) {
    const double q = std::stod(contact.substr(contact.find(";q=") + 3));
    ck_assert_msg(q < previous && q >= 0.1, "%s after %f", contact.c_str(), previous);
    previous = q;
  }
}
END_TEST

START_TEST(header_values_cannot_add_headers) {
  ck_assert_string_eq(tenant::header_safe("a\r\nX-Evil: 1"), "a  X-Evil: 1");
  const std::string long_text(150, 'a');
  const std::string accented = long_text + std::string(40, 'e') + "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";
  const std::string cut = tenant::header_safe(accented);  // 202 bytes: cut at 200, a character boundary
  ck_assert_uint_eq(cut.size(), 200);
  ck_assert_string_eq(tenant::header_safe("\xFF"), "\xEF\xBF\xBD");
}
END_TEST

START_TEST(agent_uri_templates) {
  ck_assert_string_eq(tenant::agent_uri("sip:${tenant_id}@h;n=${number}", "+331", "a>b;c"), "sip:a%3Eb%3Bc@h;n=+331");
  ck_assert(!tenant::agent_uri_template_problem("sip:${number}@agents.example.com"));
  ck_assert(!tenant::agent_uri_template_problem("sips:${tenant_id}@agents.example.com:5061"));
  ck_assert(tenant::agent_uri_template_problem("http://agents.example.com/${number}"));
  ck_assert(tenant::agent_uri_template_problem("sip:${nmber}@agents.example.com"));
  ck_assert(tenant::agent_uri_template_problem("sip:${number@agents.example.com"));
  ck_assert(tenant::agent_uri_template_problem("sip:${number}@agents.example.com>"));
  ck_assert(tenant::agent_uri_template_problem("sip:${number}@"));
}
END_TEST

START_TEST(refusal_table_is_documented) {
  std::ifstream in(TEST_SRCDIR "/docs/sip-redirect.md");
  ck_assert(in.good());
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string table = tenant::redirect_refusals_markdown();
  ck_assert_msg(doc.find(table) != std::string::npos, "docs/sip-redirect.md lacks the table:\n%s", table.c_str());
}
END_TEST

int main() {
  Suite* s = suite_create("redirect_answer");
  TCase* tc = tcase_create("core");
  tcase_add_test(tc, resolved_call_is_redirected_to_the_agent_with_its_tenant);
  tcase_add_test(tc, other_outcomes_follow_the_on_actions);
  tcase_add_test(tc, store_failure_is_503_with_retry_after);
  tcase_add_test(tc, cache_only_decision_never_asks_the_store);
  tcase_add_test(tc, transfer_lists_every_candidate_by_decreasing_q);
  tcase_add_test(tc, closed_destination_is_480_until_it_opens);
  tcase_add_test(tc, refusals_have_their_status);
  tcase_add_test(tc, many_candidates_keep_q_decreasing);
  tcase_add_test(tc, header_values_cannot_add_headers);
  tcase_add_test(tc, agent_uri_templates);
  tcase_add_test(tc, refusal_table_is_documented);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
