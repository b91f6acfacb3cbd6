// The command-line contract of tenantctl (docs/tenantctl.md), checked on the
// built binary: standard output, standard error and exit status of each
// command, its --help and its usage errors.
//
// Expected times are worked out by hand around Monday 2026-03-30, the first
// weekday of CEST (UTC+2) in Europe/Paris: 09:00 Paris = 07:00Z.
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/util/problem.hh"
#include "test_support.hh"
#include "tools/tenantctl_run.hh"

using tenantctl_test::Run;
using tenantctl_test::contains;
using tenantctl_test::expect_output;
using tenantctl_test::remove_dir;
using tenantctl_test::replaced;
using tenantctl_test::run_tenantctl;
using tenantctl_test::slurp;
using tenantctl_test::starts_with;
using tenantctl_test::write_file;

namespace {

std::string g_dir;  // scratch directory for documents and captured output

Run tenantctl(const std::vector<std::string>& args, const std::string& stdin_text = "") {
  return run_tenantctl(g_dir, args, stdin_text);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Invalid input: exit 1, nothing on stdout, "error: ..." on stderr.
void expect_invalid(const Run& r) {
  ck_assert_msg(r.status == 1, "exit %d, stdout: %s, stderr: %s", r.status, r.out.c_str(), r.err.c_str());
  ck_assert_str_eq(r.out.c_str(), "");
  ck_assert_msg(starts_with(r.err, "error: "), "stderr: %s", r.err.c_str());
}

// Usage error: exit 2, nothing on stdout, "error: ..." then the usage text.
void expect_usage(const Run& r, const char* command) {
  ck_assert_msg(r.status == 2, "exit %d, stdout: %s, stderr: %s", r.status, r.out.c_str(), r.err.c_str());
  ck_assert_str_eq(r.out.c_str(), "");
  ck_assert_msg(starts_with(r.err, "error: "), "stderr: %s", r.err.c_str());
  ck_assert_msg(contains(r.err, std::string("usage: tenantctl ") + command), "stderr: %s", r.err.c_str());
}

void expect_help(const Run& r, const char* command) {
  ck_assert_int_eq(r.status, 0);
  ck_assert_msg(starts_with(r.out, std::string("usage: tenantctl ") + command), "stdout: %s", r.out.c_str());
  ck_assert_str_eq(r.err.c_str(), "");
}

std::string doc_path(const char* name) { return g_dir + "/" + name; }

// ---------------------------------------------------------------- documents

// The spec's example tenant, with the dates as Extended JSON.
const char kExampleTenant[] = R"({
  "_id": "tenant-prod-001",
  "tenant_id": "tenant-prod-001",
  "client_id": "axeoservices",
  "display_name": "AXEO Services - La Baule",
  "summary_to": ["ops@axeo.example", "direction@axeo.example"],
  "reply_to": "contact@axeo.example",
  "timezone": "Europe/Paris",
  "locale": "fr-FR",
  "status": "active",
  "features": {
    "refer": {
      "enabled": true,
      "require_confirmation": false,
      "destinations": [
        {
          "destination_id": "commercial",
          "label": "Mme Gogny",
          "target_uri": "tel:+33240000001",
          "description_for_model": "For sales, quotes, and new client inquiries",
          "enabled": true,
          "priority": 1
        },
        {
          "destination_id": "planning",
          "label": "le service planning",
          "target_uri": "tel:+33240000002",
          "description_for_model": "For scheduling and intervention management",
          "enabled": true,
          "priority": 2
        }
      ]
    }
  },
  "metadata": {},
  "schema_version": {"$numberInt": "1"},
  "created_at": {"$date": "2026-01-15T10:00:00Z"},
  "updated_at": {"$date": {"$numberLong": "1772461800000"}}
})";

// commercial: Mon-Fri 09:00-17:00 Paris, then accueil 17:00-21:00 Paris.
const char kOfficeTenant[] = R"({
  "_id": "tenant-test-002", "tenant_id": "tenant-test-002", "client_id": "test",
  "display_name": "Office hours", "summary_to": ["ops@example.com"], "reply_to": null,
  "timezone": "Europe/Paris", "locale": "fr-FR", "status": "active",
  "features": {"refer": {
    "enabled": true, "require_confirmation": true, "handoff_phrase": "Je vous transfère.",
    "destinations": [
      {"destination_id": "commercial", "label": "Mme Gogny", "target_uri": "tel:+33240000001",
       "description_for_model": "Sales", "priority": 1,
       "business_hours": {"tz": "Europe/Paris", "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0",
                          "duration_minutes": 480},
       "after_hours_destination_id": "accueil"},
      {"destination_id": "accueil", "label": "l'accueil", "target_uri": "sip:accueil@pbx.example.com",
       "description_for_model": "Front desk", "priority": 2,
       "business_hours": {"rrule": "FREQ=DAILY;BYHOUR=17;BYMINUTE=0", "duration_minutes": 240}}
    ]}},
  "metadata": {}, "schema_version": 1,
  "created_at": {"$date": "2026-01-15T10:00:00Z"}, "updated_at": {"$date": "2026-03-02T14:30:00Z"}
})";

// Runs before the suite, outside any test: a typo here stops everything.
void write_documents() {
  write_file(doc_path("example.json"), kExampleTenant);
  write_file(doc_path("office.json"), kOfficeTenant);
  write_file(doc_path("not_json.json"), "{\"_id\": \"tenant-prod-001\",\n  \"tenant_id\": oops\n}\n");
  write_file(doc_path("refer_disabled.json"),
             replaced(kExampleTenant, "\"enabled\": true,\n      \"require_confirmation\"",
                      "\"enabled\": false,\n      \"require_confirmation\""));
  write_file(doc_path("no_display_name.json"),
             replaced(kExampleTenant, "\"display_name\": \"AXEO Services - La Baule\",", ""));
  // An embedded header in a target_uri breaks that destination only.
  write_file(doc_path("broken_planning.json"),
             replaced(kExampleTenant, "\"tel:+33240000002\"", "\"sip:planning@pbx.example.com?X-Evil=1\""));
  write_file(doc_path("bad_duration.json"),
             replaced(kOfficeTenant, "\"duration_minutes\": 480", "\"duration_minutes\": 0"));
  write_file(doc_path("two_problems.json"),
             replaced(replaced(kOfficeTenant, "\"duration_minutes\": 480", "\"duration_minutes\": 0"),
                      "\"status\": \"active\"", "\"status\": \"paused\""));
  write_file(doc_path("no_byhour.json"),
             replaced(kOfficeTenant, "\"FREQ=DAILY;BYHOUR=17;BYMINUTE=0\"", "\"FREQ=DAILY\""));
}

}  // namespace

