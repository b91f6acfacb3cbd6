// Business hours: an RFC 5545 RRULE plus a duration, in an IANA zone.
//
// Semantics (docs/business-hours.md):
//  - open in the union of the windows of the main rule and of every further
//    window rule (business_hours.windows), all in the same zone;
//  - occurrences are wall-clock starts in the zone; the rule has no DTSTART of
//    its own, the schedule's DTSTART is 2024-01-01T00:00:00 local unless one is
//    given;
//  - each occurrence opens a window [start, start + duration) in elapsed time;
//  - a start inside a DST gap uses the offset before the gap, a start that
//    occurs twice takes the first occurrence;
//  - COUNT and UNTIL are honoured; windows may cross midnight.
//
// A Schedule is compiled once and is then safe to query from many threads.
// Occurrences are expanded lazily in fixed spans of time and kept, so a query
// costs a table look-up however far the instant is from DTSTART.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/util/expected.hh"
#include "core/hours/instant.hh"
#include "core/hours/interval.hh"

namespace tenant {

// A further window of the same business hours (business_hours.windows[i]),
// in the same zone: an afternoon after a lunch break, a late opening on
// Thursdays.
struct WindowSpec {
  std::string rrule;
  int duration_minutes = 0;
  std::optional<std::string> dtstart;  // local "YYYY-MM-DDTHH:MM:SS"
};

// A destination may hold this many further windows: each is one more rule
// to expand, and the bound keeps a decision's cost fixed.
constexpr std::size_t kMaxWindows = 10;

struct BusinessHoursSpec {
  std::string tz = "Europe/Paris";
  std::string rrule;
  int duration_minutes = 0;
  std::optional<std::string> dtstart;  // local "YYYY-MM-DDTHH:MM:SS"
  // Open in the union of the main rule's windows and these.
  std::vector<WindowSpec> windows = {};
};

// How far ahead next_change() looks before it answers "no change".
constexpr UnixSeconds kNextChangeHorizon = 400LL * 86400;

class Schedule {
 public:
  // Errors name the problem in the administrator's terms ("unknown time zone
  // 'Europe/Pariss'", "RRULE: unknown FREQ 'WEEK'", "duration_minutes must be
  // 1..1440"). Warnings (a rule without BYHOUR) are not errors here: see
  // schedule_warnings().
  // Identical specs give the same shared schedule.
  static Expected<std::shared_ptr<const Schedule>> compile(const BusinessHoursSpec& spec);

  bool is_open(UnixSeconds t) const;

  // The first instant after t at which is_open changes, within
  // kNextChangeHorizon; nullopt when it stays the same that long.
  std::optional<UnixSeconds> next_change(UnixSeconds t) const;

  // t itself when open, else the next opening within the horizon.
  std::optional<UnixSeconds> next_open(UnixSeconds t) const;

  // Appends the open stretches that overlap [from, to), whole (a window
  // that began before `from` keeps its start), sorted and merged, after any
  // already in out that end before them.
  void open_intervals(UnixSeconds from, UnixSeconds to, std::vector<Interval>& out) const;

  // log2 of the span length the schedule expands its rules in: a calendar
  // built on it uses spans no longer.
  int span_shift() const;

  const BusinessHoursSpec& spec() const { return spec_; }

  ~Schedule();
  Schedule(const Schedule&) = delete;
  Schedule& operator=(const Schedule&) = delete;

  struct Impl;

 private:
  static Expected<std::shared_ptr<const Schedule>> compile_uncached(const BusinessHoursSpec& spec);
  explicit Schedule(BusinessHoursSpec spec, std::unique_ptr<Impl> impl);
  BusinessHoursSpec spec_;
  std::unique_ptr<Impl> impl_;
};

// Everything that makes two schedules the same (the zone and every rule),
// as one string: the key identical schedules are shared by.
std::string schedule_key(const BusinessHoursSpec& spec);

// Advice about a rule that compiles but may not mean what its author thinks
// (no BYHOUR: the window opens at 00:00 local). Empty when none.
std::optional<std::string> schedule_warning(const BusinessHoursSpec& spec);

}  // namespace tenant
