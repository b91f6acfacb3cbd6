// tenantctl hours: whether a business-hours rule is open at an instant and
// when that next changes, computed by the same engine the transfer decision
// uses.
#include <cjson/cJSON.h>

#include <cstdio>
#include <ctime>
#include <string>

#include "cli_args.hh"
#include "core/util/ascii.hh"
#include "core/util/problem.hh"
#include "core/util/json_doc.hh"
#include "commands.hh"
#include "core/hours/instant.hh"
#include "core/hours/schedule.hh"

namespace tenantctl {

namespace {

const char kHoursUsage[] =
    "usage: tenantctl hours --rrule RRULE --duration MIN [--tz ZONE] [--dtstart LOCAL] --at INSTANT\n"
    "\n"
    "Evaluates business hours as a destination's business_hours would, and prints\n"
    "  {\"open\": true|false, \"next_change\": \"<RFC 3339 UTC>\"|null}\n"
    "next_change is the first instant after INSTANT at which the answer changes,\n"
    "looking up to 400 days ahead (null: no change in that time).\n"
    "\n"
    "options:\n"
    "  --rrule RRULE     RFC 5545 recurrence rule without DTSTART,\n"
    "                    e.g. 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0'\n"
    "  --duration MIN    minutes each occurrence stays open, 1..1440\n"
    "  --tz ZONE         IANA time zone of the rule (default Europe/Paris)\n"
    "  --dtstart LOCAL   first occurrence, local YYYY-MM-DDTHH:MM:SS\n"
    "                    (default 2024-01-01T00:00:00, a Monday)\n"
    "  --at INSTANT      RFC 3339 instant, e.g. 2026-03-30T07:30:00Z or\n"
    "                    2026-03-30T09:30:00+02:00; 'now' for the current time\n"
    "  --help            show this text\n"
    "\n"
    "exit status: 0 answered, 1 invalid rule, zone, duration or instant,\n"
    "2 usage error.\n";

}  // namespace

int cmd_hours(int argc, char** argv) {
  const auto parsed =
      parse_args(argc, argv, {{"rrule", true}, {"duration", true}, {"tz", true}, {"dtstart", true}, {"at", true}});
  if (!parsed) return usage_error(kHoursUsage, parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(kHoursUsage);
  if (!args.positional.empty()) return usage_error(kHoursUsage, "unexpected argument '" + args.positional[0] + "'");
  for (const char* required : {"rrule", "duration", "at"})
    if (!args.has(required)) return usage_error(kHoursUsage, std::string("missing --") + required);

  tenant::BusinessHoursSpec spec;
  spec.rrule = *args.get("rrule");
  // Strict: "480" only, no sign, spaces or suffix, so a typo is never read as
  // a different duration.
  const auto minutes = tenant::parse_digits(*args.get("duration"), 1, 1440);
  if (!minutes)
    return fail(kExitInvalid,
                "--duration: expected whole minutes 1..1440, got " + tenant::quote_value(*args.get("duration")));
  spec.duration_minutes = static_cast<int>(*minutes);
  if (args.has("tz")) spec.tz = *args.get("tz");
  spec.dtstart = args.get("dtstart");

  const auto instant = parse_instant_argument(*args.get("at"));
  if (!instant) return fail(kExitInvalid, instant.error());
  const tenant::UnixSeconds at = instant.value();

  const auto schedule = tenant::Schedule::compile(spec);
  if (!schedule) return fail(kExitInvalid, schedule.error());
  if (const auto warning = tenant::schedule_warning(spec)) std::fprintf(stderr, "warning: %s\n", warning->c_str());

  const auto& compiled = schedule.value();
  const auto next_change = compiled->next_change(at);
  const tenant::JsonDoc root(cJSON_CreateObject());
  cJSON_AddBoolToObject(root.get(), "open", compiled->is_open(at));
  if (next_change)
    cJSON_AddStringToObject(root.get(), "next_change", tenant::format_rfc3339_utc(*next_change).c_str());
  else
    cJSON_AddNullToObject(root.get(), "next_change");
  std::printf("%s\n", tenant::json_text(root.get()).c_str());
  return kExitOk;
}

}  // namespace tenantctl