// ---------------------------------------------------------------- top level

START_TEST(top_level_usage) {
  const Run none = tenantctl({});
  ck_assert_int_eq(none.status, 2);
  ck_assert(starts_with(none.err, "error: "));

  const Run unknown = tenantctl({"frobnicate"});
  ck_assert_int_eq(unknown.status, 2);
  ck_assert(starts_with(unknown.err, "error: unknown command 'frobnicate'"));

  const Run help = tenantctl({"--help"});
  ck_assert_int_eq(help.status, 0);
  for (const char* command : {"normalize", "hours", "validate", "refer", "calendar"})
    ck_assert_msg(contains(help.out, std::string("  ") + command), "help lacks %s", command);
}
END_TEST

// ---------------------------------------------------------------- normalize

START_TEST(normalize_numbers) {
  expect_output(tenantctl({"normalize", "0676530019"}), "+33676530019\n");
  expect_output(tenantctl({"normalize", "+33676530019"}), "+33676530019\n");
  expect_output(tenantctl({"normalize", "0033676530019"}), "+33676530019\n");
  expect_output(tenantctl({"normalize", "--country", "US", "(212) 736-3100"}), "+12127363100\n");
  expect_output(tenantctl({"normalize", "--country=us", "212-736-3100"}), "+12127363100\n");
}
END_TEST

START_TEST(normalize_uris_and_headers) {
  expect_output(tenantctl({"normalize", "sip:+33240000001@pbx.example.com;user=phone"}), "+33240000001\n");
  expect_output(tenantctl({"normalize", "sips:0240000001@pbx.example.com"}), "+33240000001\n");
  expect_output(tenantctl({"normalize", "tel:+33-2-40-00-00-01"}), "+33240000001\n");
  expect_output(tenantctl({"normalize", "\"Agent\" <sip:+33240000001@pbx.example.com;user=phone>;tag=a8f3"}),
                "+33240000001\n");
}
END_TEST

START_TEST(normalize_rejects_non_numbers) {
  expect_invalid(tenantctl({"normalize", "sip:alice@example.com"}));
  expect_invalid(tenantctl({"normalize", ""}));
  expect_invalid(tenantctl({"normalize", "hello"}));
  expect_invalid(tenantctl({"normalize", "http://example.com/0240000001"}));
  // A country code that is not two letters is bad input, not bad usage.
  expect_invalid(tenantctl({"normalize", "--country", "FRA", "0676530019"}));
}
END_TEST

START_TEST(normalize_usage) {
  expect_usage(tenantctl({"normalize"}), "normalize");
  expect_usage(tenantctl({"normalize", "0676530019", "0240000001"}), "normalize");
  expect_usage(tenantctl({"normalize", "--region", "FR", "0676530019"}), "normalize");
  expect_usage(tenantctl({"normalize", "0676530019", "--country"}), "normalize");
  expect_help(tenantctl({"normalize", "--help"}), "normalize");
}
END_TEST

// ---------------------------------------------------------------- hours

const char kOfficeRule[] = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0";

START_TEST(hours_open_and_closed) {
  // 09:30 Paris, Monday: open until 17:00 = 15:00Z.
  expect_output(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "480", "--at", "2026-03-30T07:30:00Z"}),
                "{\"open\":true,\"next_change\":\"2026-03-30T15:00:00Z\"}\n");
  // Same instant written with its offset; --tz given explicitly.
  expect_output(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "480", "--tz", "Europe/Paris", "--at",
                           "2026-03-30T09:30:00+02:00"}),
                "{\"open\":true,\"next_change\":\"2026-03-30T15:00:00Z\"}\n");
  // 07:00 Paris: opens at 09:00 = 07:00Z.
  expect_output(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "480", "--at", "2026-03-30T05:00:00Z"}),
                "{\"open\":false,\"next_change\":\"2026-03-30T07:00:00Z\"}\n");
  // Friday 18:00 Paris: next opening Monday 2026-04-06 09:00 CEST.
  expect_output(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "480", "--at", "2026-04-03T16:00:00Z"}),
                "{\"open\":false,\"next_change\":\"2026-04-06T07:00:00Z\"}\n");
}
END_TEST

START_TEST(hours_other_zone) {
  // 08:30 in New York (EDT, UTC-4, since 2026-03-08): opens at 09:00 = 13:00Z.
  expect_output(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "480", "--tz", "America/New_York", "--at",
                           "2026-03-30T12:30:00Z"}),
                "{\"open\":false,\"next_change\":\"2026-03-30T13:00:00Z\"}\n");
}
END_TEST

START_TEST(hours_dtstart_sets_interval_phase) {
  const char* rule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;BYHOUR=9;BYMINUTE=0";
  // From the default DTSTART (Monday 2024-01-01), 2026-03-30 is 819 days =
  // 117 weeks later: an odd week, so closed; the next is 2026-04-06.
  expect_output(tenantctl({"hours", "--rrule", rule, "--duration", "60", "--at", "2026-03-30T07:30:00Z"}),
                "{\"open\":false,\"next_change\":\"2026-04-06T07:00:00Z\"}\n");
  // From Monday 2024-01-08 it is 116 weeks: an even week, open 09:00-10:00.
  expect_output(tenantctl({"hours", "--rrule", rule, "--duration", "60", "--dtstart", "2024-01-08T09:00:00", "--at",
                           "2026-03-30T07:30:00Z"}),
                "{\"open\":true,\"next_change\":\"2026-03-30T08:00:00Z\"}\n");
}
END_TEST

