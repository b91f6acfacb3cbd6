// TenantResolver and its cache, over the in-memory tenant source and a manual
// clock: every expiry below is reached by moving the clock, never by sleeping.
// Expected counts follow from the resolution process: a cold number costs one
// mapping lookup and, unless its tenant is cached, one tenant_config lookup.
#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "core/resolve/clock.hh"
#include "support/manual_clock.hh"
#include "support/memory_tenant_source.hh"
#include "core/resolve/resolver.hh"
#include "test_support.hh"

using namespace std::chrono_literals;
using tenant::CacheOutcome;
using tenant::LogLevel;
using tenant::ManualClock;
using tenant::MemoryTenantSource;
using tenant::Resolution;
using tenant::ResolverOptions;
using tenant::TenantResolver;
using tenant::TenantStatus;

using fixtures::mapping_doc;
using fixtures::tenant_doc;

namespace {

// A source with tenant-a (two numbers), tenant-b (one number).
struct World {
  MemoryTenantSource source;
  ManualClock clock;
  std::vector<std::string> logged;
  std::mutex log_mu;

  World() {
    ck_assert(source.put_tenant_config("tenant-a", tenant_doc("tenant-a", "active", "Alpha")));
    ck_assert(source.put_tenant_config("tenant-b", tenant_doc("tenant-b", "active", "Beta")));
    ck_assert(source.put_mapping("+33100000001", mapping_doc("+33100000001", "tenant-a")));
    ck_assert(source.put_mapping("+33100000002", mapping_doc("+33100000002", "tenant-a")));
    ck_assert(source.put_mapping("+33100000003", mapping_doc("+33100000003", "tenant-b")));
  }

