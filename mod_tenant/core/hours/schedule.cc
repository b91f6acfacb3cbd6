#include "core/hours/schedule.hh"

#include <libical/ical.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/hours/libical_lock.hh"
#include "core/util/problem.hh"
#include "core/hours/rrule_reach.hh"
#include "core/hours/rrule_text.hh"
#include "core/hours/timezone.hh"

namespace tenant {

namespace {

// Occurrences are expanded in spans of 2^shift seconds (2^23: about 97 days)
// the first time an instant inside the span is asked about, then kept. A
// decision is a hash look-up and a binary search, whatever the distance from
// DTSTART. Rules with many starts a day get shorter spans, so that expanding
// one never takes more than about this many libical steps.
constexpr int kLongestSpanShift = 23;
constexpr int kShortestSpanShift = 19;
constexpr std::int64_t kStepsPerSpan = 1000;
// Wall-clock starts of windows that reach into a span lie within a day (the
// largest UTC offset) of it; two days leave room for a DST shift as well.
constexpr UnixSeconds kSpanMargin = 2 * 86400;

// The schedule's DTSTART when the document gives none: Monday 2024-01-01 00:00 local.
constexpr const char* kDefaultDtstart = "2024-01-01T00:00:00";

// libical iterators are C objects: freed however the scope that made them ends.
struct IteratorFree {
  void operator()(icalrecur_iterator* it) const { icalrecur_iterator_free(it); }
};
using Iterator = std::unique_ptr<icalrecur_iterator, IteratorFree>;

struct Interval {
  UnixSeconds start;
  UnixSeconds end;  // exclusive
};

// The open intervals of one span: every window that overlaps the span, kept
// whole, merged where windows overlap or touch. Immutable once published.
struct Span {
  std::int64_t index;
  UnixSeconds begin;
  UnixSeconds end;
  std::vector<Interval> open;  // sorted, disjoint, never touching
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

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

void merge_intervals(std::vector<Interval>& v) {
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

}  // namespace

// One rule of a schedule (the main one, or a further window) and its
// duration, compiled.
struct CompiledRule {
  icalrecurrencetype rule;       // UNTIL already in local wall-clock time
  UnixSeconds dtstart_local = 0;  // wall-clock seconds
  UnixSeconds duration = 0;       // seconds
  icalrecurrencetype_frequency freq = ICAL_NO_RECURRENCE;
  bool counted = false;           // COUNT: expanded whole into `all`
  int span_shift = kLongestSpanShift;
  std::vector<Interval> all;      // counted rules: every window, merged

  // Appends windows of occurrences whose wall-clock start lies in
  // [local_from, local_to) and that overlap [keep_from, keep_to).
  void expand(const TimeZone& zone, UnixSeconds local_from, UnixSeconds local_to, UnixSeconds keep_from,
              UnixSeconds keep_to, std::vector<Interval>& out) const;
  icalrecur_iterator* iterator_near(UnixSeconds local_from) const;
};

struct Schedule::Impl {
  std::shared_ptr<const TimeZone> zone;
  std::vector<CompiledRule> rules;  // the main rule first, then the windows
  int span_shift = kLongestSpanShift;  // the shortest any rule needs
  bool all_counted = false;            // every rule counted: `all` holds everything
  Span all{0, 0, 0, {}};

  mutable std::mutex spans_mutex;
  mutable std::unordered_map<std::int64_t, std::unique_ptr<const Span>> spans;
  mutable std::atomic<const Span*> recent{nullptr};