START_TEST(hours_rule_that_has_ended) {
  // COUNT=1: one window on 2024-01-01, nothing to change to afterwards.
  expect_output(tenantctl({"hours", "--rrule", "FREQ=DAILY;COUNT=1;BYHOUR=9;BYMINUTE=0", "--duration", "60", "--at",
                           "2026-03-30T07:30:00Z"}),
                "{\"open\":false,\"next_change\":null}\n");
}
END_TEST

START_TEST(hours_warns_without_byhour) {
  // No BYHOUR: the window opens at 00:00 Paris (22:00Z the day before).
  const Run r =
      tenantctl({"hours", "--rrule", "FREQ=DAILY", "--duration", "60", "--at", "2026-03-30T07:30:00Z"});
  ck_assert_int_eq(r.status, 0);
  ck_assert_str_eq(r.out.c_str(), "{\"open\":false,\"next_change\":\"2026-03-30T22:00:00Z\"}\n");
  ck_assert_msg(starts_with(r.err, "warning: "), "stderr: %s", r.err.c_str());
}
END_TEST

START_TEST(hours_invalid_values) {
  const char* at_ok = "2026-03-30T07:30:00Z";
  expect_invalid(tenantctl({"hours", "--rrule", "FREQ=WEEK", "--duration", "480", "--at", at_ok}));
  expect_invalid(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "480", "--tz", "Europe/Pariss", "--at", at_ok}));
  expect_invalid(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "0", "--at", at_ok}));
  expect_invalid(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "1441", "--at", at_ok}));
  expect_invalid(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "8h", "--at", at_ok}));
  expect_invalid(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "480", "--at", "30/03/2026 09:30"}));
  expect_invalid(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "480", "--at", "tomorrow"}));
}
END_TEST

START_TEST(hours_usage) {
  const char* at_ok = "2026-03-30T07:30:00Z";
  expect_usage(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "480"}), "hours");
  expect_usage(tenantctl({"hours", "--duration", "480", "--at", at_ok}), "hours");
  expect_usage(tenantctl({"hours", "--rrule", kOfficeRule, "--at", at_ok}), "hours");
  expect_usage(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "480", "--at", at_ok, "extra"}), "hours");
  expect_usage(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "480", "--at", at_ok, "--zone", "UTC"}),
               "hours");
  expect_usage(tenantctl({"hours", "--rrule", kOfficeRule, "--duration", "480", "--at"}), "hours");
  expect_help(tenantctl({"hours", "--help"}), "hours");
}
END_TEST

// One destination of a document by its whole calendar:
// conf/examples/tenant-prod-003.json (09:00-12:00 and 14:00-17:30 Monday to
// Friday, Paris; the French public holidays; a Saturday opening on
// 19 December 2026; an always-open voicemail).
START_TEST(hours_of_a_destination) {
  const std::string office = std::string(TEST_SRCDIR) + "/conf/examples/tenant-prod-003.json";
  // Christmas, Friday 10:00 CET: closed for Noël until Monday 28 09:00 CET.
  expect_output(tenantctl({"hours", "--config", office, "--destination", "accueil", "--at", "2026-12-25T09:00:00Z"}),
                "{\"open\":false,\"next_change\":\"2026-12-28T08:00:00Z\",\"by\":\"closure\",\"label\":\"Noël\"}\n");
  // Saturday 19 December 10:00 CET: the opening, until 12:00 CET.
  expect_output(tenantctl({"hours", "--config", office, "--destination", "accueil", "--at", "2026-12-19T09:00:00Z"}),
                "{\"open\":true,\"next_change\":\"2026-12-19T11:00:00Z\",\"by\":\"opening\","
                "\"label\":\"le samedi avant Noël\"}\n");
  // Monday 21 December 12:30 CET, the lunch break, until 14:00 CET.
  expect_output(tenantctl({"hours", "--config", office, "--destination", "accueil", "--at", "2026-12-21T11:30:00Z"}),
                "{\"open\":false,\"next_change\":\"2026-12-21T13:00:00Z\",\"by\":\"hours\",\"label\":null}\n");
  expect_invalid(tenantctl({"hours", "--config", office, "--destination", "nope", "--at", "2026-12-25T09:00:00Z"}));
  expect_usage(tenantctl({"hours", "--config", office, "--at", "2026-12-25T09:00:00Z"}), "hours");
  expect_usage(tenantctl({"hours", "--config", office, "--destination", "accueil", "--rrule", kOfficeRule, "--at",
                          "2026-12-25T09:00:00Z"}),
               "hours");
  expect_usage(tenantctl({"hours", "--destination", "accueil", "--rrule", kOfficeRule, "--duration", "480", "--at",
                          "2026-12-25T09:00:00Z"}),
               "hours");
}
END_TEST

// ---------------------------------------------------------------- validate

START_TEST(validate_valid_documents) {
  expect_output(tenantctl({"validate", doc_path("example.json")}), "ok\n");
  expect_output(tenantctl({"validate", doc_path("office.json")}), "ok\n");
  expect_output(tenantctl({"validate", "-"}, kExampleTenant), "ok\n");
}
END_TEST

START_TEST(validate_warning_keeps_ok) {
  const Run r = tenantctl({"validate", doc_path("no_byhour.json")});
  ck_assert_msg(r.status == 0, "exit %d, stdout %s", r.status, r.out.c_str());
  ck_assert_str_eq(r.out.c_str(), "ok\n");
  ck_assert_msg(starts_with(r.err, "warning: features.refer.destinations[1].business_hours"), "stderr: %s",
                r.err.c_str());
}
END_TEST

START_TEST(validate_reports_problem_with_path) {
  const Run r = tenantctl({"validate", doc_path("bad_duration.json")});
  ck_assert_int_eq(r.status, 1);
  // DESIGN.md's example line; the validator may add what it found.
  const auto lines = lines_of(r.out);
  ck_assert_msg(lines.size() == 1, "stdout: %s", r.out.c_str());
  ck_assert_msg(
      starts_with(lines[0], "features.refer.destinations[0].business_hours.duration_minutes: must be 1..1440"),
      "stdout: %s", r.out.c_str());
}
END_TEST

