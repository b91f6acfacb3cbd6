#include "core/hours/schedule.hh"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "core/hours/compiled_rule.hh"
#include "core/hours/interner.hh"
#include "core/hours/rrule_text.hh"
#include "core/hours/span_cache.hh"
#include "core/hours/timezone.hh"

namespace tenant {

namespace {

// The open intervals of one span: every window that overlaps the span, kept
// whole, merged where windows overlap or touch. Immutable once published.
struct Span {
  UnixSeconds begin;
  UnixSeconds end;
  std::vector<Interval> open;  // sorted, disjoint, never touching
};

}  // namespace

struct Schedule::Impl {
  std::shared_ptr<const TimeZone> zone;
  std::vector<CompiledRule> rules;  // the main rule first, then the windows
  bool all_counted = false;         // every rule counted: `all` holds everything
  Span all{0, 0, {}};
  std::unique_ptr<SpanCache<Span>> spans;  // the shortest span any rule needs

  const Span& span_at(UnixSeconds t) const {
    if (all_counted) return all;
    return spans->at(t, [this](UnixSeconds begin, UnixSeconds end) {
      Span span{begin, end, {}};
      for (const CompiledRule& r : rules) r.windows(*zone, begin, end, span.open);
      merge_intervals(span.open);
      return span;
    });
  }
};

Schedule::Schedule(BusinessHoursSpec spec, std::unique_ptr<Impl> impl)
    : spec_(std::move(spec)), impl_(std::move(impl)) {}

Schedule::~Schedule() = default;

std::string schedule_key(const BusinessHoursSpec& spec) {
  std::string key = spec.tz + '\n' + spec.rrule + '\n' + std::to_string(spec.duration_minutes) + '\n' +
                    spec.dtstart.value_or("");
  for (const WindowSpec& w : spec.windows)
    key += "\n+" + w.rrule + '\n' + std::to_string(w.duration_minutes) + '\n' + w.dtstart.value_or("");
  return key;
}

Expected<std::shared_ptr<const Schedule>> Schedule::compile(const BusinessHoursSpec& spec) {
  const std::string key = schedule_key(spec);
  if (auto shared = Interner<Schedule>::instance().find(key)) return shared;
  auto compiled = compile_uncached(spec);
  if (!compiled) return compiled;
  return Interner<Schedule>::instance().keep(key, *compiled);
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
  int span_shift = kLongestSpanShift;
  for (const CompiledRule& r : impl->rules) {
    span_shift = std::min(span_shift, r.span_shift);
    impl->all_counted = impl->all_counted && r.counted;
  }
  impl->spans = std::make_unique<SpanCache<Span>>(span_shift);
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

void Schedule::open_intervals(UnixSeconds from, UnixSeconds to, std::vector<Interval>& out) const {
  for (UnixSeconds x = from; x < to;) {
    const Span& span = impl_->span_at(x);
    for (const Interval& iv : span.open) {
      // A window that crosses a span boundary is whole in both spans: only
      // the span where it starts (or the first one asked) hands it on.
      if (iv.end <= from || iv.start >= to || (iv.start < span.begin && x != from)) continue;
      if (!out.empty() && iv.start <= out.back().end) {
        out.back().end = std::max(out.back().end, iv.end);
      } else {
        out.push_back(iv);
      }
    }
    x = span.end;
  }
}

int Schedule::span_shift() const { return impl_->all_counted ? kLongestSpanShift : impl_->spans->shift(); }

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
