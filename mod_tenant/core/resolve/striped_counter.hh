// A counter bumped on every cache hit from many threads at once: one slot
// per cache line, each thread on its own slot, summed when read. A single
// shared atomic would bounce its cache line between cores on every call.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace tenant {

class StripedCounter {
 public:
  void add(std::uint64_t n = 1) { slots_[slot()].value.fetch_add(n, std::memory_order_relaxed); }
  std::uint64_t load() const {
    std::uint64_t sum = 0;
    for (const auto& s : slots_) sum += s.value.load(std::memory_order_relaxed);
    return sum;
  }

 private:
  static constexpr std::size_t kSlots = 16;
  struct alignas(64) Slot {
    std::atomic<std::uint64_t> value{0};
  };
  // Threads take slots in turn as they first count (thread ids are aligned
  // addresses: hashing them would put every thread on the same slot).
  static std::size_t slot() {
    static std::atomic<std::size_t> next{0};
    thread_local const std::size_t mine = next.fetch_add(1, std::memory_order_relaxed) % kSlots;
    return mine;
  }
  Slot slots_[kSlots];
};

}  // namespace tenant
