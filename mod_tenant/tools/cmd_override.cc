// tenantctl override set / clear: close (or open) a tenant or one of its
// destinations now, whatever its calendar says (a storm, a strike, an
// office opened for an emergency), and give it back to its calendar.
#include <string>

#include "cli_args.hh"
#include "commands.hh"
#include "core/tenant/document_edit.hh"
#include "core/util/problem.hh"
#include "store_cli.hh"
#include "tenant_write.hh"

namespace tenantctl {

namespace {

const char kOverrideUsage[] =
    "usage: tenantctl override set TENANT_ID [--destination ID] --state closed|open\n"
    "                              [--until INSTANT] [--label TEXT] [--dry-run] [OPTIONS]\n"
    "       tenantctl override clear TENANT_ID [--destination ID] [--dry-run] [OPTIONS]\n"
    "\n"
    "set    closes (or opens) every destination of the tenant, or only ID, whatever\n"
    "       its calendar says, until INSTANT or until cleared: writes\n"
    "       features.refer.override (or the destination's override) as\n"
    "       {\"state\": ..., \"until\": <date>|null, \"label\": ...|null}, replacing any\n"
    "       there was. The label is what callers are told (\"closed for ...\").\n"
    "clear  removes that override: the calendar decides again.\n"
    "\n"
    "Both read the stored tenant_config document, validate it whole with the\n"
    "change (any error refuses it, each listed on standard error), and write it\n"
    "only if nobody wrote it since it was read; updated_at becomes now. Prints\n"
    "{\"written\": \"tenant_config\", \"_id\": ..., \"updated_at\": ...,\n"
    " \"result\": \"replaced\"|\"unchanged\"}.\n"
    "\n"
    "options:\n"
    "  --destination ID     the destination (default: the whole tenant)\n"
    "  --state closed|open  (set, required) closed, or open through closures and\n"
    "                       outside business hours\n"
    "  --until INSTANT      (set) when it ends: RFC 3339, e.g. 2026-12-08T14:00:00Z,\n"
    "                       or 'now'; default: until cleared\n"
    "  --label TEXT         (set) what callers are told, e.g. 'la tempete'\n"
    "  --dry-run            print the document that would be written (Extended JSON)\n"
    "                       and write nothing\n"
    "%s"
    "  --help               show this text\n"
    "\n"
    "exit status: 0 written (or unchanged, or printed); 1 no such tenant or\n"
    "destination, a bad --until, an invalid document, a conflict, or the database\n"
    "unreachable; 2 usage error.\n";

std::string usage_text() { return usage_with_store_options(kOverrideUsage); }

}  // namespace

int cmd_override(int argc, char** argv) {
  const std::string usage = usage_text();
  const auto parsed = parse_args(argc, argv,
                                 store_option_specs({{"destination", true},
                                                     {"state", true},
                                                     {"until", true},
                                                     {"label", true},
                                                     {"dry-run", false}}));
  if (!parsed) return usage_error(usage.c_str(), parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(usage.c_str());
  if (args.positional.empty()) return usage_error(usage.c_str(), "override needs a command: set or clear");
  const std::string& sub = args.positional[0];
  if (sub != "set" && sub != "clear")
    return usage_error(usage.c_str(), "unknown override command " + tenant::quote_value(sub));
  if (args.positional.size() != 2) return usage_error(usage.c_str(), "override " + sub + " takes one TENANT_ID");
  if (const auto store = store_settings(args); !store) return usage_error(usage.c_str(), store.error());
  const bool set = sub == "set";
  if (!set)
    for (const char* option : {"state", "until", "label"})
      if (args.has(option)) return usage_error(usage.c_str(), std::string("--") + option + " is for override set");

  tenant::OverrideValue value;
  if (set) {
    const auto state = args.get("state");
    if (!state) return usage_error(usage.c_str(), "override set needs --state closed or --state open");
    if (*state != "closed" && *state != "open")
      return usage_error(usage.c_str(), "--state: expected closed or open, got " + tenant::quote_value(*state));
    value.state = *state;
    if (const auto until = args.get("until")) {
      const auto instant = parse_instant_argument(*until, "until");
      if (!instant) return fail(kExitInvalid, instant.error());
      value.until = *instant * 1000;
    }
    value.label = args.get("label");
  }

  auto opened = open_store(args);
  if (!opened) return fail(kExitInvalid, opened.error());
  tenant::MongoTenantSource& source = *opened.value();
  const std::string& id = args.positional[1];
  const auto read = read_tenant_config(source, id);
  if (!read) return fail(kExitInvalid, read.error());
  const auto destination = args.get("destination");
  const auto edited = set ? tenant::with_override(read->get(), destination, value)
                          : tenant::without_override(read->get(), destination);
  if (!edited) return fail(kExitInvalid, edited.error());
  return write_tenant_config(source, {id, read->get(), edited->get(), args.has("dry-run")});
}

}  // namespace tenantctl
