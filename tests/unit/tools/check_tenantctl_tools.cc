// The command-line contract of `tenantctl tools` (docs/tenantctl.md),
// checked on the built binary: standard output, standard error and exit
// status, --help and usage errors.
//
// The document: "desk" open Monday to Friday 09:00-17:00 in Paris (priority
// 1), "voicemail" always open (priority 2), "night" open 20:00-22:00
// (priority 0), "old" disabled. Monday 2026-03-30 07:30Z is 09:30 CEST.
#include <dirent.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.hh"
#include "tools/tenantctl_run.hh"

using tenantctl_test::Run;
using tenantctl_test::contains;
using tenantctl_test::expect_output;
using tenantctl_test::remove_dir;
using tenantctl_test::replaced;
using tenantctl_test::slurp;
using tenantctl_test::starts_with;
using tenantctl_test::write_file;

namespace {

std::string g_dir;  // scratch directory for documents and captured output

Run tenantctl(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  return tenantctl_test::run_tenantctl(g_dir, args, stdin_text);
}


// Refused: exit 1, nothing on stdout, exactly this on stderr.
void expect_refused(const Run& r, const std::string& err) {
  ck_assert_msg(r.status == 1, "exit %d, stdout: %s, stderr: %s", r.status, r.out.c_str(), r.err.c_str());
  ck_assert_str_eq(r.out.c_str(), "");
  ck_assert_str_eq(r.err.c_str(), err.c_str());
}

// Usage error: exit 2, nothing on stdout, "error: <part>..." then the usage text.
void expect_usage(const Run& r, const std::string& part) {
  ck_assert_msg(r.status == 2, "exit %d, stdout: %s, stderr: %s", r.status, r.out.c_str(), r.err.c_str());
  ck_assert_str_eq(r.out.c_str(), "");
  ck_assert_msg(starts_with(r.err, "error: " + part), "stderr: %s", r.err.c_str());
  ck_assert_msg(contains(r.err, "usage: tenantctl tools --config FILE [--at INSTANT]"), "stderr: %s", r.err.c_str());
}

std::string doc_path(const char* name) { return g_dir + "/" + name; }

const char kTenant[] = R"({
  "_id": "tenant-test-004", "tenant_id": "tenant-test-004", "client_id": "test",
  "display_name": "Tools", "summary_to": ["ops@example.com"], "reply_to": null,
  "timezone": "Europe/Paris", "locale": "fr-FR", "status": "active",
  "features": {"refer": {
    "enabled": true, "require_confirmation": true, "handoff_phrase": "Je vous transfère.",
    "destinations": [
      {"destination_id": "voicemail", "label": "la messagerie", "target_uri": "sip:vm@pbx.example.com",
       "description_for_model": "Leave a message", "priority": 2},
      {"destination_id": "desk", "label": "l'accueil", "target_uri": "sip:desk@pbx.example.com",
       "description_for_model": "Front desk", "priority": 1,
       "business_hours": {"tz": "Europe/Paris", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0",
                          "duration_minutes": 480}},
      {"destination_id": "night", "label": "le service de nuit", "target_uri": "sip:night@pbx.example.com",
       "description_for_model": "Night service", "priority": 0,
       "business_hours": {"rrule": "FREQ=DAILY;BYHOUR=20;BYMINUTE=0", "duration_minutes": 120}},
      {"destination_id": "old", "label": "Old", "target_uri": "sip:old@pbx.example.com",
       "description_for_model": "Gone", "enabled": false}
    ]}},
  "metadata": {}, "schema_version": 1,
  "created_at": {"$date": "2026-01-15T10:00:00Z"}, "updated_at": {"$date": "2026-03-02T14:30:00Z"}
})";

// The tool at 09:30 in Paris: desk and voicemail, by priority; night is
// closed by its hours, old disabled.
const char kToolAtNineThirty[] =
    R"({"type":"function","function":{"name":"transfer_call","description":"Transfer the call to one of these )"
    R"(destinations, open now, in order of preference:\n- desk (l'accueil): Front desk\n- voicemail (la )"
    R"(messagerie): Leave a message\nAsk the caller to confirm before transferring.\nBefore transferring, say: )"
    R"(\"Je vous transfère.\"","parameters":{"type":"object","properties":{"destination_id":{"type":"string",)"
    R"("enum":["desk","voicemail"],"description":"The id of the destination to transfer the call to, from the )"
    R"(function's description."}},"required":["destination_id"],"additionalProperties":false}}})"
    "\n";

void write_documents() {
  write_file(doc_path("tenant.json"), kTenant);
  // Only desk and night: nothing open on Saturday afternoon.
  write_file(doc_path("office.json"),
             replaced(kTenant, R"("description_for_model": "Leave a message", "priority": 2})",
                      R"("description_for_model": "Leave a message", "priority": 2, "enabled": false})"));
  write_file(doc_path("refer_disabled.json"), replaced(kTenant, R"("enabled": true, "require)", R"("enabled": false, "require)"));
  write_file(doc_path("disabled.json"), replaced(kTenant, R"("status": "active")", R"("status": "disabled")"));
  write_file(doc_path("not_json.json"), "{\"_id\": oops}\n");
}

}  // namespace

START_TEST(tools_prints_the_open_destinations) {
  expect_output(tenantctl({"tools", "--config", doc_path("tenant.json"), "--at", "2026-03-30T07:30:00Z"}),
                kToolAtNineThirty);
  // The same instant with its offset, the document on standard input.
  const Run in = tenantctl({"tools", "--config=-", "--at=2026-03-30T09:30:00+02:00"}, kTenant);
  expect_output(in, kToolAtNineThirty);
}
END_TEST

