// tenantctl calendar: when each destination of a tenant document is really
// open over a run of days, and why, with the JSON the module's
// `tenant calendar` API returns.
#include <cstdio>
#include <string>

#include "cli_args.hh"
#include "commands.hh"
#include "core/routing/effective_calendar.hh"
#include "core/util/problem.hh"
#include "document_arg.hh"

namespace tenantctl {

namespace {

const char kCalendarUsage[] =
    "usage: tenantctl calendar --config FILE [--destination ID] --from DATE --days N\n"
    "\n"
    "Prints the effective calendar of the tenant_config document in FILE ('-'\n"
    "reads standard input): for each destination, by priority, the stretches of\n"
    "[DATE 00:00, DATE + N days 00:00) on the wall clock of its zone when it is\n"
    "open and when it is closed, and what decided each (business hours, a\n"
    "closure, a one-off opening, an override), as one JSON object:\n"
    "  {\"tenant_id\": ..., \"from\": DATE, \"days\": N,\n"
    "   \"destinations\": [{\"destination_id\": ..., \"label\": ..., \"tz\": ...,\n"
    "     \"enabled\": true|false, \"usable\": true|false,\n"
    "     \"open\": [{\"start\", \"end\", \"start_utc\", \"end_utc\", \"by\"[, \"label\"]}, ...],\n"
    "     \"closed\": [...]}, ...]}\n"
    "A disabled or unusable destination has no stretches and a \"message\".\n"
    "Problems found in the document are listed on standard error.\n"
    "\n"
    "options:\n"
    "  --config FILE      the tenant_config document (plain or Extended JSON)\n"
    "  --destination ID   only this destination\n"
    "  --from DATE        the first day, local YYYY-MM-DD (1970..2099)\n"
    "  --days N           how many days, 1..366\n"
    "  --help             show this text\n"
    "\n"
    "exit status: 0 calendar printed, 1 invalid date, days or destination, or an\n"
    "unreadable or invalid document, 2 usage error.\n";

}  // namespace

int cmd_calendar(int argc, char** argv) {
  const auto parsed = parse_args(argc, argv, {{"config", true}, {"destination", true}, {"from", true}, {"days", true}});
  if (!parsed) return usage_error(kCalendarUsage, parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(kCalendarUsage);
  if (!args.positional.empty())
    return usage_error(kCalendarUsage, "unexpected argument " + tenant::quote_value(args.positional[0]));
  for (const char* required : {"config", "from", "days"})
    if (!args.has(required)) return usage_error(kCalendarUsage, std::string("missing --") + required);

  const auto days = tenant::parse_calendar_days(*args.get("days"));
  if (!days) return fail(kExitInvalid, days.error());

  // Its problems go to stderr: they say why a destination is listed
  // without stretches, or why the tenant is refused.
  const auto config = read_tenant_document(*args.get("config"));
  if (!config) return fail(kExitInvalid, config.error());

  const auto json = tenant::effective_calendar_json(*config, args.get("destination"), *args.get("from"), *days);
  if (!json) return fail(kExitInvalid, json.error());
  std::printf("%s\n", json->c_str());
  return kExitOk;
}

}  // namespace tenantctl
