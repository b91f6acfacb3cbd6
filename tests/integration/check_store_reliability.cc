// What a call sees when the database is absent, dies, hangs or comes back.
// The server is a real FerretDB process that these tests start, kill
// (SIGKILL), stop (SIGSTOP) and restart; cache expiry is driven by a manual
// clock, network waits are real. With MONGO_URI set these tests are skipped:
// they must own the server.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/resolve/resolver.hh"
#include "integration_support.hh"
#include "store/mongo_tenant_source.hh"
#include "support/manual_clock.hh"
#include "test_support.hh"

using namespace std::chrono_literals;
using namespace testing_store;
using tenant::CacheOutcome;
using tenant::ManualClock;
using tenant::MongoSourceOptions;
using tenant::MongoTenantSource;
using tenant::ResolverOptions;
using tenant::TenantResolver;
using tenant::TenantStatus;

namespace {

const char kMap[] = "phone-tenant-map";
const char kConfig[] = "tenant_config";

// The lookup bound under test, and what scheduling on a busy two-core CI
// machine may add to it.
constexpr auto kBound = 300ms;
constexpr double kSlackMs = 700;
// "At once": no network wait at all.
constexpr double kFastMs = 50;

std::shared_ptr<MongoTenantSource> open_source(const TestServer& server, const std::string& db) {
  MongoSourceOptions o;
  o.uri = server.uri();
  o.database = db;
  o.lookup_timeout = kBound;
  o.probe_interval = 100ms;
  auto s = MongoTenantSource::create(o);
  ck_assert_msg(s.ok(), "%s", s.error().c_str());
  return s.value();
}

ResolverOptions short_ttls() {
  ResolverOptions o;
  o.ttl = 10s;
  o.negative_ttl = 2s;
  o.stale_window = 60s;
  return o;
}

void seed(const TestServer& server, const std::string& db, int tenants, const std::string& display = "v1") {
  RawMongo raw(patient_uri(server));
  ck_assert_msg(raw.wait_ready(10000), "server does not answer: %s", server.log_tail().c_str());
  for (int i = 1; i <= tenants; ++i) {
    const std::string id = "tenant-" + std::to_string(i);
    ck_assert_ok(raw.insert(db, kConfig, example_tenant(id, display)));
    ck_assert_ok(raw.insert(db, kMap, example_mapping("+3310000000" + std::to_string(i), id)));
  }
}

bool skip_if_external(const TestServer& server, const char* test) {
  if (!server.external()) return false;
  std::printf("SKIP %s: needs to stop the server, which MONGO_URI does not allow\n", test);
  return true;
}

}  // namespace

START_TEST(absent_at_start_then_appears) {
  TestServer server;  // port chosen, nothing listening yet
  if (skip_if_external(server, "absent_at_start_then_appears")) return;
  const std::string db = server.fresh_database("absent");
  auto source = open_source(server, db);
  TenantResolver resolver(*source, short_ttls());

  // The first lookup waits for server selection, at most the bound.
  auto t0 = std::chrono::steady_clock::now();
  auto first = resolver.resolve("+33100000001");
  const double first_ms = ms_since(t0);
  ck_assert_int_eq(static_cast<int>(first.outcome), static_cast<int>(CacheOutcome::error));
  ck_assert_int_eq(static_cast<int>(first.context->status), static_cast<int>(TenantStatus::error));
  ck_assert_msg(contains(first.context->message, "phone-tenant-map lookup of +33100000001 failed"), "%s",
                first.context->message.c_str());
  ck_assert_msg(first_ms < kBound.count() + kSlackMs, "first failure took %.0f ms", first_ms);
  ck_assert(!source->health().available);

  // Known down: the next ones fail at once, saying why.
  t0 = std::chrono::steady_clock::now();
  auto second = resolver.resolve("+33100000002");
  const double second_ms = ms_since(t0);
  ck_assert_int_eq(static_cast<int>(second.context->status), static_cast<int>(TenantStatus::error));
  ck_assert_msg(second_ms < kFastMs, "second failure took %.1f ms", second_ms);
  ck_assert_msg(contains(second.context->message, "unavailable for"), "%s", second.context->message.c_str());
  ck_assert_msg(contains(second.context->message, server.uri().substr(10)), "%s", second.context->message.c_str());

  // The server appears; the same resolver, untouched, resolves within a few
  // probe intervals.
  start_or_fail(server);
  seed(server, db, 1);
  const bool resolved = eventually(10s, [&] {
    return resolver.resolve_tenant("+33100000001")->status == TenantStatus::active;
  });
  ck_assert_msg(resolved, "never resolved after the server started: %s",
                resolver.resolve_tenant("+33100000001")->message.c_str());
  ck_assert(source->health().available);
}
END_TEST

