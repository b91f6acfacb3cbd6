#include "core/hours/rrule_reach.hh"

#include <algorithm>
#include <bitset>
#include <cstdlib>
#include <optional>
#include <vector>

namespace tenant {

namespace {

struct Day {
  std::int64_t number;  // days since 1970-01-01
  std::int64_t year;
  unsigned month, month_day, days_in_month;
  int year_day, days_in_year;
  int weekday;  // MO = 0
};

bool leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

Day day_of(std::int64_t number) {
  Day d;
  d.number = number;
  civil_from_days(number, d.year, d.month, d.month_day);
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  d.days_in_month = d.month == 2 && leap(d.year) ? 29 : kDays[d.month - 1];
  d.year_day = static_cast<int>(number - days_from_civil(d.year, 1, 1)) + 1;
  d.days_in_year = leap(d.year) ? 366 : 365;
  d.weekday = static_cast<int>(((number + 3) % 7 + 7) % 7);  // 1970-01-01 was a Thursday
  return d;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// A set of 1-based positions counted from the start (positive) or the end
// (negative) of a range, as BYMONTHDAY, BYYEARDAY and BYSETPOS give them.
class Positions {
 public:
  explicit Positions(const std::vector<int>& values) : any_(values.empty()) {
    for (int v : values) (v > 0 ? from_start_ : from_end_).set(static_cast<std::size_t>(std::abs(v)));
  }
  bool empty() const { return any_; }
  bool has(int position, int size) const {
    return from_start_.test(static_cast<std::size_t>(position)) ||
           from_end_.test(static_cast<std::size_t>(size - position + 1));
  }

 private:
  bool any_;
  std::bitset<400> from_start_, from_end_;
};

class DayFilter {
 public:
  DayFilter(const RruleParts& r, const Day& start)
      : r_(r), month_days_(r.by_month_day), year_days_(r.by_year_day), start_(start) {
    for (int m : r.by_month) months_.set(static_cast<std::size_t>(m));
  }

  // Whether day d can hold an occurrence by its date alone (INTERVAL and
  // BYSETPOS aside), with RFC 5545's table of how each part expands or limits.
  bool matches(const Day& d) const {
    if (!r_.by_month.empty() && !months_.test(d.month)) return false;
    if (!month_days_.empty() && !month_days_.has(static_cast<int>(d.month_day), static_cast<int>(d.days_in_month)))
      return false;
    if (!year_days_.empty() && !year_days_.has(d.year_day, d.days_in_year)) return false;
    if (!r_.by_day.empty() && !weekday_matches(d)) return false;
    // What the rule leaves out comes from DTSTART.
    const bool no_day_parts = r_.by_day.empty() && r_.by_month_day.empty() && r_.by_year_day.empty();
    switch (r_.freq) {
      case Frequency::weekly:
        return !r_.by_day.empty() || d.weekday == start_.weekday;
      case Frequency::monthly:
        return !no_day_parts || d.month_day == start_.month_day;
      case Frequency::yearly:
        if (!no_day_parts) return true;
        return d.month_day == start_.month_day && (!r_.by_month.empty() || d.month == start_.month);
      default:
        return true;
    }
  }

 private:
  bool weekday_matches(const Day& d) const {
    // Ordinals count within the month for MONTHLY and for YEARLY with
    // BYMONTH, within the year otherwise.
    const bool in_month = r_.freq == Frequency::monthly || !r_.by_month.empty();
    const int position = in_month ? static_cast<int>(d.month_day) : d.year_day;
    const int size = in_month ? static_cast<int>(d.days_in_month) : d.days_in_year;
    for (const WeekdayNum& w : r_.by_day) {
      if (w.weekday != d.weekday) continue;
      if (w.ordinal == 0) return true;
      if (w.ordinal > 0 && (position - 1) / 7 + 1 == w.ordinal) return true;
      if (w.ordinal < 0 && (size - position) / 7 + 1 == -w.ordinal) return true;
    }
    return false;
  }

  const RruleParts& r_;
  std::bitset<13> months_;
  Positions month_days_, year_days_;
  Day start_;
};

// The period (of FREQ) a day belongs to, numbered from DTSTART's period.
std::int64_t period_of(const RruleParts& r, const Day& d, const Day& start) {
  switch (r.freq) {
    case Frequency::weekly: {
      const auto week_start = [&](const Day& x) { return x.number - (x.weekday - r.wkst + 7) % 7; };
      return floor_div(week_start(d) - week_start(start), 7);
    }
    case Frequency::monthly:
      return (d.year - start.year) * 12 + static_cast<std::int64_t>(d.month) - static_cast<std::int64_t>(start.month);
    case Frequency::yearly:
      return d.year - start.year;
    default:
      return d.number - start.number;
  }
}

std::int64_t steps_for_days(const RruleParts& r, std::int64_t days) {
  const std::int64_t per[] = {0, 1, 7, 28, 365};  // days per step of DAILY..YEARLY
  if (r.freq == Frequency::hourly) return days * 24 / r.interval + 1;
  return days / (per[static_cast<int>(r.freq)] * r.interval) + 1;
}

const char* period_name(Frequency f) {
  switch (f) {
    case Frequency::hourly: return "hour";
    case Frequency::daily: return "day";
    case Frequency::weekly: return "week";
    case Frequency::monthly: return "month";
    case Frequency::yearly: return "year";
  }
  return "?";
}

}  // namespace

std::int64_t max_rule_steps(Frequency freq) {
  // Measured on libical 3.0.16: an hour, day or week step costs about 5 us, a
  // month step up to 100 us and a year step up to 330 us when nothing matches.
  switch (freq) {
    case Frequency::monthly: return 50;
    case Frequency::yearly: return 15;
    default: return 1000;
  }
}

Expected<RuleReach> check_rule_reach(const RruleParts& r, UnixSeconds dtstart_local, std::int64_t end_day) {
  using Result = Expected<RuleReach>;
  const Day start = day_of(floor_div(dtstart_local, 86400));
  const int start_hour = static_cast<int>(dtstart_local - start.number * 86400) / 3600;
  const DayFilter filter(r, start);
  const int per_period = starts_per_period(r);

  // Occurrences a day holds when its date matches: the hours of an HOURLY
  // rule that INTERVAL reaches, times the starts of each.
  const auto occurrences_on = [&](const Day& d) -> std::int64_t {
    if (r.freq != Frequency::hourly) return per_period;
    int n = 0;
    for (int h = 0; h < 24; ++h) {
      const std::int64_t since = (d.number - start.number) * 24 + h - start_hour;
      if (floor_div(since, r.interval) * r.interval == since) ++n;
    }
    return static_cast<std::int64_t>(n) * per_period;
  };

  RuleReach reach;
  std::int64_t previous = start.number, counted = 0;
  std::optional<std::int64_t> count_day;
  const auto take = [&](const Day& d, std::int64_t occurrences) {
    if (occurrences == 0 || d.number < start.number) return;
    if (reach.occurrence_days == 0) reach.first_day = d.number;
    reach.max_gap_steps = std::max(reach.max_gap_steps, steps_for_days(r, d.number - previous));
    previous = d.number;
    reach.last_day = d.number;
    ++reach.occurrence_days;
    counted += occurrences;
    if (r.count && !count_day && counted >= *r.count) count_day = d.number;
  };

  // BYSETPOS (MONTHLY and YEARLY only, rrule_text.hh) picks among a whole
  // month or year: collect each period's matching days, then pick. Rules
  // without it are taken day by day.
  const bool whole_periods = !r.by_set_pos.empty();
  std::vector<Day> period_days;
  std::int64_t current_period = INT64_MIN;
  const auto flush = [&] {
    if (period_days.empty()) return;
    const int n = static_cast<int>(period_days.size()) * per_period;
    std::vector<std::int64_t> picks(period_days.size(), 0);
    for (int p : r.by_set_pos) {
      const int index = p > 0 ? p - 1 : n + p;
      if (index >= 0 && index < n) ++picks[static_cast<std::size_t>(index / per_period)];
    }
    for (std::size_t i = 0; i < period_days.size(); ++i) take(period_days[i], picks[i]);
    period_days.clear();
  };

  // Start a period early so BYSETPOS sees DTSTART's whole week, month or year.
  for (std::int64_t number = start.number - 366; number < end_day; ++number) {
    const Day d = day_of(number);
    const std::int64_t period = period_of(r, d, start);
    if (period < 0) continue;
    if (whole_periods && period != current_period) {
      flush();
      current_period = period;
    }
    if (r.freq != Frequency::hourly && floor_div(period, r.interval) * r.interval != period) continue;
    if (!filter.matches(d)) continue;
    if (whole_periods)
      period_days.push_back(d);
    else
      take(d, occurrences_on(d));
  }
  flush();

  if (reach.occurrence_days == 0) return Result::failure("RRULE never produces an occurrence (no date matches it)");
  reach.max_gap_steps = std::max(reach.max_gap_steps, steps_for_days(r, end_day - previous));
  if (reach.max_gap_steps > max_rule_steps(r.freq))
    return Result::failure("RRULE occurrences can be " + std::to_string(reach.max_gap_steps) + " " +
                           period_name(r.freq) + "s apart, more than the " + std::to_string(max_rule_steps(r.freq)) +
                           " the engine evaluates" +
                           (r.freq == Frequency::hourly ? ": use FREQ=DAILY with BYHOUR for rare openings" : "") +
                           (r.freq == Frequency::daily ? ": use FREQ=WEEKLY, MONTHLY or YEARLY for rare openings" : ""));
  if (r.count) {
    if (!count_day)
      return Result::failure("RRULE COUNT=" + std::to_string(*r.count) + " reaches past the years the engine evaluates");
    const std::int64_t steps = steps_for_days(r, *count_day - start.number) + *r.count;
    if (steps > max_rule_steps(r.freq) + kMaxCount)
      return Result::failure("RRULE COUNT=" + std::to_string(*r.count) + " takes " + std::to_string(steps) + " " +
                             period_name(r.freq) + " steps to expand; use UNTIL or a coarser FREQ");
  }
  return reach;
}

}  // namespace tenant
