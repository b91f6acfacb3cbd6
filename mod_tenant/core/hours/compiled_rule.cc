#include "core/hours/compiled_rule.hh"

#include <algorithm>
#include <memory>
#include <mutex>

#include "core/hours/libical_lock.hh"
#include "core/hours/rrule_reach.hh"
#include "core/hours/rrule_text.hh"
#include "core/util/problem.hh"

namespace tenant {

namespace {

// Expanding one span should cost about this many libical steps at most.
constexpr std::int64_t kStepsPerSpan = 1000;
// Wall-clock starts of windows that reach into a span lie within a day (the
// largest UTC offset) of it; two days leave room for a DST shift as well.
constexpr UnixSeconds kSpanMargin = 2 * 86400;

// libical iterators are C objects: freed however the scope that made them ends.
struct IteratorFree {
  void operator()(icalrecur_iterator* it) const { icalrecur_iterator_free(it); }
};
using Iterator = std::unique_ptr<icalrecur_iterator, IteratorFree>;

UnixSeconds local_seconds(const icaltimetype& t) {
  return days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day)) * 86400 +
         t.hour * 3600 + t.minute * 60 + t.second;
}

// A floating (zone-less) libical time for a wall-clock time.
icaltimetype floating_time(UnixSeconds local) {
  std::int64_t y;
  unsigned m, d;
  civil_from_days(floor_div(local, 86400), y, m, d);
  const UnixSeconds secs = local - floor_div(local, 86400) * 86400;
  icaltimetype t = icaltime_null_time();
  t.year = static_cast<int>(y);
  t.month = static_cast<int>(m);
  t.day = static_cast<int>(d);
  t.hour = static_cast<int>(secs / 3600);
  t.minute = static_cast<int>(secs / 60 % 60);
  t.second = static_cast<int>(secs % 60);
  t.is_date = 0;
  t.zone = nullptr;
  return t;
}

}  // namespace

Interval CompiledRule::window_at(const TimeZone& zone, UnixSeconds local_start) const {
  const UnixSeconds start = zone.from_local(local_start);
  return {start, wall_clock_end ? zone.from_local(local_start + duration) : start + duration};
}

bool CompiledRule::excluded(UnixSeconds local_start) const {
  return !excluded_days.empty() &&
         std::binary_search(excluded_days.begin(), excluded_days.end(), floor_div(local_start, 86400));
}

icalrecur_iterator* CompiledRule::iterator_near(UnixSeconds local_from) const {
  icalrecurrencetype r = rule;
  if (local_from <= dtstart_local) return icalrecur_iterator_new(r, floating_time(dtstart_local));

  if (freq == ICAL_HOURLY_RECURRENCE) {
    // libical's set_start loses the INTERVAL phase of sub-daily rules, so
    // start from a later occurrence of the same phase instead.
    const UnixSeconds step = 3600LL * std::max<short>(rule.interval, 1);
    const UnixSeconds shifted = dtstart_local + floor_div(local_from - dtstart_local, step) * step;
    return icalrecur_iterator_new(r, floating_time(shifted));
  }

  // Restart at the beginning of the period that holds local_from, so that
  // BYSETPOS and BYDAY see whole weeks, months and years.
  icalrecur_iterator* it = icalrecur_iterator_new(r, floating_time(dtstart_local));
  if (!it) return nullptr;
  std::int64_t y;
  unsigned m, d;
  const std::int64_t day = floor_div(local_from, 86400);
  civil_from_days(day, y, m, d);
  std::int64_t restart_day = day - 1;
  if (freq == ICAL_WEEKLY_RECURRENCE) restart_day = day - 7;
  if (freq == ICAL_MONTHLY_RECURRENCE) restart_day = days_from_civil(y, m, 1);
  if (freq == ICAL_YEARLY_RECURRENCE) restart_day = days_from_civil(y, 1, 1);
  const UnixSeconds restart = restart_day * 86400;
  if (restart > dtstart_local && !icalrecur_iterator_set_start(it, floating_time(restart))) {
    icalrecur_iterator_free(it);  // past UNTIL: nothing more to find
    return nullptr;
  }
  return it;
}

void CompiledRule::expand(const TimeZone& zone, UnixSeconds local_from, UnixSeconds local_to, UnixSeconds keep_from,
                          UnixSeconds keep_to, std::vector<Interval>& out) const {
  std::lock_guard<std::mutex> lock(libical_rule_mutex());
  const Iterator it(iterator_near(local_from));
  if (!it) return;
  for (;;) {
    const icaltimetype occurrence = icalrecur_iterator_next(it.get());
    if (icaltime_is_null_time(occurrence)) break;
    const UnixSeconds local = local_seconds(occurrence);
    if (local >= local_to) break;
    if (local < local_from || excluded(local)) continue;
    const Interval w = window_at(zone, local);
    if (w.end > keep_from && w.start < keep_to) out.push_back(w);
  }
}

