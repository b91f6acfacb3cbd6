// Resolver benchmark, on a real MongoDB-wire server (FerretDB started here on
// a loopback port, or MONGO_URI):
//
//   resolver.hit    a cached number, one thread and two threads, against an
//                   uncached lookup of the same numbers (the resolver's miss
//                   path: both finds, conversion, validation). Target: 1,000x.
//   resolver.cold   an uncached lookup through the resolver against plain
//                   mongoc finds of the same two documents. Target: <= 1.2x.
//   resolver.memory peak resident memory (VmHWM) with 100,000 tenants cached
//                   (each reached by its own number), and what the cache adds.
//
// One JSON object per line. Exit status 1 when a target is missed.
#include <malloc.h>
#include <mongoc/mongoc.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/resolve/resolver.hh"
#include "store/mongo_runtime.hh"
#include "store/mongo_tenant_source.hh"
#include "test_server.hh"

using Clock = std::chrono::steady_clock;
using tenant::TenantResolver;
using tenant::TenantStatus;

namespace {

constexpr int kTenants = 50;         // documents on the server for the timed phases
constexpr int kColdRounds = 5;       // alternating rounds of the two cold variants
constexpr int kColdPerRound = 100;   // lookups per round
constexpr int kHitOps = 2'000'000;   // per thread
constexpr int kMemoryTenants = 100'000;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A shipped example tenant with its id replaced.
std::string tenant_doc(const std::string& tmpl, const std::string& id, const std::string& from = "tenant-test-001") {
  std::string doc = tmpl;
  for (std::size_t pos = doc.find(from); pos != std::string::npos; pos = doc.find(from, pos + id.size()))
    doc.replace(pos, from.size(), id);
  return doc;
}

std::string number_of(int i) { return "+3310" + std::to_string(1000000 + i); }
std::string tenant_of(int i) { return "tenant-bench-" + std::to_string(i); }

long status_kb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const std::size_t n = std::strlen(field);
  while (std::getline(in, line))
    if (line.compare(0, n, field) == 0) return std::strtol(line.c_str() + n + 1, nullptr, 10);
  return -1;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

bool insert_json(mongoc_client_t* client, const std::string& db, const char* coll_name, const std::string& json) {
  bson_error_t e;
  bson_t* doc = bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()), static_cast<ssize_t>(json.size()), &e);
  if (!doc) {
    std::fprintf(stderr, "bad document: %s\n", e.message);
    return false;
  }
  mongoc_collection_t* coll = mongoc_client_get_collection(client, db.c_str(), coll_name);
  const bool ok = mongoc_collection_insert_one(coll, doc, nullptr, nullptr, &e);
  if (!ok) std::fprintf(stderr, "insert: %s\n", e.message);
  mongoc_collection_destroy(coll);
  bson_destroy(doc);
  return ok;
}

// Plain mongoc: find the mapping by number, read its tenant_id, find the
// tenant_config by _id; iterate both cursors. No conversion, no validation.
bool plain_find(mongoc_client_pool_t* pool, const std::string& db, const std::string& number) {
  mongoc_client_t* client = mongoc_client_pool_pop(pool);
  mongoc_collection_t* map = mongoc_client_get_collection(client, db.c_str(), "phone-tenant-map");
  bson_t filter = BSON_INITIALIZER;
  BSON_APPEND_UTF8(&filter, "phone_number", number.c_str());
  bson_t opts = BSON_INITIALIZER;
  BSON_APPEND_INT64(&opts, "limit", 2);
  mongoc_cursor_t* cursor = mongoc_collection_find_with_opts(map, &filter, &opts, nullptr);
  const bson_t* doc = nullptr;
  std::string tenant_id;
  while (mongoc_cursor_next(cursor, &doc)) {
    bson_iter_t it;
    if (bson_iter_init_find(&it, doc, "tenant_id") && BSON_ITER_HOLDS_UTF8(&it)) tenant_id = bson_iter_utf8(&it, nullptr);
  }
  mongoc_cursor_destroy(cursor);
  bson_destroy(&filter);
  mongoc_collection_destroy(map);

  bool found = false;
  if (!tenant_id.empty()) {
    mongoc_collection_t* cfg = mongoc_client_get_collection(client, db.c_str(), "tenant_config");
    bson_t by_id = BSON_INITIALIZER;
    BSON_APPEND_UTF8(&by_id, "_id", tenant_id.c_str());
    cursor = mongoc_collection_find_with_opts(cfg, &by_id, &opts, nullptr);
    while (mongoc_cursor_next(cursor, &doc)) found = true;
    mongoc_cursor_destroy(cursor);
    bson_destroy(&by_id);
    mongoc_collection_destroy(cfg);
  }
  bson_destroy(&opts);
  mongoc_client_pool_push(pool, client);
  return found;
}

