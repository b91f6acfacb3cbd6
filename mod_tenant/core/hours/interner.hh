// Sharing of identical compiled objects. Tenants often share the same hours
// ("weekdays 9 to 17, Paris") and the same holidays: identical specs share
// one compiled object, and with it the spans it has already expanded, so a
// hundred thousand cached tenants do not hold a hundred thousand copies.
// Entries are weak: an object lives as long as some tenant holds it.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tenant {

template <class T>
class Interner {
 public:
  std::shared_ptr<const T> find(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = objects_.find(key);
    return it == objects_.end() ? nullptr : it->second.lock();
  }
  std::shared_ptr<const T> keep(const std::string& key, std::shared_ptr<const T> object) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = objects_[key];
    if (auto existing = slot.lock()) return existing;  // another thread compiled it first
    slot = object;
    if (objects_.size() > 2 * live_after_sweep_ + 1024) sweep();
    return object;
  }

  // One per type, never destroyed: used until exit, from any thread.
  static Interner& instance() {
    static Interner* one = new Interner;
    return *one;
  }

 private:
  void sweep() {
    for (auto it = objects_.begin(); it != objects_.end();)
      it = it->second.expired() ? objects_.erase(it) : std::next(it);
    live_after_sweep_ = objects_.size();
  }
  std::mutex mutex_;
  std::unordered_map<std::string, std::weak_ptr<const T>> objects_;
  std::size_t live_after_sweep_ = 0;
};

}  // namespace tenant
