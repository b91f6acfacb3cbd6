// An iCalendar file cut into its VEVENTs, and bounded, before libical reads
// any of it.
//
// libical's parser is not built for hostile input: its work on one content
// line grows with the line's length times its parameters and values (every
// value of EXDATE becomes a copy of the property with all its parameters),
// and its parse of a whole file is one tree in memory. Here the text is read
// once, line by line: its structure is checked (a VCALENDAR, BEGIN and END
// paired, nesting bounded), and only the properties the conversion uses, of
// VEVENTs directly inside a VCALENDAR, are kept, each VEVENT on its own. A
// VEVENT that breaks a bound is kept with the reason, for a warning, and its
// lines are dropped.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/expected.hh"

namespace tenantctl {

// The largest file read: public-holiday calendars are a few kilobytes.
constexpr std::size_t kMaxIcsBytes = 4 * 1024 * 1024;
// VEVENTs read from one file: ten times what a closures list may hold, so
// that cancelled or unusable events still leave room.
constexpr std::size_t kMaxIcsEvents = 1000;
// BEGIN inside BEGIN: VCALENDAR > VEVENT > VALARM is 3.
constexpr std::size_t kMaxIcsDepth = 8;
// Bounds on what one VEVENT hands to libical.
constexpr std::size_t kMaxEventLineBytes = 4096;    // one unfolded content line
constexpr std::size_t kMaxEventLines = 512;         // content lines kept
constexpr std::size_t kMaxLineParameters = 8;       // ";NAME=value" on one line
constexpr std::size_t kMaxLineValues = 100;         // comma-separated EXDATE values on one line
constexpr std::size_t kMaxEventExdateValues = 512;  // EXDATE values in all

// One VEVENT as the text gives it.
struct IcsEventText {
  std::size_t line = 0;  // line number of its BEGIN:VEVENT, from 1
  // Unfolded content lines for libical: UID, SUMMARY, STATUS, DTSTART,
  // DTEND, DURATION and EXDATE, in the order written.
  std::vector<std::string> properties;
  // RRULE values as written: read by the project's own strict RRULE reader,
  // never by libical's lenient one (which reads INTERVAL=65537 as 1).
  std::vector<std::string> rrules;
  std::size_t rdates = 0;      // RDATE lines: not supported
  bool exrule = false;         // EXRULE (deprecated by RFC 5545): not supported
  bool recurrence_id = false;  // a changed occurrence of another event: not supported
  // Why the event cannot be read (a bound it breaks); its lines are then dropped.
  std::optional<std::string> refused;
};

// The VEVENTs of an iCalendar text, in file order. Fails, naming the line,
// when the text is larger than kMaxIcsBytes, holds a NUL byte, is not
// iCalendar (no BEGIN:VCALENDAR first, content outside it, BEGIN and END that
// do not pair, nesting deeper than kMaxIcsDepth), or holds more than
// kMaxIcsEvents VEVENTs.
tenant::Expected<std::vector<IcsEventText>> split_ics_events(std::string_view text);

}  // namespace tenantctl
