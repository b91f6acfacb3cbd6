// Several call threads at once, as in FreeSWITCH: shared compiled schedules,
// time zones loaded on first use, number normalisation, and the resolver with
// its cache over an in-memory source. Built with --enable-tsan (scripts/
// test.sh does) this suite is the ThreadSanitizer stress test; in a normal
// build it checks that concurrent answers are the sequential ones.
//
// Expected values are worked out by hand around Monday 2026-03-30, the first
// weekday of CEST (UTC+2) in Europe/Paris: 09:00 Paris = 07:00Z.
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/resolve/clock.hh"
#include "support/manual_clock.hh"
#include "support/memory_tenant_source.hh"
#include "core/number/number.hh"
#include "core/resolve/resolver.hh"
#include "core/hours/availability.hh"
#include "core/hours/schedule.hh"
#include "core/hours/timezone.hh"
#include "test_support.hh"

using namespace std::chrono_literals;
using tenant::BusinessHoursSpec;
using tenant::Schedule;
using tenant::TimeZone;
using tenant::UnixSeconds;

using fixtures::mapping_doc;

namespace {

constexpr int kThreads = 4;
const char kOfficeRule[] = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0";

// Starts every worker at the same moment (so that first uses really
// overlap), joins them, and counts the failed checks each one reports.
int run_together(int threads, const std::function<int(int)>& work) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  std::atomic<int> failures{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      ready.fetch_add(1);
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      failures.fetch_add(work(t));
    });
  while (ready.load() < threads) std::this_thread::yield();
  go.store(true, std::memory_order_release);
  for (auto& th : pool) th.join();
  return failures.load();
}

BusinessHoursSpec office(const char* tz) {
  BusinessHoursSpec spec;
  spec.tz = tz;
  spec.rrule = kOfficeRule;
  spec.duration_minutes = 480;
  return spec;
}

// One office destination whose hours are kept in the zone tz.
std::string office_doc(const std::string& id, const char* tz) {
  return R"({"_id":")" + id + R"(","tenant_id":")" + id + R"(","client_id":"client-)" + id +
         R"(","display_name":"T","summary_to":["ops@example.com"],"reply_to":null,"timezone":")" + tz +
         R"(","locale":"fr-FR","status":"active","features":{"refer":{"enabled":true,"require_confirmation":false,)"
         R"("destinations":[{"destination_id":"office","label":"Office","target_uri":"tel:+33240000001",)"
         R"("description_for_model":"Office hours","enabled":true,"priority":1,"business_hours":{"tz":")" +
         tz + R"(","rrule":")" + kOfficeRule + R"(","duration_minutes":480}}]}},)"
         R"("metadata":{},"schema_version":{"$numberInt":"1"},)"
         R"("created_at":{"$date":{"$numberLong":"1768471200000"}},)"
         R"("updated_at":{"$date":{"$numberLong":"1772461800000"}}})";
}


}  // namespace

// One compiled schedule asked by every thread, while the same spec and new
// ones are compiled (the compile cache and libical are shared too).
START_TEST(shared_schedules) {
  auto paris = Schedule::compile(office("Europe/Paris"));
  ck_assert_msg(paris.ok(), "%s", paris.ok() ? "" : paris.error().c_str());
  const auto shared = paris.value();
  const UnixSeconds monday_0930 = at("2026-03-30T07:30:00Z");  // open until 17:00 Paris = 15:00Z
  const UnixSeconds monday_0700 = at("2026-03-30T05:00:00Z");  // opens at 07:00Z
  const UnixSeconds friday_1800 = at("2026-04-03T16:00:00Z");  // next Monday 09:00 CEST = 07:00Z
  const UnixSeconds next_monday = at("2026-04-06T07:00:00Z");
  const UnixSeconds monday_1700 = at("2026-03-30T15:00:00Z");
  const UnixSeconds monday_0900 = at("2026-03-30T07:00:00Z");
  const char* zones[] = {"Europe/Paris", "America/New_York", "Asia/Tokyo", "Europe/London"};

  const int failures = run_together(kThreads, [&](int t) {
    int bad = 0;
    for (int i = 0; i < 40; ++i) {
      bad += shared->is_open(monday_0930) ? 0 : 1;
      bad += shared->next_change(monday_0930) == monday_1700 ? 0 : 1;
      bad += !shared->is_open(monday_0700) && shared->next_change(monday_0700) == monday_0900 ? 0 : 1;
      bad += shared->next_open(friday_1800) == next_monday ? 0 : 1;
      // Same spec: the same shared schedule. Other zones: compiled beside it.
      auto again = Schedule::compile(office("Europe/Paris"));
      bad += again.ok() && again.value() == shared ? 0 : 1;
      auto other = Schedule::compile(office(zones[(t + i) % 4]));
      bad += other.ok() && other.value()->next_change(friday_1800).has_value() ? 0 : 1;
    }
    return bad;
  });
  ck_assert_int_eq(failures, 0);
}
END_TEST

