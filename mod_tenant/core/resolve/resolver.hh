// TenantResolver: the spec's resolution process (number -> phone-tenant-map ->
// tenant_config) behind a cache, as every inbound call runs it.
//
//  - Found entries live for `ttl`; unknown numbers, and numbers whose tenant
//    has no configuration yet, for the shorter `negative_ttl`.
//  - Each cache (numbers, tenants) holds at most `max_entries`, least
//    recently used evicted first.
//  - One load per key at a time (single-flight): a hundred calls to a cold
//    number cause one query; the others wait for it (at most `load_wait`).
//  - Stale-if-error: when a reload fails, an entry that expired less than
//    `stale_window` ago is served, marked stale, instead of an error.
//  - A tenant_config that fails validation is logged once per document
//    version and yields a context that says so; other tenants are untouched.
//  - Flushes (all, one number, one tenant) and statistics for the operations
//    surface.
//
// Thread-safe. Contexts are immutable snapshots: a flush or reload never
// changes a context a call already holds.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/resolve/clock.hh"
#include "core/util/log.hh"
#include "core/resolve/resolver_cache.hh"
#include "core/resolve/single_flight.hh"
#include "core/resolve/striped_counter.hh"
#include "core/tenant/tenant_context.hh"
#include "core/resolve/tenant_source.hh"

