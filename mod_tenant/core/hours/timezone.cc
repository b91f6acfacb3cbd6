#include "core/hours/timezone.hh"

#include <libical/ical.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "core/hours/libical_lock.hh"
#include "core/util/problem.hh"

namespace tenant {

namespace {

// Zone rules are tabulated from 1970 to a little past the evaluable years
// (instant.hh); decisions outside them are refused, not guessed.
constexpr UnixSeconds kTableStart = kEvaluableFrom;
constexpr UnixSeconds kTableEnd = kZoneTableEnd;
constexpr UnixSeconds kSampleStep = 86400 / 4;       // no zone changes offset twice within 6 h

int libical_offset_at(icaltimezone* zone, UnixSeconds t) {
  struct icaltimetype tt = icaltime_from_timet_with_zone(static_cast<time_t>(t), 0, icaltimezone_get_utc_timezone());
  int is_daylight = 0;
  return icaltimezone_get_utc_offset_of_utc_time(zone, &tt, &is_daylight);
}

// Reads every offset change of a libical zone into a table, sampling it and
// narrowing each change down to the second. Called with the libical lock held.
std::vector<TimeZone::Transition> tabulate(icaltimezone* zone) {
  std::vector<TimeZone::Transition> table;
  int current = libical_offset_at(zone, kTableStart);
  table.push_back({kTableStart, current});
  for (UnixSeconds t = kTableStart + kSampleStep; t <= kTableEnd; t += kSampleStep) {
    const int offset = libical_offset_at(zone, t);
    if (offset == current) continue;
    UnixSeconds before = t - kSampleStep, after = t;  // offset(before) == current, offset(after) == offset
    while (after - before > 1) {
      const UnixSeconds mid = before + (after - before) / 2;
      (libical_offset_at(zone, mid) == current ? before : after) = mid;
    }
    table.push_back({after, offset});
    current = offset;
  }
  return table;
}

icaltimezone* libical_zone(const std::string& name) {
  if (name == "UTC" || name == "Etc/UTC" || name == "Z") return icaltimezone_get_utc_timezone();
  return icaltimezone_get_builtin_timezone(name.c_str());
}

}  // namespace

TimeZone::TimeZone(std::string name, std::vector<Transition> transitions)
    : name_(std::move(name)), transitions_(std::move(transitions)) {}

Expected<std::shared_ptr<const TimeZone>> TimeZone::find(std::string_view name_view) {
  using Result = Expected<std::shared_ptr<const TimeZone>>;
  static std::mutex registry_mutex;
  static std::map<std::string, std::shared_ptr<const TimeZone>, std::less<>> registry;

  {
    std::lock_guard<std::mutex> registry_lock(registry_mutex);
    if (auto it = registry.find(name_view); it != registry.end()) return it->second;
  }

  const std::string name(name_view);
  // Names are IANA identifiers: reject paths and odd characters before
  // libical turns them into file names under the zoneinfo directory. Every
  // IANA zone starts with a capital letter; what else lives in that directory
  // is not a zone a document may name: "localtime" and "posixrules" are the
  // host's own settings, "Factory" has no offset, "right/" counts leap
  // seconds, "posix/" and "SystemV/" are copies and relics.
  const auto starts_with = [&](std::string_view prefix) { return name.compare(0, prefix.size(), prefix) == 0; };
  const bool plausible = !name.empty() && name.size() < 64 && name.front() >= 'A' && name.front() <= 'Z' &&
                         name.find("..") == std::string::npos && name.find("//") == std::string::npos &&
                         name.back() != '/' && name != "Factory" && !starts_with("SystemV/") &&
                         std::all_of(name.begin(), name.end(), [](char c) {
                           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                                  c == '/' || c == '_' || c == '-' || c == '+';
                         });
  if (!plausible)
    return Result::failure("unknown time zone " + quote_value(name) +
                           " (expected an IANA name such as Europe/Paris or America/New_York)");

  // Tabulating takes tens of milliseconds: done without the registry lock, so
  // lookups of zones already loaded never wait for it. Two threads loading
  // the same new zone at once both tabulate it; the first one kept wins.
  std::vector<Transition> table;
  {
    std::lock_guard<std::mutex> lock(libical_zone_mutex());
    icaltimezone* zone = libical_zone(name);
    if (!zone)
      return Result::failure("unknown time zone " + quote_value(name) +
                             " (expected an IANA name such as Europe/Paris or America/New_York)");
    table = tabulate(zone);
  }
  auto tz = std::make_shared<const TimeZone>(name, std::move(table));
  std::lock_guard<std::mutex> registry_lock(registry_mutex);
  return registry.emplace(name, std::move(tz)).first->second;
}

int TimeZone::offset_at(UnixSeconds t) const {
  // The last transition at or before t; before the table, its first entry.
  auto it = std::upper_bound(transitions_.begin(), transitions_.end(), t,
                             [](UnixSeconds value, const Transition& tr) { return value < tr.at; });
  if (it == transitions_.begin()) return transitions_.front().offset;
  return std::prev(it)->offset;
}

UnixSeconds TimeZone::from_local(UnixSeconds local) const {
  // Offsets in force a day either side bracket any single transition.
  const int before = offset_at(local - 86400);
  const int after = offset_at(local + 86400);
  const bool before_fits = offset_at(local - before) == before;
  if (before == after) return local - before;
  const bool after_fits = offset_at(local - after) == after;
  if (before_fits && after_fits) return std::min(local - before, local - after);  // repeated hour: first one
  if (after_fits) return local - after;
  return local - before;  // in force before the change, or a gap: RFC 5545 reads it with the earlier offset
}

}  // namespace tenant
