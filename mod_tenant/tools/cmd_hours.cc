// tenantctl hours: whether a business-hours rule is open at an instant and
// when that next changes, computed by the same engine the transfer decision
// uses.
#include <cjson/cJSON.h>

#include <cstdio>
#include <optional>
#include <ctime>
#include <string>

#include "cli_args.hh"
#include "core/util/ascii.hh"
#include "core/util/problem.hh"
#include "core/util/json_doc.hh"
#include "commands.hh"
#include "core/hours/instant.hh"
#include "core/hours/schedule.hh"
#include "core/routing/destination_state.hh"
#include "document_arg.hh"

namespace tenantctl {

namespace {

const char kHoursUsage[] =
    "usage: tenantctl hours --rrule RRULE --duration MIN [--tz ZONE] [--dtstart LOCAL] --at INSTANT\n"
    "       tenantctl hours --config FILE --destination ID --at INSTANT\n"
    "\n"
    "Evaluates business hours as a destination's business_hours would, and prints\n"
    "  {\"open\": true|false, \"next_change\": \"<RFC 3339 UTC>\"|null}\n"
    "next_change is the first instant after INSTANT at which the answer changes,\n"
    "looking up to 400 days ahead (null: no change in that time).\n"
    "\n"
    "With --config, evaluates a destination of a tenant_config document with\n"
    "everything it holds (windows, closures, openings, overrides, the tenant's\n"
    "closures and override), and adds what decided:\n"
    "  {\"open\": ..., \"next_change\": ..., \"by\": \"override\"|\"closure\"|\"opening\"|\n"
    "   \"hours\"|\"always\", \"label\": \"...\"|null}\n"
    "\n"
    "options:\n"
    "  --rrule RRULE     RFC 5545 recurrence rule without DTSTART,\n"
    "                    e.g. 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0'\n"
    "  --duration MIN    minutes each occurrence stays open, 1..1440\n"
    "  --tz ZONE         IANA time zone of the rule (default Europe/Paris)\n"
    "  --dtstart LOCAL   first occurrence, local YYYY-MM-DDTHH:MM:SS\n"
    "                    (default 2024-01-01T00:00:00, a Monday)\n"
    "  --config FILE     a tenant_config document (plain or Extended JSON; '-': stdin)\n"
    "  --destination ID  the destination of --config to evaluate\n"
    "  --at INSTANT      RFC 3339 instant, e.g. 2026-03-30T07:30:00Z or\n"
    "                    2026-03-30T09:30:00+02:00; 'now' for the current time\n"
    "  --help            show this text\n"
    "\n"
    "exit status: 0 answered, 1 invalid rule, zone, duration or instant,\n"
    "2 usage error.\n";

void add_next_change(cJSON* root, const std::optional<tenant::UnixSeconds>& next_change) {
  if (next_change)
    cJSON_AddStringToObject(root, "next_change", tenant::format_rfc3339_utc(*next_change).c_str());
  else
    cJSON_AddNullToObject(root, "next_change");
}

// The second form: one destination of a document, by its whole calendar.
int destination_hours(const ParsedArgs& args) {
  for (const char* single : {"rrule", "duration", "tz", "dtstart"})
    if (args.has(single))
      return usage_error(kHoursUsage, std::string("--") + single + " describes a rule; with --config the destination's own are used");
  for (const char* required : {"destination", "at"})
    if (!args.has(required)) return usage_error(kHoursUsage, std::string("missing --") + required);
  const auto instant = parse_instant_argument(*args.get("at"));
  if (!instant) return fail(kExitInvalid, instant.error());
  const auto config = read_tenant_document(*args.get("config"));
  if (!config) return fail(kExitInvalid, config.error());
  const std::string id = *args.get("destination");
  const tenant::Destination* d = config->find_destination(id);
  if (!d) return fail(kExitInvalid, "no destination " + tenant::quote_value(id) + " in the document");
  if (!tenant::destination_usable(*d))
    return fail(kExitInvalid, "destination " + tenant::quote_value(id) + " has configuration errors (listed above)");

  const tenant::AvailabilityState state = tenant::destination_state(*d, *instant);
  const tenant::JsonDoc root(cJSON_CreateObject());
  cJSON_AddBoolToObject(root.get(), "open", state.open);
  add_next_change(root.get(), tenant::destination_next_change(*d, *instant));
  cJSON_AddStringToObject(root.get(), "by", tenant::cause_name(state.cause));
  if (state.label)
    tenant::add_json_text(root.get(), "label", *state.label);
  else
    cJSON_AddNullToObject(root.get(), "label");
  std::printf("%s\n", tenant::json_text(root.get()).c_str());
  return kExitOk;
}

}  // namespace

int cmd_hours(int argc, char** argv) {
  const auto parsed = parse_args(argc, argv,
                                 {{"rrule", true}, {"duration", true}, {"tz", true}, {"dtstart", true}, {"at", true},
                                  {"config", true}, {"destination", true}});
  if (!parsed) return usage_error(kHoursUsage, parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(kHoursUsage);
  if (!args.positional.empty()) return usage_error(kHoursUsage, "unexpected argument '" + args.positional[0] + "'");
  if (args.has("config")) return destination_hours(args);
  if (args.has("destination")) return usage_error(kHoursUsage, "--destination goes with --config");
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
  const tenant::JsonDoc root(cJSON_CreateObject());
  cJSON_AddBoolToObject(root.get(), "open", compiled->is_open(at));
  add_next_change(root.get(), compiled->next_change(at));
  std::printf("%s\n", tenant::json_text(root.get()).c_str());
  return kExitOk;
}

}  // namespace tenantctl
