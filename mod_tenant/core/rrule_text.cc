#include "rrule_text.hh"

#include <algorithm>
#include <cctype>
#include <set>

namespace tenant {

namespace {

const std::set<std::string> kKnownParts = {"FREQ",     "UNTIL",    "COUNT",      "INTERVAL",  "BYSECOND",
                                           "BYMINUTE", "BYHOUR",   "BYDAY",      "BYMONTHDAY", "BYYEARDAY",
                                           "BYWEEKNO", "BYMONTH",  "BYSETPOS",   "WKST"};
const std::set<std::string> kFrequencies = {"SECONDLY", "MINUTELY", "HOURLY", "DAILY",
                                            "WEEKLY",   "MONTHLY",  "YEARLY"};

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::toupper(c); });
  return out;
}

bool has_ordinal_weekday(const std::string& byday) {
  // "1MO", "-1FR", "+2TU": a digit anywhere marks an ordinal.
  return std::any_of(byday.begin(), byday.end(), [](unsigned char c) { return std::isdigit(c); });
}

}  // namespace

Expected<RruleParts> parse_rrule_text(std::string_view text) {
  using Result = Expected<RruleParts>;
  std::string rule(text);
  if (rule.empty()) return Result::failure("RRULE is empty");
  for (unsigned char c : rule)
    if (c < 0x20 || c == 0x7f || c == ' ') return Result::failure("RRULE contains whitespace or control characters");
  if (upper(rule.substr(0, 6)) == "RRULE:") rule.erase(0, 6);

  RruleParts out;
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
      return Result::failure("RRULE part '" + part + "' is not NAME=VALUE");
    const std::string name = upper(part.substr(0, eq));
    const std::string value = upper(part.substr(eq + 1));
    if (name == "DTSTART")
      return Result::failure("RRULE cannot carry DTSTART; use business_hours.dtstart");
    if (!kKnownParts.count(name)) return Result::failure("RRULE has unknown part '" + name + "'");
    if (out.parts.count(name)) return Result::failure("RRULE gives " + name + " twice");
    out.parts[name] = value;
  }

  if (!out.has("FREQ")) return Result::failure("RRULE has no FREQ");
  out.freq = out.parts["FREQ"];
  if (!kFrequencies.count(out.freq)) return Result::failure("RRULE has unknown FREQ '" + out.freq + "'");
  if (out.freq == "SECONDLY" || out.freq == "MINUTELY")
    return Result::failure("RRULE FREQ=" + out.freq +
                           " is not supported for business hours (use HOURLY or coarser with a duration)");
  if (out.has("COUNT") && out.has("UNTIL")) return Result::failure("RRULE cannot have both COUNT and UNTIL (RFC 5545)");

  // RFC 5545 section 3.3.10 restrictions that libical does not enforce.
  const bool monthly_or_yearly = out.freq == "MONTHLY" || out.freq == "YEARLY";
  if (out.has("BYDAY") && !monthly_or_yearly && has_ordinal_weekday(out.parts["BYDAY"]))
    return Result::failure("RRULE BYDAY with a number (e.g. 1MO) needs FREQ=MONTHLY or YEARLY");
  if (out.has("BYWEEKNO") && out.freq != "YEARLY") return Result::failure("RRULE BYWEEKNO needs FREQ=YEARLY");
  if (out.has("BYMONTHDAY") && out.freq == "WEEKLY")
    return Result::failure("RRULE BYMONTHDAY cannot be used with FREQ=WEEKLY");
  if (out.has("BYYEARDAY") && (out.freq == "DAILY" || out.freq == "WEEKLY" || out.freq == "MONTHLY"))
    return Result::failure("RRULE BYYEARDAY cannot be used with FREQ=" + out.freq);
  const auto selecting_parts = std::count_if(out.parts.begin(), out.parts.end(), [](const auto& p) {
    return p.first.compare(0, 2, "BY") == 0 && p.first != "BYSETPOS";
  });
  if (out.has("BYSETPOS") && selecting_parts == 0)
    return Result::failure("RRULE BYSETPOS needs another BYxxx part to select from");

  out.canonical = "FREQ=" + out.freq;  // libical wants FREQ first
  for (const auto& [name, value] : out.parts)
    if (name != "FREQ") out.canonical += ";" + name + "=" + value;
  return out;
}

}  // namespace tenant
