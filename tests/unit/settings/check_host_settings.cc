// tenant.conf parameters: defaults, each value form, and the errors a bad
// value or an unknown name gets (named by the parameter).
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "core/settings/host_settings.hh"
#include "core/number/sip_host.hh"
#include "core/tenant/validation.hh"
#include "test_support.hh"

using tenant::HostSettings;
using tenant::parse_host_settings;
using tenant::Problem;
using tenant::Problems;

namespace {

HostSettings parse(const tenant::SettingPairs& pairs, Problems& problems) { return parse_host_settings(pairs, problems); }

}  // namespace

START_TEST(defaults) {
  Problems problems;
  const HostSettings s = parse({}, problems);
  ck_assert(problems.empty());
  ck_assert_str_eq(s.store.uri.c_str(), "mongodb://127.0.0.1:27017");
  ck_assert_str_eq(s.store.database.c_str(), "sonore-phone-agent");
  ck_assert_str_eq(s.store.mapping_collection.c_str(), "phone-tenant-map");
  ck_assert_str_eq(s.store.config_collection.c_str(), "tenant_config");
  ck_assert_int_eq(s.store.lookup_timeout.count(), 300);
  ck_assert_str_eq(s.default_country.c_str(), "FR");
  ck_assert(s.number_source.kind == tenant::NumberSource::Kind::to_user);
  ck_assert(s.inbound_hook);
  ck_assert(s.inbound.on_disabled.reject);
  ck_assert_int_eq(s.inbound.on_disabled.sip_status, 403);
  ck_assert(!s.inbound.on_error.reject);
  ck_assert(s.refer.tel_sip_domain.empty());
  ck_assert(!s.refer_failover);
}
END_TEST

START_TEST(every_parameter_is_read) {
  Problems problems;
  const HostSettings s = parse({{"mongo-uri", "mongodb://db1,db2/?replicaSet=rs0"},
                                {"database", "agents"},
                                {"mapping-collection", "numbers"},
                                {"config-collection", "tenants"},
                                {"lookup-timeout-ms", "150"},
                                {"cache-ttl-seconds", "120"},
                                {"cache-negative-ttl-seconds", "5"},
                                {"cache-max-entries", "5000"},
                                {"stale-if-error-seconds", "0"},
                                {"default-country", "us"},
                                {"number-source", "variable:sip_h_X-Called"},
                                {"inbound-hook", "false"},
                                {"on-unknown", "reject:404"},
                                {"on-disabled", "continue"},
                                {"on-invalid", "reject"},
                                {"on-error", "reject:503"},
                                {"on-not-a-number", "reject:484"},
                                {"tel-sip-domain", "gw.example.com"},
                                {"refer-timeout-ms", "4000"},
                                {"refer-failover", "yes"}},
                               problems);
  ck_assert_msg(problems.empty(), "%s", problems.empty() ? "" : problems[0].to_string().c_str());
  ck_assert_str_eq(s.store.uri.c_str(), "mongodb://db1,db2/?replicaSet=rs0");
  ck_assert_str_eq(s.store.database.c_str(), "agents");
  ck_assert_int_eq(s.store.lookup_timeout.count(), 150);
  ck_assert_int_eq(s.resolver.ttl.count(), 120000);
  ck_assert_int_eq(s.resolver.negative_ttl.count(), 5000);
  ck_assert_int_eq(s.resolver.max_entries, 5000);
  ck_assert_int_eq(s.resolver.stale_window.count(), 0);
  ck_assert_str_eq(s.default_country.c_str(), "US");
  ck_assert(s.number_source.kind == tenant::NumberSource::Kind::variable);
  ck_assert_str_eq(s.number_source.variable.c_str(), "sip_h_X-Called");
  ck_assert(!s.inbound_hook);
  ck_assert_int_eq(s.inbound.on_unknown.sip_status, 404);
  ck_assert(!s.inbound.on_disabled.reject);
  ck_assert_int_eq(s.inbound.on_invalid.sip_status, 480);
  ck_assert_int_eq(s.inbound.on_error.sip_status, 503);
  ck_assert_int_eq(s.inbound.on_not_a_number.sip_status, 484);
  ck_assert_str_eq(s.refer.tel_sip_domain.c_str(), "gw.example.com");
  ck_assert_int_eq(s.refer_timeout.count(), 4000);
  ck_assert(s.refer_failover);
  // The description lists the same values back.
  for (const auto& [name, value] : tenant::describe_host_settings(s))
    if (name == "number-source") ck_assert_str_eq(value.c_str(), "variable:sip_h_X-Called");
}
END_TEST