// One calendar (office hours with Christmas closed and a Saturday opening)
// asked about by several threads at once, in years none has asked about yet,
// so that its periods are built while others read: each year's Christmas
// Friday or weekday is closed for Noël, the Saturday opening only in 2026.
START_TEST(shared_calendars) {
  tenant::AvailabilitySpec spec;
  spec.zone = "Europe/Paris";
  spec.hours = Schedule::compile(office("Europe/Paris")).value();
  tenant::CalendarEntrySpec christmas;
  christmas.rrule = std::string("FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25");
  christmas.duration_minutes = 1440;
  christmas.label = std::string("Noël");
  tenant::CalendarEntrySpec saturday;
  saturday.start = std::string("2026-12-19T09:00:00");
  saturday.end = std::string("2026-12-19T12:00:00");
  spec.closures = {christmas};
  spec.openings = {saturday};
  auto compiled = tenant::Availability::compile(spec);
  ck_assert_msg(compiled.ok(), "%s", compiled.ok() ? "" : compiled.error().c_str());
  const auto shared = compiled.value();
  const int failures = run_together(kThreads, [&](int t) {
    int bad = 0;
    for (int i = 0; i < 20; ++i) {
      // 25 December, 12:00 Paris (11:00Z, CET), in a year each thread reaches in its own order.
      const int year = 2030 + (t * 7 + i * 3) % 60;
      const UnixSeconds noon = (tenant::days_from_civil(year, 12, 25) * 86400) + 11 * 3600;
      const auto state = shared->state_at(noon);
      bad += !state.open && state.cause == tenant::AvailabilityCause::closure && state.label && *state.label == "Noël"
                 ? 0 : 1;
      // 19 December 2026, 10:00 Paris: open by the opening.
      bad += shared->is_open(at("2026-12-19T09:00:00Z")) ? 0 : 1;
      bad += shared->next_open(at("2026-12-25T11:00:00Z")) == at("2026-12-28T08:00:00Z") ? 0 : 1;
      bad += tenant::Availability::compile(spec).value() == shared ? 0 : 1;
    }
    return bad;
  });
  ck_assert_int_eq(failures, 0);
}
END_TEST

// Zones loaded for the first time by several threads at once: one shared
// zone per name, with the offsets of the tz database.
START_TEST(zones_loaded_concurrently) {
  struct Expect {
    const char* name;
    int offset;  // at 2026-03-30T07:30:00Z
  };
  // Paris CEST +2 h since 2026-03-29; New York EDT -4 h since 2026-03-08;
  // Tokyo +9 h; Sydney AEDT +11 h until 2026-04-05; Kolkata +5:30;
  // London BST +1 h since 2026-03-29; UTC.
  const Expect zones[] = {{"Europe/Paris", 7200},   {"America/New_York", -14400}, {"Asia/Tokyo", 32400},
                          {"Australia/Sydney", 39600}, {"Asia/Kolkata", 19800},  {"Europe/London", 3600},
                          {"UTC", 0}};
  const UnixSeconds t0 = at("2026-03-30T07:30:00Z");
  std::vector<std::shared_ptr<const TimeZone>> first(kThreads * 7);
  const int failures = run_together(kThreads, [&](int t) {
    int bad = 0;
    for (int i = 0; i < 7; ++i) {
      const Expect& e = zones[(t + i) % 7];  // each thread starts on another zone
      auto zone = TimeZone::find(e.name);
      if (!zone.ok()) {
        ++bad;
        continue;
      }
      first[t * 7 + (t + i) % 7] = zone.value();
      bad += zone.value()->offset_at(t0) == e.offset ? 0 : 1;
      bad += zone.value()->from_local(zone.value()->to_local(t0)) == t0 ? 0 : 1;
    }
    return bad;
  });
  ck_assert_int_eq(failures, 0);
  for (int t = 1; t < kThreads; ++t)
    for (int i = 0; i < 7; ++i) ck_assert_ptr_eq(first[t * 7 + i].get(), first[i].get());
}
END_TEST

