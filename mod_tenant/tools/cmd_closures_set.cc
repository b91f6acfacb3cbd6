// tenantctl closures set: a closures list (what `closures from-ics` prints,
// or a bare array) into a tenant's document in the store, for the whole
// tenant or one destination. `tenantctl closures` hands the sub-command
// over: it needs the store, from-ics does not.
#include <string>

#include "cli_args.hh"
#include "commands.hh"
#include "core/tenant/document_edit.hh"
#include "core/util/problem.hh"
#include "store_cli.hh"
#include "tenant_write.hh"
#include "typed_input.hh"

namespace tenantctl {

namespace {

const char kClosuresSetUsage[] =
    "usage: tenantctl closures set TENANT_ID [--destination ID] [--dry-run] [OPTIONS] FILE|-\n"
    "\n"
    "Replaces features.refer.closures (every destination's closures), or the\n"
    "closures of destination ID, with the list in FILE ('-': standard input):\n"
    "the {\"closures\": [...]} object 'tenantctl closures from-ics' prints, or a\n"
    "JSON array of entries. An empty list removes every closure there.\n"
    "\n"
    "It reads the stored tenant_config document, validates it whole with the new\n"
    "list (any error refuses it, each listed on standard error), and writes it only\n"
    "if nobody wrote it since it was read; updated_at becomes now. Prints\n"
    "{\"written\": \"tenant_config\", \"_id\": ..., \"updated_at\": ...,\n"
    " \"result\": \"replaced\"|\"unchanged\"}.\n"
    "\n"
    "options:\n"
    "  --destination ID     the destination (default: the whole tenant)\n"
    "  --dry-run            print the document that would be written (Extended JSON)\n"
    "                       and write nothing\n"
    "%s"
    "  --help               show this text\n"
    "\n"
    "exit status: 0 written (or unchanged, or printed); 1 no such tenant or\n"
    "destination, an unreadable file, an invalid document, a conflict, or the\n"
    "database unreachable; 2 usage error.\n";

}  // namespace

int closures_set(int argc, char** argv) {
  const std::string usage = usage_with_store_options(kClosuresSetUsage);
  const auto parsed = parse_args(argc, argv, store_option_specs({{"destination", true}, {"dry-run", false}}));
  if (!parsed) return usage_error(usage.c_str(), parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(usage.c_str());
  // positional: "set", TENANT_ID, FILE
  if (args.positional.size() != 3)
    return usage_error(usage.c_str(), "closures set takes a TENANT_ID and one FILE (or - for standard input)");
  if (const auto store = store_settings(args); !store) return usage_error(usage.c_str(), store.error());

  const std::string& path = args.positional[2];
  const auto input = read_typed_json(path);
  if (!input) return fail(kExitInvalid, input.error());
  const auto closures = tenant::closures_of(input->get());
  if (!closures) return fail(kExitInvalid, (path == "-" ? std::string("standard input") : path) + ": " + closures.error());

  auto opened = open_store(args);
  if (!opened) return fail(kExitInvalid, opened.error());
  tenant::MongoTenantSource& source = *opened.value();
  const std::string& id = args.positional[1];
  const auto read = read_tenant_config(source, id);
  if (!read) return fail(kExitInvalid, read.error());
  const auto edited = tenant::with_closures(read->get(), args.get("destination"), closures->get());
  if (!edited) return fail(kExitInvalid, edited.error());
  return write_tenant_config(source, {id, read->get(), edited->get(), args.has("dry-run")});
}

}  // namespace tenantctl