namespace tenant {

struct ResolverOptions {
  std::chrono::milliseconds ttl{60'000};
  std::chrono::milliseconds negative_ttl{10'000};
  std::chrono::milliseconds stale_window{300'000};
  std::size_t max_entries = 100'000;  // per cache: numbers, and tenants
  std::chrono::milliseconds load_wait{5'000};

};

// How a resolution was answered.
enum class CacheOutcome {
  hit,           // a fresh cached entry
  negative_hit,  // a fresh cached "unknown"
  miss,          // loaded from the source (or shared with a concurrent load)
  stale,         // the source failed; an expired entry within the stale window
  error,         // the source failed and nothing usable was cached
  bypass,        // not looked up: the input is not an E.164 number
};

const char* cache_outcome_name(CacheOutcome outcome);

struct Resolution {
  std::shared_ptr<const TenantContext> context;
  CacheOutcome outcome = CacheOutcome::error;
};

// What a call's resolution is called in channel variables and events:
// "hit", "miss" or "stale" for an active tenant (how it was found), else the
// tenant's status ("unknown", "disabled", "invalid", "error").
const char* resolution_name(const Resolution& resolution);

struct ResolverStats {
  std::uint64_t hits = 0;
  std::uint64_t negative_hits = 0;
  std::uint64_t misses = 0;        // resolutions that found no fresh entry
  std::uint64_t coalesced = 0;     // misses that waited for another caller's load
  std::uint64_t stale_serves = 0;
  std::uint64_t errors = 0;        // loads that failed (store errors, waits timed out)
  std::uint64_t loads = 0;         // loads started (numbers and tenants)
  std::uint64_t loads_in_flight = 0;
  std::uint64_t evictions = 0;
  std::uint64_t invalid_reports = 0;  // documents logged as broken (once per version)
  std::size_t number_entries = 0;
  std::size_t tenant_entries = 0;
  std::uint64_t load_ns_total = 0;  // wall time spent in completed loads
  std::uint64_t load_ns_max = 0;
  std::uint64_t loads_completed = 0;
  std::uint64_t refreshes = 0;     // tenants reloaded because their document changed (change_feed.hh)
  std::uint64_t change_drops = 0;  // numbers dropped because their mapping changed

  double load_ms_avg() const { return loads_completed ? load_ns_total / 1e6 / loads_completed : 0.0; }
};

// {"hits":..,"negative_hits":..,"misses":..,"coalesced":..,"stale_serves":..,
//  "errors":..,"loads":..,"loads_in_flight":..,"evictions":..,"invalid_reports":..,
//  "number_entries":..,"tenant_entries":..,"load_ms_avg":..,"load_ms_max":..,
//  "store":{"available":bool,"message":..|null}} on one line, for the
// operations surface.
std::string resolver_stats_json(const ResolverStats& stats, const SourceHealth& health);
JsonDoc resolver_stats_object(const ResolverStats& stats, const SourceHealth& health);

// "+" then 2..15 digits, the first not 0: the shape resolve() accepts.
// (Normalising what a caller dialled is normalize_number's job.)
bool looks_like_e164(std::string_view text);

class TenantResolver {
 public:
  TenantResolver(TenantSource& source, ResolverOptions options = {},
                 const MonotonicClock& clock = MonotonicClock::system(), LogFunction log = {});
  TenantResolver(const TenantResolver&) = delete;
  TenantResolver& operator=(const TenantResolver&) = delete;

  // The spec's resolve_tenant: the context for an E.164 number.
  std::shared_ptr<const TenantContext> resolve_tenant(std::string_view e164) { return resolve(e164).context; }
  // The same with how it was answered.
  Resolution resolve(std::string_view e164);
  // A tenant by id (no mapping involved), for the operations surface.
  Resolution resolve_tenant_id(std::string_view tenant_id);

  // The same two answered from the cache alone: a fresh entry (counted as
  // a hit) or an input that needs no look-up; nullopt when answering would
  // mean asking the store. Never waits: for an event loop, which answers
  // what it can at once and hands the rest to a thread that may wait.
  std::optional<Resolution> resolve_if_cached(std::string_view e164);
  std::optional<Resolution> resolve_tenant_id_if_cached(std::string_view tenant_id);

  // ---- Change propagation (change_feed.hh): the cache kept in step with
  // the store without waiting for TTLs.

  // Numbers held in the cache now.
  std::vector<std::string> cached_numbers() const { return numbers_.keys(); }

  enum class Refresh { not_cached, unchanged, refreshed, removed, failed };
  // Reads tenant_id's configuration again when the cache holds it (as a
  // tenant, or behind a cached number). A changed document replaces the
  // tenant's entry and every cached number of the tenant is rebuilt on it,
  // without asking the store for their mappings; a document that is gone
  // drops them; a store error changes nothing (the caller tries again).
  // Loads already under way when it changes something are not stored.
  Refresh refresh_tenant(const std::string& tenant_id);

  // Compares the cached entries of `numbers` with their phone-tenant-map
  // documents now (as TenantSource::find_mappings returned them) and drops
  // each entry whose mapping appeared, disappeared or changed tenant or
  // client; entries that match stay. Returns the numbers dropped.
  std::vector<std::string> revalidate_numbers(const std::vector<std::string>& numbers,
                                              const std::vector<JsonDoc>& documents);

  std::size_t flush();
  bool flush_number(std::string_view e164);
  // Drops the tenant and every number that resolved to it.
  std::size_t flush_tenant(std::string_view tenant_id);

  ResolverStats stats() const;
  SourceHealth source_health() const { return source_.health(); }
  const ResolverOptions& options() const { return options_; }

 private:
  enum class Kind { number, tenant };
  struct Loaded {
    std::shared_ptr<const TenantContext> context;
    bool negative = false;
    bool failed = false;
    std::optional<MonotonicClock::time_point> fresh_cap;  // expire no later than this
  };

  Resolution lookup(Kind kind, std::string_view key, bool count);
  std::optional<Resolution> fresh_entry(Kind kind, std::string_view key, bool count);
  Resolution load_entry(Kind kind, const std::string& key);
  Loaded load_number(const std::string& number);
  Loaded load_tenant(const std::string& tenant_id);
  // A number's context on its mapping and its tenant's context; `negative`
  // when the tenant has no configuration yet (retried soon).
  std::shared_ptr<TenantContext> number_context(const std::string& number, const PhoneMapping& mapping,
                                                const TenantContext& tenant, bool& negative) const;
  void report_once(const std::string& subject, const std::string& version, LogLevel level,
                   const std::string& message);
  ResolverCache& cache_for(Kind kind) { return kind == Kind::number ? numbers_ : tenants_; }

  TenantSource& source_;
  ResolverOptions options_;
  const MonotonicClock& clock_;
  LogFunction log_;

  ResolverCache numbers_;
  ResolverCache tenants_;
  SingleFlight<Resolution> flights_;

  // Flushes bump the generation under the unique lock; a load stores its
  // result only under the shared lock and only if no flush happened since it
  // started, so a flush is never undone by a load already under way.
  std::shared_mutex flush_mu_;
  std::uint64_t generation_ = 0;

  std::mutex reported_mu_;
  std::unordered_map<std::string, std::string> reported_versions_;  // subject -> version

  StripedCounter hits_, negative_hits_;
  std::atomic<std::uint64_t> misses_{0}, coalesced_{0}, stale_serves_{0},
      errors_{0}, loads_{0}, loads_in_flight_{0}, invalid_reports_{0}, load_ns_total_{0}, load_ns_max_{0},
      loads_completed_{0}, refreshes_{0}, change_drops_{0};
};

}  // namespace tenant
