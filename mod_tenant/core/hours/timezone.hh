// IANA time zones as immutable offset tables.
//
// libical's zone objects expand their transition lists lazily and are not
// safe to share between threads while they do (libical PR 1029). A zone is
// therefore loaded once, under a lock, into a sorted table of UTC offsets
// that any number of threads may read at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/expected.hh"
#include "core/hours/instant.hh"

namespace tenant {

class TimeZone {
 public:
  // The zone named by an IANA identifier ("Europe/Paris", "UTC").
  // Loaded once per process and shared; an unknown name is an error.
  static Expected<std::shared_ptr<const TimeZone>> find(std::string_view name);

  const std::string& name() const { return name_; }

  // Offset east of UTC, in seconds, in force at UTC instant t.
  int offset_at(UnixSeconds t) const;

  // Wall-clock time (seconds since 1970-01-01T00:00 local) at instant t.
  UnixSeconds to_local(UnixSeconds t) const { return t + offset_at(t); }

  // The instant of a wall-clock time. A time that falls in a gap (spring
  // forward) is read with the offset in force before the gap, as RFC 5545
  // asks; a time that occurs twice (fall back) is its first occurrence.
  UnixSeconds from_local(UnixSeconds local) const;

  struct Transition {
    UnixSeconds at;  // UTC instant the offset starts
    int offset;      // seconds east of UTC from then on
  };

  TimeZone(std::string name, std::vector<Transition> transitions);

 private:
  std::string name_;
  std::vector<Transition> transitions_;  // sorted by at; first entry covers the distant past
};

}  // namespace tenant
