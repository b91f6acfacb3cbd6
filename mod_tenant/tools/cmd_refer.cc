// tenantctl refer: a dry run of the transfer decision for one tenant
// document at a chosen instant, with the JSON the module's API returns.
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <string>

#include "cli_args.hh"
#include "commands.hh"
#include "document_arg.hh"
#include "core/hours/instant.hh"
#include "core/util/problem.hh"
#include "core/routing/destination_rules.hh"
#include "core/number/sip_host.hh"
#include "core/tenant/tenant_config.hh"
#include "core/tenant/tenant_context.hh"
#include "core/routing/transfer_decision.hh"

namespace tenantctl {

namespace {

const char kReferUsage[] =
    "usage: tenantctl refer --config FILE [--destination ID] --at INSTANT [--tel-domain DOMAIN]\n"
    "\n"
    "Previews the transfer decision for the tenant_config document in FILE\n"
    "('-' reads standard input) at INSTANT, and prints it as one JSON object:\n"
    "  {\"ok\": true, \"destination_id\": ..., \"label\": ..., \"target_uri\": ...,\n"
    "   \"refer_to\": ..., \"reason\": \"open\"|\"after_hours\"|\"priority\",\n"
    "   \"chain\": [{\"destination_id\": ..., \"status\": ...}, ...],\n"
    "   \"handoff_phrase\": ...|null, \"require_confirmation\": true|false}\n"
    "or, when the transfer is refused,\n"
    "  {\"ok\": false, \"error\": CODE, \"next_open\": \"<RFC 3339 UTC>\"|null,\n"
    "   \"message\": ..., \"chain\": [...]}\n"
    "with CODE one of refer_disabled, invalid_config, unknown_destination,\n"
    "destination_disabled, invalid_destination, closed.\n"
    "Problems found in the document are listed on standard error.\n"
    "\n"
    "options:\n"
    "  --config FILE        the tenant_config document (plain or Extended JSON)\n"
    "  --destination ID     the destination asked for; without it, the first\n"
    "                       enabled destination open at INSTANT by priority\n"
    "  --at INSTANT         RFC 3339 instant, e.g. 2026-03-30T07:30:00Z; 'now' for\n"
    "                       the current time\n"
    "  --tel-domain DOMAIN  write tel:+E.164 targets as sip:+E164@DOMAIN;user=phone\n"
    "                       in refer_to (default: tel: targets are kept as they are)\n"
    "  --help               show this text\n"
    "\n"
    "exit status: 0 transfer decided, 1 refused or unreadable document,\n"
    "2 usage error.\n";

}  // namespace

int cmd_refer(int argc, char** argv) {
  const auto parsed =
      parse_args(argc, argv, {{"config", true}, {"destination", true}, {"at", true}, {"tel-domain", true}});
  if (!parsed) return usage_error(kReferUsage, parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(kReferUsage);
  if (!args.positional.empty()) return usage_error(kReferUsage, "unexpected argument '" + args.positional[0] + "'");
  for (const char* required : {"config", "at"})
    if (!args.has(required)) return usage_error(kReferUsage, std::string("missing --") + required);

  const auto instant = parse_instant_argument(*args.get("at"));
  if (!instant) return fail(kExitInvalid, instant.error());
  const tenant::UnixSeconds at = instant.value();

  tenant::ReferOptions options;
  if (args.has("tel-domain")) {
    options.tel_sip_domain = *args.get("tel-domain");
    // The domain lands inside a SIP URI: the same host[:port] rule as a
    // destination's sip: target_uri, so nothing can change the URI's shape.
    if (const auto problem = tenant::sip_hostport_problem(options.tel_sip_domain))
      return fail(kExitInvalid, "--tel-domain: expected a host name or address with an optional port; " + *problem);
  }

  const auto config = read_tenant_document(*args.get("config"));
  if (!config) return fail(kExitInvalid, config.error());

  // The module's decision: the tenant's status counts (a disabled tenant's
  // calls are not transferred), then the destinations.
  const auto context = tenant::context_for_config(std::make_shared<const tenant::TenantConfig>(config.value()));
  const auto decision = tenant::decide_transfer(context.get(), args.get("destination"), {}, at, options);
  const std::string json = tenant::refer_decision_json(decision);
  std::printf("%s\n", json.c_str());
  return decision.ok ? kExitOk : kExitInvalid;
}

}  // namespace tenantctl