START_TEST(validate_one_line_per_problem) {
  const Run r = tenantctl({"validate", doc_path("two_problems.json")});
  ck_assert_int_eq(r.status, 1);
  const auto lines = lines_of(r.out);
  ck_assert_msg(lines.size() == 2, "stdout: %s", r.out.c_str());
  bool status_line = false, duration_line = false;
  for (const auto& line : lines) {
    status_line |= starts_with(line, "status: ");
    duration_line |= starts_with(line, "features.refer.destinations[0].business_hours.duration_minutes: ");
  }
  ck_assert_msg(status_line && duration_line, "stdout: %s", r.out.c_str());
}
END_TEST

START_TEST(validate_unreadable_input) {
  expect_invalid(tenantctl({"validate", doc_path("not_json.json")}));
  expect_invalid(tenantctl({"validate", doc_path("does_not_exist.json")}));
  expect_invalid(tenantctl({"validate", "-"}, "[1, 2"));
}
END_TEST

START_TEST(validate_usage) {
  expect_usage(tenantctl({"validate"}), "validate");
  expect_usage(tenantctl({"validate", doc_path("example.json"), doc_path("office.json")}), "validate");
  expect_usage(tenantctl({"validate", "--strict", doc_path("example.json")}), "validate");
  expect_help(tenantctl({"validate", "--help"}), "validate");
}
END_TEST

// ---------------------------------------------------------------- refer

START_TEST(refer_by_priority_on_example_tenant) {
  expect_output(tenantctl({"refer", "--config", doc_path("example.json"), "--at", "2026-03-30T07:30:00Z"}),
                "{\"ok\":true,\"destination_id\":\"commercial\",\"label\":\"Mme Gogny\","
                "\"target_uri\":\"tel:+33240000001\",\"refer_to\":\"tel:+33240000001\",\"reason\":\"priority\","
                "\"chain\":[{\"destination_id\":\"commercial\",\"status\":\"open\"}],\"handoff_phrase\":null,"
                "\"require_confirmation\":false,\"closed_by\":null,\"closed_label\":null}\n");
}
END_TEST

START_TEST(refer_requested_and_tel_domain) {
  expect_output(tenantctl({"refer", "--config", doc_path("example.json"), "--destination", "planning", "--at",
                           "2026-03-30T07:30:00Z", "--tel-domain", "gw.example.net"}),
                "{\"ok\":true,\"destination_id\":\"planning\",\"label\":\"le service planning\","
                "\"target_uri\":\"tel:+33240000002\",\"refer_to\":\"sip:+33240000002@gw.example.net;user=phone\","
                "\"reason\":\"open\",\"chain\":[{\"destination_id\":\"planning\",\"status\":\"open\"}],"
                "\"handoff_phrase\":null,\"require_confirmation\":false,\"closed_by\":null,\"closed_label\":null}\n");
}
END_TEST

START_TEST(refer_refuses_a_disabled_tenant) {
  // The spec: a disabled tenant receives no calls, so none is transferred,
  // whatever its destinations say; the same answer as the module's
  // `tenant refer` API and tenant_refer application.
  write_file(doc_path("disabled.json"), replaced(kExampleTenant, "\"status\": \"active\"", "\"status\": \"disabled\""));
  const Run r = tenantctl({"refer", "--config", doc_path("disabled.json"), "--destination", "commercial", "--at",
                           "2026-03-30T07:30:00Z"});
  ck_assert_int_eq(r.status, 1);
  ck_assert_msg(r.out ==
                    "{\"ok\":false,\"error\":\"tenant_disabled\",\"next_open\":null,"
                    "\"message\":\"tenant tenant-prod-001 is disabled\",\"chain\":[],\"closed_by\":null,"
                    "\"closed_label\":null}\n",
                "stdout: %s", r.out.c_str());
}
END_TEST

START_TEST(refer_after_hours_hop) {
  // 18:00 Paris: commercial closed, accueil (17:00-21:00) open.
  const std::string expected =
      "{\"ok\":true,\"destination_id\":\"accueil\",\"label\":\"l'accueil\","
      "\"target_uri\":\"sip:accueil@pbx.example.com\",\"refer_to\":\"sip:accueil@pbx.example.com\","
      "\"reason\":\"after_hours\",\"chain\":[{\"destination_id\":\"commercial\",\"status\":\"closed\","
      "\"closed_by\":\"hours\"},{\"destination_id\":\"accueil\",\"status\":\"open\"}],"
      "\"handoff_phrase\":\"Je vous transfère.\",\"require_confirmation\":true,\"closed_by\":\"hours\","
      "\"closed_label\":null}\n";
  expect_output(tenantctl({"refer", "--config", doc_path("office.json"), "--destination", "commercial", "--at",
                           "2026-03-30T16:00:00Z"}),
                expected);
  expect_output(tenantctl({"refer", "--config", doc_path("office.json"), "--destination", "commercial", "--at",
                           "2026-03-30T18:00:00+02:00"}),
                expected);
}
END_TEST

START_TEST(refer_refused_closed) {
  // 22:00 Paris: both closed; commercial opens Tuesday 09:00 CEST = 07:00Z.
  const Run r = tenantctl(
      {"refer", "--config", doc_path("office.json"), "--destination", "commercial", "--at", "2026-03-30T20:00:00Z"});
  ck_assert_int_eq(r.status, 1);
  ck_assert_msg(starts_with(r.out, "{\"ok\":false,\"error\":\"closed\",\"next_open\":\"2026-03-31T07:00:00Z\""),
                "stdout: %s", r.out.c_str());
  ck_assert_msg(contains(r.out, "\"chain\":[{\"destination_id\":\"commercial\",\"status\":\"closed\","
                                "\"closed_by\":\"hours\"},{\"destination_id\":\"accueil\",\"status\":\"closed\","
                                "\"closed_by\":\"hours\"}]"),
                "stdout: %s", r.out.c_str());
  ck_assert_str_eq(r.err.c_str(), "");

  // No id, Saturday 2026-04-04 22:00 Paris: accueil opens Sunday 17:00 CEST
  // (15:00Z), before commercial on Monday.
  const Run any = tenantctl({"refer", "--config", doc_path("office.json"), "--at", "2026-04-04T20:00:00Z"});
  ck_assert_int_eq(any.status, 1);
  ck_assert_msg(starts_with(any.out, "{\"ok\":false,\"error\":\"closed\",\"next_open\":\"2026-04-05T15:00:00Z\""),
                "stdout: %s", any.out.c_str());
}
END_TEST