  tenant::LogFunction logger() {
    return [this](LogLevel, std::string_view message) {
      std::lock_guard<std::mutex> lock(log_mu);
      logged.emplace_back(message);
    };
  }
  std::size_t log_count() {
    std::lock_guard<std::mutex> lock(log_mu);
    return logged.size();
  }
};

ResolverOptions options(std::chrono::milliseconds ttl = 60s, std::chrono::milliseconds negative_ttl = 10s,
                        std::chrono::milliseconds stale_window = 300s, std::size_t max_entries = 1000) {
  ResolverOptions o;
  o.ttl = ttl;
  o.negative_ttl = negative_ttl;
  o.stale_window = stale_window;
  o.max_entries = max_entries;
  o.load_wait = 5s;
  return o;
}

bool contains(const std::string& text, const char* part) { return text.find(part) != std::string::npos; }

// Polls until pred() holds or two seconds pass; returns pred().
template <class Pred>
bool eventually(Pred pred) {
  const auto deadline = std::chrono::steady_clock::now() + 2s;
  while (!pred() && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(1ms);
  return pred();
}

}  // namespace

START_TEST(cold_then_hit) {
  World w;
  TenantResolver r(w.source, options(), w.clock);
  Resolution first = r.resolve("+33100000001");
  ck_assert_int_eq(static_cast<int>(first.outcome), static_cast<int>(CacheOutcome::miss));
  ck_assert_int_eq(static_cast<int>(first.context->status), static_cast<int>(TenantStatus::active));
  ck_assert_str_eq(first.context->number.c_str(), "+33100000001");
  ck_assert_str_eq(first.context->tenant_id.c_str(), "tenant-a");
  ck_assert(first.context->mapping.has_value());
  ck_assert_str_eq(first.context->mapping->client_id.c_str(), "client-tenant-a");
  ck_assert_ptr_nonnull(first.context->config.get());
  ck_assert_str_eq(first.context->config->display_name.c_str(), "Alpha");
  ck_assert(!first.context->stale);
  ck_assert_int_eq(first.context->version.size(), 16);

  Resolution second = r.resolve("+33100000001");
  ck_assert_int_eq(static_cast<int>(second.outcome), static_cast<int>(CacheOutcome::hit));
  ck_assert_ptr_eq(second.context.get(), first.context.get());
  ck_assert_uint_eq(w.source.mapping_lookups(), 1);
  ck_assert_uint_eq(w.source.config_lookups(), 1);

  // A second number of the same tenant reuses the cached tenant_config.
  Resolution other = r.resolve("+33100000002");
  ck_assert_int_eq(static_cast<int>(other.outcome), static_cast<int>(CacheOutcome::miss));
  ck_assert_ptr_eq(other.context->config.get(), first.context->config.get());
  ck_assert_uint_eq(w.source.mapping_lookups(), 2);
  ck_assert_uint_eq(w.source.config_lookups(), 1);

  auto s = r.stats();
  ck_assert_uint_eq(s.hits, 1);
  ck_assert_uint_eq(s.misses, 2);
  ck_assert_uint_eq(s.loads, 3);  // two numbers, one tenant
  ck_assert_uint_eq(s.loads_completed, 3);
  ck_assert_uint_eq(s.loads_in_flight, 0);
  ck_assert_uint_eq(s.number_entries, 2);
  ck_assert_uint_eq(s.tenant_entries, 1);
  ck_assert_uint_eq(s.errors, 0);
}
END_TEST

START_TEST(ttl_expiry_reloads) {
  World w;
  TenantResolver r(w.source, options(60s), w.clock);
  r.resolve("+33100000001");
  w.clock.advance(59'999ms);
  ck_assert_int_eq(static_cast<int>(r.resolve("+33100000001").outcome), static_cast<int>(CacheOutcome::hit));
  ck_assert_uint_eq(w.source.mapping_lookups(), 1);

  // Edit the document in the store: the change shows once the TTL is over.
  ck_assert(w.source.put_tenant_config("tenant-a", tenant_doc("tenant-a", "active", "Alpha v2")));
  w.clock.advance(1ms);
  Resolution after = r.resolve("+33100000001");
  ck_assert_int_eq(static_cast<int>(after.outcome), static_cast<int>(CacheOutcome::miss));
  ck_assert_str_eq(after.context->config->display_name.c_str(), "Alpha v2");
  ck_assert_uint_eq(w.source.mapping_lookups(), 2);
  ck_assert_uint_eq(w.source.config_lookups(), 2);
}
END_TEST

START_TEST(negative_ttl_is_shorter) {
  World w;
  TenantResolver r(w.source, options(60s, 5s), w.clock);
  Resolution unknown = r.resolve("+33199999999");
  ck_assert_int_eq(static_cast<int>(unknown.context->status), static_cast<int>(TenantStatus::unknown));
  ck_assert_str_eq(unknown.context->message.c_str(), "+33199999999 is not in phone-tenant-map");
  ck_assert(!unknown.context->mapping.has_value());
  ck_assert_ptr_null(unknown.context->config.get());

  w.clock.advance(4s);
  Resolution again = r.resolve("+33199999999");
  ck_assert_int_eq(static_cast<int>(again.outcome), static_cast<int>(CacheOutcome::negative_hit));
  ck_assert_uint_eq(w.source.mapping_lookups(), 1);

  // The number is added; it resolves once the negative TTL (not the 60 s
  // TTL) is over.
  ck_assert(w.source.put_mapping("+33199999999", mapping_doc("+33199999999", "tenant-b")));
  w.clock.advance(1s);
  Resolution found = r.resolve("+33199999999");
  ck_assert_int_eq(static_cast<int>(found.outcome), static_cast<int>(CacheOutcome::miss));
  ck_assert_int_eq(static_cast<int>(found.context->status), static_cast<int>(TenantStatus::active));
  ck_assert_str_eq(found.context->tenant_id.c_str(), "tenant-b");
  auto s = r.stats();
  ck_assert_uint_eq(s.negative_hits, 1);
  ck_assert_uint_eq(s.hits, 0);
  ck_assert_uint_eq(s.misses, 2);
}
END_TEST

START_TEST(lru_eviction_respects_bound) {
  World w;
  for (int i = 4; i <= 5; ++i) {
    const std::string number = "+3310000000" + std::to_string(i);
    ck_assert(w.source.put_mapping(number, mapping_doc(number, "tenant-b")));
  }
  TenantResolver r(w.source, options(60s, 10s, 300s, 3), w.clock);
  r.resolve("+33100000001");
  r.resolve("+33100000002");
  r.resolve("+33100000003");
  // Touch 1: 2 becomes the least recently used and goes when 4 arrives.
  ck_assert_int_eq(static_cast<int>(r.resolve("+33100000001").outcome), static_cast<int>(CacheOutcome::hit));
  r.resolve("+33100000004");
  auto s = r.stats();
  ck_assert_uint_eq(s.number_entries, 3);
  ck_assert_uint_eq(s.evictions, 1);
  ck_assert_int_eq(static_cast<int>(r.resolve("+33100000001").outcome), static_cast<int>(CacheOutcome::hit));
  ck_assert_int_eq(static_cast<int>(r.resolve("+33100000003").outcome), static_cast<int>(CacheOutcome::hit));
  ck_assert_int_eq(static_cast<int>(r.resolve("+33100000002").outcome), static_cast<int>(CacheOutcome::miss));
  // Bringing 2 back evicted 4 (least recently used after the two hits).
  ck_assert_int_eq(static_cast<int>(r.resolve("+33100000004").outcome), static_cast<int>(CacheOutcome::miss));
  ck_assert_uint_eq(r.stats().number_entries, 3);
}
END_TEST

START_TEST(many_numbers_stay_within_bound) {
  MemoryTenantSource source;
  ManualClock clock;
  ck_assert(source.put_tenant_config("tenant-a", tenant_doc("tenant-a")));
  for (int i = 0; i < 1000; ++i) {
    const std::string number = "+3320000" + std::to_string(1000 + i);
    ck_assert(source.put_mapping(number, mapping_doc(number, "tenant-a")));
  }
  TenantResolver r(source, options(60s, 10s, 300s, 100), clock);
  for (int i = 0; i < 1000; ++i) {
    auto c = r.resolve_tenant("+3320000" + std::to_string(1000 + i));
    ck_assert_int_eq(static_cast<int>(c->status), static_cast<int>(TenantStatus::active));
  }
  auto s = r.stats();
  ck_assert_uint_eq(s.number_entries, 100);
  ck_assert_uint_eq(s.tenant_entries, 1);
  ck_assert_uint_eq(s.evictions, 900);
  ck_assert_uint_eq(source.config_lookups(), 1);
}
END_TEST

START_TEST(stale_if_error_window) {
  World w;
  TenantResolver r(w.source, options(10s, 5s, 30s), w.clock);
  auto fresh = r.resolve_tenant("+33100000001");
  w.source.set_failure("connection refused");

  w.clock.advance(11s);  // expired 1 s ago, within the 30 s window
  Resolution stale = r.resolve("+33100000001");
  ck_assert_int_eq(static_cast<int>(stale.outcome), static_cast<int>(CacheOutcome::stale));
  ck_assert_int_eq(static_cast<int>(stale.context->status), static_cast<int>(TenantStatus::active));
  ck_assert(stale.context->stale);
  ck_assert(!fresh->stale);  // the snapshot a call already holds is unchanged
  ck_assert_ptr_eq(stale.context->config.get(), fresh->config.get());
  ck_assert_msg(contains(stale.context->message, "connection refused"), "message: %s", stale.context->message.c_str());

  w.clock.advance(29s);  // 40 s after the load: 30 s after expiry, the window is over
  Resolution gone = r.resolve("+33100000001");
  ck_assert_int_eq(static_cast<int>(gone.outcome), static_cast<int>(CacheOutcome::error));
  ck_assert_int_eq(static_cast<int>(gone.context->status), static_cast<int>(TenantStatus::error));
  ck_assert_str_eq(gone.context->message.c_str(), "phone-tenant-map lookup of +33100000001 failed: connection refused");

  auto s = r.stats();
  ck_assert_uint_eq(s.stale_serves, 1);
  ck_assert_uint_eq(s.errors, 2);
  ck_assert_uint_eq(s.number_entries, 0);  // dropped once past the window

  // The store comes back: the next call loads fresh data.
  w.source.clear_failure();
  Resolution back = r.resolve("+33100000001");
  ck_assert_int_eq(static_cast<int>(back.outcome), static_cast<int>(CacheOutcome::miss));
  ck_assert(!back.context->stale);
}
END_TEST

START_TEST(error_with_nothing_cached_is_not_cached) {
  World w;
  TenantResolver r(w.source, options(), w.clock);
  w.source.set_failure("no suitable servers");
  Resolution e = r.resolve("+33100000003");
  ck_assert_int_eq(static_cast<int>(e.outcome), static_cast<int>(CacheOutcome::error));
  ck_assert_int_eq(static_cast<int>(e.context->status), static_cast<int>(TenantStatus::error));
  ck_assert_str_eq(e.context->message.c_str(), "phone-tenant-map lookup of +33100000003 failed: no suitable servers");
  ck_assert_uint_eq(r.stats().number_entries, 0);
  w.source.clear_failure();
  ck_assert_int_eq(static_cast<int>(r.resolve("+33100000003").context->status), static_cast<int>(TenantStatus::active));
}
END_TEST

START_TEST(flushes) {
  World w;
  TenantResolver r(w.source, options(), w.clock);
  r.resolve("+33100000001");
  r.resolve("+33100000002");
  r.resolve("+33100000003");
  ck_assert_uint_eq(w.source.mapping_lookups(), 3);
  ck_assert_uint_eq(w.source.config_lookups(), 2);

  ck_assert(r.flush_number("+33100000003"));
  ck_assert(!r.flush_number("+33100000003"));
  ck_assert_int_eq(static_cast<int>(r.resolve("+33100000003").outcome), static_cast<int>(CacheOutcome::miss));
  ck_assert_uint_eq(w.source.mapping_lookups(), 4);
  ck_assert_uint_eq(w.source.config_lookups(), 2);  // tenant-b still cached

  // tenant-a and its two numbers go; tenant-b's number stays.
  ck_assert_uint_eq(r.flush_tenant("tenant-a"), 3);
  ck_assert_int_eq(static_cast<int>(r.resolve("+33100000003").outcome), static_cast<int>(CacheOutcome::hit));
  ck_assert_int_eq(static_cast<int>(r.resolve("+33100000001").outcome), static_cast<int>(CacheOutcome::miss));
  ck_assert_uint_eq(w.source.config_lookups(), 3);

  ck_assert_uint_eq(r.flush(), 4);  // numbers 1 and 3, tenants a and b
  auto s = r.stats();
  ck_assert_uint_eq(s.number_entries, 0);
  ck_assert_uint_eq(s.tenant_entries, 0);
}
END_TEST

START_TEST(single_flight_one_load_for_many_threads) {
  World w;
  TenantResolver r(w.source, options(), w.clock);
  w.source.hold();
  constexpr int kThreads = 8;
  std::vector<std::shared_ptr<const tenant::TenantContext>> got(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) threads.emplace_back([&, i] { got[i] = r.resolve_tenant("+33100000001"); });
  // The leader is inside the source; the seven others wait for it.
  const bool all_waiting = eventually([&] { return w.source.waiting() == 1 && r.stats().misses == kThreads; });
  const auto during = r.stats();
  w.source.release();
  for (auto& t : threads) t.join();
  ck_assert_msg(all_waiting, "waiting=%d misses=%llu", w.source.waiting(),
                static_cast<unsigned long long>(r.stats().misses));
  ck_assert_uint_eq(during.loads_in_flight, 1);
  ck_assert_uint_eq(w.source.mapping_lookups(), 1);
  ck_assert_uint_eq(w.source.config_lookups(), 1);
  for (int i = 0; i < kThreads; ++i) {
    ck_assert_ptr_nonnull(got[i].get());
    ck_assert_ptr_eq(got[i].get(), got[0].get());
  }
  auto s = r.stats();
  ck_assert_uint_eq(s.coalesced, kThreads - 1);
  ck_assert_uint_eq(s.loads, 2);
  ck_assert_uint_eq(s.loads_in_flight, 0);
}
END_TEST

START_TEST(waiter_gives_up_after_load_wait) {
  World w;
  ResolverOptions o = options();
  o.load_wait = 100ms;
  TenantResolver r(w.source, o, w.clock);
  w.source.hold();
  std::shared_ptr<const tenant::TenantContext> leader;
  std::thread t([&] { leader = r.resolve_tenant("+33100000001"); });
  ck_assert(eventually([&] { return w.source.waiting() == 1; }));
  const auto started = std::chrono::steady_clock::now();
  Resolution waiter = r.resolve("+33100000001");
  const auto waited = std::chrono::steady_clock::now() - started;
  w.source.release();
  t.join();
  ck_assert_int_eq(static_cast<int>(waiter.outcome), static_cast<int>(CacheOutcome::error));
  ck_assert_msg(contains(waiter.context->message, "gave up after 100 ms"), "%s", waiter.context->message.c_str());
  ck_assert(waited >= 100ms && waited < 2s);
  ck_assert_int_eq(static_cast<int>(leader->status), static_cast<int>(TenantStatus::active));
}
END_TEST

START_TEST(flush_during_load_is_not_undone) {
  World w;
  TenantResolver r(w.source, options(), w.clock);
  w.source.hold();
  std::shared_ptr<const tenant::TenantContext> loaded;
  std::thread t([&] { loaded = r.resolve_tenant("+33100000003"); });
  ck_assert(eventually([&] { return w.source.waiting() == 1; }));
  r.flush();
  w.source.release();
  t.join();
  ck_assert_int_eq(static_cast<int>(loaded->status), static_cast<int>(TenantStatus::active));
  ck_assert_uint_eq(r.stats().number_entries, 0);
}
END_TEST

START_TEST(invalid_config_reported_once_per_version) {
  World w;
  // tenant-c lacks display_name (a required field).
  std::string broken = tenant_doc("tenant-c");
  const std::string field = R"("display_name":"Tenant",)";
  broken.erase(broken.find(field), field.size());
  ck_assert(w.source.put_tenant_config("tenant-c", broken));
  ck_assert(w.source.put_mapping("+33100000009", mapping_doc("+33100000009", "tenant-c")));
  TenantResolver r(w.source, options(60s), w.clock, w.logger());

  auto c = r.resolve_tenant("+33100000009");
  ck_assert_int_eq(static_cast<int>(c->status), static_cast<int>(TenantStatus::invalid));
  ck_assert_msg(contains(c->message, "display_name"), "%s", c->message.c_str());
  ck_assert_ptr_nonnull(c->config.get());
  ck_assert(c->config->tenant_level_errors);
  ck_assert_uint_eq(w.log_count(), 1);
  ck_assert_msg(contains(w.logged[0], "tenant_config of tenant-c is invalid"), "%s", w.logged[0].c_str());

  // Other tenants are untouched.
  ck_assert_int_eq(static_cast<int>(r.resolve_tenant("+33100000001")->status), static_cast<int>(TenantStatus::active));

  // Same document reloaded after the TTL: not logged again.
  w.clock.advance(61s);
  ck_assert_int_eq(static_cast<int>(r.resolve_tenant("+33100000009")->status), static_cast<int>(TenantStatus::invalid));
  ck_assert_uint_eq(w.source.config_lookups(), 3);  // a, c, c again
  ck_assert_uint_eq(w.log_count(), 1);

  // A new version, still broken differently: logged once more.
  std::string broken2 = tenant_doc("tenant-c", "sleeping");
  broken2.erase(broken2.find(field), field.size());
  ck_assert(w.source.put_tenant_config("tenant-c", broken2));
  w.clock.advance(61s);
  ck_assert_int_eq(static_cast<int>(r.resolve_tenant("+33100000009")->status), static_cast<int>(TenantStatus::invalid));
  ck_assert_uint_eq(w.log_count(), 2);
  ck_assert_uint_eq(r.stats().invalid_reports, 2);

  // Fixed: active, nothing logged.
  ck_assert(w.source.put_tenant_config("tenant-c", tenant_doc("tenant-c")));
  w.clock.advance(61s);
  ck_assert_int_eq(static_cast<int>(r.resolve_tenant("+33100000009")->status), static_cast<int>(TenantStatus::active));
  ck_assert_uint_eq(w.log_count(), 2);
}
END_TEST

START_TEST(broken_destination_keeps_tenant_usable) {
  World w;
  const std::string features =
      R"({"refer":{"enabled":true,"destinations":[)"
      R"({"destination_id":"good","label":"Good","target_uri":"tel:+33240000001","description_for_model":"ok"},)"
      R"({"destination_id":"bad","label":"Bad","target_uri":"tel:+33240000002","description_for_model":"x",)"
      R"("business_hours":{"rrule":"FREQ=DAILY;BYHOUR=9","duration_minutes":0}}]}})";
  ck_assert(w.source.put_tenant_config("tenant-d", tenant_doc("tenant-d", "active", "Delta", features)));
  TenantResolver r(w.source, options(), w.clock, w.logger());
  Resolution d = r.resolve_tenant_id("tenant-d");
  ck_assert_int_eq(static_cast<int>(d.context->status), static_cast<int>(TenantStatus::active));
  ck_assert(!d.context->mapping.has_value());
  const auto* bad = d.context->config->find_destination("bad");
  ck_assert_ptr_nonnull(bad);
  ck_assert(!bad->usable);
  ck_assert_uint_eq(w.log_count(), 1);
  ck_assert_msg(contains(w.logged[0], "duration_minutes"), "%s", w.logged[0].c_str());
}
END_TEST

START_TEST(invalid_mapping_documents) {
  World w;
  ck_assert(w.source.put_mapping("+33100000010",
                                 R"({"phone_number":"+33100000010","client_id":"x","tenant_id":{"$numberInt":"7"}})"));
  ck_assert(w.source.put_mapping("+33100000011", R"({"phone_number":"+33100000011","tenant_id":"tenant-a"})"));
  TenantResolver r(w.source, options(), w.clock, w.logger());

  auto wrong_type = r.resolve_tenant("+33100000010");
  ck_assert_int_eq(static_cast<int>(wrong_type->status), static_cast<int>(TenantStatus::invalid));
  ck_assert_str_eq(wrong_type->message.c_str(),
                   "phone-tenant-map document for +33100000010 is invalid: tenant_id must be a string, got int");
  auto missing = r.resolve_tenant("+33100000011");
  ck_assert_int_eq(static_cast<int>(missing->status), static_cast<int>(TenantStatus::invalid));
  ck_assert_str_eq(missing->message.c_str(),
                   "phone-tenant-map document for +33100000011 is invalid: client_id is missing");
  ck_assert_uint_eq(w.log_count(), 2);
  ck_assert_int_eq(static_cast<int>(r.resolve_tenant("+33100000001")->status), static_cast<int>(TenantStatus::active));
}
END_TEST

START_TEST(mapping_to_missing_tenant_uses_negative_ttl) {
  World w;
  ck_assert(w.source.put_mapping("+33100000012", mapping_doc("+33100000012", "tenant-z")));
  TenantResolver r(w.source, options(60s, 5s), w.clock);
  auto c = r.resolve_tenant("+33100000012");
  ck_assert_int_eq(static_cast<int>(c->status), static_cast<int>(TenantStatus::invalid));
  ck_assert_str_eq(c->message.c_str(), "+33100000012 maps to tenant tenant-z, which has no tenant_config document");
  ck_assert(c->mapping.has_value());
  ck_assert_ptr_null(c->config.get());

  ck_assert(w.source.put_tenant_config("tenant-z", tenant_doc("tenant-z")));
  w.clock.advance(4s);
  ck_assert_int_eq(static_cast<int>(r.resolve_tenant("+33100000012")->status), static_cast<int>(TenantStatus::invalid));
  w.clock.advance(2s);
  ck_assert_int_eq(static_cast<int>(r.resolve_tenant("+33100000012")->status), static_cast<int>(TenantStatus::active));
}
END_TEST

START_TEST(disabled_tenant) {
  World w;
  ck_assert(w.source.put_tenant_config("tenant-off", tenant_doc("tenant-off", "disabled")));
  ck_assert(w.source.put_mapping("+33100000013", mapping_doc("+33100000013", "tenant-off")));
  TenantResolver r(w.source, options(), w.clock);
  auto c = r.resolve_tenant("+33100000013");
  ck_assert_int_eq(static_cast<int>(c->status), static_cast<int>(TenantStatus::disabled));
  ck_assert_str_eq(c->message.c_str(), "tenant tenant-off is disabled");
  ck_assert(!c->usable());
  ck_assert_ptr_nonnull(c->config.get());
}
END_TEST

START_TEST(lookup_by_tenant_id) {
  World w;
  TenantResolver r(w.source, options(), w.clock);
  Resolution a = r.resolve_tenant_id("tenant-a");
  ck_assert_int_eq(static_cast<int>(a.context->status), static_cast<int>(TenantStatus::active));
  ck_assert_str_eq(a.context->number.c_str(), "");
  ck_assert_int_eq(static_cast<int>(r.resolve_tenant_id("tenant-a").outcome), static_cast<int>(CacheOutcome::hit));
  // A number of the same tenant now needs the mapping only.
  r.resolve("+33100000001");
  ck_assert_uint_eq(w.source.config_lookups(), 1);

  Resolution none = r.resolve_tenant_id("tenant-none");
  ck_assert_int_eq(static_cast<int>(none.context->status), static_cast<int>(TenantStatus::unknown));
  ck_assert_str_eq(none.context->message.c_str(), "tenant tenant-none has no tenant_config document");
  ck_assert_int_eq(static_cast<int>(r.resolve_tenant_id("tenant-none").outcome),
                   static_cast<int>(CacheOutcome::negative_hit));
}
END_TEST

START_TEST(number_expires_with_its_tenant) {
  World w;
  TenantResolver r(w.source, options(60s), w.clock);
  r.resolve("+33100000001");  // tenant-a cached until t0 + 60 s
  w.clock.advance(30s);
  r.resolve("+33100000002");  // its entry may not outlive tenant-a's: t0 + 60 s
  w.clock.advance(31s);
  ck_assert_int_eq(static_cast<int>(r.resolve("+33100000002").outcome), static_cast<int>(CacheOutcome::miss));
  ck_assert_uint_eq(w.source.mapping_lookups(), 3);
  ck_assert_uint_eq(w.source.config_lookups(), 2);
}
END_TEST

START_TEST(non_e164_input_is_not_looked_up) {
  World w;
  TenantResolver r(w.source, options(), w.clock);
  const char* inputs[] = {"0676530019", "+0123", "+33 1 00", "", "+", "+331234567890123456", "{\"$ne\":1}"};
  for (const char* in : inputs) {
    Resolution res = r.resolve(in);
    ck_assert_int_eq(static_cast<int>(res.outcome), static_cast<int>(CacheOutcome::bypass));
    ck_assert_int_eq(static_cast<int>(res.context->status), static_cast<int>(TenantStatus::unknown));
    ck_assert_msg(contains(res.context->message, "is not an E.164 number"), "%s", res.context->message.c_str());
  }
  ck_assert_uint_eq(w.source.mapping_lookups(), 0);
}
END_TEST

START_TEST(context_json_summary) {
  World w;
  TenantResolver r(w.source, options(), w.clock);
  const std::string json = tenant::tenant_context_json(*r.resolve_tenant("+33100000003"));
  tenant::JsonDoc doc(cJSON_Parse(json.c_str()));
  ck_assert_ptr_nonnull(doc.get());
  ck_assert_str_eq(cJSON_GetObjectItem(doc.get(), "number")->valuestring, "+33100000003");
  ck_assert_str_eq(cJSON_GetObjectItem(doc.get(), "status")->valuestring, "active");
  const cJSON* mapping = cJSON_GetObjectItem(doc.get(), "mapping");
  ck_assert_str_eq(cJSON_GetObjectItem(mapping, "tenant_id")->valuestring, "tenant-b");
  const cJSON* t = cJSON_GetObjectItem(doc.get(), "tenant");
  ck_assert_str_eq(cJSON_GetObjectItem(t, "display_name")->valuestring, "Beta");
  ck_assert(cJSON_IsArray(cJSON_GetObjectItem(doc.get(), "problems")));

  const std::string unknown = tenant::tenant_context_json(*r.resolve_tenant("+33199999999"));
  tenant::JsonDoc u(cJSON_Parse(unknown.c_str()));
  ck_assert(cJSON_IsNull(cJSON_GetObjectItem(u.get(), "tenant")));
  ck_assert_str_eq(cJSON_GetObjectItem(u.get(), "status")->valuestring, "unknown");
}
END_TEST

START_TEST(stats_json) {
  World w;
  TenantResolver r(w.source, options(), w.clock);
  r.resolve("+33100000001");
  r.resolve("+33100000001");
  r.resolve("+33199999999");
  w.source.set_failure("down for maintenance");
  const std::string json = tenant::resolver_stats_json(r.stats(), r.source_health());
  tenant::JsonDoc doc(cJSON_Parse(json.c_str()));
  ck_assert_ptr_nonnull(doc.get());
  ck_assert_int_eq(cJSON_GetObjectItem(doc.get(), "hits")->valueint, 1);
  ck_assert_int_eq(cJSON_GetObjectItem(doc.get(), "misses")->valueint, 2);
  ck_assert_int_eq(cJSON_GetObjectItem(doc.get(), "loads")->valueint, 3);
  ck_assert_int_eq(cJSON_GetObjectItem(doc.get(), "number_entries")->valueint, 2);
  const cJSON* store = cJSON_GetObjectItem(doc.get(), "store");
  ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(store, "available")));
  ck_assert_str_eq(cJSON_GetObjectItem(store, "message")->valuestring, "down for maintenance");
}
END_TEST

