#include "core/hours/rrule_text.hh"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>

#include "core/hours/instant.hh"
#include "core/util/problem.hh"
#include "core/util/ascii.hh"

namespace tenant {

namespace {

using Result = Expected<RruleParts>;

constexpr std::array<const char*, 7> kWeekdayNames = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"};

// "[+-]digits" with at most four digits, so that no value can overflow and
// "2x", "" or "+" are refused rather than read as a prefix.
bool read_integer(std::string_view text, bool allow_sign, int& out) {
  std::size_t pos = 0;
  int sign = 1;
  if (allow_sign && !text.empty() && (text[0] == '+' || text[0] == '-')) {
    sign = text[0] == '-' ? -1 : 1;
    pos = 1;
  }
  const std::size_t digits = text.size() - pos;
  if (digits == 0 || digits > 4) return false;
  int v = 0;
  for (; pos < text.size(); ++pos) {
    if (text[pos] < '0' || text[pos] > '9') return false;
    v = v * 10 + (text[pos] - '0');
  }
  out = sign * v;
  return true;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string_view> split_list(std::string_view value) {
  std::vector<std::string_view> items;
  std::size_t pos = 0;
  for (;;) {
    const std::size_t comma = value.find(',', pos);
    items.push_back(value.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
    if (comma == std::string_view::npos) return items;
    pos = comma + 1;
  }
}

std::string part_text(const std::string& name, std::string_view value) {
  return "RRULE part " + quote_value(name + "=" + std::string(value));
}

// A BYxxx list of integers in [low, high], zero excluded when signed values
// are allowed (RFC 5545 counts from the end with negative numbers).
Expected<std::vector<int>> read_int_list(const std::string& name, std::string_view value, int low, int high) {
  using ListResult = Expected<std::vector<int>>;
  std::vector<int> out;
  std::set<int> seen;
  const std::string range = low < 0 ? "-" + std::to_string(high) + "..-1, 1.." + std::to_string(high)
                                    : std::to_string(low) + ".." + std::to_string(high);
  for (std::string_view item : split_list(value)) {
    int v = 0;
    if (item.empty()) return ListResult::failure(part_text(name, value) + " has an empty list item");
    const bool signed_item = low < 0 && (item[0] == '-' || item[0] == '+');
    if (!read_integer(item, low < 0, v)) {
      const bool too_long = all_digits(item.substr(signed_item ? 1 : 0));
      return ListResult::failure(part_text(name, value) + ": " + quote_value(item) +
                                 (too_long ? " is outside " : " is not a whole number in ") + range);
    }
    if (v < low || v > high || (v == 0 && low < 0))
      return ListResult::failure(part_text(name, value) + ": " + quote_value(item) + " is outside " + range);
    if (!seen.insert(v).second)
      return ListResult::failure(part_text(name, value) + " gives " + std::to_string(v) + " twice");
    out.push_back(v);
  }
  return out;
}

int weekday_index(std::string_view name) {
  for (std::size_t i = 0; i < kWeekdayNames.size(); ++i)
    if (name == kWeekdayNames[i]) return static_cast<int>(i);
  return -1;
}

// UNTIL is a DATE (YYYYMMDD) or DATE-TIME (YYYYMMDDTHHMMSS, optionally Z)
// that exists on the calendar.
bool plausible_until(std::string_view v) {
  const auto number = [&](std::size_t from, std::size_t n, int& out) {
    return read_integer(v.substr(from, n), false, out);
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (v.size() != 8 && v.size() != 15 && v.size() != 16) return false;
  if (!number(0, 4, y) || !number(4, 2, mo) || !number(6, 2, d)) return false;
  if (v.size() > 8 && (v[8] != 'T' || !number(9, 2, h) || !number(11, 2, mi) || !number(13, 2, s) ||
                       (v.size() == 16 && v[15] != 'Z')))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return false;
  std::int64_t cy;
  unsigned cm, cd;
  civil_from_days(days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)), cy, cm, cd);
  return cd == static_cast<unsigned>(d);
}

std::string join(const std::vector<int>& values) {
  std::string out;
  for (int v : values) out += (out.empty() ? "" : ",") + std::to_string(v);
  return out;
}

const char* frequency_name(Frequency f) {
  switch (f) {
    case Frequency::hourly: return "HOURLY";
    case Frequency::daily: return "DAILY";
    case Frequency::weekly: return "WEEKLY";
    case Frequency::monthly: return "MONTHLY";
    case Frequency::yearly: return "YEARLY";
  }
  return "?";
}

std::string canonical_text(const RruleParts& r) {
  std::string out = std::string("FREQ=") + frequency_name(r.freq);  // libical wants FREQ first
  if (r.interval != 1) out += ";INTERVAL=" + std::to_string(r.interval);
  if (r.count) out += ";COUNT=" + std::to_string(*r.count);
  if (r.until) out += ";UNTIL=" + *r.until;
  const auto list = [&](const char* name, const std::vector<int>& v) {
    if (!v.empty()) out += std::string(";") + name + "=" + join(v);
  };
  list("BYSECOND", r.by_second);
  list("BYMINUTE", r.by_minute);
  list("BYHOUR", r.by_hour);
  if (!r.by_day.empty()) {
    out += ";BYDAY=";
    for (std::size_t i = 0; i < r.by_day.size(); ++i)
      out += (i ? "," : "") + (r.by_day[i].ordinal ? std::to_string(r.by_day[i].ordinal) : std::string()) +
             kWeekdayNames[static_cast<std::size_t>(r.by_day[i].weekday)];
  }
  list("BYMONTHDAY", r.by_month_day);
  list("BYYEARDAY", r.by_year_day);
  list("BYMONTH", r.by_month);
  list("BYSETPOS", r.by_set_pos);
  if (r.wkst != MO) out += std::string(";WKST=") + kWeekdayNames[static_cast<std::size_t>(r.wkst)];
  return out;
}

}  // namespace

int starts_per_period(const RruleParts& r) {
  const auto n = [](const std::vector<int>& v) { return v.empty() ? 1 : static_cast<int>(v.size()); };
  const int hours = r.freq == Frequency::hourly ? 1 : n(r.by_hour);
  return hours * n(r.by_minute) * n(r.by_second);
}

int starts_per_day(const RruleParts& r) {
  const int every = (24 + r.interval - 1) / r.interval;  // hours an HOURLY rule steps on in a day, at most
  const int hours = r.freq != Frequency::hourly ? 1 : r.by_hour.empty() ? every
                                                                        : std::min<int>(every, static_cast<int>(r.by_hour.size()));
  return hours * starts_per_period(r);
}

Expected<RruleParts> parse_rrule_text(std::string_view text) {
  if (text.empty()) return Result::failure("RRULE is empty");
  if (text.size() > kMaxRruleBytes)
    return Result::failure("RRULE is " + std::to_string(text.size()) + " bytes long; at most " +
                           std::to_string(kMaxRruleBytes) + " are accepted");
  for (unsigned char c : text)
    if (c < 0x20 || c >= 0x7f || c == ' ')
      return Result::failure("RRULE contains whitespace, non-ASCII or control characters");
  std::string rule(text);
  if (ascii_upper(rule.substr(0, 6)) == "RRULE:") rule.erase(0, 6);

  // NAME -> VALUE, names and values upper-case, each name once.
  std::vector<std::pair<std::string, std::string>> parts;
  std::set<std::string> names;
  std::size_t pos = 0;
  while (pos <= rule.size()) {
    const std::size_t end = std::min(rule.find(';', pos), rule.size());
    const std::string part = rule.substr(pos, end - pos);
    pos = end + 1;
    if (part.empty()) {
      if (end == rule.size()) break;  // a trailing ';' is harmless
      return Result::failure("RRULE has an empty part (';;')");
    }
    const auto eq = part.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == part.size())
      return Result::failure("RRULE part " + quote_value(part) + " is not NAME=VALUE");
    const std::string name = ascii_upper(part.substr(0, eq));
    if (!names.insert(name).second) return Result::failure("RRULE gives " + quote_value(name) + " twice");
    parts.emplace_back(name, ascii_upper(part.substr(eq + 1)));
  }