START_TEST(bad_values_keep_defaults_and_say_why) {
  struct Case {
    const char* name;
    const char* value;
    const char* says;
  } cases[] = {
      {"mongo-uri", "http://db", "MongoDB URI"},
      {"lookup-timeout-ms", "fast", "whole number"},
      {"lookup-timeout-ms", "0", "from 10 to 60000"},
      {"cache-ttl-seconds", "-1", "whole number"},
      {"cache-max-entries", "0", "from 1"},
      {"default-country", "France", "two-letter"},
      {"default-country", "ZZ", "unknown default country"},
      {"number-source", "from-header", "to-user, request-uri"},
      {"number-source", "variable:", "to-user, request-uri"},
      {"inbound-hook", "maybe", "true or false"},
      {"on-unknown", "reject:200", "400..699"},
      {"on-disabled", "hangup", "continue, reject"},
      {"tel-sip-domain", "gw.example.com;transport=tcp", "host name"},
      {"refer-timeout-ms", "100", "from 500"},
      {"database", "", "empty"},
  };
  for (const auto& c : cases) {
    Problems problems;
    const HostSettings s = parse({{c.name, c.value}}, problems);
    ck_assert_int_eq(problems.size(), 1);
    ck_assert_str_eq(problems[0].path.c_str(), c.name);
    ck_assert(problems[0].severity == Problem::Severity::error);
    ck_assert_msg(problems[0].message.find(c.says) != std::string::npos, "%s=%s: %s", c.name, c.value,
                  problems[0].message.c_str());
    ck_assert_msg(problems[0].message.find("default is kept") != std::string::npos, "%s", problems[0].message.c_str());
  }
  Problems problems;
  const HostSettings s = parse({{"lookup-timeout-ms", "fast"}}, problems);
  ck_assert_int_eq(s.store.lookup_timeout.count(), 300);
}
END_TEST

START_TEST(unknown_names_are_warnings) {
  Problems problems;
  parse({{"mongo-url", "mongodb://x"}, {"database", "ok"}}, problems);
  ck_assert_int_eq(problems.size(), 1);
  ck_assert_str_eq(problems[0].path.c_str(), "mongo-url");
  ck_assert(problems[0].severity == Problem::Severity::warning);
}
END_TEST

// tel-sip-domain becomes the host part of a Refer-To URI, so it takes the
// host[:port] rule of a destination's sip: target_uri. Ports are 1..65535
// (RFC 3261 port = 1*DIGIT, a TCP/UDP port); host name labels neither start
// nor end with '-' (RFC 3261 domainlabel).
START_TEST(tel_sip_domain_refuses_what_target_uri_refuses) {
  const struct {
    const char* value;
    const char* says;
  } cases[] = {
      {"h:65536", "invalid port '65536' (expected 1..65535)"},
      {"h:0", "invalid port '0' (expected 1..65535)"},
      {"h:", "invalid port"},
      {"h:5o60", "invalid port"},
      {"-h", "a label cannot start or end with '-'"},
      {"gw-.example.com", "a label cannot start or end with '-'"},
      {"gw..example.com", "an empty label"},
      {".example.com", "an empty label"},
      {"[2001:db8::1", "IPv6"},
      {"[]", "IPv6"},
      {"gw.example.com>", "invalid host"},
      {"user@gw.example.com", "invalid host"},
  };
  for (const auto& c : cases) {
    Problems problems;
    const HostSettings s = parse({{"tel-sip-domain", c.value}}, problems);
    ck_assert_msg(problems.size() == 1, "tel-sip-domain=%s accepted", c.value);
    ck_assert_str_eq(problems[0].path.c_str(), "tel-sip-domain");
    ck_assert_msg(problems[0].message.find(c.says) != std::string::npos, "%s: %s", c.value,
                  problems[0].message.c_str());
    ck_assert(s.refer.tel_sip_domain.empty());
    // One rule: the same host refused in a destination.
    const std::string uri = std::string("sip:sales@") + c.value;
    ck_assert_msg(tenant::target_uri_problem(uri).has_value(), "target_uri %s accepted", uri.c_str());
  }
}
END_TEST