void CompiledRule::windows(const TimeZone& zone, UnixSeconds keep_from, UnixSeconds keep_to,
                           std::vector<Interval>& out) const {
  if (counted) {
    for (const Interval& iv : all)
      if (iv.end > keep_from && iv.start < keep_to) out.push_back(iv);
    return;
  }
  expand(zone, keep_from - duration - kSpanMargin, keep_to + kSpanMargin, keep_from, keep_to, out);
}

Expected<CompiledRule> compile_rule(const std::string& rrule, int duration_minutes,
                                    const std::optional<std::string>& dtstart_text, const TimeZone& zone,
                                    const RuleShape& shape) {
  using Result = Expected<CompiledRule>;
  if (duration_minutes < 1 || duration_minutes > shape.max_minutes)
    return Result::failure("duration_minutes must be 1.." + std::to_string(shape.max_minutes) + ", got " +
                           std::to_string(duration_minutes));
  auto parts = parse_rrule_text(rrule);
  if (!parts) return Result::failure(parts.error());
  auto dtstart = parse_local_datetime(dtstart_text.value_or(kDefaultDtstart));
  if (!dtstart) return Result::failure("dtstart " + dtstart.error());

  // The days the rule can fall on, from the calendar, before libical looks:
  // a rule it would search for in vain (or for too long) is refused here.
  auto reach = check_rule_reach(*parts, *dtstart, floor_div(kZoneTableEnd, 86400));
  if (!reach) return Result::failure(reach.error());

  CompiledRule out;
  out.dtstart_local = *dtstart;
  out.duration = duration_minutes * 60LL;
  out.wall_clock_end = shape.wall_clock_end;
  out.excluded_days = shape.excluded_days;
  std::sort(out.excluded_days.begin(), out.excluded_days.end());
  out.counted = parts->count.has_value();
  // Steps a day costs libical: HOURLY steps every INTERVAL hours, coarser
  // rules step through their starts.
  const std::int64_t steps_per_day =
      parts->freq == Frequency::hourly ? (24 + parts->interval - 1) / parts->interval : starts_per_day(*parts);
  const std::int64_t margin_days = 2 * kSpanMargin / 86400 + 1 + out.duration / 86400;
  while (out.span_shift > kShortestSpanShift &&
         (((UnixSeconds{1} << out.span_shift) / 86400) + margin_days) * steps_per_day > kStepsPerSpan)
    --out.span_shift;

  std::lock_guard<std::mutex> lock(libical_rule_mutex());
  icalerror_clear_errno();
  icalrecurrencetype rule = icalrecurrencetype_from_string(parts->canonical.c_str());
  if (rule.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
    icalerror_clear_errno();  // every part was checked above: this is libical's own limit
    return Result::failure("RRULE " + quote_value(rrule) + " is refused by the calendar library");
  }

  // libical compares UNTIL with the floating occurrences as if both were
  // wall-clock times: a UTC UNTIL is moved into the zone first, a DATE UNTIL
  // covers its whole day.
  if (!icaltime_is_null_time(rule.until)) {
    UnixSeconds until_local = local_seconds(rule.until);
    if (rule.until.is_date)
      until_local += 86399;
    else if (icaltime_is_utc(rule.until))
      until_local = zone.to_local(until_local);
    rule.until = floating_time(until_local);
  }
  out.rule = rule;
  out.freq = rule.freq;

  const Iterator it(icalrecur_iterator_new(rule, floating_time(out.dtstart_local)));
  if (!it) return Result::failure("RRULE " + quote_value(rrule) + " selects no date that exists");
  const icaltimetype first = icalrecur_iterator_next(it.get());
  if (icaltime_is_null_time(first))
    return Result::failure("RRULE " + quote_value(rrule) + " never produces an occurrence (UNTIL is before the first one)");
  if (out.counted) {
    // Expanded whole, here, while the lock is held: COUNT and the reach check
    // bound it to a few thousand steps.
    for (icaltimetype t = first; !icaltime_is_null_time(t); t = icalrecur_iterator_next(it.get())) {
      const UnixSeconds local = local_seconds(t);
      if (!out.excluded(local)) out.all.push_back(out.window_at(zone, local));
    }
    merge_intervals(out.all);
  }
  return out;
}

}  // namespace tenant
