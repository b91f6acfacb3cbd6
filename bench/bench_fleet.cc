// Fleet benchmark: N simulated switches, each its own store connection
// pool, resolver and cache (and, feed on, change feed), answering calls for
// M numbers at a given rate against one FerretDB. For each phase it counts
// the queries the switches send to the store per second, beside the figure
// the design predicts:
//
//   feed off (TTL-driven)   N x (M + T) / ttl          every key reloaded once per TTL
//   feed on                 N x (M + T) / ttl_long     the same, with an hour's TTL
//                         + N x (1 + ceil(M / batch)) / interval   one poll per switch
//
// (T tenants; calls frequent enough that every key is asked for within each
// TTL, which is when TTL expiry costs most). With the feed on, a change to a
// tenant's document is made halfway through the phase and the time until
// every switch answers with it is measured: it must stay within the interval
// (plus the time one poll takes). docs/store.md works the same figures out
// for 50 switches and 2,000 numbers.
//
// One JSON object per line; exit 1 when a feed-on phase's store load is not
// flat across call rates or a change arrives late.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/resolve/change_feed.hh"
#include "core/resolve/resolver.hh"
#include "store/mongo_admin.hh"
#include "store/mongo_runtime.hh"
#include "store/mongo_tenant_source.hh"
#include "test_server.hh"

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr int kSwitches = 10;
constexpr int kTenants = 10;
constexpr int kNumbers = 100;  // kNumbers / kTenants per tenant
constexpr auto kShortTtl = 10s;
constexpr auto kLongTtl = 3600s;
constexpr auto kInterval = 2s;
constexpr std::size_t kBatch = 1000;
constexpr auto kPhase = 20s;

std::string number_of(int i) { return "+3320" + std::to_string(1000000 + i); }
std::string tenant_of(int i) { return "tenant-fleet-" + std::to_string(i); }

std::string tenant_doc(const std::string& id, const std::string& display_name, long long updated_ms) {
  return R"({"_id":")" + id + R"(","tenant_id":")" + id + R"(","client_id":"fleet","display_name":")" + display_name +
         R"(","summary_to":[],"reply_to":null,"timezone":"Europe/Paris","locale":"fr-FR","status":"active",)"
         R"("features":{"refer":{"enabled":true,"destinations":[{"destination_id":"desk","label":"Desk",)"
         R"("target_uri":"tel:+33140000000","description_for_model":"desk"}]}},"metadata":{},)"
         R"("schema_version":{"$numberInt":"1"},"created_at":{"$date":{"$numberLong":"1767225600000"}},)"
         R"("updated_at":{"$date":{"$numberLong":")" + std::to_string(updated_ms) + R"("}}})";
}

// Every query a switch sends to the store, counted.
class CountingSource final : public tenant::TenantSource {
 public:
  explicit CountingSource(tenant::TenantSource& inner) : inner_(inner) {}
  tenant::SourceDocument find_mapping(const std::string& e164) override {
    ++queries;
    return inner_.find_mapping(e164);
  }
  tenant::SourceDocument find_tenant_config(const std::string& id) override {
    ++queries;
    return inner_.find_tenant_config(id);
  }
  tenant::Expected<tenant::ConfigChanges> config_changes(std::optional<std::int64_t> since, std::size_t limit) override {
    ++queries;
    return inner_.config_changes(since, limit);
  }
  tenant::Expected<std::vector<tenant::JsonDoc>> find_mappings(const std::vector<std::string>& numbers) override {
    ++queries;
    return inner_.find_mappings(numbers);
  }
  tenant::SourceHealth health() const override { return inner_.health(); }
  std::string describe() const override { return inner_.describe(); }
  std::atomic<std::uint64_t> queries{0};

 private:
  tenant::TenantSource& inner_;
};

struct Switch {
  std::shared_ptr<tenant::MongoTenantSource> store;
  std::unique_ptr<CountingSource> counted;
  std::unique_ptr<tenant::TenantResolver> resolver;
  std::unique_ptr<tenant::ChangeFeed> feed;
};

struct Phase {
  bool feed;
  int calls_per_s;
};

}  // namespace