START_TEST(tel_sip_domain_accepts_hosts_and_ports) {
  for (const char* value : {"gw.example.com", "gw.example.com.", "10.0.0.5:5080", "gw:1", "gw:65535",
                            "[2001:db8::1]", "[2001:db8::1]:5060", "sbc_1.lab", "GW.Example.COM"}) {
    Problems problems;
    const HostSettings s = parse({{"tel-sip-domain", value}}, problems);
    ck_assert_msg(problems.empty(), "%s: %s", value, problems.empty() ? "" : problems[0].message.c_str());
    ck_assert_str_eq(s.refer.tel_sip_domain.c_str(), value);
    ck_assert(!tenant::sip_hostport_problem(value));
    const std::string uri = std::string("sip:sales@") + value;
    ck_assert_msg(!tenant::target_uri_problem(uri), "target_uri %s refused", uri.c_str());
  }
  // Empty keeps tel: targets as they are.
  Problems problems;
  const HostSettings s = parse({{"tel-sip-domain", ""}}, problems);
  ck_assert(problems.empty());
  ck_assert(s.refer.tel_sip_domain.empty());
}
END_TEST

START_TEST(tel_sip_domain_message_quotes_60_bytes) {
  const std::string value = std::string(300, 'a') + ":1\n";
  Problems problems;
  parse({{"tel-sip-domain", value}}, problems);
  ck_assert_int_eq(problems.size(), 1);
  ck_assert_msg(problems[0].message.find('\n') == std::string::npos, "%s", problems[0].message.c_str());
  ck_assert_msg(problems[0].message.find(std::string(61, 'a')) == std::string::npos, "%s",
                problems[0].message.c_str());
}
END_TEST

START_TEST(documentation_table_is_the_declared_table) {
  // docs/freeswitch.md lists every parameter with its default: the very
  // table the parameters are declared in, so neither can drift.
  std::ifstream in(TEST_SRCDIR "/docs/freeswitch.md");
  ck_assert(in.good());
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string table = tenant::host_settings_markdown();
  ck_assert_msg(doc.find(table) != std::string::npos, "docs/freeswitch.md lacks the table:\n%s", table.c_str());
  // Each row the module reads is one tenant status lists, in the same order.
  const auto described = tenant::describe_host_settings(HostSettings{});
  std::vector<std::string> read;
  for (const auto& row : tenant::host_settings_table())
    if (row.read_by(tenant::Host::freeswitch)) read.emplace_back(row.name);
  ck_assert_uint_eq(described.size(), read.size());
  for (std::size_t i = 0; i < described.size(); ++i) ck_assert_str_eq(described[i].first.c_str(), read[i].c_str());
}
END_TEST

START_TEST(reload_keeps_the_store_unless_a_store_or_cache_parameter_changed) {
  // What each row says a reload does: a dialplan-level value applies in
  // place, a store or cache value reopens the store (and empties the cache).
  Problems problems;
  const HostSettings before = parse({}, problems);
  ck_assert(tenant::reload_keeps_store(before, before));
  for (const char* name : {"on-unknown", "number-source", "refer-failover", "tel-sip-domain", "default-country"}) {
    const char* value = std::string(name) == "on-unknown"       ? "reject:404"
                        : std::string(name) == "number-source"  ? "request-uri"
                        : std::string(name) == "refer-failover" ? "true"
                        : std::string(name) == "tel-sip-domain" ? "gw.example.com"
                                                                : "BE";
    const HostSettings after = parse({{name, value}}, problems);
    ck_assert_msg(tenant::reload_keeps_store(before, after), "%s reopened the store", name);
  }
  for (const auto& [name, value] : tenant::SettingPairs{{"mongo-uri", "mongodb://10.0.0.1:27017"},
                                                        {"database", "other"},
                                                        {"config-collection", "tenants"},
                                                        {"lookup-timeout-ms", "500"},
                                                        {"cache-ttl-seconds", "3600"},
                                                        {"change-poll-seconds", "0"},
                                                        {"cache-max-entries", "10"}}) {
    const HostSettings after = parse({{name, value}}, problems);
    ck_assert_msg(!tenant::reload_keeps_store(before, after), "%s kept the store", name.c_str());
  }
  ck_assert_msg(problems.empty(), "%s", problems.empty() ? "" : problems[0].to_string().c_str());
}
END_TEST