int main() {
  Suite* s = suite_create("resolver");
  TCase* tc = tcase_create("resolver");
  tcase_set_timeout(tc, 20);
  tcase_add_test(tc, cold_then_hit);
  tcase_add_test(tc, ttl_expiry_reloads);
  tcase_add_test(tc, negative_ttl_is_shorter);
  tcase_add_test(tc, lru_eviction_respects_bound);
  tcase_add_test(tc, many_numbers_stay_within_bound);
  tcase_add_test(tc, stale_if_error_window);
  tcase_add_test(tc, error_with_nothing_cached_is_not_cached);
  tcase_add_test(tc, flushes);
  tcase_add_test(tc, single_flight_one_load_for_many_threads);
  tcase_add_test(tc, waiter_gives_up_after_load_wait);
  tcase_add_test(tc, flush_during_load_is_not_undone);
  tcase_add_test(tc, invalid_config_reported_once_per_version);
  tcase_add_test(tc, broken_destination_keeps_tenant_usable);
  tcase_add_test(tc, invalid_mapping_documents);
  tcase_add_test(tc, mapping_to_missing_tenant_uses_negative_ttl);
  tcase_add_test(tc, disabled_tenant);
  tcase_add_test(tc, lookup_by_tenant_id);
  tcase_add_test(tc, number_expires_with_its_tenant);
  tcase_add_test(tc, non_e164_input_is_not_looked_up);
  tcase_add_test(tc, context_json_summary);
  tcase_add_test(tc, stats_json);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