  RruleParts out;
  bool have_freq = false;
  for (const auto& [name, value] : parts) {
    if (name == "FREQ") {
      have_freq = true;
      if (value == "HOURLY") out.freq = Frequency::hourly;
      else if (value == "DAILY") out.freq = Frequency::daily;
      else if (value == "WEEKLY") out.freq = Frequency::weekly;
      else if (value == "MONTHLY") out.freq = Frequency::monthly;
      else if (value == "YEARLY") out.freq = Frequency::yearly;
      else if (value == "SECONDLY" || value == "MINUTELY")
        return Result::failure("RRULE FREQ=" + value +
                               " is not supported for business hours (use HOURLY or coarser with a duration)");
      else
        return Result::failure("RRULE has unknown FREQ " + quote_value(value));
    }
  }
  if (!have_freq) return Result::failure("RRULE has no FREQ");
  const bool monthly = out.freq == Frequency::monthly, yearly = out.freq == Frequency::yearly;

  for (const auto& [name, value] : parts) {
    Expected<std::vector<int>> list = std::vector<int>{};
    if (name == "FREQ") {
      continue;
    } else if (name == "INTERVAL" || name == "COUNT") {
      int v = 0;
      const int high = name == "INTERVAL" ? kMaxInterval : kMaxCount;
      if (!read_integer(value, false, v) && !all_digits(value))
        return Result::failure(part_text(name, value) + " is not a whole number");
      if (v < 1 || v > high)
        return Result::failure(part_text(name, value) + " is outside 1.." + std::to_string(high) +
                               (name == "COUNT" ? " (use UNTIL for a longer rule)" : ""));
      (name == "INTERVAL" ? out.interval : out.count.emplace()) = v;
    } else if (name == "UNTIL") {
      if (!plausible_until(value))
        return Result::failure(part_text(name, value) + " is not a date YYYYMMDD or a time YYYYMMDDTHHMMSS[Z]");
      out.until = value;
    } else if (name == "BYSECOND") {
      // 60 (a leap second) is allowed by RFC 5545 but the engine's clock has none.
      if (!(list = read_int_list(name, value, 0, 59))) return Result::failure(list.error());
      out.by_second = *list;
    } else if (name == "BYMINUTE") {
      if (!(list = read_int_list(name, value, 0, 59))) return Result::failure(list.error());
      out.by_minute = *list;
    } else if (name == "BYHOUR") {
      if (!(list = read_int_list(name, value, 0, 23))) return Result::failure(list.error());
      out.by_hour = *list;
    } else if (name == "BYMONTHDAY") {
      if (!(list = read_int_list(name, value, -31, 31))) return Result::failure(list.error());
      out.by_month_day = *list;
    } else if (name == "BYYEARDAY") {
      if (!(list = read_int_list(name, value, -366, 366))) return Result::failure(list.error());
      out.by_year_day = *list;
    } else if (name == "BYMONTH") {
      if (!(list = read_int_list(name, value, 1, 12))) return Result::failure(list.error());
      out.by_month = *list;
    } else if (name == "BYSETPOS") {
      if (!(list = read_int_list(name, value, -366, 366))) return Result::failure(list.error());
      out.by_set_pos = *list;
    } else if (name == "BYWEEKNO") {
      // libical 3.0 mis-places ISO weeks: BYWEEKNO without BYDAY gives days
      // outside the week, week 53 is found in years that have none, the
      // Sunday of week 52 is lost in leap years, and negative weeks crash it.
      return Result::failure("RRULE BYWEEKNO is not supported (the calendar library mis-computes ISO weeks); "
                             "use BYMONTH with BYMONTHDAY or BYDAY instead");
    } else if (name == "WKST") {
      out.wkst = weekday_index(value);
      if (out.wkst < 0) return Result::failure(part_text(name, value) + " is not MO, TU, WE, TH, FR, SA or SU");
    } else if (name == "BYDAY") {
      std::set<std::pair<int, int>> seen;
      for (std::string_view item : split_list(value)) {
        if (item.size() < 2) return Result::failure(part_text(name, value) + " has an empty or short list item");
        WeekdayNum d;
        d.weekday = weekday_index(item.substr(item.size() - 2));
        if (d.weekday < 0)
          return Result::failure(part_text(name, value) + ": " + quote_value(item) + " does not end in a weekday (MO..SU)");
        if (item.size() > 2) {
          if (!read_integer(item.substr(0, item.size() - 2), true, d.ordinal) || d.ordinal == 0)
            return Result::failure(part_text(name, value) + ": " + quote_value(item) + " has a malformed ordinal");
          if (!monthly && !yearly)
            return Result::failure("RRULE BYDAY with a number (e.g. 1MO) needs FREQ=MONTHLY or YEARLY");
          // Within a month (MONTHLY, or YEARLY with BYMONTH) a weekday occurs
          // at most five times, within a year at most 53.
          const int high = monthly || names.count("BYMONTH") ? 5 : 53;
          if (d.ordinal < -high || d.ordinal > high)
            return Result::failure(part_text(name, value) + ": " + quote_value(item) + " is outside -" +
                                   std::to_string(high) + "..-1, 1.." + std::to_string(high) + " (a weekday occurs at most " +
                                   std::to_string(high) + " times in a " + (high == 5 ? "month" : "year") + ")");
        }
        if (!seen.insert({d.ordinal, d.weekday}).second)
          return Result::failure(part_text(name, value) + " gives " + quote_value(item) + " twice");
        out.by_day.push_back(d);
      }
    } else if (name == "DTSTART") {
      return Result::failure("RRULE cannot carry DTSTART; use business_hours.dtstart");
    } else {
      return Result::failure("RRULE has unknown part " + quote_value(name));
    }
  }

