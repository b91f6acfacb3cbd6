// The change feed over the in-memory source and a manual clock: what a poll
// refreshes, drops and leaves alone. Expected counts follow from the feed's
// rules (change_feed.hh): a poll is one changes query plus one batch query
// per numbers_per_query cached numbers, and a changed cached tenant costs
// one tenant_config read; nothing else reaches the store.
#include <chrono>
#include <string>
#include <vector>

#include "core/resolve/change_feed.hh"
#include "core/resolve/resolver.hh"
#include "support/manual_clock.hh"
#include "support/memory_tenant_source.hh"
#include "test_support.hh"

using namespace std::chrono_literals;
using tenant::ChangeFeed;
using tenant::ChangeFeedOptions;
using tenant::ChangeReport;
using tenant::ManualClock;
using tenant::MemoryTenantSource;
using tenant::ResolverOptions;
using tenant::TenantResolver;
using tenant::TenantStatus;

using fixtures::mapping_doc;

namespace {

// 2026-03-02T14:30:00Z, the fixtures' updated_at, in milliseconds.
constexpr long long kUpdatedMs = 1772461800000LL;

// A tenant document written at kUpdatedMs + seconds, with features.
std::string doc_at(const std::string& id, int seconds, const std::string& features = "{}",
                   const std::string& status = "active") {
  std::string text = fixtures::tenant_doc(id, status, "Tenant", features);
  const std::string old_date = std::to_string(kUpdatedMs);
  text.replace(text.find(old_date), old_date.size(), std::to_string(kUpdatedMs + seconds * 1000LL));
  return text;
}

const char kClosedFeatures[] =
    R"({"refer": {"enabled": true, "override": {"state": "closed", "until": null, "label": "Tempête"},
        "destinations": [{"destination_id": "accueil", "label": "Accueil", "target_uri": "tel:+33140000000",
                          "description_for_model": "front desk"}]}})";

struct World {
  MemoryTenantSource source;
  ManualClock clock;
  ResolverOptions options;
  std::unique_ptr<TenantResolver> resolver;
  std::unique_ptr<ChangeFeed> feed;

  explicit World(std::size_t numbers_per_query = 1000, std::size_t changes_per_query = 1000) {
    ck_assert(source.put_tenant_config("tenant-a", doc_at("tenant-a", 0)));
    ck_assert(source.put_tenant_config("tenant-b", doc_at("tenant-b", 0)));
    ck_assert(source.put_mapping("+33100000001", mapping_doc("+33100000001", "tenant-a")));
    ck_assert(source.put_mapping("+33100000002", mapping_doc("+33100000002", "tenant-a")));
    ck_assert(source.put_mapping("+33100000003", mapping_doc("+33100000003", "tenant-b")));
    options.ttl = 3600s;  // long: only the feed keeps the cache in step
    options.negative_ttl = 3600s;
    resolver = std::make_unique<TenantResolver>(source, options, clock);
    ChangeFeedOptions o;
    o.numbers_per_query = numbers_per_query;
    o.changes_per_query = changes_per_query;
    feed = std::make_unique<ChangeFeed>(*resolver, source, o);
  }

  TenantStatus status_of(const char* number) { return resolver->resolve(number).context->status; }
  std::string tenant_of(const char* number) { return resolver->resolve(number).context->tenant_id; }
};

bool has(const std::vector<std::string>& list, const char* item) {
  for (const auto& x : list)
    if (x == item) return true;
  return false;
}

}  // namespace

START_TEST(first_poll_only_learns_where_the_store_stands) {
  World w;
  ck_assert(w.status_of("+33100000001") == TenantStatus::active);
  const auto loads = w.resolver->stats().loads;
  const ChangeReport r = w.feed->poll_once();
  ck_assert_msg(r.error.empty(), "%s", r.error.c_str());
  ck_assert(!r.changed());
  // Where the store stands, what it holds within the overlap, one batch for
  // the one cached number.
  ck_assert_uint_eq(r.queries, 3);
  ck_assert_uint_eq(w.resolver->stats().loads, loads);
}
END_TEST

