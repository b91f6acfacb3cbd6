// tenantctl tools: the transfer tool an AI model is given for a tenant
// document at an instant, with the JSON the module's `tenant tools` API
// returns.
#include <cstdio>
#include <memory>
#include <string>

#include "cli_args.hh"
#include "commands.hh"
#include "core/routing/transfer_tool.hh"
#include "core/tenant/tenant_context.hh"
#include "core/util/problem.hh"
#include "document_arg.hh"

namespace tenantctl {

namespace {

const char kToolsUsage[] =
    "usage: tenantctl tools --config FILE [--at INSTANT]\n"
    "\n"
    "Prints the transfer tool for the tenant_config document in FILE ('-'\n"
    "reads standard input): one function definition in the JSON-schema form AI\n"
    "model APIs take for function calling, whose destination_id may only be a\n"
    "destination open at INSTANT (enabled, free of configuration errors, open by\n"
    "its calendar), in priority order:\n"
    "  {\"type\": \"function\", \"function\": {\"name\": \"transfer_call\",\n"
    "   \"description\": ..., \"parameters\": {\"type\": \"object\",\n"
    "   \"properties\": {\"destination_id\": {\"type\": \"string\", \"enum\": [...],\n"
    "   \"description\": ...}}, \"required\": [\"destination_id\"],\n"
    "   \"additionalProperties\": false}}}\n"
    "When no destination is open at INSTANT, or the tenant's transfers are\n"
    "refused (disabled tenant or transfers, configuration errors), nothing is\n"
    "printed and the reason goes to standard error.\n"
    "Problems found in the document are listed on standard error.\n"
    "\n"
    "options:\n"
    "  --config FILE   the tenant_config document (plain or Extended JSON)\n"
    "  --at INSTANT    RFC 3339 instant, e.g. 2026-03-30T07:30:00Z; default 'now'\n"
    "  --help          show this text\n"
    "\n"
    "exit status: 0 tool printed, 1 no destination open, transfers refused, or an\n"
    "unreadable document or bad instant, 2 usage error.\n";

}  // namespace

int cmd_tools(int argc, char** argv) {
  const auto parsed = parse_args(argc, argv, {{"config", true}, {"at", true}});
  if (!parsed) return usage_error(kToolsUsage, parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(kToolsUsage);
  if (!args.positional.empty())
    return usage_error(kToolsUsage, "unexpected argument " + tenant::quote_value(args.positional[0]));
  if (!args.has("config")) return usage_error(kToolsUsage, "missing --config");

  const auto at = parse_instant_argument(args.get("at").value_or("now"));
  if (!at) return fail(kExitInvalid, at.error());

  const auto config = read_tenant_document(*args.get("config"));
  if (!config) return fail(kExitInvalid, config.error());

  // Judged as the module judges a tenant from the store: a disabled tenant
  // is offered no transfer.
  const auto context = tenant::context_for_config(std::make_shared<const tenant::TenantConfig>(config.value()));
  const auto json = tenant::transfer_tool_json(*context, *at);
  if (!json) return fail(kExitInvalid, json.error());
  std::printf("%s\n", json->c_str());
  return kExitOk;
}

}  // namespace tenantctl