  if (out.count && out.until) return Result::failure("RRULE cannot have both COUNT and UNTIL (RFC 5545)");
  // RFC 5545 section 3.3.10 restrictions that libical does not enforce.
  if (!out.by_month_day.empty() && out.freq == Frequency::weekly)
    return Result::failure("RRULE BYMONTHDAY cannot be used with FREQ=WEEKLY");
  if (!out.by_year_day.empty() && (out.freq == Frequency::daily || out.freq == Frequency::weekly || monthly))
    return Result::failure(std::string("RRULE BYYEARDAY cannot be used with FREQ=") + frequency_name(out.freq));
  // Shapes libical 3.0 evaluates differently from RFC 5545 (each checked
  // against python-dateutil): refused rather than answered wrongly.
  struct Unsupported {
    bool applies;
    const char* what;
    const char* why;
    const char* instead;
  };
  const bool hourly = out.freq == Frequency::hourly, daily = out.freq == Frequency::daily;
  const Unsupported shapes[] = {
      {hourly && !out.by_hour.empty(), "FREQ=HOURLY with BYHOUR", "the first matching hour of a day is lost",
       "use FREQ=DAILY with BYHOUR"},
      {hourly && !out.by_year_day.empty(), "FREQ=HOURLY with BYYEARDAY", "negative days never match",
       "use FREQ=YEARLY with BYYEARDAY and BYHOUR"},
      {(hourly || daily) && std::any_of(out.by_month_day.begin(), out.by_month_day.end(), [](int d) { return d < 0; }),
       "a negative BYMONTHDAY with FREQ=DAILY or HOURLY", "it never matches", "use FREQ=MONTHLY"},
      {yearly && !out.by_month_day.empty() && out.by_month.empty(), "FREQ=YEARLY with BYMONTHDAY but no BYMONTH",
       "only DTSTART's month is used", "add BYMONTH or use FREQ=MONTHLY"},
      {!out.by_set_pos.empty() && !monthly && !yearly, "BYSETPOS with FREQ=HOURLY, DAILY or WEEKLY",
       "it is ignored or misapplied", "use FREQ=MONTHLY or YEARLY"},
      {!out.by_set_pos.empty() && starts_per_period(out) > 1, "BYSETPOS with more than one start a day",
       "it picks days, not starts", "give a single BYHOUR and BYMINUTE"},
      {out.freq == Frequency::weekly && out.interval > 1 && out.wkst != MO && out.wkst != SU,
       "WKST other than MO or SU with FREQ=WEEKLY and INTERVAL", "the weeks are placed wrongly", "use WKST=MO or SU"},
  };
  for (const Unsupported& u : shapes)
    if (u.applies)
      return Result::failure(std::string("RRULE ") + u.what + " is not supported: the calendar library gets it wrong (" +
                             u.why + "); " + u.instead);

  const bool selects = !out.by_second.empty() || !out.by_minute.empty() || !out.by_hour.empty() ||
                       !out.by_day.empty() || !out.by_month_day.empty() || !out.by_year_day.empty() ||
                       !out.by_month.empty();
  if (!out.by_set_pos.empty() && !selects)
    return Result::failure("RRULE BYSETPOS needs another BYxxx part to select from");
  if (starts_per_day(out) > kMaxStartsPerDay)
    return Result::failure("RRULE starts up to " + std::to_string(starts_per_day(out)) +
                           " openings per day (hours x BYMINUTE x BYSECOND); at most " +
                           std::to_string(kMaxStartsPerDay) + " are accepted: use a longer duration_minutes");

  out.canonical = canonical_text(out);
  return out;
}

}  // namespace tenant
