// Keeps a resolver's cache in step with the store within an interval, so
// that an edited tenant, a moved number or an emergency closure reaches
// every switch in seconds while cached entries live long (docs/store.md,
// "Change propagation").
//
// Every interval, on a thread of its own:
//  1. one indexed query for the tenant_config documents whose updated_at is
//     at or after the newest one seen, less an overlap (writers' clocks
//     differ; a document written with an earlier updated_at is still seen
//     within it); each cached tenant among them is read again and, when it
//     changed, replaces its entry and its numbers' entries (no load on the
//     call path, no TTL storm);
//  2. the cached numbers' phone-tenant-map documents, in batches of one
//     query each; a number whose mapping appeared, disappeared or changed is
//     dropped, and its next call loads it (single-flight as ever).
// Entries that did not change stay. The watermark comes from the store's
// own updated_at values, never from this machine's clock. While the store
// is unavailable a poll does nothing; the TTLs and stale-if-error rules
// apply as before.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/resolve/resolver.hh"
#include "core/resolve/tenant_source.hh"
#include "core/util/log.hh"

namespace tenant {

struct ChangeFeedOptions {
  std::chrono::milliseconds interval{2000};  // 0: no feed
  // How far before the newest updated_at seen a poll looks again.
  std::chrono::milliseconds overlap{60'000};
  std::size_t numbers_per_query = 1000;  // batch size of the mapping revalidation
  std::size_t changes_per_query = 1000;  // more changed documents at once: the cache is flushed
};

// What one poll did.
struct ChangeReport {
  std::vector<std::string> tenants;  // tenants refreshed (or removed)
  std::vector<std::string> numbers;  // numbers dropped
  bool flushed = false;              // too many changes at once: the whole cache was dropped
  std::size_t queries = 0;           // store queries made
  std::string error;                 // why the poll stopped short, "" when it did not

  bool changed() const { return !tenants.empty() || !numbers.empty() || flushed; }
};

// "refreshed 2 tenants (tenant-prod-001, ...), dropped 1 number (+33...)":
// the log line and the event's summary, bounded in length.
std::string change_report_text(const ChangeReport& report);

// The headers of the module's tenant::changed event: Change-Summary (the
// text above), Tenants-Refreshed and Numbers-Dropped (comma-separated, at
// most 100 of each), Cache-Flushed ("true"/"false").
std::vector<std::pair<std::string, std::string>> change_event_fields(const ChangeReport& report);

class ChangeFeed {
 public:
  using OnChange = std::function<void(const ChangeReport&)>;

  // on_change is called (from the feed's thread) after every poll that
  // changed something; it must not throw. Starts no thread: see start().
  ChangeFeed(TenantResolver& resolver, TenantSource& source, ChangeFeedOptions options, LogFunction log = {},
             OnChange on_change = {});
  ~ChangeFeed();
  ChangeFeed(const ChangeFeed&) = delete;
  ChangeFeed& operator=(const ChangeFeed&) = delete;

  // One poll, now, on the caller's thread (tests; the thread calls it too).
  ChangeReport poll_once();

  // Polls every interval until stop() or destruction.
  void start();
  void stop();

  const ChangeFeedOptions& options() const { return options_; }

 private:
  void poll_tenants(ChangeReport& report);
  void poll_numbers(ChangeReport& report);
  void run();

  TenantResolver& resolver_;
  TenantSource& source_;
  ChangeFeedOptions options_;
  LogFunction log_;
  OnChange on_change_;

  std::mutex poll_mu_;  // one poll at a time (the thread, or a test)
  std::optional<std::int64_t> watermark_ms_;
  // Documents seen within the overlap, by tenant: their updated_at, so that
  // each change is acted on once however many polls see it.
  std::unordered_map<std::string, std::int64_t> seen_;

  std::mutex thread_mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tenant
