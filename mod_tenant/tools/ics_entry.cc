#include "tools/ics_entry.hh"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>

#include "core/hours/calendar_entry.hh"
#include "core/hours/instant.hh"
#include "core/hours/rrule_text.hh"
#include "core/util/ascii.hh"
#include "core/util/problem.hh"
#include "tools/ics_closures.hh"

namespace tenantctl {

namespace {

using tenant::UnixSeconds;
using Entry = tenant::Expected<tenant::JsonDoc>;

constexpr UnixSeconds kDay = 86400;
// Entries are read in the years 1970 to 2099 (parse_local_datetime): local
// days from 0 up to, not including, 2100-01-01.
const std::int64_t kEndDay = tenant::days_from_civil(2100, 1, 1);

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

std::int64_t day_of(const IcsTime& t) {
  return tenant::days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day));
}

UnixSeconds wall_of(const IcsTime& t) { return day_of(t) * kDay + t.hour * 3600 + t.minute * 60 + t.second; }

std::string date_text(std::int64_t day) {
  std::int64_t y;
  unsigned m, d;
  tenant::civil_from_days(day, y, m, d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  return buf;
}

std::string local_text(UnixSeconds wall) {
  const std::int64_t day = floor_div(wall, kDay);
  const UnixSeconds s = wall - day * kDay;
  char buf[16];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", static_cast<int>(s / 3600), static_cast<int>(s / 60 % 60),
                static_cast<int>(s % 60));
  return date_text(day) + buf;
}

// A wall-clock time an entry can hold: 1970-01-01T00:00:00 up to 2099.
bool writable(UnixSeconds wall) { return wall >= 0 && wall < kEndDay * kDay; }
const char kOutside[] = "it lies outside the years 1970 to 2099 closures are read in";

// SUMMARY as a label said to the caller: UTF-8 (bytes that are not become
// U+FFFD), control characters as spaces, no blanks around it, at most
// kMaxLabelBytes bytes cut at a character boundary.
std::optional<std::string> label_of(const std::optional<std::string>& summary, bool& cut) {
  if (!summary) return std::nullopt;
  std::string text = tenant::utf8_or_replaced(*summary);
  for (char& c : text)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  text = std::string(tenant::trim_blanks(text));
  if (text.size() > kMaxLabelBytes) {
    std::size_t n = kMaxLabelBytes;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    text = std::string(tenant::trim_blanks(std::string_view(text).substr(0, n)));
    cut = true;
  }
  if (text.empty()) return std::nullopt;
  return text;
}

// An entry as the document reader gives it to the engine.
tenant::CalendarEntrySpec spec_of(const cJSON* entry) {
  tenant::CalendarEntrySpec spec;
  const auto text = [&](const char* key) -> std::optional<std::string> {
    const cJSON* item = cJSON_GetObjectItemCaseSensitive(entry, key);
    return cJSON_IsString(item) ? std::optional<std::string>(item->valuestring) : std::nullopt;
  };
  spec.date = text("date");
  spec.start = text("start");
  spec.end = text("end");
  spec.rrule = text("rrule");
  spec.dtstart = text("dtstart");
  spec.tz = text("tz");
  if (const cJSON* minutes = cJSON_GetObjectItemCaseSensitive(entry, "duration_minutes"); cJSON_IsNumber(minutes))
    spec.duration_minutes = minutes->valueint;
  const cJSON* exdates = cJSON_GetObjectItemCaseSensitive(entry, "exdates");
  for (const cJSON* d = exdates ? exdates->child : nullptr; d; d = d->next)
    if (cJSON_IsString(d)) spec.exdates.emplace_back(d->valuestring);
  return spec;
}

// A time of the event: its wall-clock reading in its own zone, and the
// instant it names when that zone is known (floating times name none).
struct Moment {
  UnixSeconds wall = 0;
  std::optional<UnixSeconds> instant;
};

class Converter {
 public:
  Converter(const IcsEvent& event, const ZonePtr& target, ZoneBook& zones, std::vector<std::string>& notes)
      : event_(event), target_(target), zones_(zones), notes_(notes) {}

