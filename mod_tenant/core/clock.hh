// Monotonic time for cache expiry, injected so that tests choose the instant.
// (Decisions about business hours take a wall-clock UnixSeconds instead.)
#pragma once

#include <atomic>
#include <chrono>

namespace tenant {

class MonotonicClock {
 public:
  using time_point = std::chrono::steady_clock::time_point;
  using duration = std::chrono::steady_clock::duration;

  virtual ~MonotonicClock() = default;
  virtual time_point now() const = 0;

  // The process's steady clock.
  static const MonotonicClock& system();
};

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

class SteadyClock final : public MonotonicClock {
 public:
  time_point now() const override { return std::chrono::steady_clock::now(); }
};

inline const MonotonicClock& MonotonicClock::system() {
  static const SteadyClock clock;
  return clock;
}

}  // namespace tenant
