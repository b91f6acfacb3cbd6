// One RFC 5545 rule with its duration and DTSTART, compiled for libical: the
// piece the business-hours engine (schedule.hh) and the effective calendar
// (availability.hh) both expand into windows.
//
// Occurrences are wall-clock starts in a zone. A business-hours window lasts
// its duration in elapsed time (the spec's semantics); a closure or an
// opening ends on the wall clock (closed 1440 minutes from 00:00 means until
// the next midnight, 23 or 25 hours on a DST day).
#pragma once

#include <libical/ical.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/hours/instant.hh"
#include "core/hours/interval.hh"
#include "core/hours/timezone.hh"
#include "core/util/expected.hh"

namespace tenant {

// Spans of time occurrences are expanded in: 2^23 s (about 97 days) at most,
// shorter for rules with many starts a day, so that expanding one span never
// takes more than about kStepsPerSpan libical steps.
constexpr int kLongestSpanShift = 23;
constexpr int kShortestSpanShift = 19;

// The DTSTART of a rule that names none: Monday 2024-01-01 00:00 local.
constexpr const char* kDefaultDtstart = "2024-01-01T00:00:00";

// How a rule's windows are shaped beyond its RRULE.
struct RuleShape {
  int max_minutes = 1440;       // duration_minutes must be 1..max_minutes
  bool wall_clock_end = false;  // false: start + duration elapsed; true: on the wall clock
  std::vector<std::int64_t> excluded_days;  // local days (days since 1970-01-01) whose starts are skipped (EXDATE)
};

struct CompiledRule {
  icalrecurrencetype rule;        // UNTIL already in local wall-clock time
  UnixSeconds dtstart_local = 0;  // wall-clock seconds
  UnixSeconds duration = 0;       // seconds
  bool wall_clock_end = false;
  std::vector<std::int64_t> excluded_days;  // sorted
  icalrecurrencetype_frequency freq = ICAL_NO_RECURRENCE;
  bool counted = false;           // COUNT: expanded whole into `all`
  int span_shift = kLongestSpanShift;
  std::vector<Interval> all;      // counted rules: every window, merged

  // Appends the windows that overlap [keep_from, keep_to).
  void windows(const TimeZone& zone, UnixSeconds keep_from, UnixSeconds keep_to, std::vector<Interval>& out) const;

  // The window of an occurrence starting at local_start (wall-clock seconds).
  Interval window_at(const TimeZone& zone, UnixSeconds local_start) const;
  bool excluded(UnixSeconds local_start) const;

 private:
  void expand(const TimeZone& zone, UnixSeconds local_from, UnixSeconds local_to, UnixSeconds keep_from,
              UnixSeconds keep_to, std::vector<Interval>& out) const;
  icalrecur_iterator* iterator_near(UnixSeconds local_from) const;
};

// Errors name the problem in the administrator's terms ("duration_minutes
// must be 1..1440, got 0", "RRULE: unknown FREQ 'WEEK'", "dtstart ...").
Expected<CompiledRule> compile_rule(const std::string& rrule, int duration_minutes,
                                    const std::optional<std::string>& dtstart, const TimeZone& zone,
                                    const RuleShape& shape = {});

}  // namespace tenant