START_TEST(sip_service_documentation_table_is_the_declared_table) {
  // docs/sip-redirect.md lists the parameters the SIP service reads, from
  // the same rows; the module's own (inbound-hook, refer-timeout-ms) are not
  // among them, the service's (sip-listen, agent-uri, ...) are.
  std::ifstream in(TEST_SRCDIR "/docs/sip-redirect.md");
  ck_assert(in.good());
  const std::string doc((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string table = tenant::host_settings_markdown(tenant::Host::sip_service);
  ck_assert_msg(doc.find(table) != std::string::npos, "docs/sip-redirect.md lacks the table:\n%s", table.c_str());
  ck_assert(table.find("`sip-listen`") != std::string::npos);
  ck_assert(table.find("`inbound-hook`") == std::string::npos);
  ck_assert(tenant::host_settings_markdown().find("`sip-listen`") == std::string::npos);
  // The service reads the Request-URI by default, the module the To user.
  ck_assert(tenant::host_defaults(tenant::Host::sip_service).number_source.kind ==
            tenant::NumberSource::Kind::request_uri_user);
  // One file serves both: the module skips the service's parameters silently.
  Problems problems;
  const HostSettings fs = parse({{"sip-listen", "127.0.0.1:15070"}, {"agent-uri", "sip:x@y"}}, problems);
  ck_assert_msg(problems.empty(), "%s", problems.empty() ? "" : problems[0].to_string().c_str());
  ck_assert_str_eq(fs.redirect.listen.c_str(), "127.0.0.1:5070");
  // And the service reads them, refusing a bad one in its own words.
  const HostSettings sip = tenant::parse_host_settings(
      {{"sip-listen", "127.0.0.1:15070"}, {"agent-uri", "http://agents.example.com/"}}, problems,
      tenant::Host::sip_service);
  ck_assert_str_eq(sip.redirect.listen.c_str(), "127.0.0.1:15070");
  ck_assert_uint_eq(problems.size(), 1);
  ck_assert_str_eq(problems[0].path.c_str(), "agent-uri");
  ck_assert_str_eq(sip.redirect.agent_uri.c_str(), "sip:${number}@127.0.0.1:5080");
  // Each of the service's own values, refused in its words, its default kept.
  const struct {
    const char* name;
    const char* value;
    const char* words;
  } bad[] = {
      {"sip-listen", "[::1", "must be host:port"},
      {"max-pending-loads", "0", "must be a whole number from 1 to 10000, got '0'"},
      {"max-message-bytes", "100", "must be a whole number from 1500 to 65535, got '100'"},
      {"retry-after-seconds", "0", "must be a whole number of seconds from 1 to 3600, got '0'"},
  };
  for (const auto& b : bad) {
    Problems p;
    const HostSettings kept = tenant::parse_host_settings({{b.name, b.value}}, p, tenant::Host::sip_service);
    ck_assert_uint_eq(p.size(), 1);
    ck_assert_str_eq(p[0].path.c_str(), b.name);
    ck_assert_msg(p[0].message.find(b.words) != std::string::npos, "%s: %s", b.name, p[0].message.c_str());
    ck_assert(tenant::describe_host_settings(kept, tenant::Host::sip_service) ==
              tenant::describe_host_settings(tenant::host_defaults(tenant::Host::sip_service), tenant::Host::sip_service));
  }
}
END_TEST

int main() {
  Suite* s = suite_create("host_settings");
  TCase* tc = tcase_create("core");
  tcase_add_test(tc, defaults);
  tcase_add_test(tc, documentation_table_is_the_declared_table);
  tcase_add_test(tc, reload_keeps_the_store_unless_a_store_or_cache_parameter_changed);
  tcase_add_test(tc, sip_service_documentation_table_is_the_declared_table);
  tcase_add_test(tc, every_parameter_is_read);
  tcase_add_test(tc, bad_values_keep_defaults_and_say_why);
  tcase_add_test(tc, unknown_names_are_warnings);
  tcase_add_test(tc, tel_sip_domain_refuses_what_target_uri_refuses);
  tcase_add_test(tc, tel_sip_domain_accepts_hosts_and_ports);
  tcase_add_test(tc, tel_sip_domain_message_quotes_60_bytes);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
