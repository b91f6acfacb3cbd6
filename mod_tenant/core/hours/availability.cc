#include "core/hours/availability.hh"

#include <algorithm>

#include "core/hours/interner.hh"
#include "core/hours/span_cache.hh"

namespace tenant {

const char* cause_name(AvailabilityCause cause) {
  switch (cause) {
    case AvailabilityCause::override: return "override";
    case AvailabilityCause::closure: return "closure";
    case AvailabilityCause::opening: return "opening";
    case AvailabilityCause::hours: return "hours";
    case AvailabilityCause::always: return "always";
  }
  return "always";
}

namespace {

// A stretch of one state inside a span. `entry` is the index of the
// deciding override, closure or opening in its list; -1 for the others.
struct Piece {
  UnixSeconds start;
  UnixSeconds end;
  bool open;
  AvailabilityCause cause;
  std::int32_t entry;

  bool same_state(const Piece& o) const { return open == o.open && cause == o.cause && entry == o.entry; }
};

// Every piece of [begin, end), contiguous and in order.
struct Span {
  UnixSeconds begin;
  UnixSeconds end;
  std::vector<Piece> pieces;
};

enum class Kind : std::uint8_t { override, closure, opening, hours };

// One edge of an interval: at `at`, an entry of `kind` starts (+1) or ends (-1).
struct Edge {
  UnixSeconds at;
  std::int32_t delta;
  Kind kind;
  std::int32_t entry;
};

const Piece* piece_at(const Span& span, UnixSeconds t) {
  auto it = std::upper_bound(span.pieces.begin(), span.pieces.end(), t,
                             [](UnixSeconds value, const Piece& p) { return value < p.end; });
  return it == span.pieces.end() ? nullptr : &*it;
}

// A piece's state, its label taken from the entry that decided.
AvailabilityState state_of(const Piece& p, const AvailabilitySpec& spec) {
  AvailabilityState state{p.open, p.cause, nullptr};
  const auto i = static_cast<std::size_t>(p.entry);
  const std::optional<std::string>* label = nullptr;
  if (p.cause == AvailabilityCause::override) label = &spec.overrides[i].label;
  if (p.cause == AvailabilityCause::closure) label = &spec.closures[i].label;
  if (p.cause == AvailabilityCause::opening) label = &spec.openings[i].label;
  if (label && *label) state.label = &**label;
  return state;
}

}  // namespace

struct Availability::Impl {
  std::shared_ptr<const Schedule> hours;
  std::vector<CompiledEntry> closures;
  std::vector<CompiledEntry> openings;
  std::vector<OverrideSpec> overrides;
  // Only business hours (or nothing): the schedule answers alone.
  bool plain = true;
  std::unique_ptr<SpanCache<Span>> spans;  // null when plain

  const Span& span_at(UnixSeconds t) const {
    return spans->at(t, [this](UnixSeconds begin, UnixSeconds end) { return build(begin, end); });
  }

  // The precedence rule, applied to each stretch of [begin, end) between
  // two edges: the one place it is written.
  Span build(UnixSeconds begin, UnixSeconds end) const {
    std::vector<Edge> edges;
    std::vector<Interval> found;
    const auto add = [&](Kind kind, std::int32_t entry, const Interval& iv) {
      const UnixSeconds from = std::max(iv.start, begin), to = std::min(iv.end, end);
      if (from >= to) return;
      edges.push_back({from, +1, kind, entry});
      edges.push_back({to, -1, kind, entry});
    };
    for (std::size_t k = 0; k < overrides.size(); ++k)
      add(Kind::override, static_cast<std::int32_t>(k), {begin, overrides[k].until.value_or(end)});
    for (std::size_t i = 0; i < closures.size(); ++i) {
      found.clear();
      closures[i].intervals(begin, end, found);
      for (const Interval& iv : found) add(Kind::closure, static_cast<std::int32_t>(i), iv);
    }
    for (std::size_t i = 0; i < openings.size(); ++i) {
      found.clear();
      openings[i].intervals(begin, end, found);
      for (const Interval& iv : found) add(Kind::opening, static_cast<std::int32_t>(i), iv);
    }
    if (hours) {
      found.clear();
      hours->open_intervals(begin, end, found);
      for (const Interval& iv : found) add(Kind::hours, -1, iv);
    }
    std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) { return a.at < b.at; });

