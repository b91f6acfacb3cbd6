// The X-Tenant-* headers a call's tenant travels to the agent with: the
// export-headers vocabulary, the headers made from an inbound decision's
// variables (the module's bridged leg and the redirect service's 302 take
// them from the same place), header safety, and the setting's row.
#include <string>

#include "core/routing/redirect_answer.hh"
#include "core/routing/tenant_headers.hh"
#include "core/settings/host_settings.hh"
#include "support/memory_tenant_source.hh"
#include "test_support.hh"

using tenant::HostSettings;
using tenant::kEveryTenantHeader;
using tenant::kNoTenantHeader;
using tenant::NamedValues;
using tenant::parse_tenant_header_set;
using tenant::Problems;
using tenant::tenant_header_set_text;
using tenant::tenant_headers;

using fixtures::mapping_doc;
using fixtures::tenant_doc;

namespace {

// The variables of a resolved call, as decide_inbound publishes them.
const NamedValues kResolved = {
    {"tenant_number", "+33100000001"},     {"tenant_resolution", "hit"},
    {"tenant_resolution_message", ""},     {"tenant_id", "tenant-a"},
    {"tenant_client_id", "client-a"},      {"tenant_display_name", "Alpha"},
    {"tenant_status", "active"},           {"tenant_locale", "fr-FR"},
    {"tenant_timezone", "Europe/Paris"},   {"timezone", "Europe/Paris"},
};

// The whole text, compared with the whole expectation.
void expect_same(const std::string& actual, const std::string& expected) {
  ck_assert_str_eq(actual.c_str(), expected.c_str());
}

// "Name=value;..." for comparing a whole list at once.
std::string joined(const NamedValues& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) out += name + "=" + value + ";";
  return out;
}

unsigned parsed(const char* text) {
  const auto set = parse_tenant_header_set(text);
  ck_assert_msg(set.ok(), "%s: %s", text, set.ok() ? "" : set.error().c_str());
  return *set;
}

std::string refusal(const char* text) {
  const auto set = parse_tenant_header_set(text);
  ck_assert_msg(!set.ok(), "%s accepted", text);
  return set.error();
}

}  // namespace

START_TEST(vocabulary_reads_words_all_and_none) {
  ck_assert_uint_eq(parsed("none"), kNoTenantHeader);
  ck_assert_uint_eq(parsed("all"), kEveryTenantHeader);
  ck_assert_uint_eq(parsed(" all "), kEveryTenantHeader);
  // Bits in the vocabulary's order: id 1, client-id 2, number 4,
  // resolution 8, timezone 16, locale 32.
  ck_assert_uint_eq(parsed("id"), 1);
  ck_assert_uint_eq(parsed("id,number"), 5);
  ck_assert_uint_eq(parsed(" locale , id "), 33);
  ck_assert_uint_eq(parsed("resolution,timezone,resolution"), 24);
  ck_assert_uint_eq(parsed("id, client-id, number, resolution, timezone, locale"), kEveryTenantHeader);
  // Written back in the vocabulary's order, whatever order they came in.
  expect_same(tenant_header_set_text(parsed("locale, id")), "id, locale");
  expect_same(tenant_header_set_text(parsed("number,client-id")), "client-id, number");
  expect_same(tenant_header_set_text(kNoTenantHeader), "none");
  expect_same(tenant_header_set_text(parsed("id,client-id,number,resolution,timezone,locale")), "all");
}
END_TEST

START_TEST(vocabulary_refuses_other_words_naming_them) {
  const std::string expected =
      "must be none, all or a comma-separated list of id, client-id, number, resolution, timezone, locale";
  expect_same(refusal("tenant"), expected + ", got 'tenant'");
  expect_same(refusal("id, tenant_id"), expected + ", got 'tenant_id' in 'id, tenant_id'");
  expect_same(refusal("ID"), expected + ", got 'ID'");
  expect_same(refusal(""), expected + ", got ''");
  expect_same(refusal("id,,number"), expected + ", got '' in 'id,,number'");
  expect_same(refusal("id,"), expected + ", got '' in 'id,'");
  expect_same(refusal("id, all"), expected + " (all and none stand alone), got 'id, all'");
  expect_same(refusal("none,locale"), expected + " (all and none stand alone), got 'none,locale'");
  // A value is echoed as values are: one line, quoted.
  expect_same(refusal("id\r\nX-Evil: 1"), expected + ", got 'id\\r\\nX-Evil: 1'");
}
END_TEST

START_TEST(headers_for_a_set_name_every_header_of_the_vocabulary) {
  expect_same(joined(tenant_headers(kResolved, kEveryTenantHeader)),
                      "X-Tenant-Id=tenant-a;X-Tenant-Client-Id=client-a;X-Tenant-Number=+33100000001;"
                      "X-Tenant-Resolution=hit;X-Tenant-Timezone=Europe/Paris;X-Tenant-Locale=fr-FR;");
  // The others are there, empty: a host removes them.
  expect_same(joined(tenant_headers(kResolved, parsed("id, number"))),
                      "X-Tenant-Id=tenant-a;X-Tenant-Client-Id=;X-Tenant-Number=+33100000001;"
                      "X-Tenant-Resolution=;X-Tenant-Timezone=;X-Tenant-Locale=;");
  // none: nothing at all, so a host changes nothing.
  ck_assert_uint_eq(tenant_headers(kResolved, kNoTenantHeader).size(), 0);
  // An unknown number: no tenant, the resolution says so.
  const NamedValues unknown = {{"tenant_number", "+33100000009"}, {"tenant_resolution", "unknown"},
                               {"tenant_id", ""},                 {"tenant_client_id", ""},
                               {"tenant_locale", ""},             {"tenant_timezone", ""}};
  expect_same(joined(tenant_headers(unknown, kEveryTenantHeader)),
                      "X-Tenant-Id=;X-Tenant-Client-Id=;X-Tenant-Number=+33100000009;"
                      "X-Tenant-Resolution=unknown;X-Tenant-Timezone=;X-Tenant-Locale=;");
}
END_TEST

