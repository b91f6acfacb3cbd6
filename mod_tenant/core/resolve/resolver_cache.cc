#include "core/resolve/resolver_cache.hh"

#include <algorithm>
#include <iterator>

namespace tenant {

namespace {

// One shard per 1,024 entries of bound, up to 64: small caches keep a single
// recency order, large ones spread their locks so that threads working on
// different numbers seldom touch the same one.
std::size_t shard_count(std::size_t max_entries) {
  std::size_t n = 1;
  while (n < 64 && max_entries / (n * 2) >= 1024) n *= 2;
  return n;
}

}  // namespace

ResolverCache::ResolverCache(std::size_t max_entries) : max_entries_(std::max<std::size_t>(max_entries, 1)) {
  const std::size_t n = shard_count(max_entries_);
  shards_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) shards_.push_back(std::make_unique<Shard>());
}

ResolverCache::Shard& ResolverCache::shard_for(std::string_view key) const {
  if (shards_.size() == 1) return *shards_[0];
  return *shards_[std::hash<std::string_view>{}(key) % shards_.size()];
}

std::optional<CacheEntry> ResolverCache::get(std::string_view key) {
  Shard& s = shard_for(key);
  std::lock_guard<std::mutex> lock(s.mu);
  const auto it = s.index.find(key);
  if (it == s.index.end()) return std::nullopt;
  Node& node = *it->second;
  if (!node.used) node.used = true;  // written once, not on every hit
  return node.entry;
}

void ResolverCache::put(const std::string& key, CacheEntry entry) {
  Shard& s = shard_for(key);
  std::lock_guard<std::mutex> lock(s.mu);
  const auto it = s.index.find(key);
  if (it != s.index.end()) {
    it->second->entry = std::move(entry);
    it->second->used = true;
    return;
  }
  s.lru.push_front(Node{key, std::move(entry)});
  const auto inserted = s.lru.begin();
  s.index.emplace(std::string_view(inserted->key), inserted);
  std::size_t total = size_.fetch_add(1, std::memory_order_acq_rel) + 1;
  // Over the bound: make room in this shard (never evicting the new entry).
  // Entries used since they were last here get a second chance.
  while (total > max_entries_ && s.lru.size() > 1) {
    auto last = std::prev(s.lru.end());
    if (last->used || last == inserted) {
      last->used = false;
      s.lru.splice(s.lru.begin(), s.lru, last);
      continue;
    }
    s.index.erase(std::string_view(last->key));
    s.lru.pop_back();
    evictions_.fetch_add(1, std::memory_order_relaxed);
    total = size_.fetch_sub(1, std::memory_order_acq_rel) - 1;
  }
}

std::optional<CacheEntry> ResolverCache::peek(std::string_view key) const {
  const Shard& s = shard_for(key);
  std::lock_guard<std::mutex> lock(s.mu);
  const auto it = s.index.find(key);
  if (it == s.index.end()) return std::nullopt;
  return it->second->entry;
}

std::vector<std::string> ResolverCache::keys() const {
  std::vector<std::string> out;
  out.reserve(size());
  for (const auto& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard->mu);
    for (const Node& node : shard->lru) out.push_back(node.key);
  }
  return out;
}

std::size_t ResolverCache::update_if(const std::function<bool(const TenantContext&)>& match,
                                     const std::function<CacheEntry(const CacheEntry&)>& rebuild) {
  std::size_t updated = 0;
  for (auto& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard->mu);
    for (Node& node : shard->lru)
      if (node.entry.context && match(*node.entry.context)) {
        node.entry = rebuild(node.entry);
        ++updated;
      }
  }
  return updated;
}

std::size_t ResolverCache::count_if(const std::function<bool(const TenantContext&)>& match) const {
  std::size_t n = 0;
  for (const auto& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard->mu);
    for (const Node& node : shard->lru) n += node.entry.context && match(*node.entry.context) ? 1 : 0;
  }
  return n;
}

bool ResolverCache::erase(std::string_view key) {
  Shard& s = shard_for(key);
  std::lock_guard<std::mutex> lock(s.mu);
  const auto it = s.index.find(key);
  if (it == s.index.end()) return false;
  const auto node = it->second;
  s.index.erase(it);
  s.lru.erase(node);
  size_.fetch_sub(1, std::memory_order_acq_rel);
  return true;
}

std::size_t ResolverCache::erase_if(const std::function<bool(const TenantContext&)>& match) {
  std::size_t removed = 0;
  for (auto& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard->mu);
    for (auto it = shard->lru.begin(); it != shard->lru.end();) {
      if (it->entry.context && match(*it->entry.context)) {
        shard->index.erase(std::string_view(it->key));
        it = shard->lru.erase(it);
        size_.fetch_sub(1, std::memory_order_acq_rel);
        ++removed;
      } else {
        ++it;
      }
    }
  }
  return removed;
}

std::size_t ResolverCache::clear() {
  std::size_t removed = 0;
  for (auto& shard : shards_) {
    std::lock_guard<std::mutex> lock(shard->mu);
    removed += shard->lru.size();
    size_.fetch_sub(shard->lru.size(), std::memory_order_acq_rel);
    shard->index.clear();
    shard->lru.clear();
  }
  return removed;
}

std::size_t ResolverCache::size() const { return size_.load(std::memory_order_acquire); }

}  // namespace tenant