  Entry run() {
    const IcsEvent& e = event_;
    if (!e.problems.empty())
      return Entry::failure(e.problems.front() +
                            (e.problems.size() > 1 ? " (and " + std::to_string(e.problems.size() - 1) + " more)" : ""));
    if (e.cancelled) return Entry::failure("STATUS:CANCELLED");
    if (e.recurrence_id)
      return Entry::failure(
          "it changes one occurrence of a recurring event (RECURRENCE-ID), which a closure cannot say");
    if (e.exrule) return Entry::failure("EXRULE is not supported");
    if (e.rrules.size() > 1)
      return Entry::failure("it has " + std::to_string(e.rrules.size()) + " RRULEs; a closure follows one");
    if (!e.dtstart) return Entry::failure("it has no DTSTART");
    if (e.rdates) note("RDATE is not supported: the dates it adds are left out");
    if (e.rrules.empty() && !e.exdates.empty()) note("EXDATE without RRULE is ignored");
    if (target_) {
      clock_ = target_;
      tz_name_ = target_->name();
    }
    auto entry = e.dtstart->is_date ? all_day() : timed();
    if (!entry) return entry;
    if (!tz_name_.empty()) cJSON_AddStringToObject(entry.value().get(), "tz", tz_name_.c_str());
    // The check tenantctl validate runs on an entry, so that a list printed
    // here is a list the document accepts: a rule whose UNTIL comes before
    // its first occurrence, or that the engine cannot evaluate, is refused.
    if (auto compiled = tenant::CompiledEntry::compile(spec_of(entry.value().get()), "UTC"); !compiled)
      return Entry::failure(compiled.error());
    add_label(entry.value().get());
    return entry;
  }

 private:
  void note(const std::string& text) {
    if (std::find(notes_.begin(), notes_.end(), text) == notes_.end()) notes_.push_back(text);
  }

  bool recurring() const { return !event_.rrules.empty(); }

  Entry all_day() {
    const IcsEvent& e = event_;
    const std::int64_t first = day_of(*e.dtstart);
    std::int64_t days = 1;
    if (e.dtend) {
      if (!e.dtend->is_date) return Entry::failure("DTSTART is a date but DTEND a date-time");
      days = day_of(*e.dtend) - first;
      if (days < 0)
        return Entry::failure("DTEND " + date_text(day_of(*e.dtend)) + " is before DTSTART " + date_text(first));
      if (days == 0) {
        note("DTEND is the day of DTSTART: read as that one day (RFC 5545 excludes DTEND)");
        days = 1;
      }
    } else if (e.duration) {
      if (e.duration->negative || e.duration->seconds != 0 || e.duration->days == 0)
        return Entry::failure("the DURATION of an all-day event must be a whole number of days");
      days = e.duration->days;
    }
    // The first day must be written; so must the end of a span.
    const bool span = !recurring() && days > 1;
    if (first < 0 || first >= kEndDay || (span && first + days >= kEndDay))
      return Entry::failure(kOutside);

    tenant::JsonDoc entry(cJSON_CreateObject());
    if (!recurring()) {
      if (!span) {
        cJSON_AddStringToObject(entry.get(), "date", date_text(first).c_str());
      } else {
        cJSON_AddStringToObject(entry.get(), "start", local_text(first * kDay).c_str());
        cJSON_AddStringToObject(entry.get(), "end", local_text((first + days) * kDay).c_str());
      }
      return entry;
    }
    if (days * 1440 > kMaxClosureMinutes)
      return Entry::failure("each occurrence lasts " + std::to_string(days) +
                            " days; a recurring closure lasts 366 at most");
    return recurring_entry(std::move(entry), first * kDay, days * 1440, nullptr);
  }

