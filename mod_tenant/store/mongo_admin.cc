#include "mongo_admin.hh"
#include "mongo_handles.hh"

#include <mongoc/mongoc.h>

#include <cstdint>
#include <set>
#include <string>

namespace tenant {

namespace {

// MongoDB's names for the server codes that mean "this server does not do
// that"; null for any other code.
const char* unsupported_code_name(std::uint32_t code) {
  switch (code) {
    case 59: return "CommandNotFound";
    case 72: return "InvalidOptions";
    case 115: return "CommandNotSupported";
    case 238: return "NotImplemented";
    default: return nullptr;
  }
}

// Keyed on the server's code, or on its words for servers that answer with a
// generic code: any server without validators, not one product's wording.
bool is_unsupported(const bson_error_t& error) {
  const std::string text = error.message;
  return unsupported_code_name(error.code) || text.find("not implemented") != std::string::npos ||
         text.find("not supported") != std::string::npos;
}

// What an administrator needs to read, in place of the server's own text
// (FerretDB's, for one, is a dump of its internal Go values).
std::string unsupported_message(const bson_error_t& error) {
  const char* name = unsupported_code_name(error.code);
  std::string reason = "server error " + std::to_string(error.code);
  if (name) reason += std::string(" ") + name;
  return "the server does not support $jsonSchema validators (" + reason +
         "); documents are still checked by tenantctl validate and tenantctl db check";
}

bool run_command(mongoc_client_t* client, const std::string& db, const bson_t* cmd, bson_t* reply,
                 bson_error_t* error) {
  return mongoc_client_write_command_with_opts(client, db.c_str(), cmd, nullptr, reply, error);
}

}  // namespace

const char* write_outcome_name(MongoAdmin::WriteOutcome outcome) {
  switch (outcome) {
    case MongoAdmin::WriteOutcome::inserted: return "inserted";
    case MongoAdmin::WriteOutcome::replaced: return "replaced";
    case MongoAdmin::WriteOutcome::unchanged: return "unchanged";
  }
  return "unchanged";
}

Expected<void> MongoAdmin::ping() {
  if (auto answered = source_.ping(); !answered)
    return Expected<void>::failure(source_.describe() + ": " + answered.error());
  return {};
}

Expected<std::string> MongoAdmin::create_indexes() {
  using Result = Expected<std::string>;
  const auto& o = source_.options();
  PooledClient client(source_.pool());
  if (!client.get()) return Result::failure("no free connection in the MongoDB pool");

  struct Wanted {
    const std::string& collection;
    const char* name;
    const char* field;
    bool unique;
  };
  // Numbers are looked up by phone_number (one document each) and
  // revalidated in batches; the change feed asks tenant_config for what
  // changed by updated_at.
  const Wanted wanted[] = {{o.mapping_collection, "phone_number_unique", "phone_number", true},
                           {o.mapping_collection, "tenant_id", "tenant_id", false},
                           {o.config_collection, "updated_at", "updated_at", false}};
  std::string created;
  bson_error_t error;
  for (const auto& w : wanted) {
    if (!created.empty()) created += ", ";
    created += w.name;
    const MongoCollection coll(
        mongoc_client_get_collection(client.get(), o.database.c_str(), w.collection.c_str()));
    // Only the missing ones are created: asking again for an index that
    // exists is harmless on MongoDB but has crashed FerretDB's connection
    // handler.
    std::set<std::string> existing;
    {
      const MongoCursor cursor(mongoc_collection_find_indexes_with_opts(coll.get(), nullptr));
      const bson_t* index_doc = nullptr;
      while (mongoc_cursor_next(cursor.get(), &index_doc)) {
        bson_iter_t it;
        if (bson_iter_init_find(&it, index_doc, "name") && BSON_ITER_HOLDS_UTF8(&it))
          existing.insert(bson_iter_utf8(&it, nullptr));
      }
      // A collection that does not exist yet has no indexes: not an error.
      if (mongoc_cursor_error(cursor.get(), &error) && error.code != 26)
        return Result::failure("listing indexes of " + w.collection + ": " + error.message);
    }
    if (existing.count(w.name)) continue;
    Bson cmd;
    bson_t indexes, index, key;
    BSON_APPEND_UTF8(cmd.get(), "createIndexes", w.collection.c_str());
    BSON_APPEND_ARRAY_BEGIN(cmd.get(), "indexes", &indexes);
    BSON_APPEND_DOCUMENT_BEGIN(&indexes, "0", &index);
    BSON_APPEND_DOCUMENT_BEGIN(&index, "key", &key);
    BSON_APPEND_INT32(&key, w.field, 1);
    bson_append_document_end(&index, &key);
    BSON_APPEND_UTF8(&index, "name", w.name);
    if (w.unique) BSON_APPEND_BOOL(&index, "unique", true);
    bson_append_document_end(&indexes, &index);
    bson_append_array_end(cmd.get(), &indexes);
    Bson reply;
    if (!run_command(client.get(), o.database, cmd.get(), reply.get(), &error))
      return Result::failure(std::string("creating index ") + w.name + " on " + w.collection + ": " + error.message);
  }
  return created;
}

Expected<MongoAdmin::ValidatorInstalled> MongoAdmin::apply_validator(const std::string& validator_json) {
  using Result = Expected<ValidatorInstalled>;
  const auto& o = source_.options();
  bson_error_t error;
  const BsonPtr validator(bson_new_from_json(reinterpret_cast<const uint8_t*>(validator_json.data()),
                                             static_cast<ssize_t>(validator_json.size()), &error));
  if (!validator) return Result::failure(std::string("the validator is not valid JSON: ") + error.message);

  PooledClient client(source_.pool());
  if (!client.get()) return Result::failure("no free connection in the MongoDB pool");

  // Does tenant_config exist? (collMod needs it, create needs it absent.)
  const bool exists = mongoc_database_has_collection(
      MongoDatabase(mongoc_client_get_database(client.get(), o.database.c_str())).get(), o.config_collection.c_str(),
      &error);

  Bson cmd;
  BSON_APPEND_UTF8(cmd.get(), exists ? "collMod" : "create", o.config_collection.c_str());
  BSON_APPEND_DOCUMENT(cmd.get(), "validator", validator.get());
  BSON_APPEND_UTF8(cmd.get(), "validationLevel", "strict");
  BSON_APPEND_UTF8(cmd.get(), "validationAction", "error");
  Bson reply;
  if (run_command(client.get(), o.database, cmd.get(), reply.get(), &error))
    return ValidatorInstalled{true, std::string(exists ? "collMod" : "create") + " " + o.config_collection};
  if (is_unsupported(error)) {
    // The server's words stay available to whoever debugs the driver.
    if (o.log) o.log(LogLevel::debug, std::string("validator refused by the server: ") + error.message);
    return ValidatorInstalled{false, unsupported_message(error)};
  }
  return Result::failure(error.message);
}

Expected<MongoAdmin::WriteOutcome> MongoAdmin::upsert(const std::string& collection, const char* key_field,
                                                      const std::string& key, const std::string& doc_json) {
  using Result = Expected<WriteOutcome>;
  bson_error_t error;
  const BsonPtr doc(bson_new_from_json(reinterpret_cast<const uint8_t*>(doc_json.data()),
                                       static_cast<ssize_t>(doc_json.size()), &error));
  if (!doc) return Result::failure(std::string("not a valid document: ") + error.message);

  PooledClient client(source_.pool());
  if (!client.get()) return Result::failure("no free connection in the MongoDB pool");
  const MongoCollection coll(
      mongoc_client_get_collection(client.get(), source_.options().database.c_str(), collection.c_str()));
  Bson filter;
  bson_append_utf8(filter.get(), key_field, -1, key.data(), static_cast<int>(key.size()));
  Bson opts;
  BSON_APPEND_BOOL(opts.get(), "upsert", true);
  Bson reply;
  if (!mongoc_collection_replace_one(coll.get(), filter.get(), doc.get(), opts.get(), reply.get(), &error))
    return Result::failure(collection + " " + key + ": " + error.message);
  bson_iter_t it;
  std::int64_t matched = 0, modified = 0;
  if (bson_iter_init_find(&it, reply.get(), "matchedCount")) matched = bson_iter_as_int64(&it);
  if (bson_iter_init_find(&it, reply.get(), "modifiedCount")) modified = bson_iter_as_int64(&it);
  return matched == 0 ? WriteOutcome::inserted : modified > 0 ? WriteOutcome::replaced : WriteOutcome::unchanged;
}

}  // namespace tenant
