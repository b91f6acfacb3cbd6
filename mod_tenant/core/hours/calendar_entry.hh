// A closure or a one-off opening of a destination (docs/business-hours.md):
// a whole local day, a local span, or a recurring rule, each read on the
// wall clock of its zone: its own `tz`, else the zone of the destination it
// applies to.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/hours/compiled_rule.hh"
#include "core/hours/interval.hh"
#include "core/hours/timezone.hh"
#include "core/util/expected.hh"

namespace tenant {

// One entry of a closures or openings list, as the document gives it.
// Exactly one form is filled in (validation sees to it).
struct CalendarEntrySpec {
  std::optional<std::string> date;   // "YYYY-MM-DD": the whole local day
  std::optional<std::string> start;  // "YYYY-MM-DDTHH:MM:SS" ...
  std::optional<std::string> end;    // ... to this one, excluded
  std::optional<std::string> rrule;  // recurring: each occurrence for duration_minutes on the wall clock
  int duration_minutes = 0;
  std::optional<std::string> dtstart;
  std::vector<std::string> exdates;  // "YYYY-MM-DD": occurrences starting that day are skipped
  std::optional<std::string> tz;     // none: the destination's zone
  std::optional<std::string> label;  // said to the caller ("closed for Noël")
};

// A list holds at most this many entries, and an entry this many exdates:
// each is work on every span the calendar builds.
constexpr std::size_t kMaxCalendarEntries = 100;
constexpr std::size_t kMaxExdates = 100;
// A recurring entry lasts at most a leap year.
constexpr int kMaxEntryMinutes = 366 * 1440;

// An entry compiled in a zone.
class CompiledEntry {
 public:
  // zone_name: the destination's zone, used when the entry names none.
  // Errors are the administrator's words, without the path.
  static Expected<CompiledEntry> compile(const CalendarEntrySpec& spec, const std::string& zone_name);

  // Appends the entry's intervals that overlap [from, to).
  void intervals(UnixSeconds from, UnixSeconds to, std::vector<Interval>& out) const;

  // The end of its last interval, nullopt when it recurs without end (a
  // recurring rule without COUNT: UNTIL is judged by the rule itself).
  std::optional<UnixSeconds> last_end() const;

  int span_shift() const { return rule_ ? rule_->span_shift : kLongestSpanShift; }

 private:
  std::shared_ptr<const TimeZone> zone_;
  Interval fixed_{0, 0};                // date and span forms
  std::optional<CompiledRule> rule_;    // the recurring form
};

// The text that makes two entries the same, for sharing compiled calendars.
std::string calendar_entry_key(const CalendarEntrySpec& spec);

}  // namespace tenant