  Entry timed() {
    const IcsEvent& e = event_;
    const auto source = zone_of(*e.dtstart, nullptr);
    if (!source) return Entry::failure(source.error());
    if (!target_ && *source) {
      clock_ = *source;
      tz_name_ = e.dtstart->zone == IcsTime::Zone::utc ? "UTC" : e.dtstart->tzid;
    }
    const auto start = moment(*e.dtstart, *source);
    if (!start) return Entry::failure(start.error());
    Moment end;
    if (e.dtend) {
      if (e.dtend->is_date) return Entry::failure("DTSTART is a date-time but DTEND a date");
      const auto m = moment(*e.dtend, *source);
      if (!m) return Entry::failure(m.error());
      end = *m;
    } else if (e.duration) {
      if (e.duration->negative) return Entry::failure("its DURATION is negative");
      // Days on the wall clock of DTSTART's zone, then the exact part.
      const UnixSeconds nominal = start->wall + e.duration->days * kDay;
      if (*source) {
        end.instant = (*source)->from_local(nominal) + e.duration->seconds;
        end.wall = (*source)->to_local(*end.instant);
      } else {
        end.wall = nominal + e.duration->seconds;
      }
    } else {
      return Entry::failure("it has no DTEND or DURATION: it lasts no time");
    }
    const bool instants = start->instant && end.instant;
    const UnixSeconds a = instants ? *start->instant : start->wall, b = instants ? *end.instant : end.wall;
    if (b < a) return Entry::failure("DTEND is before DTSTART");
    if (b == a) return Entry::failure("it ends when it starts");

    const UnixSeconds from = on_clock(*start), to = on_clock(end);
    if (to <= from)
      return Entry::failure("on the wall clock of " + (tz_name_.empty() ? "its zone" : tz_name_) +
                            " it would end (" + local_text(to) + ") before it starts (" + local_text(from) +
                            "): a change of summer time");
    if (!writable(from) || (!recurring() && !writable(to))) return Entry::failure(kOutside);

    tenant::JsonDoc entry(cJSON_CreateObject());
    if (!recurring()) {
      cJSON_AddStringToObject(entry.get(), "start", local_text(from).c_str());
      cJSON_AddStringToObject(entry.get(), "end", local_text(to).c_str());
      return entry;
    }
    const UnixSeconds length = to - from;
    if (length % 60) note("its length is rounded up to whole minutes");
    const std::int64_t minutes = (length + 59) / 60;
    if (minutes > kMaxClosureMinutes)
      return Entry::failure("each occurrence lasts " + std::to_string(minutes) +
                            " minutes; a recurring closure lasts 527040 (366 days) at most");
    return recurring_entry(std::move(entry), from, minutes, *source);
  }

  // source: the zone DTSTART is written in (null: floating, or all-day).
  Entry recurring_entry(tenant::JsonDoc entry, UnixSeconds dtstart, std::int64_t minutes, const ZonePtr& source) {
    const std::string& written = event_.rrules.front();
    // Read here for its normal form and its parts; whether it compiles is
    // the engine's to say (run()).
    auto rule = tenant::parse_rrule_text(written);
    if (!rule) return Entry::failure(rule.error());
    if (target_ && source && source->name() != target_->name()) {
      // The rule is read on the target's wall clock from the converted DTSTART.
      if (!rule->by_hour.empty() || !rule->by_minute.empty() || !rule->by_second.empty())
        return Entry::failure("its RRULE sets times of day (BYHOUR, BYMINUTE, BYSECOND) in " + source->name() +
                              ", which would be wrong on the wall clock of " + target_->name() +
                              ": convert the file without --tz");
      note("it recurs on the wall clock of " + target_->name() + " from its first occurrence: where " +
           source->name() + " and " + target_->name() +
           " change to summer time on different dates, occurrences fall an hour apart from the file's");
    }
    auto exdates = exdate_list(source);
    if (!exdates) return Entry::failure(exdates.error());

    cJSON_AddStringToObject(entry.get(), "rrule", rule->canonical.c_str());
    cJSON_AddNumberToObject(entry.get(), "duration_minutes", static_cast<double>(minutes));
    cJSON_AddStringToObject(entry.get(), "dtstart", local_text(dtstart).c_str());
    if (!exdates->empty()) {
      cJSON* list = cJSON_AddArrayToObject(entry.get(), "exdates");
      for (const std::string& d : *exdates) cJSON_AddItemToArray(list, cJSON_CreateString(d.c_str()));
    }
    return entry;
  }

