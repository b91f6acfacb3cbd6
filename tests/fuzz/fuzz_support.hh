// What every fuzz target shares: how an invariant failure is reported, and
// the CPU-time bound on one decision.
//
// A target is built two ways. With --enable-fuzzing it links libFuzzer,
// which calls LLVMFuzzerTestOneInput with generated inputs. Always, it also
// links replay_main.cc, which feeds it the seed corpus and the regression
// inputs under tests/fuzz/ so every build (gcc included) replays them in
// `make check`.
#pragma once

#include <time.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace fuzz {

// Set by the libFuzzer build only: replaying under `make check` on a loaded
// machine or under a debugger is no measurement, and performance is a
// benchmark's job. A fuzzing run measures CPU time, not wall time, so other
// processes on the machine do not count.
extern bool time_limits;

// The bound on one decision (is_open, next_change, a transfer decision), in
// CPU milliseconds, instrumentation included.
constexpr double kDecisionLimitMs = 50.0;

[[noreturn]] inline void fail(const char* file, int line, const std::string& what) {
  std::fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, what.c_str());
  std::abort();  // libFuzzer keeps the input as a crash file
}

#define FUZZ_CHECK(cond, what)                                  \
  do {                                                          \
    if (!(cond)) ::fuzz::fail(__FILE__, __LINE__, (what));      \
  } while (0)

inline double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// The slowest decision of the input being run, and what it was.
struct Slowest {
  double ms = 0;
  std::string what;
};
inline Slowest& slowest() {
  static thread_local Slowest s;
  return s;
}

// Runs f, keeping its CPU time if it is the input's slowest so far.
template <class F>
auto timed_decision(const std::string& what, F&& f) {
  const double start = thread_cpu_ms();
  auto result = f();
  const double spent = thread_cpu_ms() - start;
  if (spent > slowest().ms) slowest() = {spent, what};
  return result;
}
#define FUZZ_TIMED(what, expr) ::fuzz::timed_decision((what), [&] { return (expr); })

// Runs one whole input (run must start from nothing each time: no cached
// schedule survives it). When a decision passed the bound, the input is run
// twice more and fails only if it passed the bound every time: on a virtual
// machine, time the hypervisor takes away from a running thread is counted
// as that thread's CPU time, and a slow input is slow on every run.
template <class F>
void within_time_bound(const char* file, int line, F&& run) {
  for (int attempt = 1;; ++attempt) {
    slowest() = {};
    run();
    if (!time_limits || slowest().ms <= kDecisionLimitMs) return;
    if (attempt == 3)
      fail(file, line, slowest().what + " took " + std::to_string(slowest().ms) + " ms of CPU, three runs in a row");
  }
}
#define FUZZ_WITHIN_TIME_BOUND(run) ::fuzz::within_time_bound(__FILE__, __LINE__, (run))

// Reads fuzzer bytes front to back: fixed-size fields first, the rest as text.
class Bytes {
 public:
  Bytes(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | byte();
    return v;
  }
  std::string_view rest() {
    const std::size_t at = pos_ < size_ ? pos_ : size_;
    pos_ = size_;
    return {reinterpret_cast<const char*>(data_) + at, size_ - at};
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t pos_ = 0;
};

}  // namespace fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