START_TEST(a_changed_tenant_is_refreshed_once_with_its_numbers) {
  World w;
  ck_assert(w.status_of("+33100000001") == TenantStatus::active);
  ck_assert(w.status_of("+33100000002") == TenantStatus::active);
  w.feed->poll_once();
  const auto mapping_reads = w.source.mapping_lookups();
  const auto config_reads = w.source.config_lookups();

  // An override set on tenant-a ten seconds later.
  ck_assert(w.source.put_tenant_config("tenant-a", doc_at("tenant-a", 10, kClosedFeatures)));
  const ChangeReport r = w.feed->poll_once();
  ck_assert_msg(r.tenants.size() == 1 && r.tenants[0] == "tenant-a", "%s", tenant::change_report_text(r).c_str());
  ck_assert(r.numbers.empty());
  // One read of the tenant; its two numbers rebuilt without reading their mappings.
  ck_assert_uint_eq(w.source.config_lookups(), config_reads + 1);
  ck_assert_uint_eq(w.source.mapping_lookups(), mapping_reads);
  for (const char* number : {"+33100000001", "+33100000002"}) {
    const auto resolution = w.resolver->resolve(number);
    ck_assert(resolution.outcome == tenant::CacheOutcome::hit);
    ck_assert(resolution.context->config && resolution.context->config->refer.override_state);
    ck_assert_str_eq(resolution.context->config->refer.override_state->label->c_str(), "Tempête");
    ck_assert_str_eq(resolution.context->mapping->tenant_id.c_str(), "tenant-a");
  }
  // The next poll sees the same document within the overlap: nothing again.
  const ChangeReport again = w.feed->poll_once();
  ck_assert(!again.changed());
  ck_assert_uint_eq(w.source.config_lookups(), config_reads + 1);
  ck_assert_uint_eq(w.resolver->stats().refreshes, 1);
}
END_TEST

START_TEST(unchanged_content_and_uncached_tenants_are_left_alone) {
  World w;
  ck_assert(w.status_of("+33100000001") == TenantStatus::active);
  w.feed->poll_once();
  const auto config_reads = w.source.config_lookups();
  // tenant-b changed, but nothing of it is cached: not read.
  ck_assert(w.source.put_tenant_config("tenant-b", doc_at("tenant-b", 5, kClosedFeatures)));
  ck_assert(!w.feed->poll_once().changed());
  ck_assert_uint_eq(w.source.config_lookups(), config_reads);
  // tenant-a written again with the same content and a new updated_at: read
  // once, and its cached number stays a hit.
  ck_assert(w.source.put_tenant_config("tenant-a", doc_at("tenant-a", 6)));
  w.feed->poll_once();
  ck_assert_uint_eq(w.source.config_lookups(), config_reads + 1);
  ck_assert(w.resolver->resolve("+33100000001").outcome == tenant::CacheOutcome::hit);
}
END_TEST

START_TEST(moved_removed_and_added_numbers) {
  World w;
  ck_assert_string_eq(w.tenant_of("+33100000001"), "tenant-a");
  ck_assert_string_eq(w.tenant_of("+33100000002"), "tenant-a");
  ck_assert(w.status_of("+33100000009") == TenantStatus::unknown);  // cached as unknown
  w.feed->poll_once();

  ck_assert(w.source.put_mapping("+33100000001", mapping_doc("+33100000001", "tenant-b")));  // moved
  w.source.remove_mapping("+33100000002");                                                  // removed
  ck_assert(w.source.put_mapping("+33100000009", mapping_doc("+33100000009", "tenant-b")));  // added
  const ChangeReport r = w.feed->poll_once();
  ck_assert_msg(r.numbers.size() == 3, "%s", tenant::change_report_text(r).c_str());
  ck_assert(has(r.numbers, "+33100000001") && has(r.numbers, "+33100000002") && has(r.numbers, "+33100000009"));
  ck_assert_string_eq(w.tenant_of("+33100000001"), "tenant-b");
  ck_assert(w.status_of("+33100000002") == TenantStatus::unknown);
  ck_assert_string_eq(w.tenant_of("+33100000009"), "tenant-b");
  // And then they stay.
  const auto loads = w.resolver->stats().loads;
  ck_assert(!w.feed->poll_once().changed());
  ck_assert_uint_eq(w.resolver->stats().loads, loads);
}
END_TEST

START_TEST(numbers_are_revalidated_in_batches) {
  World w(2);  // two numbers per query
  for (const char* n : {"+33100000001", "+33100000002", "+33100000003"}) w.status_of(n);
  const ChangeReport r = w.feed->poll_once();
  // A later poll: one changes query, then ceil(3 / 2) = 2 batches.
  ck_assert_uint_eq(r.queries, 4);
  ck_assert_uint_eq(w.feed->poll_once().queries, 3);
}
END_TEST