  // The local dates of the EXDATEs on the entry's wall clock, sorted, once each.
  tenant::Expected<std::vector<std::string>> exdate_list(const ZonePtr& source) {
    using Result = tenant::Expected<std::vector<std::string>>;
    std::set<std::string> dates;
    for (const IcsTime& x : event_.exdates) {
      std::int64_t day = day_of(x);
      if (!x.is_date) {
        const auto m = moment(x, source);
        if (!m) return Result::failure(m.error());
        day = floor_div(on_clock(*m), kDay);
      }
      if (day >= 0 && day < kEndDay) dates.insert(date_text(day));  // outside, there is nothing to skip
    }
    if (dates.size() > kMaxClosureExdates)
      return Result::failure("it skips " + std::to_string(dates.size()) + " dates (EXDATE); a closure skips " +
                             std::to_string(kMaxClosureExdates) + " at most");
    return std::vector<std::string>(dates.begin(), dates.end());
  }

  // The zone a time is written in; floating_clock for a floating time (null:
  // floating too).
  tenant::Expected<ZonePtr> zone_of(const IcsTime& t, const ZonePtr& floating_clock) {
    if (t.zone == IcsTime::Zone::floating) return floating_clock;
    if (t.zone == IcsTime::Zone::utc) return zones_.find("UTC");
    auto zone = zones_.find(t.tzid);
    if (zone) return zone;
    const std::string what = "TZID " + tenant::quote_value(t.tzid) + " is " + zone.error();
    if (!target_)
      return tenant::Expected<ZonePtr>::failure(what + ": give --tz ZONE to read its times on ZONE's wall clock");
    note(what + ": its times are read on the wall clock of " + target_->name());
    return target_;
  }

  tenant::Expected<Moment> moment(const IcsTime& t, const ZonePtr& floating_clock) {
    const auto zone = zone_of(t, floating_clock);
    if (!zone) return tenant::Expected<Moment>::failure(zone.error());
    Moment m;
    m.wall = wall_of(t);
    if (*zone) m.instant = (*zone)->from_local(m.wall);
    return m;
  }

  // A moment on the entry's wall clock: converted when both the entry and
  // the moment have a zone, as written otherwise.
  UnixSeconds on_clock(const Moment& m) const { return clock_ && m.instant ? clock_->to_local(*m.instant) : m.wall; }

  void add_label(cJSON* entry) {
    bool cut = false;
    if (const auto label = label_of(event_.summary, cut)) cJSON_AddStringToObject(entry, "label", label->c_str());
    if (cut) note("its SUMMARY is cut to " + std::to_string(kMaxLabelBytes) + " bytes for the label");
  }

  const IcsEvent& event_;
  const ZonePtr& target_;
  ZoneBook& zones_;
  std::vector<std::string>& notes_;
  ZonePtr clock_;         // the entry's wall clock; null: none (floating, or all-day without --tz)
  std::string tz_name_;   // the entry's "tz"; empty: none
};

}  // namespace

tenant::Expected<ZonePtr> ZoneBook::find(const std::string& name) {
  using Result = tenant::Expected<ZonePtr>;
  if (const auto it = seen_.find(name); it != seen_.end()) return it->second;
  if (seen_.size() >= kMaxIcsZones)
    return Result::failure("past the " + std::to_string(kMaxIcsZones) + " time zones one file may name");
  auto zone = tenant::TimeZone::find(name);
  Result result = zone ? Result(*zone) : Result::failure("not a time zone tenantctl knows (an IANA name such as "
                                                         "Europe/Paris is expected)");
  return seen_.emplace(name, std::move(result)).first->second;
}

tenant::Expected<tenant::JsonDoc> closure_entry(const IcsEvent& event, const ZonePtr& target, ZoneBook& zones,
                                                std::vector<std::string>& notes) {
  return Converter(event, target, zones, notes).run();
}

}  // namespace tenantctl
