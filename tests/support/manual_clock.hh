// A clock tests move by hand, for cache expiry without waiting.
#pragma once

#include <atomic>
#include <chrono>

#include "core/resolve/clock.hh"

namespace tenant {

// A clock that moves only when told to; safe to read from many threads.
class ManualClock final : public MonotonicClock {
 public:
  time_point now() const override { return time_point(duration(ticks_.load(std::memory_order_acquire))); }
  void advance(duration d) { ticks_.fetch_add(d.count(), std::memory_order_acq_rel); }

 private:
  // Starts well after the epoch of time_point so that "now - ttl" never
  // underflows in a test.
  std::atomic<duration::rep> ticks_{std::chrono::duration_cast<duration>(std::chrono::hours(24)).count()};
};

}  // namespace tenant
