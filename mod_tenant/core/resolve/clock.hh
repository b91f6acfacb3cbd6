// Monotonic time for cache expiry, injected so that tests choose the instant.
// (Decisions about business hours take a wall-clock UnixSeconds instead.)
#pragma once

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

class SteadyClock final : public MonotonicClock {
 public:
  time_point now() const override { return std::chrono::steady_clock::now(); }
};

inline const MonotonicClock& MonotonicClock::system() {
  static const SteadyClock clock;
  return clock;
}

}  // namespace tenant
