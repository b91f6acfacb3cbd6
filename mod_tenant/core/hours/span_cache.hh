// Lazily built, immutable spans of time, keyed by their index: the cache
// that makes a business-hours or calendar question cost a look-up however
// far the instant is from the rule's DTSTART.
//
// A span covers [index << shift, (index + 1) << shift). It is built the
// first time an instant inside it is asked about, under the cache's lock,
// and then kept and read without one. The span asked for last is kept in an
// atomic slot, so that a run of calls at nearby instants (the common case:
// "now") does not take the lock at all.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/hours/instant.hh"
#include "core/hours/interval.hh"

namespace tenant {

template <class Span>
class SpanCache {
 public:
  explicit SpanCache(int shift) : shift_(shift) {}
  SpanCache(const SpanCache&) = delete;
  SpanCache& operator=(const SpanCache&) = delete;

  int shift() const { return shift_; }
  UnixSeconds length() const { return UnixSeconds{1} << shift_; }

  // The span holding t; build(index, begin, end) makes it when it is new.
  template <class Build>
  const Span& at(UnixSeconds t, const Build& build) const {
    const std::int64_t index = floor_div(t, length());
    const Entry* last = recent_.load(std::memory_order_acquire);
    if (last && last->index == index) return last->span;
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = spans_[index];
    if (!slot) {
      const UnixSeconds begin = index * length();
      slot = std::unique_ptr<const Entry>(new Entry{index, build(begin, begin + length())});
    }
    recent_.store(slot.get(), std::memory_order_release);
    return slot->span;
  }

 private:
  struct Entry {
    std::int64_t index;
    Span span;
  };
  int shift_;
  mutable std::mutex mutex_;
  mutable std::unordered_map<std::int64_t, std::unique_ptr<const Entry>> spans_;
  mutable std::atomic<const Entry*> recent_{nullptr};
};

}  // namespace tenant
