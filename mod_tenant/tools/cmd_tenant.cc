// tenantctl tenant get / put: a tenant_config document out of the store to
// be edited, and back in only if nobody wrote it meanwhile.
#include <cstdio>
#include <string>

#include "cli_args.hh"
#include "commands.hh"
#include "core/tenant/extended_json.hh"
#include "core/tenant/typed_json.hh"
#include "core/util/json_doc.hh"
#include "core/util/problem.hh"
#include "store/mongo_writer.hh"
#include "store_cli.hh"
#include "tenant_write.hh"
#include "typed_input.hh"

namespace tenantctl {

namespace {

const char kTenantUsage[] =
    "usage: tenantctl tenant get [OPTIONS] TENANT_ID\n"
    "       tenantctl tenant put [--dry-run] [OPTIONS] FILE|-\n"
    "\n"
    "get   prints the tenant_config document whose _id is TENANT_ID as MongoDB\n"
    "      Extended JSON on one line (relaxed: dates as {\"$date\": \"<RFC 3339>\"};\n"
    "      {\"$numberLong\"} and {\"$numberDouble\"} where a plain number would read\n"
    "      back as another type), to be edited and put back.\n"
    "put   writes the tenant_config document in FILE ('-': standard input; plain\n"
    "      or Extended JSON). A document whose _id is not in the store is inserted\n"
    "      (created_at set to now if it has none). Otherwise it replaces the stored\n"
    "      one only if that still has the updated_at FILE carries, the version it\n"
    "      was read at; if not, someone wrote it since: nothing is written (exit 1).\n"
    "      updated_at becomes now (later than the version replaced); dates are\n"
    "      written as BSON dates. The whole document is validated first, as\n"
    "      tenantctl validate does: any error refuses it, each listed on standard\n"
    "      error. Prints {\"written\": \"tenant_config\", \"_id\": ..., \"updated_at\": ...,\n"
    "      \"result\": \"inserted\"|\"replaced\"|\"unchanged\"}.\n"
    "\n"
    "options:\n"
    "  --dry-run            (put) print the document that would be written (Extended\n"
    "                       JSON) and write nothing\n"
    "%s"
    "  --help               show this text\n"
    "\n"
    "exit status: 0 printed or written; 1 no such tenant, an unreadable or invalid\n"
    "document, a conflict, or the database unreachable; 2 usage error.\n";

std::string usage_text() { return usage_with_store_options(kTenantUsage); }

int tenant_get(const ParsedArgs& args) {
  auto opened = open_store(args);
  if (!opened) return fail(kExitInvalid, opened.error());
  const auto doc = read_tenant_config(*opened.value(), args.positional[1]);
  if (!doc) return fail(kExitInvalid, doc.error());
  std::printf("%s\n", tenant::json_text(tenant::to_relaxed_json(doc->get()).get()).c_str());
  return kExitOk;
}

int tenant_put(const ParsedArgs& args) {
  const std::string& path = args.positional[1];
  const std::string shown = path == "-" ? "standard input" : path;
  const auto doc = read_typed_json(path);
  if (!doc) return fail(kExitInvalid, doc.error());
  if (!cJSON_IsObject(doc->get()))
    return fail(kExitInvalid, shown + ": a tenant_config document must be a JSON object, got " +
                                  tenant::json_type_name(doc->get()));
  // The key it is stored under; validation judges the rest.
  const cJSON* id = cJSON_GetObjectItemCaseSensitive(doc->get(), "_id");
  if (!cJSON_IsString(id) || id->valuestring == nullptr)
    return fail(kExitInvalid, shown + ": _id must be a string, the tenant's id, got " + tenant::json_type_name(id));

  auto opened = open_store(args);
  if (!opened) return fail(kExitInvalid, opened.error());
  tenant::MongoTenantSource& source = *opened.value();
  const auto stored = tenant::MongoWriter(source).find_config(id->valuestring);
  if (!stored) return fail(kExitInvalid, stored.error());
  const cJSON* read = *stored ? stored->value().get() : nullptr;
  // The file is an edit of the version it was read at: of any other, it
  // would undo what was written since.
  const cJSON* file_version = cJSON_GetObjectItemCaseSensitive(doc->get(), "updated_at");
  if (read && !same_version(cJSON_GetObjectItemCaseSensitive(read, "updated_at"), file_version))
    return fail(kExitInvalid, changed_since_read(source, id->valuestring, read, file_version));
  return write_tenant_config(source, {id->valuestring, read, doc->get(), args.has("dry-run")});
}

}  // namespace

int cmd_tenant(int argc, char** argv) {
  const std::string usage = usage_text();
  const auto parsed = parse_args(argc, argv, store_option_specs({{"dry-run", false}}));
  if (!parsed) return usage_error(usage.c_str(), parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(usage.c_str());
  if (args.positional.empty()) return usage_error(usage.c_str(), "tenant needs a command: get or put");
  if (const auto store = store_settings(args); !store) return usage_error(usage.c_str(), store.error());
  const std::string& sub = args.positional[0];
  if (sub == "get") {
    if (args.positional.size() != 2) return usage_error(usage.c_str(), "tenant get takes one TENANT_ID");
    if (args.has("dry-run")) return usage_error(usage.c_str(), "--dry-run is for tenant put");
    return tenant_get(args);
  }
  if (sub == "put") {
    if (args.positional.size() != 2) return usage_error(usage.c_str(), "tenant put takes one FILE (or - for standard input)");
    return tenant_put(args);
  }
  return usage_error(usage.c_str(), "unknown tenant command " + tenant::quote_value(sub));
}

}  // namespace tenantctl