START_TEST(killed_mid_run_serves_stale_and_fails_fast) {
  TestServer server;
  if (skip_if_external(server, "killed_mid_run_serves_stale_and_fails_fast")) return;
  start_or_fail(server);
  const std::string db = server.fresh_database("killed");
  seed(server, db, 3);
  auto source = open_source(server, db);
  ManualClock clock;
  TenantResolver resolver(*source, short_ttls(), clock);
  auto cached = resolver.resolve_tenant("+33100000001");
  ck_assert_msg(cached->status == TenantStatus::active, "%s", cached->message.c_str());

  server.kill();
  clock.advance(11s);  // past the TTL, inside the stale window

  // The cached tenant keeps resolving, marked stale. The first lookup after
  // the crash may pay the bound; no more than that.
  auto t0 = std::chrono::steady_clock::now();
  auto stale = resolver.resolve("+33100000001");
  const double stale_ms = ms_since(t0);
  ck_assert_int_eq(static_cast<int>(stale.outcome), static_cast<int>(CacheOutcome::stale));
  ck_assert_int_eq(static_cast<int>(stale.context->status), static_cast<int>(TenantStatus::active));
  ck_assert(stale.context->stale);
  ck_assert_ptr_eq(stale.context->config.get(), cached->config.get());
  ck_assert_msg(stale_ms < kBound.count() + kSlackMs, "stale serve took %.0f ms", stale_ms);

  // An uncached number fails, within the bound, then at once.
  t0 = std::chrono::steady_clock::now();
  auto uncached = resolver.resolve_tenant("+33100000002");
  const double uncached_ms = ms_since(t0);
  ck_assert_int_eq(static_cast<int>(uncached->status), static_cast<int>(TenantStatus::error));
  ck_assert_msg(uncached_ms < kBound.count() + kSlackMs, "uncached failure took %.0f ms", uncached_ms);
  t0 = std::chrono::steady_clock::now();
  auto again = resolver.resolve_tenant("+33100000003");
  ck_assert_int_eq(static_cast<int>(again->status), static_cast<int>(TenantStatus::error));
  ck_assert_msg(ms_since(t0) < kFastMs, "known-down failure took %.1f ms", ms_since(t0));

  // Many calls from several threads: every one answers, none waits on the
  // network.
  std::atomic<int> stale_answers{0}, error_answers{0};
  t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        auto r = resolver.resolve(i % 2 ? "+33100000001" : "+33100000002");
        if (r.outcome == CacheOutcome::stale) stale_answers.fetch_add(1);
        if (r.outcome == CacheOutcome::error) error_answers.fetch_add(1);
      }
    });
  for (auto& t : threads) t.join();
  const double burst_ms = ms_since(t0);
  ck_assert_int_eq(stale_answers.load(), 100);
  ck_assert_int_eq(error_answers.load(), 100);
  ck_assert_msg(burst_ms < 1000, "200 lookups during the outage took %.0f ms", burst_ms);
  const auto s = resolver.stats();
  ck_assert_uint_ge(s.stale_serves, 101);
  ck_assert_uint_eq(s.loads_in_flight, 0);
}
END_TEST