START_TEST(numbers_normalised_concurrently) {
  struct Case {
    const char* input;
    const char* country;
    const char* e164;  // "" for a refusal
  };
  const Case cases[] = {
      {"0676530019", "FR", "+33676530019"},
      {"(212) 736-3100", "US", "+12127363100"},
      {"sip:+33240000001@pbx.example.com;user=phone", "FR", "+33240000001"},
      {"tel:+33-2-40-00-00-01", "FR", "+33240000001"},
      {"\"Agent\" <sip:+33240000001@pbx.example.com;user=phone>;tag=a8f3", "FR", "+33240000001"},
      {"hello", "FR", ""},
  };
  const int failures = run_together(kThreads, [&](int t) {
    int bad = 0;
    for (int i = 0; i < 60; ++i) {
      const Case& c = cases[(t + i) % 6];
      auto n = tenant::normalize_number(c.input, c.country);
      if (*c.e164) {
        bad += n.ok() && n.value() == c.e164 ? 0 : 1;
      } else {
        bad += n.ok() ? 1 : 0;
      }
    }
    return bad;
  });
  ck_assert_int_eq(failures, 0);
}
END_TEST

// Calls resolving through one resolver while another thread flushes and the
// clock moves past TTLs: every answer is the right tenant, active.
START_TEST(resolver_under_concurrent_calls) {
  tenant::MemoryTenantSource source;
  const char* zones[] = {"Europe/Paris", "America/Chicago", "Asia/Singapore", "Europe/Berlin"};
  for (int k = 0; k < 8; ++k) {
    const std::string id = "tenant-" + std::to_string(k);
    ck_assert(source.put_tenant_config(id, office_doc(id, zones[k % 4])));
    const std::string number = "+3310000000" + std::to_string(k);
    ck_assert(source.put_mapping(number, mapping_doc(number, id)));
  }
  tenant::ManualClock clock;
  tenant::ResolverOptions options;
  options.ttl = 1s;
  options.negative_ttl = 1s;
  tenant::TenantResolver resolver(source, options, clock);

  const int failures = run_together(kThreads + 1, [&](int t) {
    int bad = 0;
    for (int i = 0; i < 60; ++i) {
      if (t == kThreads) {  // the maintenance thread
        clock.advance(300ms);
        if (i % 10 == 0) resolver.flush();
        if (i % 7 == 0) resolver.flush_tenant("tenant-" + std::to_string(i % 8));
        resolver.stats();
        continue;
      }
      const int k = (t * 3 + i) % 9;  // k == 8: a number nobody has
      const std::string number = "+3310000000" + std::to_string(k);
      auto r = resolver.resolve(number);
      if (k == 8) {
        bad += r.context->status == tenant::TenantStatus::unknown ? 0 : 1;
      } else {
        bad += r.context->status == tenant::TenantStatus::active && r.context->tenant_id == "tenant-" + std::to_string(k)
                   ? 0
                   : 1;
      }
    }
    return bad;
  });
  ck_assert_int_eq(failures, 0);
  ck_assert_uint_eq(resolver.stats().loads_in_flight, 0);
}
END_TEST

// Everything above at the same time, as a loaded switch would.
START_TEST(everything_at_once) {
  tenant::MemoryTenantSource source;
  ck_assert(source.put_tenant_config("tenant-x", office_doc("tenant-x", "Europe/Madrid")));
  ck_assert(source.put_mapping("+33240000001", mapping_doc("+33240000001", "tenant-x")));
  tenant::TenantResolver resolver(source);
  const UnixSeconds monday_0930 = at("2026-03-30T07:30:00Z");
  const int failures = run_together(kThreads, [&](int t) {
    int bad = 0;
    for (int i = 0; i < 30; ++i) {
      switch ((t + i) % 4) {
        case 0: {
          auto n = tenant::normalize_number("sip:0240000001@pbx.example.com", "FR");
          bad += n.ok() && n.value() == "+33240000001" ? 0 : 1;
          break;
        }
        case 1: {
          auto r = resolver.resolve_tenant("+33240000001");
          bad += r->status == tenant::TenantStatus::active ? 0 : 1;
          break;
        }
        case 2: {
          // Madrid is on CEST like Paris: Monday 09:30 is open.
          auto s = Schedule::compile(office("Europe/Madrid"));
          bad += s.ok() && s.value()->is_open(monday_0930) ? 0 : 1;
          break;
        }
        default: {
          auto z = TimeZone::find(i % 2 ? "America/Los_Angeles" : "Pacific/Auckland");
          bad += z.ok() ? 0 : 1;
          break;
        }
      }
    }
    return bad;
  });
  ck_assert_int_eq(failures, 0);
}
END_TEST

int main() {
  Suite* s = suite_create("concurrency");
  TCase* tc = tcase_create("concurrency");
  // ThreadSanitizer slows every access down several times.
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, shared_schedules);
  tcase_add_test(tc, shared_calendars);
  tcase_add_test(tc, zones_loaded_concurrently);
  tcase_add_test(tc, numbers_normalised_concurrently);
  tcase_add_test(tc, resolver_under_concurrent_calls);
  tcase_add_test(tc, everything_at_once);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