  const Span& span_at(UnixSeconds t) const;
  std::unique_ptr<const Span> build_span(std::int64_t index) const;
};

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
    if (local < local_from) continue;
    const UnixSeconds start = zone.from_local(local);
    if (start + duration > keep_from && start < keep_to) out.push_back({start, start + duration});
  }
}

std::unique_ptr<const Span> Schedule::Impl::build_span(std::int64_t index) const {
  auto span = std::make_unique<Span>();
  span->index = index;
  span->begin = index << span_shift;
  span->end = span->begin + (UnixSeconds{1} << span_shift);
  for (const CompiledRule& r : rules) {
    if (r.counted) {
      for (const Interval& iv : r.all)
        if (iv.end > span->begin && iv.start < span->end) span->open.push_back(iv);
    } else {
      r.expand(*zone, span->begin - r.duration - kSpanMargin, span->end + kSpanMargin, span->begin, span->end,
               span->open);
    }
  }
  merge_intervals(span->open);
  return span;
}

const Span& Schedule::Impl::span_at(UnixSeconds t) const {
  if (all_counted) return all;
  const std::int64_t index = floor_div(t, UnixSeconds{1} << span_shift);
  const Span* last = recent.load(std::memory_order_acquire);
  if (last && last->index == index) return *last;
  std::lock_guard<std::mutex> lock(spans_mutex);
  auto& slot = spans[index];
  if (!slot) slot = build_span(index);
  recent.store(slot.get(), std::memory_order_release);
  return *slot;
}

Schedule::Schedule(BusinessHoursSpec spec, std::unique_ptr<Impl> impl)
    : spec_(std::move(spec)), impl_(std::move(impl)) {}

Schedule::~Schedule() = default;

namespace {

// Tenants often share the same hours ("weekdays 9 to 17, Paris"). Identical
// specs share one compiled schedule, and with it the spans already expanded:
// a hundred thousand cached tenants do not hold a hundred thousand copies.
class ScheduleInterner {
 public:
  std::shared_ptr<const Schedule> find(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = schedules_.find(key);
    return it == schedules_.end() ? nullptr : it->second.lock();
  }
  std::shared_ptr<const Schedule> keep(const std::string& key, std::shared_ptr<const Schedule> schedule) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& slot = schedules_[key];
    if (auto existing = slot.lock()) return existing;  // another thread compiled it first
    slot = schedule;
    if (schedules_.size() > 2 * live_after_sweep_ + 1024) sweep();
    return schedule;
  }

 private:
  void sweep() {
    for (auto it = schedules_.begin(); it != schedules_.end();)
      it = it->second.expired() ? schedules_.erase(it) : std::next(it);
    live_after_sweep_ = schedules_.size();
  }
  std::mutex mutex_;
  std::unordered_map<std::string, std::weak_ptr<const Schedule>> schedules_;
  std::size_t live_after_sweep_ = 0;
};

ScheduleInterner& interner() {
  static ScheduleInterner* instance = new ScheduleInterner;  // never destroyed: used until exit
  return *instance;
}

// Everything that makes two schedules the same: the zone and every rule.
std::string spec_key(const BusinessHoursSpec& spec) {
  std::string key = spec.tz + '\n' + spec.rrule + '\n' + std::to_string(spec.duration_minutes) + '\n' +
                    spec.dtstart.value_or("");
  for (const WindowSpec& w : spec.windows)
    key += "\n+" + w.rrule + '\n' + std::to_string(w.duration_minutes) + '\n' + w.dtstart.value_or("");
  return key;
}

// One rule with its duration and DTSTART, in the zone: the checks and the
// compilation every rule of a schedule goes through.
Expected<CompiledRule> compile_rule(const std::string& rrule, int duration_minutes,
                                    const std::optional<std::string>& dtstart_text, const TimeZone& zone) {
  using Result = Expected<CompiledRule>;
  if (duration_minutes < 1 || duration_minutes > 1440)
    return Result::failure("duration_minutes must be 1..1440, got " + std::to_string(duration_minutes));
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
      const UnixSeconds start = zone.from_local(local_seconds(t));
      out.all.push_back({start, start + out.duration});
    }
    merge_intervals(out.all);
  }
  return out;
}

}  // namespace

Expected<std::shared_ptr<const Schedule>> Schedule::compile(const BusinessHoursSpec& spec) {
  const std::string key = spec_key(spec);
  if (auto shared = interner().find(key)) return shared;
  auto compiled = compile_uncached(spec);
  if (!compiled) return compiled;
  return interner().keep(key, *compiled);
}

