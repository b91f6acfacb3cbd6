// When a destination is really open: its business hours with everything an
// office adds to them, under one precedence rule (docs/business-hours.md):
//
//   1. an override that applies (the destination's own first, then the
//      tenant's) decides alone: "closed" or "open" until its `until`;
//   2. else a closure closes (the destination's closures, then the tenant's);
//   3. else a one-off opening opens;
//   4. else the business hours decide; a destination without business hours
//      is open.
//
// Each answer says which step decided and carries the label of the entry
// that did, so that a decision can explain itself ("closed for Noël").
// Compiled once per distinct spec and shared; safe to query from many
// threads. Like the business-hours engine, it answers from spans built on
// first use, so a question costs a look-up however far from DTSTART.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/hours/calendar_entry.hh"
#include "core/hours/instant.hh"
#include "core/hours/schedule.hh"
#include "core/util/expected.hh"

namespace tenant {

// features.refer.override or a destination's override.
struct OverrideSpec {
  bool open = false;                 // state "open"; false: "closed"
  std::optional<UnixSeconds> until;  // none: until it is removed
  std::optional<std::string> label;
};

// Which step of the precedence rule decided.
enum class AvailabilityCause : std::uint8_t { override, closure, opening, hours, always };

// "override", "closure", "opening", "hours", "always".
const char* cause_name(AvailabilityCause cause);

struct AvailabilityState {
  bool open = true;
  AvailabilityCause cause = AvailabilityCause::always;
  const std::string* label = nullptr;  // the deciding entry's label, owned by the Availability; null: none
};

struct AvailabilitySpec {
  std::string zone;                          // the destination's zone, for entries that name none
  std::shared_ptr<const Schedule> hours;     // null: no business hours
  std::vector<CalendarEntrySpec> closures;   // the destination's own, then the tenant's
  std::vector<CalendarEntrySpec> openings;
  std::vector<OverrideSpec> overrides;       // the destination's, then the tenant's
};

// A stretch of time with one state, for the effective calendar.
struct AvailabilitySegment {
  UnixSeconds start;
  UnixSeconds end;  // exclusive
  AvailabilityState state;
};

class Availability {
 public:
  // Errors come from an entry that does not compile: "closures[3]: ...".
  static Expected<std::shared_ptr<const Availability>> compile(const AvailabilitySpec& spec);

  AvailabilityState state_at(UnixSeconds t) const;
  bool is_open(UnixSeconds t) const { return state_at(t).open; }

  // The first instant after t at which is_open changes, within
  // kNextChangeHorizon; nullopt when it stays the same that long.
  std::optional<UnixSeconds> next_change(UnixSeconds t) const;
  // t itself when open, else the next opening within the horizon.
  std::optional<UnixSeconds> next_open(UnixSeconds t) const;

  // The states over [from, to), in order, each stretch as long as its state
  // (open or not, the step that decided, the label) stays the same.
  std::vector<AvailabilitySegment> segments(UnixSeconds from, UnixSeconds to) const;

  const AvailabilitySpec& spec() const { return spec_; }

  ~Availability();
  Availability(const Availability&) = delete;
  Availability& operator=(const Availability&) = delete;

  struct Impl;

 private:
  Availability(AvailabilitySpec spec, std::unique_ptr<Impl> impl);
  AvailabilitySpec spec_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tenant
