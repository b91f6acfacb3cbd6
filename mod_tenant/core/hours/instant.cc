#include "core/hours/instant.hh"

#include <chrono>
#include <ctime>

#include <cctype>
#include <cstdio>

#include "core/util/problem.hh"

namespace tenant {

// Howard Hinnant's days_from_civil: exact for the whole proleptic calendar.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
}

namespace {

bool read_digits(std::string_view s, std::size_t& pos, std::size_t count, int& out) {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += count;
  out = v;
  return true;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || std::toupper(static_cast<unsigned char>(s[pos])) != c) return false;
  ++pos;
  return true;
}

unsigned days_in_month(int y, int m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

Expected<UnixSeconds> parse_rfc3339(std::string_view s) {
  const auto bad = [&](const char* why) {
    return Expected<UnixSeconds>::failure("invalid instant " + quote_value(s) + ": " + why +
                                          " (expected RFC 3339, e.g. 2026-03-30T07:30:00Z)");
  };
  std::size_t p = 0;
  int y, mo, d, h, mi, se;
  if (!read_digits(s, p, 4, y) || !expect(s, p, '-') || !read_digits(s, p, 2, mo) || !expect(s, p, '-') ||
      !read_digits(s, p, 2, d))
    return bad("bad date");
  // RFC 3339 section 5.6 lets a space stand for the 'T'.
  if (p < s.size() && s[p] == ' ')
    ++p;
  else if (!expect(s, p, 'T'))
    return bad("missing 'T' between date and time");
  if (!read_digits(s, p, 2, h) || !expect(s, p, ':') || !read_digits(s, p, 2, mi) || !expect(s, p, ':') ||
      !read_digits(s, p, 2, se))
    return bad("bad time of day");
  if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, mo)) return bad("no such date");
  if (h > 23 || mi > 59 || se > 60) return bad("no such time of day");
  if (se == 60) se = 59;  // leap seconds are not represented in Unix time
  if (p < s.size() && s[p] == '.') {
    ++p;
    const std::size_t start = p;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
    if (p == start) return bad("empty fraction of a second");
  }
  int offset = 0;
  if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) {
    ++p;
  } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
    const int sign = s[p] == '-' ? -1 : 1;
    ++p;
    int oh, om;
    if (!read_digits(s, p, 2, oh) || !expect(s, p, ':') || !read_digits(s, p, 2, om) || oh > 23 || om > 59)
      return bad("bad UTC offset");
    offset = sign * (oh * 3600 + om * 60);
  } else {
    return bad("missing UTC offset ('Z' or +HH:MM)");
  }
  if (p != s.size()) return bad("unexpected text after the offset");
  const std::int64_t days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  return days * 86400 + h * 3600 + mi * 60 + se - offset;
}

std::string format_rfc3339_utc(UnixSeconds t) {
  std::int64_t days = t / 86400;
  std::int64_t secs = t % 86400;
  if (secs < 0) {
    secs += 86400;
    days -= 1;
  }
  std::int64_t y;
  unsigned m, d;
  civil_from_days(days, y, m, d);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m, d,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

Expected<UnixMillis> parse_rfc3339_millis(std::string_view text) {
  const auto seconds = parse_rfc3339(text);
  if (!seconds) return Expected<UnixMillis>::failure(seconds.error());
  // The fraction belongs to the seconds field (always counted forward), so
  // it adds to whatever the offset made of them. The date and time fields
  // have fixed widths: a fraction starts at offset 19.
  int millis = 0;
  if (text.size() > 19 && text[19] == '.')
    for (std::size_t i = 20, digits = 0; digits < 3; ++i, ++digits)
      millis = millis * 10 + (i < text.size() && text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : 0);
  return *seconds * 1000 + millis;
}

std::string format_rfc3339_millis_utc(UnixMillis t) {
  // Floor division: -1 ms is 23:59:59.999 on the day before.
  UnixSeconds seconds = t / 1000;
  int millis = static_cast<int>(t % 1000);
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  std::string text = format_rfc3339_utc(seconds);
  char fraction[8];
  std::snprintf(fraction, sizeof fraction, ".%03dZ", millis);
  text.replace(text.size() - 1, 1, fraction);
  return text;
}

Expected<UnixSeconds> parse_decision_instant(std::string_view text) {
  auto t = parse_rfc3339(text);
  if (!t) return t;
  if (*t < kEvaluableFrom || *t >= kEvaluableUntil)
    return Expected<UnixSeconds>::failure(format_rfc3339_utc(*t) +
                                          " is outside the years business hours are evaluated for (1970 to 2099)");
  return t;
}

Expected<UnixSeconds> parse_local_datetime(std::string_view s) {
  // Every position is checked: sscanf's %2d would also read "-5" or " 5".
  static const char kShape[] = "dddd-dd-ddTdd:dd:dd";
  bool shaped = s.size() == sizeof kShape - 1;
  for (std::size_t i = 0; shaped && i < s.size(); ++i)
    shaped = kShape[i] == 'd' ? s[i] >= '0' && s[i] <= '9' : s[i] == kShape[i];
  if (!shaped)
    return Expected<UnixSeconds>::failure("must be a local time YYYY-MM-DDTHH:MM:SS, got " + quote_value(s));
  const auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  const int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), se = num(17, 2);
  if (y < 1970 || y > 2099 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || se > 59)
    return Expected<UnixSeconds>::failure(quote_value(s) + " is not a local time YYYY-MM-DDTHH:MM:SS between 1970 and 2099");
  const UnixSeconds days = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  std::int64_t cy;
  unsigned cm, cd;
  civil_from_days(days, cy, cm, cd);
  if (cd != static_cast<unsigned>(d)) return Expected<UnixSeconds>::failure(quote_value(s) + " names no such day (YYYY-MM-DDTHH:MM:SS)");
  return days * 86400 + h * 3600 + mi * 60 + se;
}

UnixSeconds current_unix_seconds() { return static_cast<UnixSeconds>(std::time(nullptr)); }

UnixMillis current_unix_millis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Expected<UnixSeconds> parse_local_date(std::string_view s) {
  // The date part of a local date-time, read by the same reader.
  static const char kShape[] = "dddd-dd-dd";
  bool shaped = s.size() == sizeof kShape - 1;
  for (std::size_t i = 0; shaped && i < s.size(); ++i)
    shaped = kShape[i] == 'd' ? s[i] >= '0' && s[i] <= '9' : s[i] == kShape[i];
  if (!shaped) return Expected<UnixSeconds>::failure("must be a local date YYYY-MM-DD, got " + quote_value(s));
  auto local = parse_local_datetime(std::string(s) + "T00:00:00");
  if (!local)
    return Expected<UnixSeconds>::failure(quote_value(s) + " is not a real date YYYY-MM-DD between 1970 and 2099");
  return local;
}

}  // namespace tenant
