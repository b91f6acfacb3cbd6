// tenantctl db: set up (init), fill (seed) and audit (check) the tenant
// database.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli_args.hh"
#include "commands.hh"
#include "core/tenant/db_check.hh"
#include "core/util/json_doc.hh"
#include "core/number/number.hh"
#include "core/tenant/phone_mapping.hh"
#include "core/tenant/tenant_config.hh"
#include "store/mongo_admin.hh"
#include "store_cli.hh"
#include "tenant_config_schema.hh"

namespace tenantctl {

namespace {

const char kDbUsage[] =
    "usage: tenantctl db init [--schema FILE] [OPTIONS]\n"
    "       tenantctl db seed [OPTIONS] FILE...\n"
    "       tenantctl db check [OPTIONS]\n"
    "\n"
    "init   creates the unique index on phone-tenant-map.phone_number and the\n"
    "       index on phone-tenant-map.tenant_id, and installs the $jsonSchema\n"
    "       validator on tenant_config where the server supports validators\n"
    "       (FerretDB does not: a line says so and init goes on).\n"
    "seed   inserts or replaces the documents of each FILE (one JSON document or\n"
    "       an array; plain or Extended JSON). A document with phone_number goes\n"
    "       to phone-tenant-map, one with tenant_id and no phone_number to\n"
    "       tenant_config. Invalid documents are reported and not written.\n"
    "check  validates every document and reports numbers not in E.164, numbers\n"
    "       mapped twice, mappings whose tenant has no configuration, client_id\n"
    "       differing between mapping and configuration, and disabled tenants\n"
    "       that still have numbers.\n"
    "\n"
    "Each prints one JSON object on standard output.\n"
    "\n"
    "options:\n"
    "  --schema FILE        (init) validator document {\"$jsonSchema\": ...}; default:\n"
    "                       the spec's schema built into tenantctl\n"
    "%s"
    "  --help               show this text\n"
    "\n"
    "exit status: 0 done and no problem found; 1 problems found, documents\n"
    "refused or database unreachable; 2 usage error.\n";

std::string usage_text() { return usage_with_store_options(kDbUsage); }

void emit(cJSON* root) {
  std::printf("%s\n", tenant::json_text(root).c_str());
}

int db_init(const ParsedArgs& args) {
  std::string schema = tenant_config_schema_json();
  if (auto file = args.get("schema")) {
    auto read = read_input(*file);
    if (!read) return fail(kExitInvalid, read.error());
    schema = std::move(read.value());
  }
  auto opened = open_store(args);
  if (!opened) return fail(kExitInvalid, opened.error());
  const auto source = opened.value();
  tenant::MongoAdmin admin(*source);
  if (auto up = admin.ping(); !up) return fail(kExitInvalid, up.error());

  auto indexes = admin.create_indexes();
  if (!indexes) return fail(kExitInvalid, indexes.error());
  const auto validator = admin.apply_validator(schema);
  const char* outcome = !validator ? "failed" : validator->supported ? "applied" : "unsupported";
  const std::string& detail = validator ? validator->detail : validator.error();

  tenant::JsonDoc root(cJSON_CreateObject());
  cJSON_AddBoolToObject(root.get(), "ok", validator.ok());
  cJSON_AddStringToObject(root.get(), "database", source->options().database.c_str());
  cJSON_AddStringToObject(root.get(), "indexes", indexes.value().c_str());
  cJSON_AddStringToObject(root.get(), "validator", outcome);
  cJSON_AddStringToObject(root.get(), "validator_message", detail.c_str());
  if (validator && !validator->supported)
    std::fprintf(stderr,
                 "note: the server does not support $jsonSchema validators, so it does not check tenant_config "
                 "documents; tenantctl validate and tenantctl db check still do: run 'tenantctl db check' after "
                 "changes\n");
  emit(root.get());
  if (!validator) return fail(kExitInvalid, "installing the tenant_config validator: " + detail);
  return kExitOk;
}

int db_seed(const ParsedArgs& args) {
  if (args.positional.size() < 2) return usage_error(usage_text().c_str(), "db seed needs at least one FILE");

  // Read and check every file before touching the database.
  struct Pending {
    std::string file;
    int index;
    std::string collection;
    std::string key_field;
    std::string key;
    std::string json;
  };
  std::vector<Pending> pending;
  tenant::JsonDoc refused(cJSON_CreateArray());
  auto refuse = [&](const std::string& file, int index, const std::string& key, const std::vector<std::string>& why) {
    cJSON* item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "file", file.c_str());
    cJSON_AddNumberToObject(item, "index", index);
    cJSON_AddStringToObject(item, "key", key.c_str());
    cJSON* errors = cJSON_AddArrayToObject(item, "errors");
    for (const auto& w : why) cJSON_AddItemToArray(errors, cJSON_CreateString(w.c_str()));
    cJSON_AddItemToArray(refused.get(), item);
  };

  auto opened = open_store(args);
  if (!opened) return fail(kExitInvalid, opened.error());
  const auto source = opened.value();
  const auto& names = source->options();

