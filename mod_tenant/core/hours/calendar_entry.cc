#include "core/hours/calendar_entry.hh"

#include "core/hours/instant.hh"
#include "core/util/problem.hh"

namespace tenant {


Expected<CompiledEntry> CompiledEntry::compile(const CalendarEntrySpec& spec, const std::string& zone_name) {
  using Result = Expected<CompiledEntry>;
  auto zone = TimeZone::find(spec.tz.value_or(zone_name));
  if (!zone) return Result::failure(zone.error());
  CompiledEntry out;
  out.zone_ = *zone;
  if (spec.date) {
    auto day = parse_local_date(*spec.date);
    if (!day) return Result::failure("date " + day.error());
    // A whole day on the wall clock: 23 or 25 hours when the clocks change.
    out.fixed_ = {out.zone_->from_local(*day), out.zone_->from_local(*day + 86400)};
    return out;
  }
  if (spec.start || spec.end) {
    if (!spec.start || !spec.end) return Result::failure("a span needs both start and end");
    auto start = parse_local_datetime(*spec.start);
    if (!start) return Result::failure("start " + start.error());
    auto end = parse_local_datetime(*spec.end);
    if (!end) return Result::failure("end " + end.error());
    if (*end <= *start)
      return Result::failure("end " + quote_value(*spec.end) + " must be after start " + quote_value(*spec.start));
    out.fixed_ = {out.zone_->from_local(*start), out.zone_->from_local(*end)};
    return out;
  }
  if (!spec.rrule) return Result::failure("needs a date, a start and end, or an rrule with duration_minutes");
  if (spec.exdates.size() > kMaxExdates)
    return Result::failure("exdates holds " + std::to_string(spec.exdates.size()) + " dates, more than the " +
                           std::to_string(kMaxExdates) + " an entry may have");
  RuleShape shape;
  shape.max_minutes = kMaxEntryMinutes;
  shape.wall_clock_end = true;
  for (std::size_t i = 0; i < spec.exdates.size(); ++i) {
    auto day = parse_local_date(spec.exdates[i]);
    if (!day) return Result::failure("exdates[" + std::to_string(i) + "] " + day.error());
    shape.excluded_days.push_back(floor_div(*day, 86400));
  }
  auto rule = compile_rule(*spec.rrule, spec.duration_minutes, spec.dtstart, *out.zone_, shape);
  if (!rule) return Result::failure(rule.error());
  out.rule_ = std::move(rule.value());
  return out;
}

void CompiledEntry::intervals(UnixSeconds from, UnixSeconds to, std::vector<Interval>& out) const {
  if (rule_) return rule_->windows(*zone_, from, to, out);
  if (fixed_.end > from && fixed_.start < to) out.push_back(fixed_);
}

std::optional<UnixSeconds> CompiledEntry::last_end() const {
  if (!rule_) return fixed_.end;
  if (rule_->counted) return rule_->all.empty() ? std::optional<UnixSeconds>(0) : rule_->all.back().end;
  return std::nullopt;
}

std::string calendar_entry_key(const CalendarEntrySpec& spec) {
  std::string key;
  const auto add = [&key](const std::optional<std::string>& v) {
    key += v ? *v : std::string("\x01");
    key += '\x1f';
  };
  add(spec.date);
  add(spec.start);
  add(spec.end);
  add(spec.rrule);
  key += std::to_string(spec.duration_minutes) + '\x1f';
  add(spec.dtstart);
  for (const std::string& d : spec.exdates) key += d + ',';
  key += '\x1f';
  add(spec.tz);
  add(spec.label);
  return key;
}

}  // namespace tenant