// A store that hangs instead of refusing: the process is stopped (SIGSTOP),
// so connections are accepted by the kernel and nothing ever answers. Only
// the driver's socket and server-selection timeouts can end a wait here.
START_TEST(hung_store_answers_within_bound_and_serves_cache) {
  TestServer server;
  if (skip_if_external(server, "hung_store_answers_within_bound_and_serves_cache")) return;
  start_or_fail(server);
  const std::string db = server.fresh_database("hung");
  seed(server, db, 4);
  auto source = open_source(server, db);
  ManualClock clock;
  TenantResolver resolver(*source, short_ttls(), clock);
  auto cached = resolver.resolve_tenant("+33100000001");
  ck_assert_msg(cached->status == TenantStatus::active, "%s", cached->message.c_str());

  server.freeze();
  // Thawed even when an assertion below ends the test early, so that the
  // server's destructor and the next test find a live process.
  struct Thaw {
    TestServer& s;
    ~Thaw() { s.thaw(); }
  } thaw{server};

  // Still fresh in the cache: answered without asking the store.
  auto t0 = std::chrono::steady_clock::now();
  auto fresh = resolver.resolve("+33100000001");
  ck_assert_int_eq(static_cast<int>(fresh.context->status), static_cast<int>(TenantStatus::active));
  ck_assert_msg(ms_since(t0) < kFastMs, "cached answer took %.1f ms", ms_since(t0));

  // An uncached number waits for the store at most the lookup bound: the
  // query's socket timeout, or server selection after it.
  t0 = std::chrono::steady_clock::now();
  auto first = resolver.resolve_tenant("+33100000002");
  const double first_ms = ms_since(t0);
  ck_assert_int_eq(static_cast<int>(first->status), static_cast<int>(TenantStatus::error));
  ck_assert_msg(first_ms < kBound.count() + 1500, "first lookup on the hung store took %.0f ms", first_ms);
  ck_assert(!source->health().available);

  // Known down: the next uncached lookups fail at once.
  t0 = std::chrono::steady_clock::now();
  auto second = resolver.resolve_tenant("+33100000003");
  ck_assert_int_eq(static_cast<int>(second->status), static_cast<int>(TenantStatus::error));
  ck_assert_msg(ms_since(t0) < kFastMs, "known-down lookup took %.1f ms", ms_since(t0));
  ck_assert_msg(contains(second->message, "unavailable for"), "%s", second->message.c_str());

  // Past the TTL the cached tenant is still served, stale, without a wait.
  clock.advance(11s);
  t0 = std::chrono::steady_clock::now();
  auto stale = resolver.resolve("+33100000001");
  const double stale_ms = ms_since(t0);
  ck_assert_int_eq(static_cast<int>(stale.outcome), static_cast<int>(CacheOutcome::stale));
  ck_assert_int_eq(static_cast<int>(stale.context->status), static_cast<int>(TenantStatus::active));
  ck_assert_ptr_eq(stale.context->config.get(), cached->config.get());
  ck_assert_msg(stale_ms < kFastMs, "stale serve took %.1f ms", stale_ms);

  // Calls from several threads during the hang: all answer, none waits.
  std::atomic<int> answered{0};
  t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto r = resolver.resolve(i % 2 ? "+33100000001" : "+33100000004");
        if (r.outcome == CacheOutcome::stale || r.outcome == CacheOutcome::error) answered.fetch_add(1);
      }
    });
  for (auto& t : threads) t.join();
  ck_assert_int_eq(answered.load(), 100);
  ck_assert_msg(ms_since(t0) < 1000, "100 lookups during the hang took %.0f ms", ms_since(t0));

  // Closing a store while the server hangs (a module unloading) is bounded
  // too: the probe's ping and the pool's goodbye are under the same timeouts.
  t0 = std::chrono::steady_clock::now();
  {
    auto other = open_source(server, db);
    ck_assert_int_eq(static_cast<int>(other->find_mapping("+33100000002").status),
                     static_cast<int>(tenant::LookupStatus::error));
    std::this_thread::sleep_for(150ms);  // the probe is pinging the hung server
  }
  ck_assert_msg(ms_since(t0) < 150 + 2 * (kBound.count() + 1500), "open, lookup and close took %.0f ms",
                ms_since(t0));

  // The process runs again: the probe notices, lookups reach the store.
  server.thaw();
  const bool recovered = eventually(15s, [&] {
    return resolver.resolve_tenant("+33100000002")->status == TenantStatus::active;
  });
  ck_assert_msg(recovered, "never recovered after SIGCONT: %s",
                resolver.resolve_tenant("+33100000002")->message.c_str());
  ck_assert(source->health().available);
  auto renewed = resolver.resolve("+33100000001");
  ck_assert_int_eq(static_cast<int>(renewed.context->status), static_cast<int>(TenantStatus::active));
  ck_assert(!renewed.context->stale);
}
END_TEST

