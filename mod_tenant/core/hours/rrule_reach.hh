// How far apart a rule's occurrences can be, worked out from the calendar
// before libical iterates the rule.
//
// libical finds the next occurrence by stepping one period (hour, day, ...)
// at a time until every BYxxx part matches, and it only gives up in the year
// 2582: a rule that never occurs (BYMONTH=2;BYMONTHDAY=30), or an HOURLY rule
// that occurs once a year, costs seconds per call, inside the lock every
// schedule shares. Here the days a rule can fall on are listed over the years
// the engine evaluates, with the RFC 5545 meaning of each part, and a rule is
// refused when it never occurs or when libical would need more steps than a
// few milliseconds allow to get from one occurrence to the next.
#pragma once

#include <cstdint>

#include "core/util/expected.hh"
#include "core/hours/instant.hh"
#include "core/hours/rrule_text.hh"

namespace tenant {

struct RuleReach {
  std::int64_t first_day = 0;     // local day number (days since 1970-01-01) of the first occurrence
  std::int64_t last_day = 0;      // ... and of the last one before the end of the range
  std::int64_t occurrence_days = 0;  // days that hold an occurrence in the range
  std::int64_t max_gap_steps = 0;    // most libical steps between two occurrences
};

// dtstart_local: the schedule's DTSTART (wall-clock seconds); the days are
// examined from its day up to end_day (exclusive). UNTIL and COUNT are not
// applied: libical searches past them for the next match before it stops.
// COUNT is checked against the range instead: a counted rule must end inside it.
Expected<RuleReach> check_rule_reach(const RruleParts& rule, UnixSeconds dtstart_local, std::int64_t end_day);

// libical steps per occurrence-free stretch that a rule may need: about a
// thousand of its cheapest steps, a few milliseconds.
std::int64_t max_rule_steps(Frequency freq);

}  // namespace tenant
