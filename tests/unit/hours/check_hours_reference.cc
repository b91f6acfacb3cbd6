// The business hours engine against an independent implementation of the
// same rules: python-dateutil's rrule iterated from DTSTART with zoneinfo for
// the zone (bench/dateutil_hours.py). libical, which the engine builds on,
// evaluates some rule shapes against RFC 5545; those are refused (see
// check_schedule), and every shape the engine accepts must agree with
// dateutil on whether it is open and when that next changes.
#include <cjson/cJSON.h>

#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/hours/schedule.hh"
#include "test_support.hh"

using tenant::BusinessHoursSpec;
using tenant::Schedule;
using tenant::UnixSeconds;

namespace {

struct Case {
  const char* rrule;
  int minutes;
  const char* tz;
  const char* dtstart;  // nullptr: the default
};

// One of each accepted shape: every part, expanding and limiting, signed
// positions, INTERVAL phases, BYSETPOS, COUNT and UNTIL, windows across
// midnight and across DST changes, zones with half-hour offsets.
const Case kCases[] = {
    {"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0", 480, "Europe/Paris", nullptr},
    {"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9,14;BYMINUTE=0,30", 150, "America/New_York", nullptr},
    {"FREQ=DAILY;BYHOUR=2;BYMINUTE=30", 60, "Europe/Paris", nullptr},  // inside the spring gap
    {"FREQ=DAILY;BYHOUR=22", 300, "Australia/Sydney", nullptr},
    {"FREQ=DAILY;INTERVAL=3;BYHOUR=8", 600, "Asia/Kolkata", "2024-02-10T00:00:00"},
    {"FREQ=DAILY;BYMONTH=2;BYDAY=MO;BYHOUR=9,17", 30, "Europe/London", nullptr},
    {"FREQ=DAILY;BYMONTHDAY=1,15;BYHOUR=12", 90, "UTC", nullptr},
    {"FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;WKST=SU;BYHOUR=10", 120, "Europe/Berlin", nullptr},
    {"FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,FR;BYHOUR=23", 180, "Europe/Paris", nullptr},
    {"FREQ=WEEKLY;BYDAY=SA,SU;BYHOUR=23;BYMINUTE=59;BYSECOND=30", 45, "America/Chicago", nullptr},
    {"FREQ=WEEKLY", 1440, "Europe/Paris", "2024-03-31T02:30:00"},
    {"FREQ=MONTHLY;BYDAY=-1FR;BYHOUR=9", 480, "Europe/Paris", nullptr},
    {"FREQ=MONTHLY;BYDAY=1MO,-1MO;BYHOUR=8;BYMINUTE=15", 600, "America/Los_Angeles", nullptr},
    {"FREQ=MONTHLY;BYDAY=-2MO,3WE;BYHOUR=13", 60, "Europe/Rome", nullptr},
    {"FREQ=MONTHLY;BYDAY=MO;BYSETPOS=5;BYHOUR=9", 60, "Europe/Paris", nullptr},
    {"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=17", 60, "Europe/Madrid", nullptr},
    {"FREQ=MONTHLY;BYMONTHDAY=-1;BYHOUR=9,17", 120, "Europe/Paris", nullptr},
    {"FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR;BYHOUR=0", 1440, "Europe/Paris", nullptr},
    {"FREQ=MONTHLY;BYMONTHDAY=1,15,-1;BYSETPOS=2;BYHOUR=9", 60, "America/New_York", nullptr},
    {"FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU;BYHOUR=18", 240, "Europe/Paris", nullptr},
    {"FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=31;BYHOUR=6", 60, "Asia/Tokyo", nullptr},
    {"FREQ=MONTHLY", 600, "Europe/Paris", "2024-01-31T10:20:00"},
    {"FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=24,25,31;BYHOUR=8", 720, "Europe/Paris", nullptr},
    {"FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;BYHOUR=1,2", 90, "Europe/Paris", nullptr},
    {"FREQ=YEARLY;BYMONTH=1,7;BYDAY=1MO,-1FR;BYHOUR=9", 60, "Australia/Lord_Howe", nullptr},
    {"FREQ=YEARLY;BYDAY=20MO;BYHOUR=9", 60, "Europe/Paris", nullptr},
    {"FREQ=YEARLY;BYDAY=-1MO;BYHOUR=9", 60, "Europe/Paris", nullptr},
    {"FREQ=YEARLY;BYYEARDAY=1,-1;BYDAY=MO,TU;BYHOUR=9", 60, "Europe/Paris", nullptr},
    {"FREQ=YEARLY;BYYEARDAY=100,200,-100;BYHOUR=11", 60, "America/Sao_Paulo", nullptr},
    {"FREQ=YEARLY;BYMONTH=12;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=16", 60, "Europe/Paris", nullptr},
    {"FREQ=YEARLY;BYSETPOS=1,-1;BYMONTH=3,6;BYDAY=MO;BYHOUR=9", 60, "Europe/Paris", nullptr},
    {"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYHOUR=9", 60, "Europe/Paris", nullptr},
    {"FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1;BYHOUR=9", 60, "Europe/Paris", nullptr},
    {"FREQ=YEARLY;BYMONTH=1,4;BYMONTHDAY=1;BYDAY=MO;BYHOUR=9", 60, "Europe/Paris", nullptr},
    {"FREQ=HOURLY;INTERVAL=9", 60, "Europe/Paris", nullptr},
    {"FREQ=HOURLY;INTERVAL=7;BYDAY=SA,SU", 45, "Europe/Paris", nullptr},
    {"FREQ=HOURLY;INTERVAL=6;BYDAY=TU;BYMINUTE=30", 60, "America/New_York", nullptr},
    {"FREQ=HOURLY;INTERVAL=8;BYMONTHDAY=1", 90, "Europe/Paris", nullptr},
    {"FREQ=DAILY;COUNT=300;BYHOUR=9", 60, "Europe/Paris", "2025-06-01T00:00:00"},
    {"FREQ=WEEKLY;BYDAY=TU;BYHOUR=9;UNTIL=20270101T000000", 60, "Europe/Paris", nullptr},
    {"FREQ=DAILY;BYHOUR=9;UNTIL=20261025T235959", 1440, "Europe/Paris", nullptr},
};

std::string python_command() {
  const char* python = std::getenv("PYTHON");
  return std::string(python && *python ? python : "python3") + " " TEST_SRCDIR "/bench/dateutil_hours.py";
}

START_TEST(engine_agrees_with_dateutil) {
  // Instants between 2025 and 2028: random ones, and either side of every
  // DST change of the cases' zones (found from the engine's own tables is
  // not independent, so the EU and US change days are listed here).
  std::mt19937_64 rng(20261202);
  std::uniform_int_distribution<UnixSeconds> pick(at("2025-01-01T00:00:00Z"), at("2028-01-01T00:00:00Z"));
  const char* edges[] = {"2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-10-25T00:59:59Z",
                         "2026-10-25T01:00:00Z", "2026-03-08T06:59:59Z", "2026-03-08T07:00:00Z",
                         "2026-11-01T05:59:59Z", "2026-11-01T06:00:00Z", "2026-04-05T00:00:00Z"};

  cJSON* root = cJSON_CreateObject();
  cJSON* schedules = cJSON_AddArrayToObject(root, "schedules");
  cJSON* sets = cJSON_AddObjectToObject(root, "sets");
  cJSON* decisions = cJSON_AddArrayToObject(sets, "reference");
  std::vector<std::shared_ptr<const Schedule>> compiled;
  std::vector<std::pair<int, UnixSeconds>> asked;
  for (const Case& c : kCases) {
    BusinessHoursSpec spec;
    spec.rrule = c.rrule;
    spec.duration_minutes = c.minutes;
    spec.tz = c.tz;
    if (c.dtstart) spec.dtstart = c.dtstart;
    auto s = Schedule::compile(spec);
    ck_assert_msg(s.ok(), "%s: %s", c.rrule, s.error().c_str());
    compiled.push_back(*s);
    cJSON* item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "rrule", c.rrule);
    cJSON_AddStringToObject(item, "tz", c.tz);
    cJSON_AddNumberToObject(item, "duration_minutes", c.minutes);
    if (c.dtstart) cJSON_AddStringToObject(item, "dtstart", c.dtstart);
    cJSON_AddItemToArray(schedules, item);
    const int index = static_cast<int>(compiled.size()) - 1;
    std::vector<UnixSeconds> instants;
    for (int k = 0; k < 12; ++k) instants.push_back(pick(rng));
    for (const char* e : edges) instants.push_back(at(e));
    for (UnixSeconds t : instants) {
      asked.emplace_back(index, t);
      cJSON* pair = cJSON_CreateArray();
      cJSON_AddItemToArray(pair, cJSON_CreateNumber(index));
      cJSON_AddItemToArray(pair, cJSON_CreateNumber(static_cast<double>(t)));
      cJSON_AddItemToArray(decisions, pair);
    }
  }
  char* text = cJSON_PrintUnformatted(root);
  cJSON_Delete(root);
  char path[] = "/tmp/hours-reference-XXXXXX";
  const int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  FILE* f = fdopen(fd, "w");
  std::fputs(text, f);
  std::fclose(f);
  cJSON_free(text);