START_TEST(refer_refusal_codes) {
  const char* at_ok = "2026-03-30T07:30:00Z";
  Run r = tenantctl({"refer", "--config", doc_path("example.json"), "--destination", "comptabilite", "--at", at_ok});
  ck_assert_int_eq(r.status, 1);
  ck_assert_msg(starts_with(r.out, "{\"ok\":false,\"error\":\"unknown_destination\",\"next_open\":null"), "%s",
                r.out.c_str());

  r = tenantctl({"refer", "--config", doc_path("refer_disabled.json"), "--at", at_ok});
  ck_assert_int_eq(r.status, 1);
  ck_assert_msg(starts_with(r.out, "{\"ok\":false,\"error\":\"refer_disabled\",\"next_open\":null"), "%s",
                r.out.c_str());

  // A missing required field: the whole tenant is refused, and the problem
  // is named on stderr.
  r = tenantctl({"refer", "--config", doc_path("no_display_name.json"), "--at", at_ok});
  ck_assert_int_eq(r.status, 1);
  ck_assert_msg(starts_with(r.out, "{\"ok\":false,\"error\":\"invalid_config\",\"next_open\":null"), "%s",
                r.out.c_str());
  ck_assert_msg(contains(r.err, "error: display_name: "), "stderr: %s", r.err.c_str());
}
END_TEST

START_TEST(refer_broken_destination) {
  const char* at_ok = "2026-03-30T07:30:00Z";
  Run r = tenantctl({"refer", "--config", doc_path("broken_planning.json"), "--destination", "planning", "--at", at_ok});
  ck_assert_int_eq(r.status, 1);
  ck_assert_msg(starts_with(r.out, "{\"ok\":false,\"error\":\"invalid_destination\",\"next_open\":null"), "%s",
                r.out.c_str());
  ck_assert_msg(contains(r.err, "error: features.refer.destinations[1].target_uri: "), "stderr: %s", r.err.c_str());

  // The other destination still takes calls.
  r = tenantctl({"refer", "--config", doc_path("broken_planning.json"), "--at", at_ok});
  ck_assert_int_eq(r.status, 0);
  ck_assert_msg(starts_with(r.out, "{\"ok\":true,\"destination_id\":\"commercial\""), "%s", r.out.c_str());
}
END_TEST

START_TEST(refer_config_from_stdin) {
  const Run r = tenantctl({"refer", "--config", "-", "--at", "2026-03-30T07:30:00Z"}, kExampleTenant);
  ck_assert_int_eq(r.status, 0);
  ck_assert_msg(starts_with(r.out, "{\"ok\":true,\"destination_id\":\"commercial\""), "%s", r.out.c_str());
}
END_TEST

START_TEST(refer_invalid_input) {
  const char* at_ok = "2026-03-30T07:30:00Z";
  expect_invalid(tenantctl({"refer", "--config", doc_path("example.json"), "--at", "30/03/2026"}));
  expect_invalid(tenantctl({"refer", "--config", doc_path("does_not_exist.json"), "--at", at_ok}));
  expect_invalid(tenantctl({"refer", "--config", doc_path("not_json.json"), "--at", at_ok}));
  expect_invalid(tenantctl({"refer", "--config", "-", "--at", at_ok}, "[]"));
  expect_invalid(
      tenantctl({"refer", "--config", doc_path("example.json"), "--at", at_ok, "--tel-domain", "gw;transport=tcp"}));
}
END_TEST

START_TEST(refer_usage) {
  const char* at_ok = "2026-03-30T07:30:00Z";
  expect_usage(tenantctl({"refer", "--at", at_ok}), "refer");
  expect_usage(tenantctl({"refer", "--config", doc_path("example.json")}), "refer");
  expect_usage(tenantctl({"refer", "--config", doc_path("example.json"), "--at", at_ok, "planning"}), "refer");
  expect_usage(tenantctl({"refer", "--config", doc_path("example.json"), "--at", at_ok, "--dest", "planning"}),
               "refer");
  expect_usage(tenantctl({"refer", "--config", doc_path("example.json"), "--at", at_ok, "--at", at_ok}), "refer");
  expect_help(tenantctl({"refer", "--help"}), "refer");
}
END_TEST

// Runs tenantctl with the database driver's shared-memory counter segment
// (/dev/shm/mongoc-<pid>) already taken, as on a machine where it cannot be
// created: mongo-c-driver then warns "Falling back to malloc for counters"
// as soon as it is initialised. The child claims the name under its own pid,
// which execv keeps.
Run tenantctl_with_driver_segment_taken(const std::vector<std::string>& args) {
  return run_tenantctl(
      g_dir, args, "",
      [] {
        const std::string segment = "/dev/shm/mongoc-" + std::to_string(getpid());
        const int taken = open(segment.c_str(), O_WRONLY | O_CREAT, 0600);
        if (taken >= 0) close(taken);
      },
      [](pid_t pid) { unlink(("/dev/shm/mongoc-" + std::to_string(pid)).c_str()); });
}

// Offline commands never start the database driver's messages on stderr: a
// driver warning goes through the project's log (silent in tenantctl unless
// TENANTCTL_DEBUG is set), so a successful command's stderr is empty.
START_TEST(offline_commands_keep_stderr_clean) {
  const std::vector<std::vector<std::string>> commands = {
      {"normalize", "0676530019"},
      {"hours", "--rrule", kOfficeRule, "--duration", "480", "--at", "2026-03-30T07:30:00Z"},
      {"validate", doc_path("example.json")},
      {"refer", "--config", doc_path("example.json"), "--at", "2026-03-30T07:30:00Z"},
      {"calendar", "--config", doc_path("example.json"), "--from", "2026-03-30", "--days", "1"},
  };
  for (const auto& args : commands) {
    const Run r = tenantctl_with_driver_segment_taken(args);
    ck_assert_msg(r.status == 0, "%s: exit %d, stderr: %s", args[0].c_str(), r.status, r.err.c_str());
    ck_assert_msg(!r.out.empty(), "%s printed nothing", args[0].c_str());
    ck_assert_msg(r.err.empty(), "%s wrote to stderr: %s", args[0].c_str(), r.err.c_str());
  }
}
END_TEST