    // How many intervals of each entry cover the current stretch (entries
    // of one list may overlap, and so may one entry's own occurrences).
    std::vector<std::int32_t> override_on(overrides.size()), closure_on(closures.size()),
        opening_on(openings.size());
    std::int32_t hours_on = 0, closures_on = 0, openings_on = 0;
    const auto first_on = [](const std::vector<std::int32_t>& on) {
      for (std::size_t i = 0; i < on.size(); ++i)
        if (on[i] > 0) return static_cast<std::int32_t>(i);
      return std::int32_t{-1};
    };
    const auto state_now = [&]() -> Piece {
      if (const std::int32_t k = first_on(override_on); k >= 0)
        return {0, 0, overrides[static_cast<std::size_t>(k)].open, AvailabilityCause::override, k};
      if (closures_on > 0) return {0, 0, false, AvailabilityCause::closure, first_on(closure_on)};
      if (openings_on > 0) return {0, 0, true, AvailabilityCause::opening, first_on(opening_on)};
      if (hours) return {0, 0, hours_on > 0, AvailabilityCause::hours, -1};
      return {0, 0, true, AvailabilityCause::always, -1};
    };

    Span span{begin, end, {}};
    UnixSeconds at = begin;
    std::size_t e = 0;
    while (at < end) {
      for (; e < edges.size() && edges[e].at == at; ++e) {
        const Edge& edge = edges[e];
        const auto i = static_cast<std::size_t>(edge.entry);
        switch (edge.kind) {
          case Kind::override: override_on[i] += edge.delta; break;
          case Kind::closure: closure_on[i] += edge.delta; closures_on += edge.delta; break;
          case Kind::opening: opening_on[i] += edge.delta; openings_on += edge.delta; break;
          case Kind::hours: hours_on += edge.delta; break;
        }
      }
      const UnixSeconds next = e < edges.size() ? edges[e].at : end;
      Piece piece = state_now();
      piece.start = at;
      piece.end = next;
      if (!span.pieces.empty() && span.pieces.back().same_state(piece))
        span.pieces.back().end = next;
      else
        span.pieces.push_back(piece);
      at = next;
    }
    return span;
  }
};

Availability::Availability(AvailabilitySpec spec, std::unique_ptr<Impl> impl)
    : spec_(std::move(spec)), impl_(std::move(impl)) {}

Availability::~Availability() = default;

namespace {

std::string availability_key(const AvailabilitySpec& spec) {
  std::string key = spec.zone + '\n' + (spec.hours ? schedule_key(spec.hours->spec()) : std::string("-"));
  for (const CalendarEntrySpec& c : spec.closures) key += "\nC" + calendar_entry_key(c);
  for (const CalendarEntrySpec& o : spec.openings) key += "\nO" + calendar_entry_key(o);
  for (const OverrideSpec& o : spec.overrides)
    key += "\nV" + std::string(o.open ? "open" : "closed") + '\x1f' +
           (o.until ? std::to_string(*o.until) : std::string("-")) + '\x1f' + o.label.value_or("\x01");
  return key;
}

Expected<std::vector<CompiledEntry>> compile_entries(const std::vector<CalendarEntrySpec>& specs,
                                                     const std::string& zone, const char* list, int& span_shift) {
  using Result = Expected<std::vector<CompiledEntry>>;
  std::vector<CompiledEntry> out;
  out.reserve(specs.size());
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto entry = CompiledEntry::compile(specs[i], zone);
    if (!entry) return Result::failure(std::string(list) + "[" + std::to_string(i) + "]: " + entry.error());
    span_shift = std::min(span_shift, entry->span_shift());
    out.push_back(std::move(entry.value()));
  }
  return out;
}

}  // namespace

