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

// Runs f and, when time limits are on, fails if it took more than the bound.
template <class F>
auto timed_decision(const char* file, int line, const std::string& what, F&& f) {
  const double start = thread_cpu_ms();
  auto result = f();
  const double spent = thread_cpu_ms() - start;
  if (time_limits && spent > kDecisionLimitMs)
    fail(file, line, what + " took " + std::to_string(spent) + " ms of CPU");
  return result;
}
#define FUZZ_TIMED(what, expr) ::fuzz::timed_decision(__FILE__, __LINE__, (what), [&] { return (expr); })

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