// ---------------------------------------------------------------- hostile documents

START_TEST(validate_says_why_a_file_cannot_be_read) {
  const Run missing = tenantctl({"validate", doc_path("does_not_exist.json")});
  expect_invalid(missing);
  ck_assert_msg(contains(missing.err, doc_path("does_not_exist.json")) &&
                    contains(missing.err, ": No such file or directory\n"),
                "stderr: %s", missing.err.c_str());
  const Run folder = tenantctl({"validate", g_dir});
  expect_invalid(folder);
  ck_assert_msg(contains(folder.err, g_dir) && contains(folder.err, ": Is a directory\n"), "stderr: %s",
                folder.err.c_str());
}
END_TEST

START_TEST(validate_output_is_bounded_for_duplicates) {
  // The example's 2 destinations and 98 copies of one more: one line for
  // the duplicated id (it was one line per copy, each naming every other).
  const std::string one = R"({"destination_id": "sales", "label": "Sales", "target_uri": "tel:+33240000001",
    "description_for_model": "Sales"})";
  std::string list;
  for (int i = 0; i < 98; ++i) list += (i ? ",\n" : "") + one;
  const std::string doc = replaced(kExampleTenant, R"("destinations": [)", R"("destinations": [)" + list + ",");
  write_file(doc_path("hundred.json"), doc);
  const Run r = tenantctl({"validate", doc_path("hundred.json")});
  ck_assert_int_eq(r.status, 1);
  ck_assert_msg(r.out ==
                    "features.refer.destinations[1].destination_id: must be unique within the tenant: 'sales' is "
                    "used by 98 destinations (first at [0])\n",
                "stdout (%zu bytes): %.400s", r.out.size(), r.out.c_str());
  // 10,000 copies (1 MB): one line for the length of the list.
  std::string long_list;
  for (int i = 0; i < 10000; ++i) long_list += (i ? ",\n" : "") + one;
  write_file(doc_path("ten_thousand.json"),
             replaced(kExampleTenant, R"("destinations": [)", R"("destinations": [)" + long_list + ","));
  const Run big = tenantctl({"validate", doc_path("ten_thousand.json")});
  ck_assert_int_eq(big.status, 1);
  ck_assert_msg(big.out ==
                    "features.refer.destinations: holds 10002 destinations, more than the 100 a tenant may have: "
                    "every transfer is refused until the list is shortened\n",
                "stdout (%zu bytes): %.400s", big.out.size(), big.out.c_str());
}
END_TEST

START_TEST(at_with_a_newline_is_escaped) {
  const Run r = tenantctl({"refer", "--config", doc_path("example.json"), "--at", "2026-03-30\nT07:30:00Z"});
  expect_invalid(r);
  ck_assert_msg(lines_of(r.err).size() == 1 && contains(r.err, "'2026-03-30\\nT07:30:00Z'"), "stderr: %s",
                r.err.c_str());
}
END_TEST

START_TEST(refer_never_prints_text_that_is_not_utf8) {
  // A label with a byte that is not UTF-8: the destination is refused with
  // its path, and neither the JSON nor the problem list carries the byte.
  write_file(doc_path("bad_label.json"), replaced(kExampleTenant, "\"Mme Gogny\"", "\"Mme Gogny\xff\""));
  const Run r =
      tenantctl({"refer", "--config", doc_path("bad_label.json"), "--destination", "commercial", "--at",
                 "2026-03-30T07:30:00Z"});
  ck_assert_int_eq(r.status, 1);
  ck_assert_msg(!tenant::invalid_utf8_at(r.out) && !tenant::invalid_utf8_at(r.err), "stdout: %s", r.out.c_str());
  ck_assert_msg(contains(r.out, "\"ok\":false") && contains(r.out, "invalid_destination"), "stdout: %s",
                r.out.c_str());
  ck_assert_msg(contains(r.err, "features.refer.destinations[0].label: must be valid UTF-8"), "stderr: %s",
                r.err.c_str());
}
END_TEST

START_TEST(refer_output_is_utf8_whatever_the_ids) {
  // An id asked for on the command line, and one met in an after-hours
  // chain, are echoed in the JSON: a byte that is not UTF-8 becomes U+FFFD.
  const Run asked = tenantctl({"refer", "--config", doc_path("example.json"), "--destination", "sale\xf8", "--at",
                               "2026-03-30T07:30:00Z"});
  ck_assert_int_eq(asked.status, 1);
  ck_assert_msg(!tenant::invalid_utf8_at(asked.out) && contains(asked.out, "unknown_destination"), "stdout: %s",
                asked.out.c_str());
  // A destination whose id has a stray byte is broken; asked for by that
  // id, it is refused and named in the chain, replaced byte and all.
  write_file(doc_path("bad_id.json"), replaced(kOfficeTenant, "\"destination_id\": \"accueil\"",
                                               "\"destination_id\": \"accueil\xf8\""));
  const Run broken = tenantctl({"refer", "--config", doc_path("bad_id.json"), "--destination", "accueil\xf8",
                                "--at", "2026-03-30T16:00:00Z"});
  ck_assert_int_eq(broken.status, 1);
  ck_assert_msg(!tenant::invalid_utf8_at(broken.out) &&
                    contains(broken.out, "{\"destination_id\":\"accueil\xef\xbf\xbd\",\"status\":\"unusable\"}"),
                "stdout: %s", broken.out.c_str());
}
END_TEST