START_TEST(a_failing_store_changes_nothing) {
  World w;
  ck_assert(w.status_of("+33100000001") == TenantStatus::active);
  w.feed->poll_once();
  ck_assert(w.source.put_tenant_config("tenant-a", doc_at("tenant-a", 10, kClosedFeatures)));
  w.source.set_failure("connection refused");
  const ChangeReport failed = w.feed->poll_once();
  ck_assert_str_eq(failed.error.c_str(), "connection refused");
  ck_assert(!failed.changed());
  ck_assert(w.resolver->resolve("+33100000001").context->config->refer.destinations.empty());
  // Back: the change is seen then.
  w.source.clear_failure();
  const ChangeReport r = w.feed->poll_once();
  ck_assert(r.tenants.size() == 1);
  ck_assert(!w.resolver->resolve("+33100000001").context->config->refer.destinations.empty());
}
END_TEST

START_TEST(a_disabled_tenant_is_seen) {
  World w;
  ck_assert(w.status_of("+33100000001") == TenantStatus::active);
  w.feed->poll_once();
  // Disabled: its cached number says so at once, without a load.
  ck_assert(w.source.put_tenant_config("tenant-a", doc_at("tenant-a", 20, "{}", "disabled")));
  w.feed->poll_once();
  ck_assert(w.status_of("+33100000001") == TenantStatus::disabled);
}
END_TEST

START_TEST(too_many_changes_at_once_empty_the_cache) {
  World w(1000, 1);  // one change per query
  ck_assert(w.status_of("+33100000001") == TenantStatus::active);
  ck_assert(w.status_of("+33100000003") == TenantStatus::active);
  w.feed->poll_once();
  ck_assert(w.source.put_tenant_config("tenant-a", doc_at("tenant-a", 10)));
  ck_assert(w.source.put_tenant_config("tenant-b", doc_at("tenant-b", 11)));
  const ChangeReport r = w.feed->poll_once();
  ck_assert(r.flushed);
  ck_assert_uint_eq(w.resolver->stats().number_entries, 0);
}
END_TEST

START_TEST(report_text_and_event_fields) {
  ChangeReport r;
  ck_assert_string_eq(tenant::change_report_text(r), "no change");
  r.tenants = {"t1", "t2", "t3", "t4", "t5", "t6"};
  r.numbers = {"+33100000001"};
  ck_assert_string_eq(tenant::change_report_text(r),
                      "refreshed 6 tenants (t1, t2, t3, t4, t5, ...); dropped 1 number (+33100000001)");
  const auto fields = tenant::change_event_fields(r);
  ck_assert_str_eq(fields[1].second.c_str(), "t1,t2,t3,t4,t5,t6");
  ck_assert_str_eq(fields[3].second.c_str(), "false");
}
END_TEST

START_TEST(the_thread_polls_and_stops) {
  MemoryTenantSource source;
  ck_assert(source.put_tenant_config("tenant-a", doc_at("tenant-a", 0)));
  TenantResolver resolver(source);
  ChangeFeedOptions o;
  o.interval = 10ms;
  ChangeFeed feed(resolver, source, o);
  feed.start();
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (source.change_queries() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  ck_assert_uint_ge(source.change_queries(), 3);
  feed.stop();
  const auto after = source.change_queries();
  std::this_thread::sleep_for(50ms);
  ck_assert_uint_eq(source.change_queries(), after);
}
END_TEST

int main() {
  Suite* s = suite_create("change_feed");
  TCase* tc = tcase_create("change_feed");
  tcase_add_test(tc, first_poll_only_learns_where_the_store_stands);
  tcase_add_test(tc, a_changed_tenant_is_refreshed_once_with_its_numbers);
  tcase_add_test(tc, unchanged_content_and_uncached_tenants_are_left_alone);
  tcase_add_test(tc, moved_removed_and_added_numbers);
  tcase_add_test(tc, numbers_are_revalidated_in_batches);
  tcase_add_test(tc, a_failing_store_changes_nothing);
  tcase_add_test(tc, a_disabled_tenant_is_seen);
  tcase_add_test(tc, too_many_changes_at_once_empty_the_cache);
  tcase_add_test(tc, report_text_and_event_fields);
  tcase_add_test(tc, the_thread_polls_and_stops);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
