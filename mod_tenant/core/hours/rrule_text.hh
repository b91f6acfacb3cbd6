// The RRULE as an administrator wrote it, checked part by part before it goes
// to libical, so that an error names the part at fault and the restriction it
// breaks. libical alone only says "malformed", and it reads numbers loosely
// ("2x" is 2) and narrows them (INTERVAL is a short, COUNT an int): every
// value is therefore read here, strictly and with its range, and libical gets
// a canonical text rebuilt from the values.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/expected.hh"

namespace tenant {

enum class Frequency { hourly, daily, weekly, monthly, yearly };

// Weekdays as RFC 5545 names them, Monday first (ISO 8601 order).
enum Weekday : int { MO = 0, TU, WE, TH, FR, SA, SU };

struct WeekdayNum {
  int ordinal = 0;  // 0: every such weekday; +n / -n: the nth from the start / end
  int weekday = MO;
};

struct RruleParts {
  Frequency freq = Frequency::weekly;
  int interval = 1;
  std::optional<int> count;
  std::optional<std::string> until;  // as written: YYYYMMDD, YYYYMMDDTHHMMSS or ...Z
  std::vector<int> by_second, by_minute, by_hour;
  std::vector<WeekdayNum> by_day;
  std::vector<int> by_month_day, by_year_day, by_month, by_set_pos;
  int wkst = MO;
  std::string canonical;  // "FREQ=...;..." for libical, values as read here
};

// Bounds that keep every accepted rule cheap to evaluate (docs/business-hours.md).
constexpr std::size_t kMaxRruleBytes = 1024;
constexpr int kMaxInterval = 1000;
constexpr int kMaxCount = 500;
// Openings a rule may start on one day (BYHOUR x BYMINUTE x BYSECOND).
// Each start is one libical step (about 4 us), and a next change that is
// 400 days away walks them all: 4 a day keep that walk near 6 ms, where 12
// cost 20 ms. Office hours need one or two (a lunch break), shifts three.
constexpr int kMaxStartsPerDay = 4;

Expected<RruleParts> parse_rrule_text(std::string_view rrule);

// The openings the rule starts per period of its time-of-day parts: a DAILY
// (or coarser) rule's starts per day, an HOURLY rule's starts per hour.
int starts_per_period(const RruleParts& rule);
// The openings it can start in one day.
int starts_per_day(const RruleParts& rule);

}  // namespace tenant