START_TEST(normalize_refuses_what_is_not_e164) {
  // 16 digits; E.164 allows 15.
  expect_invalid(tenantctl({"normalize", "+4930123456789012"}));
  // DE dials abroad with 00: 011... is a national number, +49 and 14 digits.
  expect_invalid(tenantctl({"normalize", "--country", "DE", "011 44 20 7946 0000"}));
  // FR trunk 0 then 8 digits: no French number has a 0 after +33.
  const Run r = tenantctl({"normalize", "067653001"});
  expect_invalid(r);
  ck_assert_msg(contains(r.err, "trunk prefix 0"), "stderr: %s", r.err.c_str());
  expect_invalid(tenantctl({"normalize", "+33067653001"}));
  // A parameter named like phone-context but without '=' changes nothing.
  expect_output(tenantctl({"normalize", "tel:0676530019;phone-contextX"}), "+33676530019\n");
}
END_TEST

START_TEST(normalize_refuses_overlong_input_briefly) {
  const Run r = tenantctl({"normalize", std::string(257, '1')});
  expect_invalid(r);
  ck_assert_msg(contains(r.err, "longer than 256 bytes"), "stderr: %s", r.err.c_str());
  ck_assert_msg(!contains(r.err, std::string(61, '1')), "stderr: %s", r.err.c_str());
}
END_TEST

START_TEST(refer_tel_domain_takes_the_target_uri_host_rule) {
  const char* at_ok = "2026-03-30T07:30:00Z";
  for (const char* domain : {"h:65536", "h:0", "-h", "gw..example.net"}) {
    const Run r = tenantctl({"refer", "--config", doc_path("example.json"), "--at", at_ok, "--tel-domain", domain});
    expect_invalid(r);
    ck_assert_msg(contains(r.err, "--tel-domain"), "stderr: %s", r.err.c_str());
  }
  const Run r =
      tenantctl({"refer", "--config", doc_path("example.json"), "--destination", "planning", "--at", at_ok,
                 "--tel-domain", "10.0.0.5:5080"});
  ck_assert_int_eq(r.status, 0);
  ck_assert_msg(contains(r.out, "\"refer_to\":\"sip:+33240000002@10.0.0.5:5080;user=phone\""), "%s", r.out.c_str());
}
END_TEST

// ---------------------------------------------------------------- calendar

START_TEST(calendar_of_the_office_tenant) {
  // Monday 30 March, CEST (UTC+2): commercial 09:00-17:00, then accueil
  // 17:00-21:00; the day runs from 29T22:00Z to 30T22:00Z.
  expect_output(
      tenantctl({"calendar", "--config", doc_path("office.json"), "--from", "2026-03-30", "--days", "1"}),
      "{\"tenant_id\":\"tenant-test-002\",\"from\":\"2026-03-30\",\"days\":1,\"destinations\":["
      "{\"destination_id\":\"commercial\",\"label\":\"Mme Gogny\",\"tz\":\"Europe/Paris\",\"enabled\":true,"
      "\"usable\":true,"
      "\"open\":[{\"start\":\"2026-03-30T09:00:00\",\"end\":\"2026-03-30T17:00:00\","
      "\"start_utc\":\"2026-03-30T07:00:00Z\",\"end_utc\":\"2026-03-30T15:00:00Z\",\"by\":\"hours\"}],"
      "\"closed\":[{\"start\":\"2026-03-30T00:00:00\",\"end\":\"2026-03-30T09:00:00\","
      "\"start_utc\":\"2026-03-29T22:00:00Z\",\"end_utc\":\"2026-03-30T07:00:00Z\",\"by\":\"hours\"},"
      "{\"start\":\"2026-03-30T17:00:00\",\"end\":\"2026-03-31T00:00:00\","
      "\"start_utc\":\"2026-03-30T15:00:00Z\",\"end_utc\":\"2026-03-30T22:00:00Z\",\"by\":\"hours\"}]},"
      "{\"destination_id\":\"accueil\",\"label\":\"l'accueil\",\"tz\":\"Europe/Paris\",\"enabled\":true,"
      "\"usable\":true,"
      "\"open\":[{\"start\":\"2026-03-30T17:00:00\",\"end\":\"2026-03-30T21:00:00\","
      "\"start_utc\":\"2026-03-30T15:00:00Z\",\"end_utc\":\"2026-03-30T19:00:00Z\",\"by\":\"hours\"}],"
      "\"closed\":[{\"start\":\"2026-03-30T00:00:00\",\"end\":\"2026-03-30T17:00:00\","
      "\"start_utc\":\"2026-03-29T22:00:00Z\",\"end_utc\":\"2026-03-30T15:00:00Z\",\"by\":\"hours\"},"
      "{\"start\":\"2026-03-30T21:00:00\",\"end\":\"2026-03-31T00:00:00\","
      "\"start_utc\":\"2026-03-30T19:00:00Z\",\"end_utc\":\"2026-03-30T22:00:00Z\",\"by\":\"hours\"}]}]}\n");
}
END_TEST

START_TEST(calendar_of_one_destination_from_stdin) {
  const Run r = tenantctl({"calendar", "--config", "-", "--destination", "accueil", "--from", "2026-03-30", "--days",
                           "1"},
                          kOfficeTenant);
  ck_assert_msg(r.status == 0, "exit %d, stderr: %s", r.status, r.err.c_str());
  ck_assert_msg(starts_with(r.out, "{\"tenant_id\":\"tenant-test-002\",\"from\":\"2026-03-30\",\"days\":1,"
                                   "\"destinations\":[{\"destination_id\":\"accueil\","),
                "stdout: %s", r.out.c_str());
  ck_assert_msg(!contains(r.out, "commercial"), "stdout: %s", r.out.c_str());
}
END_TEST

