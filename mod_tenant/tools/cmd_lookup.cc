// tenantctl lookup: resolve a number through the database exactly as the
// module does on an inbound call (normalise, phone-tenant-map, tenant_config,
// validation), and print what a call would get.
#include <cstdio>
#include <fstream>
#include <string>

#include "cli_args.hh"
#include "commands.hh"
#include "core/number/number.hh"
#include "core/resolve/resolver.hh"
#include "core/util/json_doc.hh"
#include "store_cli.hh"

namespace tenantctl {

namespace {

const char kLookupUsage[] =
    "usage: tenantctl lookup [OPTIONS] NUMBER\n"
    "\n"
    "Resolves NUMBER (E.164, a national number, a sip:/tel: URI or a To header)\n"
    "to its tenant through phone-tenant-map and tenant_config, and prints one\n"
    "JSON object:\n"
    "  {\"number\": \"+33...\", \"tenant_id\": ..., \"status\": \"active\"|\"unknown\"|\n"
    "   \"disabled\"|\"invalid\", \"stale\": false, \"message\": ...|null,\n"
    "   \"mapping\": {phone_number, client_id, tenant_id}|null,\n"
    "   \"tenant\": {tenant_id, client_id, display_name, status, timezone, locale,\n"
    "              schema_version, refer: {...}}|null,\n"
    "   \"problems\": [\"<path>: <message>\", ...], \"version\": ...|null}\n"
    "\n"
    "options:\n"
    "  --country CC         country for national numbers (default FR)\n"
    "  --config-out FILE    also write the tenant's tenant_config document to FILE\n"
    "                       (for tenantctl refer --config FILE)\n"
    "%s"
    "  --help               show this text\n"
    "\n"
    "exit status: 0 the number reaches an active, valid tenant; 1 anything else\n"
    "(unknown number, disabled or invalid tenant, database unreachable);\n"
    "2 usage error.\n";

std::string usage_text() { return usage_with_store_options(kLookupUsage); }

}  // namespace

int cmd_lookup(int argc, char** argv) {
  const std::string usage = usage_text();
  const auto parsed = parse_args(argc, argv, store_option_specs({{"country", true}, {"config-out", true}}));
  if (!parsed) return usage_error(usage.c_str(), parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(usage.c_str());
  if (args.positional.size() != 1) return usage_error(usage.c_str(), "expected one NUMBER");
  if (const auto store = store_settings(args); !store) return usage_error(usage.c_str(), store.error());

  const auto number = tenant::normalize_number(args.positional[0], args.get("country").value_or("FR"));
  if (!number) return fail(kExitInvalid, number.error());

  auto opened = open_store(args);
  if (!opened) return fail(kExitInvalid, opened.error());
  const auto source = opened.value();

  tenant::ResolverOptions options;
  tenant::TenantResolver resolver(*source, options);
  const auto context = resolver.resolve_tenant(number.value());
  if (context->status == tenant::TenantStatus::error) return fail(kExitInvalid, context->message);

  if (auto out = args.get("config-out"); out && !context->tenant_id.empty()) {
    auto doc = source->find_tenant_config(context->tenant_id);
    if (doc.status != tenant::LookupStatus::found)
      return fail(kExitInvalid, "no tenant_config document to write for " + context->tenant_id);
    const std::string text = tenant::json_pretty_text(doc.doc.get());
    std::ofstream file(*out, std::ios::binary | std::ios::trunc);
    file << (text.empty() ? "{}" : text) << "\n";
    if (!file) return fail(kExitInvalid, "cannot write " + *out);
  }

  std::printf("%s\n", tenant::tenant_context_json(*context).c_str());
  return context->usable() ? kExitOk : kExitInvalid;
}

}  // namespace tenantctl