START_TEST(values_are_header_safe) {
  NamedValues variables = kResolved;
  for (auto& [name, value] : variables) {
    if (name == "tenant_client_id") value = "client\r\nX-Evil: 1";
    if (name == "tenant_id") value = std::string(150, 'a') + std::string(25, 'b') + "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9";
    if (name == "tenant_locale") value = "fr\xFF";
  }
  const NamedValues headers = tenant_headers(variables, kEveryTenantHeader);
  expect_same(headers[1].second, "client  X-Evil: 1");
  // 175 ASCII bytes, then two-byte characters: byte 200 is the second of
  // the thirteenth, so the cut comes before that character.
  ck_assert_uint_eq(headers[0].second.size(), 199);
  expect_same(headers[5].second, "fr\xEF\xBF\xBD");
  expect_same(tenant::header_safe(std::string(300, 'x')), std::string(200, 'x'));
}
END_TEST

// The redirect service's 302 and the module's bridged leg: one source of
// names and values.
START_TEST(redirect_answer_carries_the_same_headers) {
  tenant::MemoryTenantSource source;
  ck_assert(source.put_tenant_config("tenant-a", tenant_doc("tenant-a", "active", "Alpha")));
  ck_assert(source.put_mapping("+33100000001", mapping_doc("+33100000001", "tenant-a")));
  tenant::TenantResolver resolver{source};
  const HostSettings settings = tenant::host_defaults(tenant::Host::sip_service);
  const auto decision = tenant::decide_inbound("+33100000001", settings, resolver);
  const auto answer = tenant::redirect_for_inbound(decision, settings);
  expect_same(joined(answer.headers), joined(tenant_headers(decision.variables, kEveryTenantHeader)));
  expect_same(joined(answer.headers),
                      "X-Tenant-Id=tenant-a;X-Tenant-Client-Id=client-tenant-a;X-Tenant-Number=+33100000001;"
                      "X-Tenant-Resolution=miss;X-Tenant-Timezone=Europe/Paris;X-Tenant-Locale=fr-FR;");
  // Unknown: the 302 leaves out what is empty.
  const auto unknown = tenant::redirect_for_inbound(tenant::decide_inbound("+33100000009", settings, resolver), settings);
  expect_same(joined(unknown.headers), "X-Tenant-Number=+33100000009;X-Tenant-Resolution=unknown;");
}
END_TEST

START_TEST(export_headers_setting) {
  Problems problems;
  // The default changes nothing.
  ck_assert_uint_eq(tenant::parse_host_settings({}, problems).export_headers, kNoTenantHeader);
  const HostSettings s = tenant::parse_host_settings({{"export-headers", "id, client-id"}}, problems);
  ck_assert_msg(problems.empty(), "%s", problems.empty() ? "" : problems[0].to_string().c_str());
  ck_assert_uint_eq(s.export_headers, 3);
  bool described = false;
  for (const auto& [name, value] : tenant::describe_host_settings(s))
    if (name == "export-headers") {
      described = true;
      expect_same(value, "id, client-id");
    }
  ck_assert(described);
  // Applied to new calls: a reload keeps the store.
  ck_assert(tenant::reload_keeps_store(tenant::parse_host_settings({}, problems), s));
  // A bad word: refused in the settings' words, the default kept.
  const HostSettings bad = tenant::parse_host_settings({{"export-headers", "id, tenant"}}, problems);
  ck_assert_uint_eq(problems.size(), 1);
  expect_same(problems[0].path, "export-headers");
  expect_same(problems[0].message,
                      "must be none, all or a comma-separated list of id, client-id, number, resolution, timezone, "
                      "locale, got 'tenant' in 'id, tenant' (the default is kept)");
  ck_assert_uint_eq(bad.export_headers, kNoTenantHeader);
  // The module's alone: the SIP service skips it without a word, and its
  // documentation table does not list it.
  problems.clear();
  const HostSettings sip =
      tenant::parse_host_settings({{"export-headers", "all"}}, problems, tenant::Host::sip_service);
  ck_assert(problems.empty());
  ck_assert_uint_eq(sip.export_headers, kNoTenantHeader);
  ck_assert(tenant::host_settings_markdown(tenant::Host::sip_service).find("export-headers") == std::string::npos);
  ck_assert(tenant::host_settings_markdown().find("| `export-headers` | `none` |") != std::string::npos);
}
END_TEST

int main() {
  Suite* s = suite_create("tenant_headers");
  TCase* tc = tcase_create("core");
  tcase_add_test(tc, vocabulary_reads_words_all_and_none);
  tcase_add_test(tc, vocabulary_refuses_other_words_naming_them);
  tcase_add_test(tc, headers_for_a_set_name_every_header_of_the_vocabulary);
  tcase_add_test(tc, values_are_header_safe);
  tcase_add_test(tc, redirect_answer_carries_the_same_headers);
  tcase_add_test(tc, export_headers_setting);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