START_TEST(tools_at_night_offers_the_night_service_first) {
  // Monday 20:30 in Paris (18:30Z): desk closed, night open (priority 0).
  const Run r = tenantctl({"tools", "--config", doc_path("tenant.json"), "--at", "2026-03-30T18:30:00Z"});
  ck_assert_msg(r.status == 0, "exit %d, stderr: %s", r.status, r.err.c_str());
  ck_assert_msg(contains(r.out, R"("enum":["night","voicemail"])"), "stdout: %s", r.out.c_str());
  ck_assert_msg(contains(r.out, R"(\n- night (le service de nuit): Night service\n- voicemail)"), "stdout: %s",
                r.out.c_str());
}
END_TEST

START_TEST(tools_without_at_is_now) {
  // voicemail is always open: there is a tool whatever the time.
  const Run r = tenantctl({"tools", "--config", doc_path("tenant.json")});
  ck_assert_msg(r.status == 0, "exit %d, stderr: %s", r.status, r.err.c_str());
  ck_assert_msg(starts_with(r.out, R"({"type":"function","function":{"name":"transfer_call",)"), "stdout: %s",
                r.out.c_str());
  ck_assert_msg(contains(r.out, R"("voicemail"])"), "stdout: %s", r.out.c_str());
}
END_TEST

START_TEST(tools_refused_when_nothing_is_open) {
  // Saturday 2026-03-28 14:00 in Paris (CET): desk opens on Monday at 09:00
  // CEST (07:00Z), night tonight at 20:00 CET (19:00Z).
  expect_refused(tenantctl({"tools", "--config", doc_path("office.json"), "--at", "2026-03-28T13:00:00Z"}),
                 "error: no destination is open; the next opens at 2026-03-28T19:00:00Z\n");
}
END_TEST

START_TEST(tools_refused_when_transfers_are) {
  expect_refused(tenantctl({"tools", "--config", doc_path("refer_disabled.json"), "--at", "2026-03-30T07:30:00Z"}),
                 "error: transfers are disabled for tenant tenant-test-004\n");
  expect_refused(tenantctl({"tools", "--config", doc_path("disabled.json"), "--at", "2026-03-30T07:30:00Z"}),
                 "error: tenant tenant-test-004 is disabled\n");
}
END_TEST

START_TEST(tools_invalid_input) {
  const Run bad_at = tenantctl({"tools", "--config", doc_path("tenant.json"), "--at", "tomorrow"});
  ck_assert_int_eq(bad_at.status, 1);
  ck_assert_str_eq(bad_at.out.c_str(), "");
  ck_assert_msg(starts_with(bad_at.err, "error: --at: "), "stderr: %s", bad_at.err.c_str());
  const Run not_json = tenantctl({"tools", "--config", doc_path("not_json.json")});
  ck_assert_int_eq(not_json.status, 1);
  ck_assert_str_eq(not_json.out.c_str(), "");
  ck_assert_msg(starts_with(not_json.err, "error: " + doc_path("not_json.json") + ": "), "stderr: %s",
                not_json.err.c_str());
  const Run absent = tenantctl({"tools", "--config", doc_path("absent.json")});
  ck_assert_int_eq(absent.status, 1);
  ck_assert_msg(contains(absent.err, "No such file or directory"), "stderr: %s", absent.err.c_str());
}
END_TEST

START_TEST(tools_usage) {
  expect_usage(tenantctl({"tools"}), "missing --config");
  expect_usage(tenantctl({"tools", "--config", doc_path("tenant.json"), "extra"}), "unexpected argument 'extra'");
  expect_usage(tenantctl({"tools", "--config", doc_path("tenant.json"), "--destination", "desk"}), "");
  expect_usage(tenantctl({"tools", "--config"}), "");
  const Run help = tenantctl({"tools", "--help"});
  ck_assert_int_eq(help.status, 0);
  ck_assert_msg(starts_with(help.out, "usage: tenantctl tools --config FILE [--at INSTANT]\n"), "stdout: %s",
                help.out.c_str());
  ck_assert_str_eq(help.err.c_str(), "");
  // Listed among the commands.
  const Run top = tenantctl({"--help"});
  ck_assert_msg(contains(top.out, "\n  tools "), "stdout: %s", top.out.c_str());
}
END_TEST

int main() {
  char pattern[] = "/tmp/check_tenantctl_tools.XXXXXX";
  const char* dir = mkdtemp(pattern);
  if (!dir) {
    std::perror("mkdtemp");
    return EXIT_FAILURE;
  }
  g_dir = dir;
  write_documents();
  Suite* s = suite_create("tenantctl_tools");
  TCase* tc = tcase_create("contract");
  tcase_add_test(tc, tools_prints_the_open_destinations);
  tcase_add_test(tc, tools_at_night_offers_the_night_service_first);
  tcase_add_test(tc, tools_without_at_is_now);
  tcase_add_test(tc, tools_refused_when_nothing_is_open);
  tcase_add_test(tc, tools_refused_when_transfers_are);
  tcase_add_test(tc, tools_invalid_input);
  tcase_add_test(tc, tools_usage);
  suite_add_tcase(s, tc);
  const int status = run_suite(s);
  remove_dir(g_dir);
  return status;
}
