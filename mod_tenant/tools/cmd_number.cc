// tenantctl number add / move / remove: a phone number's mapping to its
// tenant in phone-tenant-map, changed only from what was read.
#include <cstdio>
#include <optional>
#include <string>

#include "cli_args.hh"
#include "commands.hh"
#include "core/number/number.hh"
#include "core/tenant/db_check.hh"
#include "core/tenant/phone_mapping.hh"
#include "core/util/json_doc.hh"
#include "core/util/problem.hh"
#include "store/mongo_writer.hh"
#include "store_cli.hh"

namespace tenantctl {

namespace {

const char kNumberUsage[] =
    "usage: tenantctl number add [--client-id ID] [--country CC] [OPTIONS] NUMBER TENANT_ID\n"
    "       tenantctl number move [--client-id ID] [--country CC] [OPTIONS] NUMBER TENANT_ID\n"
    "       tenantctl number remove [--country CC] [OPTIONS] NUMBER\n"
    "\n"
    "NUMBER is read as 'tenantctl normalize' reads it (E.164, national digits with\n"
    "--country, a sip:/tel: URI, a To header) and written in E.164.\n"
    "\n"
    "add     maps NUMBER to TENANT_ID in phone-tenant-map; refused when NUMBER is\n"
    "        mapped already (move it instead).\n"
    "move    maps NUMBER, mapped already, to TENANT_ID instead; applied only if its\n"
    "        mapping still names the tenant and client it was read with.\n"
    "remove  unmaps NUMBER; applied only if its mapping is still the one read.\n"
    "\n"
    "The mapping's client_id is TENANT_ID's, from its tenant_config document;\n"
    "--client-id gives it for a tenant that has none yet (calls to NUMBER are then\n"
    "refused as invalid until it has one). A --client-id other than the tenant's\n"
    "is refused. Prints {\"written\": \"phone-tenant-map\", \"phone_number\": ...,\n"
    "\"tenant_id\": ..., \"client_id\": ..., \"result\": \"inserted\"|\"replaced\"|\n"
    "\"deleted\"|\"unchanged\"}, with \"previous\": {\"tenant_id\", \"client_id\"} for move.\n"
    "\n"
    "options:\n"
    "  --client-id ID       (add, move) the client, for a tenant without tenant_config\n"
    "  --country CC         country for national numbers (default FR)\n"
    "%s"
    "  --help               show this text\n"
    "\n"
    "exit status: 0 written (or unchanged); 1 not a number, NUMBER mapped (add) or\n"
    "not mapped (move, remove), no client_id for the tenant, a conflict, or the\n"
    "database unreachable; 2 usage error.\n";

std::string usage_text() { return usage_with_store_options(kNumberUsage); }

// The current mapping of number: none when it is not mapped; an error when
// the store fails or the mapping cannot be read (it is then not ours to
// overwrite: `db check` says what is wrong with it).
tenant::Expected<std::optional<tenant::PhoneMapping>> current_mapping(tenant::MongoTenantSource& source,
                                                                      const std::string& number) {
  using Result = tenant::Expected<std::optional<tenant::PhoneMapping>>;
  const auto found = source.find_mapping(number);
  if (found.status == tenant::LookupStatus::error) return Result::failure(found.message);
  if (found.status == tenant::LookupStatus::not_found) return std::optional<tenant::PhoneMapping>();
  auto mapping = tenant::parse_phone_mapping(found.doc.get());
  if (!mapping)
    return Result::failure("the mapping of " + number + " in " + source.options().mapping_collection +
                           " cannot be read (" + mapping.error() + "): correct it first");
  return std::optional<tenant::PhoneMapping>(mapping.value());
}

// The client_id a mapping to tenant_id carries: the tenant's own, or the
// one given for a tenant not configured yet. Warns of a mapping calls will
// not get through (db check reports the same).
tenant::Expected<std::string> client_for(tenant::MongoTenantSource& source, const std::string& tenant_id,
                                         const std::optional<std::string>& given, const std::string& number) {
  using Result = tenant::Expected<std::string>;
  const auto found = source.find_tenant_config(tenant_id);
  if (found.status == tenant::LookupStatus::error) return Result::failure(found.message);
  const std::string shown = tenant::quote_value(tenant_id);
  if (found.status == tenant::LookupStatus::not_found) {
    if (!given)
      return Result::failure("tenant " + shown + " has no " + source.options().config_collection +
                             " document to take its client_id from: create it first, or give --client-id");
    std::fprintf(stderr, "warning: tenant %s has no %s document yet: calls to %s are refused as invalid until it has one\n",
                 shown.c_str(), source.options().config_collection.c_str(), number.c_str());
    return *given;
  }
  const cJSON* client = cJSON_GetObjectItemCaseSensitive(found.doc.get(), "client_id");
  const cJSON* status = cJSON_GetObjectItemCaseSensitive(found.doc.get(), "status");
  if (cJSON_IsString(status) && std::string(status->valuestring) == "disabled")
    std::fprintf(stderr, "warning: tenant %s is disabled: calls to %s get the disabled-tenant action\n",
                 shown.c_str(), number.c_str());
  if (!cJSON_IsString(client) || client->valuestring == nullptr || client->valuestring[0] == '\0') {
    if (given) return *given;
    return Result::failure("tenant " + shown + " has no client_id in its " + source.options().config_collection +
                           " document: correct it, or give --client-id");
  }
  if (given && *given != client->valuestring)
    return Result::failure("--client-id " + tenant::quote_value(*given) + " differs from the client_id of tenant " +
                           shown + ", " + tenant::quote_value(client->valuestring) +
                           " (a mapping's client must be its tenant's)");
  return std::string(client->valuestring);
}

// The mapping admitted by the rule `db seed` and `db check` apply.
tenant::Expected<void> admitted(const tenant::PhoneMapping& mapping) {
  const tenant::JsonDoc doc(cJSON_CreateObject());
  tenant::add_json_text(doc.get(), "phone_number", mapping.phone_number);
  tenant::add_json_text(doc.get(), "client_id", mapping.client_id);
  tenant::add_json_text(doc.get(), "tenant_id", mapping.tenant_id);
  const auto verdict = tenant::judge_mapping_document(doc.get());
  if (verdict.admitted()) return {};
  std::string why;
  for (const auto& e : verdict.errors) why += (why.empty() ? "" : "; ") + e;
  return tenant::Expected<void>::failure("mapping not written: " + why);
}

void print_written(const tenant::MongoTenantSource& source, const tenant::PhoneMapping& mapping,
                   const tenant::PhoneMapping* previous, const char* result) {
  const tenant::JsonDoc out(cJSON_CreateObject());
  cJSON_AddStringToObject(out.get(), "written", source.options().mapping_collection.c_str());
  tenant::add_json_text(out.get(), "phone_number", mapping.phone_number);
  tenant::add_json_text(out.get(), "tenant_id", mapping.tenant_id);
  tenant::add_json_text(out.get(), "client_id", mapping.client_id);
  if (previous) {
    cJSON* before = cJSON_AddObjectToObject(out.get(), "previous");
    tenant::add_json_text(before, "tenant_id", previous->tenant_id);
    tenant::add_json_text(before, "client_id", previous->client_id);
  }
  cJSON_AddStringToObject(out.get(), "result", result);
  std::printf("%s\n", tenant::json_text(out.get()).c_str());
}

std::string mapping_text(const tenant::PhoneMapping& m) {
  return "tenant_id " + tenant::quote_value(m.tenant_id) + ", client_id " + tenant::quote_value(m.client_id);
}

int conflict(const tenant::MongoTenantSource& source, const tenant::PhoneMapping& read, const char* since) {
  return fail(kExitInvalid, source.options().mapping_collection + " " + read.phone_number + " " + since +
                                ": read it again and retry");
}

int number_command(const std::string& sub, const ParsedArgs& args) {
  const auto number = tenant::normalize_number(args.positional[1], args.get("country").value_or("FR"));
  if (!number) return fail(kExitInvalid, number.error());
  auto opened = open_store(args);
  if (!opened) return fail(kExitInvalid, opened.error());
  tenant::MongoTenantSource& source = *opened.value();
  tenant::MongoWriter writer(source);

  const auto read = current_mapping(source, *number);
  if (!read) return fail(kExitInvalid, read.error());
  if (sub == "add" && *read)
    return fail(kExitInvalid, *number + " is mapped already (" + mapping_text(**read) + "): use tenantctl number move");
  if (sub != "add" && !*read) return fail(kExitInvalid, *number + " is not mapped in " + source.options().mapping_collection);

  if (sub == "remove") {
    const auto done = writer.delete_mapping(**read);
    if (!done) return fail(kExitInvalid, done.error());
    if (*done == tenant::MongoWriter::Outcome::conflict)
      return conflict(source, **read, ("changed since it was read (" + mapping_text(**read) + ")").c_str());
    print_written(source, **read, nullptr, "deleted");
    return kExitOk;
  }

  tenant::PhoneMapping next{*number, "", args.positional[2]};
  const auto client = client_for(source, next.tenant_id, args.get("client-id"), *number);
  if (!client) return fail(kExitInvalid, client.error());
  next.client_id = *client;
  if (const auto ok = admitted(next); !ok) return fail(kExitInvalid, ok.error());

  if (sub == "add") {
    const auto done = writer.insert_mapping(next);
    if (!done) return fail(kExitInvalid, done.error());
    if (*done == tenant::MongoWriter::Outcome::conflict) return conflict(source, next, "was mapped since it was read");
    print_written(source, next, nullptr, "inserted");
    return kExitOk;
  }
  const tenant::PhoneMapping& before = **read;
  if (before.tenant_id == next.tenant_id && before.client_id == next.client_id) {
    print_written(source, next, &before, "unchanged");
    return kExitOk;
  }
  const auto done = writer.update_mapping(before, next);
  if (!done) return fail(kExitInvalid, done.error());
  if (*done == tenant::MongoWriter::Outcome::conflict)
    return conflict(source, before, ("changed since it was read (" + mapping_text(before) + ")").c_str());
  print_written(source, next, &before, "replaced");
  return kExitOk;
}

}  // namespace

int cmd_number(int argc, char** argv) {
  const std::string usage = usage_text();
  const auto parsed = parse_args(argc, argv, store_option_specs({{"client-id", true}, {"country", true}}));
  if (!parsed) return usage_error(usage.c_str(), parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(usage.c_str());
  if (args.positional.empty()) return usage_error(usage.c_str(), "number needs a command: add, move or remove");
  const std::string& sub = args.positional[0];
  if (sub != "add" && sub != "move" && sub != "remove")
    return usage_error(usage.c_str(), "unknown number command " + tenant::quote_value(sub));
  if (sub == "remove") {
    if (args.positional.size() != 2) return usage_error(usage.c_str(), "number remove takes one NUMBER");
    if (args.has("client-id")) return usage_error(usage.c_str(), "--client-id is for number add and move");
  } else if (args.positional.size() != 3) {
    return usage_error(usage.c_str(), "number " + sub + " takes a NUMBER and a TENANT_ID");
  }
  if (const auto store = store_settings(args); !store) return usage_error(usage.c_str(), store.error());
  return number_command(sub, args);
}

}  // namespace tenantctl