START_TEST(calendar_invalid_input) {
  const std::string office = doc_path("office.json");
  for (const char* days : {"0", "367", "x", "-1", ""}) {
    const Run r = tenantctl({"calendar", "--config", office, "--from", "2026-03-30", "--days", days});
    expect_invalid(r);
    ck_assert_msg(starts_with(r.err, "error: days: expected a whole number 1..366, got '"), "stderr: %s",
                  r.err.c_str());
  }
  for (const char* from : {"2026-13-01", "30/03/2026", "2026-03-30T00:00:00Z", "1969-12-31", "2100-01-01"}) {
    const Run r = tenantctl({"calendar", "--config", office, "--from", from, "--days", "1"});
    expect_invalid(r);
    ck_assert_msg(starts_with(r.err, "error: from: "), "stderr: %s", r.err.c_str());
  }
  const Run past = tenantctl({"calendar", "--config", office, "--from", "2099-12-31", "--days", "2"});
  expect_invalid(past);
  const Run unknown =
      tenantctl({"calendar", "--config", office, "--destination", "nope", "--from", "2026-03-30", "--days", "1"});
  expect_invalid(unknown);
  ck_assert_str_eq(unknown.err.c_str(),
                   "error: no destination 'nope' in tenant 'tenant-test-002'; its destinations are 'commercial', "
                   "'accueil'\n");
  expect_invalid(tenantctl({"calendar", "--config", doc_path("does_not_exist.json"), "--from", "2026-03-30",
                            "--days", "1"}));
  expect_invalid(tenantctl({"calendar", "--config", doc_path("not_json.json"), "--from", "2026-03-30", "--days", "1"}));
  // A tenant-level error: the document's problems, then the refusal.
  const Run broken =
      tenantctl({"calendar", "--config", doc_path("no_display_name.json"), "--from", "2026-03-30", "--days", "1"});
  expect_invalid(broken);
  ck_assert_msg(contains(broken.err, "error: tenant 'tenant-prod-001' has configuration errors outside its "
                                     "destinations: "),
                "stderr: %s", broken.err.c_str());
}
END_TEST

START_TEST(calendar_usage) {
  const std::string office = doc_path("office.json");
  expect_usage(tenantctl({"calendar", "--from", "2026-03-30", "--days", "1"}), "calendar");
  expect_usage(tenantctl({"calendar", "--config", office, "--days", "1"}), "calendar");
  expect_usage(tenantctl({"calendar", "--config", office, "--from", "2026-03-30"}), "calendar");
  expect_usage(tenantctl({"calendar", "--config", office, "--from", "2026-03-30", "--days", "1", "accueil"}),
               "calendar");
  expect_usage(tenantctl({"calendar", "--config", office, "--at", "2026-03-30T07:30:00Z", "--days", "1"}),
               "calendar");
  expect_usage(tenantctl({"calendar", "--config", office, "--from", "2026-03-30", "--days"}), "calendar");
  expect_help(tenantctl({"calendar", "--help"}), "calendar");
}
END_TEST

Suite* tenantctl_suite() {
  Suite* s = suite_create("tenantctl");

  TCase* top = tcase_create("top");
  tcase_add_test(top, top_level_usage);
  tcase_add_test(top, offline_commands_keep_stderr_clean);
  suite_add_tcase(s, top);

  TCase* normalize = tcase_create("normalize");
  tcase_add_test(normalize, normalize_numbers);
  tcase_add_test(normalize, normalize_uris_and_headers);
  tcase_add_test(normalize, normalize_rejects_non_numbers);
  tcase_add_test(normalize, normalize_usage);
  tcase_add_test(normalize, normalize_refuses_what_is_not_e164);
  tcase_add_test(normalize, normalize_refuses_overlong_input_briefly);
  suite_add_tcase(s, normalize);

  TCase* hours = tcase_create("hours");
  tcase_add_test(hours, hours_open_and_closed);
  tcase_add_test(hours, hours_other_zone);
  tcase_add_test(hours, hours_dtstart_sets_interval_phase);
  tcase_add_test(hours, hours_rule_that_has_ended);
  tcase_add_test(hours, hours_warns_without_byhour);
  tcase_add_test(hours, hours_invalid_values);
  tcase_add_test(hours, hours_of_a_destination);
  tcase_add_test(hours, hours_usage);
  suite_add_tcase(s, hours);

  TCase* validate = tcase_create("validate");
  tcase_add_test(validate, validate_valid_documents);
  tcase_add_test(validate, validate_warning_keeps_ok);
  tcase_add_test(validate, validate_reports_problem_with_path);
  tcase_add_test(validate, validate_one_line_per_problem);
  tcase_add_test(validate, validate_unreadable_input);
  tcase_add_test(validate, validate_usage);
  tcase_add_test(validate, validate_says_why_a_file_cannot_be_read);
  tcase_add_test(validate, validate_output_is_bounded_for_duplicates);
  tcase_add_test(validate, at_with_a_newline_is_escaped);
  tcase_add_test(validate, refer_never_prints_text_that_is_not_utf8);
  tcase_add_test(validate, refer_output_is_utf8_whatever_the_ids);
  suite_add_tcase(s, validate);

  TCase* refer = tcase_create("refer");
  tcase_add_test(refer, refer_by_priority_on_example_tenant);
  tcase_add_test(refer, refer_requested_and_tel_domain);
  tcase_add_test(refer, refer_after_hours_hop);
  tcase_add_test(refer, refer_refuses_a_disabled_tenant);
  tcase_add_test(refer, refer_refused_closed);
  tcase_add_test(refer, refer_refusal_codes);
  tcase_add_test(refer, refer_broken_destination);
  tcase_add_test(refer, refer_config_from_stdin);
  tcase_add_test(refer, refer_invalid_input);
  tcase_add_test(refer, refer_usage);
  tcase_add_test(refer, refer_tel_domain_takes_the_target_uri_host_rule);
  suite_add_tcase(s, refer);

  TCase* calendar = tcase_create("calendar");
  tcase_add_test(calendar, calendar_of_the_office_tenant);
  tcase_add_test(calendar, calendar_of_one_destination_from_stdin);
  tcase_add_test(calendar, calendar_invalid_input);
  tcase_add_test(calendar, calendar_usage);
  suite_add_tcase(s, calendar);

  // Every test starts processes; sanitizer builds are slow to start.
  for (TCase* tc : {top, normalize, hours, validate, refer, calendar}) tcase_set_timeout(tc, 60);
  return s;
}

int main() {
  char pattern[] = "/tmp/check_tenantctl.XXXXXX";
  const char* dir = mkdtemp(pattern);
  if (!dir) {
    std::perror("mkdtemp");
    return EXIT_FAILURE;
  }
  g_dir = dir;
  write_documents();
  const int status = run_suite(tenantctl_suite());
  remove_dir(g_dir);
  return status;
}