  const std::string command = python_command() + " < " + path;
  FILE* pipe = popen(command.c_str(), "r");
  ck_assert_msg(pipe != nullptr, "cannot run %s", command.c_str());
  std::string out;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;) out.append(buf, n);
  const int status = pclose(pipe);
  std::remove(path);
  ck_assert_msg(status == 0, "the dateutil reference failed (%s); python3-dateutil is installed by scripts/setup-deps.sh",
                command.c_str());

  cJSON* answer = cJSON_Parse(out.c_str());
  ck_assert_msg(answer != nullptr, "unreadable reference output");
  cJSON* results = cJSON_GetObjectItem(cJSON_GetObjectItem(answer, "reference"), "results");
  ck_assert_int_eq(cJSON_GetArraySize(results), static_cast<int>(asked.size()));
  int mismatches = 0;
  for (int i = 0; i < cJSON_GetArraySize(results); ++i) {
    cJSON* r = cJSON_GetArrayItem(results, i);
    const bool ref_open = cJSON_IsTrue(cJSON_GetArrayItem(r, 0));
    cJSON* ref_change = cJSON_GetArrayItem(r, 1);
    const auto& [index, t] = asked[static_cast<std::size_t>(i)];
    const Schedule& s = *compiled[static_cast<std::size_t>(index)];
    const bool open = s.is_open(t);
    const auto change = s.next_change(t);
    const bool same_change = cJSON_IsNull(ref_change) ? !change
                                                      : change && static_cast<double>(*change) == ref_change->valuedouble;
    if (open != ref_open || !same_change) {
      if (++mismatches <= 5)
        std::fprintf(stderr, "%s (%s) at %s: engine open=%d next=%s, dateutil open=%d next=%s\n",
                     kCases[index].rrule, kCases[index].tz, tenant::format_rfc3339_utc(t).c_str(), open,
                     change ? tenant::format_rfc3339_utc(*change).c_str() : "null", ref_open,
                     cJSON_IsNull(ref_change) ? "null"
                                              : tenant::format_rfc3339_utc(static_cast<UnixSeconds>(ref_change->valuedouble)).c_str());
    }
  }
  cJSON_Delete(answer);
  ck_assert_msg(mismatches == 0, "%d of %zu decisions differ from dateutil", mismatches, asked.size());
}
END_TEST

}  // namespace

int main() {
  Suite* s = suite_create("hours_reference");
  TCase* tc = tcase_create("dateutil");
  tcase_set_timeout(tc, 600);
  tcase_add_test(tc, engine_agrees_with_dateutil);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