START_TEST(restarted_store_gives_fresh_data_after_ttl) {
  TestServer server;
  if (skip_if_external(server, "restarted_store_gives_fresh_data_after_ttl")) return;
  start_or_fail(server);
  const std::string db = server.fresh_database("restart");
  seed(server, db, 1, "v1");
  auto source = open_source(server, db);
  ManualClock clock;
  TenantResolver resolver(*source, short_ttls(), clock);
  ck_assert_std_eq(resolver.resolve_tenant("+33100000001")->config->display_name, "v1");

  server.kill();
  clock.advance(11s);
  ck_assert(resolver.resolve_tenant("+33100000001")->stale);

  // Same port, same data folder; the document changes while we were away.
  start_or_fail(server);
  {
    RawMongo raw(patient_uri(server));
    ck_assert(raw.wait_ready(10000));
    ck_assert_ok(raw.replace(db, kConfig, R"({"_id":"tenant-1"})", example_tenant("tenant-1", "v2")));
  }
  // The probe notices the server; the entry (expired) is reloaded at once.
  const bool fresh = eventually(10s, [&] {
    auto c = resolver.resolve_tenant("+33100000001");
    return !c->stale && c->config && c->config->display_name == "v2";
  });
  ck_assert_msg(fresh, "still %s", resolver.resolve_tenant("+33100000001")->message.c_str());

  // Data kept by the restarted server is served from the cache until the TTL
  // ends, then read again.
  {
    RawMongo raw(patient_uri(server));
    ck_assert_ok(raw.replace(db, kConfig, R"({"_id":"tenant-1"})", example_tenant("tenant-1", "v3")));
  }
  clock.advance(9s);
  ck_assert_std_eq(resolver.resolve_tenant("+33100000001")->config->display_name, "v2");
  clock.advance(2s);
  ck_assert_std_eq(resolver.resolve_tenant("+33100000001")->config->display_name, "v3");
}
END_TEST

START_TEST(stop_with_probe_running_does_not_hang) {
  TestServer server;
  if (skip_if_external(server, "stop_with_probe_running_does_not_hang")) return;
  const std::string db = server.fresh_database("shutdown");
  auto t0 = std::chrono::steady_clock::now();
  {
    auto source = open_source(server, db);
    ck_assert_int_eq(static_cast<int>(source->find_mapping("+33100000001").status),
                     static_cast<int>(tenant::LookupStatus::error));
    ck_assert(!source->health().available);
    std::this_thread::sleep_for(250ms);  // the probe is pinging a dead port
  }  // destroyed here: stops and joins the probe
  ck_assert_msg(ms_since(t0) < 250 + 2 * (kBound.count() + kSlackMs), "shutdown took %.0f ms", ms_since(t0));
}
END_TEST

int main() {
  require_server_or_exit("check_store_reliability");
  Suite* s = suite_create("store_reliability");
  TCase* tc = tcase_create("store_reliability");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, absent_at_start_then_appears);
  tcase_add_test(tc, killed_mid_run_serves_stale_and_fails_fast);
  tcase_add_test(tc, hung_store_answers_within_bound_and_serves_cache);
  tcase_add_test(tc, restarted_store_gives_fresh_data_after_ttl);
  tcase_add_test(tc, stop_with_probe_running_does_not_hang);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