// A source that makes tenant documents up from their ids, so that memory
// measured is the cache's, not a copy of the data.
class GeneratedSource final : public tenant::TenantSource {
 public:
  GeneratedSource(std::string tmpl, std::string template_id)
      : tmpl_(std::move(tmpl)), template_id_(std::move(template_id)) {}
  tenant::SourceDocument find_mapping(const std::string& e164) override {
    const std::string i = e164.substr(5);  // "+3310" + 7 digits
    const std::string json = R"({"phone_number":")" + e164 + R"(","client_id":"axeoguyane","tenant_id":"tenant-mem-)" +
                             i + R"("})";
    return tenant::SourceDocument::found(tenant::JsonDoc(cJSON_Parse(json.c_str())));
  }
  tenant::SourceDocument find_tenant_config(const std::string& tenant_id) override {
    return tenant::SourceDocument::found(
        tenant::JsonDoc(cJSON_Parse(tenant_doc(tmpl_, tenant_id, template_id_).c_str())));
  }
  std::string describe() const override { return "generated"; }

 private:
  std::string tmpl_;
  std::string template_id_;
};

void print_bool(bool b) { std::printf("%s", b ? "true" : "false"); }

}  // namespace

int main() {
  const std::string srcdir = BENCH_SRCDIR;
  const std::string tmpl = read_file(srcdir + "/conf/examples/tenant-test-001.json");
  if (tmpl.empty()) {
    std::fprintf(stderr, "error: cannot read conf/examples/tenant-test-001.json\n");
    return 2;
  }

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
  const std::string server_name = server.external() ? "MONGO_URI" : "ferretdb-sqlite";
  const std::string db = server.fresh_database("bench");

  tenant::mongo_runtime_init();
  mongoc_uri_t* uri = mongoc_uri_new(server.uri().c_str());
  mongoc_client_pool_t* pool = mongoc_client_pool_new(uri);
  mongoc_client_pool_set_error_api(pool, MONGOC_ERROR_API_VERSION_2);
  {
    mongoc_client_t* client = mongoc_client_pool_pop(pool);
    for (int i = 0; i < kTenants; ++i) {
      if (!insert_json(client, db, "tenant_config", tenant_doc(tmpl, tenant_of(i))) ||
          !insert_json(client, db, "phone-tenant-map",
                       R"({"phone_number":")" + number_of(i) + R"(","client_id":"axeoguyane","tenant_id":")" +
                           tenant_of(i) + R"("})"))
        return 2;
    }
    mongoc_client_pool_push(pool, client);
  }

  tenant::MongoSourceOptions options;
  options.uri = server.uri();
  options.database = db;
  options.lookup_timeout = std::chrono::milliseconds(2000);
  auto source = tenant::MongoTenantSource::create(options);
  if (!source) {
    std::fprintf(stderr, "error: %s\n", source.error().c_str());
    return 2;
  }
  TenantResolver resolver(*source.value());

  // Warm both paths (connections, server-side caches).
  for (int i = 0; i < kTenants; ++i) {
    plain_find(pool, db, number_of(i));
    resolver.flush();
    if (resolver.resolve_tenant(number_of(i))->status != TenantStatus::active) {
      std::fprintf(stderr, "error: %s does not resolve: %s\n", number_of(i).c_str(),
                   resolver.resolve_tenant(number_of(i))->message.c_str());
      return 2;
    }
  }

  // Cold: alternate rounds so that drift in the server affects both alike.
  std::vector<double> plain_rounds, cold_rounds;
  for (int round = 0; round < kColdRounds; ++round) {
    auto t0 = Clock::now();
    for (int k = 0; k < kColdPerRound; ++k) plain_find(pool, db, number_of(k % kTenants));
    plain_rounds.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / kColdPerRound);
    t0 = Clock::now();
    for (int k = 0; k < kColdPerRound; ++k) {
      resolver.flush();
      resolver.resolve(number_of(k % kTenants));
    }
    cold_rounds.push_back(std::chrono::duration<double, std::nano>(Clock::now() - t0).count() / kColdPerRound);
  }
  const double plain_ns = median(plain_rounds);
  const double cold_ns = median(cold_rounds);

  // Hits: every number cached, then looked up again and again.
  resolver.flush();
  for (int i = 0; i < kTenants; ++i) resolver.resolve(number_of(i));
  std::vector<std::string> numbers;
  for (int i = 0; i < kTenants; ++i) numbers.push_back(number_of(i));
  auto hit_run = [&](int threads) {
    std::atomic<int> ready{0};
    std::atomic<long> misses{0};
    std::vector<std::thread> pool_threads;
    const auto t0 = Clock::now();
    for (int t = 0; t < threads; ++t)
      pool_threads.emplace_back([&, t] {
        ready.fetch_add(1);
        while (ready.load() < threads) std::this_thread::yield();
        long local_misses = 0;
        for (int k = 0; k < kHitOps; ++k) {
          auto r = resolver.resolve(numbers[(k + t * 7) % kTenants]);
          if (r.outcome != tenant::CacheOutcome::hit) ++local_misses;
        }
        misses.fetch_add(local_misses);
      });
    for (auto& th : pool_threads) th.join();
    const double wall_ns = std::chrono::duration<double, std::nano>(Clock::now() - t0).count();
    if (misses.load() != 0) std::fprintf(stderr, "warning: %ld lookups were not hits\n", misses.load());
    return wall_ns / kHitOps;  // per lookup, as each thread sees it
  };
  const double hit1 = hit_run(1);
  const double hit2 = hit_run(2);

  bool all_ok = true;
  for (const auto& [threads, ns] : {std::pair<int, double>{1, hit1}, std::pair<int, double>{2, hit2}}) {
    const double speedup = cold_ns / ns;
    const bool ok = speedup >= 1000;
    all_ok = all_ok && ok;
    std::printf(
        "{\"bench\":\"resolver.hit\",\"threads\":%d,\"ns_per_op\":%.1f,\"baseline\":\"uncached_lookup\","
        "\"baseline_ns_per_op\":%.0f,\"speedup\":%.0f,\"target\":1000,\"server\":\"%s\",\"ok\":",
        threads, ns, cold_ns, speedup, server_name.c_str());
    print_bool(ok);
    std::printf("}\n");
  }
  const double overhead = cold_ns / plain_ns;
  const bool cold_ok = overhead <= 1.2;
  all_ok = all_ok && cold_ok;
  std::printf(
      "{\"bench\":\"resolver.cold\",\"ns_per_op\":%.0f,\"baseline\":\"mongo_find\",\"baseline_ns_per_op\":%.0f,"
      "\"overhead\":%.3f,\"target\":1.2,\"server\":\"%s\",\"ok\":",
      cold_ns, plain_ns, overhead, server_name.c_str());
  print_bool(cold_ok);
  std::printf("}\n");
  std::fflush(stdout);

  if (server.external()) {  // leave a shared server as it was
    mongoc_client_t* client = mongoc_client_pool_pop(pool);
    mongoc_database_t* d = mongoc_client_get_database(client, db.c_str());
    mongoc_database_drop(d, nullptr);
    mongoc_database_destroy(d);
    mongoc_client_pool_push(pool, client);
  }
  mongoc_client_pool_destroy(pool);
  mongoc_uri_destroy(uri);
  source = decltype(source)::failure("released");
  server.kill();

  // Memory: 100,000 tenants, each reached by its own number; first the
  // spec's example tenant (two destinations, no business hours), then the
  // richer tenant-test-001 (four destinations, three schedules).
  for (const char* example : {"tenant-prod-001", "tenant-test-001"}) {
    const std::string doc_path = std::string("conf/examples/") + example + ".json";
    GeneratedSource generated(read_file(srcdir + "/" + doc_path), example);
    tenant::ResolverOptions mem_options;
    mem_options.max_entries = kMemoryTenants;
    malloc_trim(0);  // give back what the previous phase freed, so the delta is this cache's
    const long rss_before = status_kb("VmRSS:");
    TenantResolver big(generated, mem_options);
    const auto t0 = Clock::now();
    for (int i = 0; i < kMemoryTenants; ++i) {
      auto c = big.resolve_tenant(number_of(i));
      if (c->status != TenantStatus::active) {
        std::fprintf(stderr, "error: generated tenant %d: %s\n", i, c->message.c_str());
        return 2;
      }
    }
    const double fill_s = std::chrono::duration<double>(Clock::now() - t0).count();
    const auto s = big.stats();
    const long hwm = status_kb("VmHWM:");
    const long rss_after = status_kb("VmRSS:");
    std::printf(
        "{\"bench\":\"resolver.memory\",\"tenants\":%zu,\"numbers\":%zu,\"vm_hwm_kb\":%ld,\"cache_rss_kb\":%ld,"
        "\"bytes_per_tenant\":%.0f,\"fill_s\":%.1f,\"tenant_doc\":\"%s\"}\n",
        s.tenant_entries, s.number_entries, hwm, rss_after - rss_before,
        (rss_after - rss_before) * 1024.0 / static_cast<double>(s.tenant_entries), fill_s, doc_path.c_str());
    std::fflush(stdout);
  }
  return all_ok ? 0 : 1;
}
