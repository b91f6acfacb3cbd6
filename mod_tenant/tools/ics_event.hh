// One VEVENT read by libical into plain values: the one place the ICS
// conversion touches libical's objects. Nothing is trusted: a property may
// be missing, given twice, or hold a value libical could not read, and each
// of these becomes a problem that says so.
//
// libical is asked to parse and nothing else: a TZID stays text here and is
// looked up by the core's TimeZone, so libical never loads a zone (whose
// objects are not safe to share between threads: libical_lock.hh). The
// parser and the component it returns belong to the call that made them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tools/ics_text.hh"

namespace tenantctl {

// A DATE or DATE-TIME value as written, checked to be a real date and time.
struct IcsTime {
  enum class Zone { floating, utc, named };
  bool is_date = false;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  Zone zone = Zone::floating;  // a DATE is always floating
  std::string tzid;            // for Zone::named: the TZID parameter as written
};

// A DURATION: whole days and weeks are nominal (the same wall-clock time so
// many days later), hours, minutes and seconds are exact (RFC 5545 3.3.6).
struct IcsDuration {
  bool negative = false;
  std::int64_t days = 0;     // weeks included
  std::int64_t seconds = 0;  // hours, minutes and seconds
};

struct IcsEvent {
  std::size_t line = 0;  // of its BEGIN:VEVENT
  std::optional<std::string> uid;
  std::optional<std::string> summary;  // unescaped, bytes as written (not yet checked for UTF-8)
  bool cancelled = false;
  std::optional<IcsTime> dtstart, dtend;
  std::optional<IcsDuration> duration;
  std::vector<IcsTime> exdates;
  std::vector<std::string> rrules;  // as written
  std::size_t rdates = 0;
  bool exrule = false;
  bool recurrence_id = false;
  // Why the event cannot be used as written: a bound the text breaks, a
  // value libical could not read, a property given twice. Empty when none.
  std::vector<std::string> problems;
};

// Reads one VEVENT with libical's parser. Never fails: what cannot be read
// is a problem of the event.
IcsEvent read_ics_event(const IcsEventText& text);

}  // namespace tenantctl