  for (std::size_t f = 1; f < args.positional.size(); ++f) {
    const std::string& file = args.positional[f];
    auto read = read_input(file);
    if (!read) return fail(kExitInvalid, read.error());
    const std::string& text = read.value();
    tenant::JsonDoc doc(cJSON_ParseWithLength(text.data(), text.size()));
    if (!doc) return fail(kExitInvalid, file + ": not valid JSON");
    std::vector<const cJSON*> docs;
    if (cJSON_IsArray(doc.get())) {
      for (const cJSON* item = doc->child; item; item = item->next) docs.push_back(item);
    } else {
      docs.push_back(doc.get());
    }
    for (std::size_t i = 0; i < docs.size(); ++i) {
      const cJSON* d = docs[i];
      const int index = static_cast<int>(i);
      if (!cJSON_IsObject(d)) {
        refuse(file, index, "", {"not a JSON object"});
        continue;
      }
      if (cJSON_GetObjectItemCaseSensitive(d, "phone_number")) {
        const auto verdict = tenant::judge_mapping_document(d);
        if (!verdict.admitted()) {
          refuse(file, index, verdict.key, verdict.errors);
          continue;
        }
        pending.push_back({file, index, names.mapping_collection, "phone_number", verdict.key, tenant::json_text(d)});
      } else if (cJSON_GetObjectItemCaseSensitive(d, "tenant_id")) {
        const auto verdict = tenant::judge_config_document(d);
        if (!verdict.admitted()) {
          refuse(file, index, verdict.key, verdict.errors);
          continue;
        }
        pending.push_back({file, index, names.config_collection, "_id", verdict.config->id, tenant::json_text(d)});
      } else {
        refuse(file, index, "", {"neither a mapping (phone_number) nor a tenant_config (tenant_id)"});
      }
    }
  }

  tenant::MongoAdmin admin(*source);
  if (!pending.empty())
    if (auto up = admin.ping(); !up) return fail(kExitInvalid, up.error());
  tenant::JsonDoc written(cJSON_CreateArray());
  bool write_failed = false;
  for (const auto& p : pending) {
    auto outcome = admin.upsert(p.collection, p.key_field.c_str(), p.key, p.json);
    if (!outcome) {
      refuse(p.file, p.index, p.key, {outcome.error()});
      write_failed = true;
      continue;
    }
    cJSON* item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "collection", p.collection.c_str());
    cJSON_AddStringToObject(item, "key", p.key.c_str());
    cJSON_AddStringToObject(item, "result", tenant::write_outcome_name(outcome.value()));
    cJSON_AddItemToArray(written.get(), item);
  }

  const bool ok = cJSON_GetArraySize(refused.get()) == 0;
  tenant::JsonDoc root(cJSON_CreateObject());
  cJSON_AddBoolToObject(root.get(), "ok", ok);
  cJSON_AddItemToObject(root.get(), "written", written.release());
  cJSON_AddItemToObject(root.get(), "refused", refused.release());
  emit(root.get());
  if (write_failed) return fail(kExitInvalid, "some documents could not be written");
  if (!ok) return fail(kExitInvalid, "some documents were refused (see \"refused\")");
  return kExitOk;
}

int db_check(const ParsedArgs& args) {
  auto opened = open_store(args);
  if (!opened) return fail(kExitInvalid, opened.error());
  const auto source = opened.value();
  tenant::MongoAdmin admin(*source);
  if (auto up = admin.ping(); !up) return fail(kExitInvalid, up.error());
  const auto& names = source->options();
  std::vector<tenant::JsonDoc> mappings, configs;
  auto read = source->for_each_document(names.mapping_collection,
                                       [&](tenant::JsonDoc d) { mappings.push_back(std::move(d)); });
  if (read)
    read = source->for_each_document(names.config_collection,
                                     [&](tenant::JsonDoc d) { configs.push_back(std::move(d)); });
  if (!read) return fail(kExitInvalid, read.error());
  const auto report =
      tenant::check_tenant_database(mappings, configs, names.mapping_collection, names.config_collection);
  std::printf("%s\n", tenant::db_check_report_json(report).c_str());
  return report.ok() ? kExitOk : kExitInvalid;
}

}  // namespace

int cmd_db(int argc, char** argv) {
  const std::string usage = usage_text();
  const auto parsed = parse_args(argc, argv, store_option_specs({{"schema", true}}));
  if (!parsed) return usage_error(usage.c_str(), parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(usage.c_str());
  if (args.positional.empty()) return usage_error(usage.c_str(), "expected init, seed or check");
  if (const auto store = store_settings(args); !store) return usage_error(usage.c_str(), store.error());
  const std::string& sub = args.positional[0];
  if (sub != "init" && args.has("schema")) return usage_error(usage.c_str(), "--schema is for db init");
  if (sub == "init") {
    if (args.positional.size() != 1) return usage_error(usage.c_str(), "db init takes no FILE");
    return db_init(args);
  }
  if (sub == "seed") return db_seed(args);
  if (sub == "check") {
    if (args.positional.size() != 1) return usage_error(usage.c_str(), "db check takes no FILE");
    return db_check(args);
  }
  return usage_error(usage.c_str(), "unknown db command '" + sub + "'");
}

}  // namespace tenantctl
