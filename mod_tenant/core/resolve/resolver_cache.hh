// The resolver's cache: key -> context with expiry times, bounded in entries
// with least-recently-used eviction. Sharded by key hash so that calls on
// different numbers rarely wait for one another. The bound is on the total:
// an insertion beyond it evicts the least recently used entry of the same
// shard, so a full cache holds max_entries entries however the keys hash.
// Eviction is "second chance" (CLOCK), an approximation of LRU: a hit only
// marks its entry as used, so that hits from many threads do not keep
// rewriting the shared recency list; an entry marked since it last reached
// the old end of the list is spared once. Below 2,048 entries there is a
// single shard.
//
// The cache only stores and evicts: what is fresh, stale or expired is
// decided by the resolver from the times kept in each entry.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/resolve/clock.hh"
#include "core/tenant/tenant_context.hh"

namespace tenant {

struct CacheEntry {
  std::shared_ptr<const TenantContext> context;
  MonotonicClock::time_point fresh_until{};  // served as is before this
  MonotonicClock::time_point stale_until{};  // served stale before this, while the store fails
  bool negative = false;                     // "not found" (kept for the negative TTL)
};

class ResolverCache {
 public:
  explicit ResolverCache(std::size_t max_entries);
  ResolverCache(const ResolverCache&) = delete;
  ResolverCache& operator=(const ResolverCache&) = delete;

  // A copy of the entry, marked as used.
  std::optional<CacheEntry> get(std::string_view key);
  // Inserts or replaces; evicts the least recently used entries beyond the bound.
  void put(const std::string& key, CacheEntry entry);
  bool erase(std::string_view key);
  // A copy of the entry, not marked as used (for the change feed, whose
  // looks must not keep an entry alive).
  std::optional<CacheEntry> peek(std::string_view key) const;
  // Every key held now.
  std::vector<std::string> keys() const;
  // Replaces, in place, each entry whose context matches with what
  // `rebuild` makes of it; returns how many.
  std::size_t update_if(const std::function<bool(const TenantContext&)>& match,
                        const std::function<CacheEntry(const CacheEntry&)>& rebuild);
  // How many entries' contexts match.
  std::size_t count_if(const std::function<bool(const TenantContext&)>& match) const;
  // Removes every entry whose context matches; returns how many.
  std::size_t erase_if(const std::function<bool(const TenantContext&)>& match);
  std::size_t clear();

  std::size_t size() const;
  std::size_t max_entries() const { return max_entries_; }
  std::uint64_t evictions() const { return evictions_.load(std::memory_order_relaxed); }

 private:
  struct Node {
    std::string key;
    CacheEntry entry;
    bool used = false;  // hit since it was inserted or last spared
  };
  // A cache line of its own, so that two shards never share one.
  struct alignas(64) Shard {
    mutable std::mutex mu;
    std::list<Node> lru;  // front: most recently inserted or spared
    std::unordered_map<std::string_view, std::list<Node>::iterator> index;  // views into lru keys
  };

  Shard& shard_for(std::string_view key) const;

  std::size_t max_entries_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<std::size_t> size_{0};
  std::atomic<std::uint64_t> evictions_{0};
};

}  // namespace tenant