Expected<std::shared_ptr<const Availability>> Availability::compile(const AvailabilitySpec& spec) {
  using Result = Expected<std::shared_ptr<const Availability>>;
  const std::string key = availability_key(spec);
  if (auto shared = Interner<Availability>::instance().find(key)) return shared;

  auto impl = std::make_unique<Impl>();
  impl->hours = spec.hours;
  int span_shift = spec.hours ? spec.hours->span_shift() : kLongestSpanShift;
  auto closures = compile_entries(spec.closures, spec.zone, "closures", span_shift);
  if (!closures) return Result::failure(closures.error());
  auto openings = compile_entries(spec.openings, spec.zone, "openings", span_shift);
  if (!openings) return Result::failure(openings.error());
  impl->closures = std::move(closures.value());
  impl->openings = std::move(openings.value());
  impl->overrides = spec.overrides;
  impl->plain = spec.closures.empty() && spec.openings.empty() && spec.overrides.empty();
  // A plain calendar asks its schedule and never builds periods of its own.
  if (!impl->plain) impl->spans = std::make_unique<SpanCache<Span>>(span_shift);
  std::shared_ptr<const Availability> made(new Availability(spec, std::move(impl)));
  return Interner<Availability>::instance().keep(key, std::move(made));
}

AvailabilityState Availability::state_at(UnixSeconds t) const {
  if (impl_->plain) {
    if (!impl_->hours) return {true, AvailabilityCause::always, nullptr};
    return {impl_->hours->is_open(t), AvailabilityCause::hours, nullptr};
  }
  const Piece* p = piece_at(impl_->span_at(t), t);
  if (!p) return {true, AvailabilityCause::always, nullptr};  // unreachable: pieces cover their span
  return state_of(*p, spec_);
}

std::optional<UnixSeconds> Availability::next_change(UnixSeconds t) const {
  if (impl_->plain) return impl_->hours ? impl_->hours->next_change(t) : std::nullopt;
  const UnixSeconds limit = t + kNextChangeHorizon;
  const bool open_at_t = is_open(t);
  for (UnixSeconds x = t; x <= limit;) {
    const Span& span = impl_->span_at(x);
    auto it = std::upper_bound(span.pieces.begin(), span.pieces.end(), x,
                               [](UnixSeconds value, const Piece& p) { return value < p.end; });
    for (; it != span.pieces.end(); ++it)
      if (it->open != open_at_t) {
        const UnixSeconds change = std::max(it->start, x);
        return change <= limit ? std::optional<UnixSeconds>(change) : std::nullopt;
      }
    x = span.end;
  }
  return std::nullopt;
}

std::optional<UnixSeconds> Availability::next_open(UnixSeconds t) const {
  if (is_open(t)) return t;
  return next_change(t);
}

std::vector<AvailabilitySegment> Availability::segments(UnixSeconds from, UnixSeconds to) const {
  std::vector<AvailabilitySegment> out;
  const auto append = [&out](UnixSeconds start, UnixSeconds end, AvailabilityState state) {
    if (start >= end) return;
    // Stretches that say the same (two closures labelled alike, one after the
    // other) are one stretch.
    const auto same_label = [](const std::string* a, const std::string* b) { return a == b || (a && b && *a == *b); };
    if (!out.empty() && out.back().end == start && out.back().state.open == state.open &&
        out.back().state.cause == state.cause && same_label(out.back().state.label, state.label)) {
      out.back().end = end;
      return;
    }
    out.push_back({start, end, state});
  };
  if (impl_->plain) {
    if (!impl_->hours) {
      append(from, to, {true, AvailabilityCause::always, nullptr});
      return out;
    }
    std::vector<Interval> open;
    impl_->hours->open_intervals(from, to, open);
    UnixSeconds at = from;
    for (const Interval& iv : open) {
      append(at, std::max(at, iv.start), {false, AvailabilityCause::hours, nullptr});
      at = std::max(at, iv.start);
      append(at, std::min(iv.end, to), {true, AvailabilityCause::hours, nullptr});
      at = std::min(iv.end, to);
    }
    append(at, to, {false, AvailabilityCause::hours, nullptr});
    return out;
  }
  for (UnixSeconds x = from; x < to;) {
    const Span& span = impl_->span_at(x);
    for (const Piece& p : span.pieces) {
      if (p.end <= x || p.start >= to) continue;
      append(std::max(p.start, x), std::min(p.end, to), state_of(p, spec_));
    }
    x = span.end;
  }
  return out;
}

}  // namespace tenant