Expected<std::shared_ptr<const Schedule>> Schedule::compile_uncached(const BusinessHoursSpec& spec) {
  using Result = Expected<std::shared_ptr<const Schedule>>;
  if (spec.windows.size() > kMaxWindows)
    return Result::failure("holds " + std::to_string(spec.windows.size()) + " windows, more than the " +
                           std::to_string(kMaxWindows) + " a destination may have");
  auto zone = TimeZone::find(spec.tz);
  if (!zone) return Result::failure(zone.error());
  auto impl = std::make_unique<Impl>();
  impl->zone = *zone;
  auto main_rule = compile_rule(spec.rrule, spec.duration_minutes, spec.dtstart, **zone);
  if (!main_rule) return Result::failure(main_rule.error());
  impl->rules.push_back(std::move(main_rule.value()));
  for (std::size_t i = 0; i < spec.windows.size(); ++i) {
    const WindowSpec& w = spec.windows[i];
    auto window = compile_rule(w.rrule, w.duration_minutes, w.dtstart, **zone);
    if (!window) return Result::failure("windows[" + std::to_string(i) + "]: " + window.error());
    impl->rules.push_back(std::move(window.value()));
  }
  impl->all_counted = true;
  for (const CompiledRule& r : impl->rules) {
    impl->span_shift = std::min(impl->span_shift, r.span_shift);
    impl->all_counted = impl->all_counted && r.counted;
  }
  if (impl->all_counted) {
    impl->all.begin = INT64_MIN / 2;
    impl->all.end = INT64_MAX / 2;
    for (const CompiledRule& r : impl->rules) impl->all.open.insert(impl->all.open.end(), r.all.begin(), r.all.end());
    merge_intervals(impl->all.open);
  }
  return std::shared_ptr<const Schedule>(new Schedule(spec, std::move(impl)));
}

bool Schedule::is_open(UnixSeconds t) const {
  const Span& span = impl_->span_at(t);
  auto it = std::upper_bound(span.open.begin(), span.open.end(), t,
                             [](UnixSeconds value, const Interval& iv) { return value < iv.end; });
  return it != span.open.end() && it->start <= t;
}

std::optional<UnixSeconds> Schedule::next_change(UnixSeconds t) const {
  const UnixSeconds limit = t + kNextChangeHorizon;
  const bool open_at_t = is_open(t);
  UnixSeconds x = t;
  for (;;) {
    const Span& span = impl_->span_at(x);
    // Within a span the intervals are exact, so the first boundary after x
    // inside it is the answer; at the span's end the state is checked again.
    auto it = std::upper_bound(span.open.begin(), span.open.end(), x,
                               [](UnixSeconds value, const Interval& iv) { return value < iv.end; });
    if (it != span.open.end()) {
      const UnixSeconds boundary = it->start <= x ? it->end : it->start;
      if (boundary < span.end) return boundary <= limit ? std::optional<UnixSeconds>(boundary) : std::nullopt;
    }
    x = span.end;
    if (x > limit) return std::nullopt;
    if (is_open(x) != open_at_t) return x;
  }
}

std::optional<UnixSeconds> Schedule::next_open(UnixSeconds t) const {
  if (is_open(t)) return t;
  return next_change(t);
}

std::optional<std::string> schedule_warning(const BusinessHoursSpec& spec) {
  auto parts = parse_rrule_text(spec.rrule);
  if (!parts || !parts->by_hour.empty() || parts->freq == Frequency::hourly) return std::nullopt;
  const std::string start = spec.dtstart.value_or(kDefaultDtstart);
  const std::string time_of_day = start.size() >= 16 ? start.substr(11, 5) : "00:00";
  return "RRULE has no BYHOUR: each window opens at " + time_of_day + " local time (the time of day of DTSTART)";
}

}  // namespace tenant
