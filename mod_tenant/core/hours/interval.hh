// A stretch of time [start, end) in UTC seconds, and the few operations the
// business-hours engine and the effective calendar share on sorted lists of
// them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/hours/instant.hh"

namespace tenant {

struct Interval {
  UnixSeconds start;
  UnixSeconds end;  // exclusive
};

// Division rounding towards minus infinity: instants before 1970 fall into
// the span (or day) that holds them, not the one after.
inline std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Sorts v and joins intervals that overlap or touch, so that a list of
// windows becomes the open stretches they make together.
inline void merge_intervals(std::vector<Interval>& v) {
  std::sort(v.begin(), v.end(), [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::size_t out = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (out > 0 && v[i].start <= v[out - 1].end) {
      v[out - 1].end = std::max(v[out - 1].end, v[i].end);
    } else {
      v[out++] = v[i];
    }
  }
  v.resize(out);
}

}  // namespace tenant
