// tenant.conf.xml as the SIP service reads it (libxml2): the file the
// module ships, a whole freeswitch.xml, and files that are not one.
#include <string>

#include "sip/config_file.hh"
#include "test_support.hh"

using tenant::Problems;

namespace {

std::string value_of(const tenant::SettingPairs& pairs, const char* name) {
  for (const auto& [n, v] : pairs)
    if (n == name) return v;
  return "<absent>";
}

}  // namespace

START_TEST(reads_the_file_the_module_ships) {
  Problems problems;
  const auto pairs = tenant::read_tenant_conf(TEST_SRCDIR "/conf/autoload_configs/tenant.conf.xml", problems);
  ck_assert_msg(pairs.ok(), "%s", pairs.ok() ? "" : pairs.error().c_str());
  ck_assert(problems.empty());
  ck_assert_string_eq(value_of(*pairs, "mongo-uri"), "mongodb://127.0.0.1:27017");
  ck_assert_string_eq(value_of(*pairs, "lookup-timeout-ms"), "300");
  // Every value it holds is one the service accepts.
  Problems parsed;
  tenant::parse_host_settings(*pairs, parsed, tenant::Host::sip_service);
  ck_assert_msg(parsed.empty(), "%s", parsed.empty() ? "" : parsed[0].to_string().c_str());
}
END_TEST

START_TEST(finds_the_configuration_inside_a_whole_freeswitch_xml) {
  Problems problems;
  const auto pairs = tenant::parse_tenant_conf(
      R"(<?xml version="1.0"?><document type="freeswitch/xml"><section name="configuration">
         <configuration name="other.conf"><settings><param name="database" value="wrong"/></settings></configuration>
         <configuration name="tenant.conf"><settings>
           <param name="database" value="right"/>
           <param name="sip-listen" value="127.0.0.1:15070"/>
         </settings></configuration></section></document>)",
      "freeswitch.xml", problems);
  ck_assert(pairs.ok());
  ck_assert_uint_eq(pairs->size(), 2);
  ck_assert_string_eq(value_of(*pairs, "database"), "right");
  ck_assert_string_eq(value_of(*pairs, "sip-listen"), "127.0.0.1:15070");
}
END_TEST

START_TEST(a_param_without_name_or_value_is_a_problem_with_its_line) {
  Problems problems;
  const auto pairs = tenant::parse_tenant_conf(
      "<configuration name=\"tenant.conf\"><settings>\n<param name=\"database\"/>\n"
      "<param name=\"on-unknown\" value=\"reject:404\"/>\n</settings></configuration>",
      "t.xml", problems);
  ck_assert(pairs.ok());
  ck_assert_uint_eq(pairs->size(), 1);
  ck_assert_uint_eq(problems.size(), 1);
  ck_assert_string_eq(problems[0].path, "settings/param[1]");
  ck_assert_msg(problems[0].message.find("line 2") != std::string::npos, "%s", problems[0].message.c_str());
}
END_TEST

START_TEST(files_that_are_not_a_tenant_conf_are_refused) {
  Problems problems;
  auto r = tenant::parse_tenant_conf("<configuration name=\"tenant.conf\"><settings>", "t.xml", problems);
  ck_assert(!r.ok());
  ck_assert_msg(r.error().rfind("t.xml:1: ", 0) == 0, "%s", r.error().c_str());
  r = tenant::parse_tenant_conf("<configuration name=\"sofia.conf\"/>", "t.xml", problems);
  ck_assert(!r.ok());
  ck_assert_msg(r.error().find("no <configuration name=\"tenant.conf\">") != std::string::npos, "%s", r.error().c_str());
  r = tenant::parse_tenant_conf(
      "<!DOCTYPE c [<!ENTITY a \"x\">]><configuration name=\"tenant.conf\"><settings>"
      "<param name=\"database\" value=\"&a;\"/></settings></configuration>",
      "t.xml", problems);
  ck_assert(!r.ok());
  ck_assert_msg(r.error().find("DOCTYPE") != std::string::npos, "%s", r.error().c_str());
  r = tenant::read_tenant_conf("/nonexistent/tenant.conf.xml", problems);
  ck_assert(!r.ok());
  ck_assert_msg(r.error().find("cannot read /nonexistent/tenant.conf.xml") == 0, "%s", r.error().c_str());
}
END_TEST

int main() {
  Suite* s = suite_create("config_file");
  TCase* tc = tcase_create("core");
  tcase_add_test(tc, reads_the_file_the_module_ships);
  tcase_add_test(tc, finds_the_configuration_inside_a_whole_freeswitch_xml);
  tcase_add_test(tc, a_param_without_name_or_value_is_a_problem_with_its_line);
  tcase_add_test(tc, files_that_are_not_a_tenant_conf_are_refused);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
