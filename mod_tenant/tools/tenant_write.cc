#include "tenant_write.hh"

#include <cstdio>
#include <optional>
#include <utility>

#include "cli_args.hh"
#include "commands.hh"
#include "core/hours/instant.hh"
#include "core/tenant/document_stamp.hh"
#include "core/tenant/extended_json.hh"
#include "core/tenant/tenant_config.hh"
#include "core/tenant/typed_json.hh"
#include "core/util/problem.hh"
#include "document_arg.hh"
#include "store/mongo_writer.hh"

namespace tenantctl {

namespace {

const cJSON* updated_at_of(const cJSON* doc) {
  return doc ? cJSON_GetObjectItemCaseSensitive(doc, "updated_at") : nullptr;
}

// A version as messages and the output show it.
std::string version_text(const cJSON* updated_at) {
  if (updated_at == nullptr) return "none";
  if (const auto millis = tenant::json_date_millis(updated_at)) return tenant::format_rfc3339_millis_utc(*millis);
  return tenant::quote_value(tenant::json_text(updated_at));
}

std::string collection_and_id(const tenant::MongoTenantSource& source, const std::string& id) {
  return source.options().config_collection + " " + tenant::quote_value(id);
}

void print_written(const tenant::MongoTenantSource& source, const std::string& id, const cJSON* updated_at,
                   const char* result) {
  const tenant::JsonDoc out(cJSON_CreateObject());
  cJSON_AddStringToObject(out.get(), "written", source.options().config_collection.c_str());
  tenant::add_json_text(out.get(), "_id", id);
  cJSON_AddStringToObject(out.get(), "updated_at", version_text(updated_at).c_str());
  cJSON_AddStringToObject(out.get(), "result", result);
  std::printf("%s\n", tenant::json_text(out.get()).c_str());
}

// Why the write found the store other than it was read, with what the
// store holds now (read again for the message).
int conflict(tenant::MongoTenantSource& source, const TenantWrite& write) {
  tenant::MongoWriter writer(source);
  const auto current = writer.find_config(write.id);
  const cJSON* stored = current && *current ? current->value().get() : nullptr;
  if (write.read == nullptr && stored != nullptr)
    return fail(kExitInvalid, collection_and_id(source, write.id) + " was created (updated_at " +
                                  version_text(updated_at_of(stored)) +
                                  ") since it was found absent: read it (tenantctl tenant get) and retry");
  return fail(kExitInvalid, changed_since_read(source, write.id, stored, updated_at_of(write.read)));
}

}  // namespace

bool same_version(const cJSON* a, const cJSON* b) {
  if (a == nullptr || b == nullptr) return a == b;
  const auto ma = tenant::json_date_millis(a), mb = tenant::json_date_millis(b);
  if (ma && mb) return *ma == *mb;
  return tenant::json_text(a) == tenant::json_text(b);
}

std::string changed_since_read(const tenant::MongoTenantSource& source, const std::string& id, const cJSON* stored,
                               const cJSON* read_updated_at) {
  const std::string what = collection_and_id(source, id);
  if (stored == nullptr) return what + " was removed since it was read: read the store again and retry";
  return what + " changed since it was read (updated_at " + version_text(updated_at_of(stored)) + " in the store, " +
         version_text(read_updated_at) + " read): read it again and retry";
}

tenant::Expected<tenant::JsonDoc> read_tenant_config(tenant::MongoTenantSource& source, const std::string& id) {
  using Result = tenant::Expected<tenant::JsonDoc>;
  tenant::MongoWriter writer(source);
  auto found = writer.find_config(id);
  if (!found) return Result::failure(found.error());
  std::optional<tenant::JsonDoc>& doc = found.value();
  if (!doc) return Result::failure("no " + collection_and_id(source, id) + " in " + source.describe());
  return Result(std::move(*doc));
}

int write_tenant_config(tenant::MongoTenantSource& source, const TenantWrite& write) {
  const tenant::UnixMillis now = tenant::current_unix_millis();
  const auto previous = write.read ? tenant::json_date_millis(updated_at_of(write.read)) : std::nullopt;
  const tenant::JsonDoc doc = tenant::stamped_for_store(write.edited, tenant::next_updated_at(previous, now),
                                                        write.read ? std::nullopt : std::optional(now));

  // The whole document, as every host will read it: the edit may be small,
  // but what reaches the store is all of it.
  const auto config = tenant::TenantConfig::from_tenant_doc(doc.get());
  if (!config) return fail(kExitInvalid, collection_and_id(source, write.id) + ": " + config.error());
  print_problems(config->problems);
  std::size_t errors = 0;
  for (const auto& p : config->problems) errors += p.severity == tenant::Problem::Severity::error;
  if (errors > 0)
    return fail(kExitInvalid, collection_and_id(source, write.id) + " not written: the document has " +
                                  std::to_string(errors) + (errors == 1 ? " error" : " errors") + " (listed above)");

  if (write.dry_run) {
    std::printf("%s\n", tenant::json_text(tenant::to_relaxed_json(doc.get()).get()).c_str());
    return kExitOk;
  }
  // Nothing to change: no write, so no new version for every switch to
  // reload.
  if (write.read && tenant::same_apart_from_updated_at(write.read, doc.get())) {
    print_written(source, write.id, updated_at_of(write.read), "unchanged");
    return kExitOk;
  }

  tenant::MongoWriter writer(source);
  const auto outcome = write.read ? writer.replace_config(write.id, updated_at_of(write.read), doc.get())
                                  : writer.insert_config(doc.get());
  if (!outcome) return fail(kExitInvalid, outcome.error());
  if (*outcome == tenant::MongoWriter::Outcome::conflict) return conflict(source, write);
  print_written(source, write.id, updated_at_of(doc.get()), write.read ? "replaced" : "inserted");
  return kExitOk;
}

}  // namespace tenantctl