int main() {
  testing_store::TestServer server;
  std::string error;
  if (!server.external() && testing_store::find_ferretdb().empty()) {
    std::fprintf(stderr, "error: FerretDB not found: run scripts/install-ferretdb.sh, or set MONGO_URI\n");
    return 2;
  }
  if (!server.start(error)) {
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return 2;
  }
  const std::string db = server.fresh_database("fleet");
  tenant::MongoSourceOptions options;
  options.uri = server.uri();
  options.database = db;
  options.lookup_timeout = 2000ms;
  auto admin_store = tenant::MongoTenantSource::create(options);
  if (!admin_store) {
    std::fprintf(stderr, "error: %s\n", admin_store.error().c_str());
    return 2;
  }
  tenant::MongoAdmin admin(**admin_store);
  long long updated_ms = 1767225600000LL;
  if (auto made = admin.create_indexes(); !made) {
    std::fprintf(stderr, "error: %s\n", made.error().c_str());
    return 2;
  }
  for (int t = 0; t < kTenants; ++t)
    if (!admin.upsert("tenant_config", "_id", tenant_of(t), tenant_doc(tenant_of(t), "Fleet", updated_ms))) return 2;
  for (int n = 0; n < kNumbers; ++n)
    if (!admin.upsert("phone-tenant-map", "phone_number", number_of(n),
                      R"({"phone_number":")" + number_of(n) + R"(","client_id":"fleet","tenant_id":")" +
                          tenant_of(n % kTenants) + R"("})"))
      return 2;

  const Phase phases[] = {{false, 200}, {false, 1000}, {true, 200}, {true, 1000}};
  bool ok = true;
  std::vector<double> feed_on_reads;
  for (const Phase& phase : phases) {
    std::vector<Switch> switches(kSwitches);
    tenant::ResolverOptions ro;
    ro.ttl = phase.feed ? std::chrono::milliseconds(kLongTtl) : std::chrono::milliseconds(kShortTtl);
    ro.negative_ttl = ro.ttl;
    tenant::ChangeFeedOptions fo;
    fo.interval = kInterval;
    fo.numbers_per_query = kBatch;
    for (Switch& s : switches) {
      s.store = *tenant::MongoTenantSource::create(options);
      s.counted = std::make_unique<CountingSource>(*s.store);
      s.resolver = std::make_unique<tenant::TenantResolver>(*s.counted, ro);
      for (int n = 0; n < kNumbers; ++n) s.resolver->resolve(number_of(n));  // warm
      if (phase.feed) {
        s.feed = std::make_unique<tenant::ChangeFeed>(*s.resolver, *s.counted, fo);
        s.feed->start();
      }
    }
    std::this_thread::sleep_for(kInterval + 500ms);  // every feed has learnt where the store stands
    for (Switch& s : switches) s.counted->queries = 0;

    // Calls: two threads, each half the rate, to random numbers on random switches.
    std::atomic<bool> stop{false};
    std::vector<std::thread> callers;
    for (int c = 0; c < 2; ++c)
      callers.emplace_back([&, c] {
        std::mt19937 rng(static_cast<unsigned>(20261208 + c));
        std::uniform_int_distribution<int> any_switch(0, kSwitches - 1), any_number(0, kNumbers - 1);
        const auto gap = std::chrono::nanoseconds(2'000'000'000LL / phase.calls_per_s);
        auto next = Clock::now();
        while (!stop.load()) {
          switches[static_cast<std::size_t>(any_switch(rng))].resolver->resolve(number_of(any_number(rng)));
          next += gap;
          std::this_thread::sleep_until(next);
        }
      });

    // Halfway, feed on: tenant 0's document changes; how long until every
    // switch answers with it (read from each cache, no store query).
    double worst_delay_ms = -1;
    const auto begin = Clock::now();
    if (phase.feed) {
      std::this_thread::sleep_for(kPhase / 2);
      const std::string name = "Fleet " + std::to_string(updated_ms);
      updated_ms += 1000;
      const auto written = Clock::now();
      if (!admin.upsert("tenant_config", "_id", tenant_of(0), tenant_doc(tenant_of(0), name, updated_ms))) return 2;
      std::vector<bool> seen(kSwitches, false);
      int remaining = kSwitches;
      while (remaining > 0 && Clock::now() - written < 4 * kInterval) {
        for (int i = 0; i < kSwitches; ++i) {
          if (seen[static_cast<std::size_t>(i)]) continue;
          const auto cached = switches[static_cast<std::size_t>(i)].resolver->resolve_if_cached(number_of(0));
          if (cached && cached->context->config && cached->context->config->display_name == name) {
            seen[static_cast<std::size_t>(i)] = true;
            --remaining;
            worst_delay_ms = std::chrono::duration<double, std::milli>(Clock::now() - written).count();
          }
        }
        std::this_thread::sleep_for(10ms);
      }
      if (remaining > 0) worst_delay_ms = -1;
    }
    std::this_thread::sleep_until(begin + kPhase);
    const double seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    stop = true;
    for (auto& t : callers) t.join();
    std::uint64_t queries = 0;
    for (Switch& s : switches) queries += s.counted->queries.load();
    for (Switch& s : switches)
      if (s.feed) s.feed->stop();

    const double ttl_s = std::chrono::duration<double>(ro.ttl).count();
    const double interval_s = std::chrono::duration<double>(kInterval).count();
    double predicted = kSwitches * double(kNumbers + kTenants) / ttl_s;
    if (phase.feed) predicted += kSwitches * (1 + std::ceil(double(kNumbers) / kBatch)) / interval_s;
    const double reads = double(queries) / seconds;
    std::printf("{\"bench\":\"fleet.store_reads\",\"feed\":\"%s\",\"switches\":%d,\"numbers\":%d,\"tenants\":%d,"
                "\"calls_per_s\":%d,\"ttl_s\":%.0f,\"interval_s\":%.0f,\"reads_per_s\":%.1f,\"predicted_reads_per_s\":%.1f",
                phase.feed ? "on" : "off", kSwitches, kNumbers, kTenants, phase.calls_per_s, ttl_s, interval_s, reads,
                predicted);
    if (phase.feed) {
      std::printf(",\"propagation_ms\":%.0f,\"propagation_target_ms\":%.0f", worst_delay_ms, interval_s * 1000 + 1000);
      ok = ok && worst_delay_ms >= 0 && worst_delay_ms <= interval_s * 1000 + 1000;
      feed_on_reads.push_back(reads);
    }
    std::printf(",\"server\":\"%s\"}\n", server.external() ? "MONGO_URI" : "ferretdb-sqlite");
    std::fflush(stdout);
  }
  // Flat: the store load with the feed on does not grow with the call rate.
  if (feed_on_reads.size() == 2) {
    const double growth = feed_on_reads[1] / std::max(feed_on_reads[0], 0.1);
    std::printf("{\"bench\":\"fleet.feed_on_flatness\",\"calls_ratio\":5,\"reads_ratio\":%.2f,\"target_max\":1.5,\"met\":%s}\n",
                growth, growth <= 1.5 ? "true" : "false");
    ok = ok && growth <= 1.5;
  }
  return ok ? 0 : 1;
}
