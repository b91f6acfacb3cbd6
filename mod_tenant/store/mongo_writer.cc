#include "mongo_writer.hh"
#include "mongo_handles.hh"

#include <mongoc/mongoc.h>

#include <cstdint>
#include <utility>

#include "bson_to_json.hh"
#include "json_to_bson.hh"

namespace tenant {

namespace {

// The server's code for a duplicate key: another writer got there first.
constexpr std::uint32_t kDuplicateKey = 11000;

void append_string(bson_t* doc, const char* key, const std::string& value) {
  bson_append_utf8(doc, key, -1, value.data(), static_cast<int>(value.size()));
}

// {phone_number, tenant_id, client_id}: the mapping exactly as it was read.
void append_mapping(bson_t* doc, const PhoneMapping& mapping) {
  append_string(doc, "phone_number", mapping.phone_number);
  append_string(doc, "tenant_id", mapping.tenant_id);
  append_string(doc, "client_id", mapping.client_id);
}

std::int64_t reply_count(const bson_t* reply, const char* field) {
  bson_iter_t it;
  return bson_iter_init_find(&it, reply, field) ? bson_iter_as_int64(&it) : 0;
}

// What a failed driver call says, with the store and the operation named.
std::string failure_text(const MongoTenantSource& source, const std::string& what, const bson_error_t& error) {
  return source.describe() + ": " + what + ": " + error.message;
}

}  // namespace

Expected<std::optional<JsonDoc>> MongoWriter::find_config(const std::string& id) {
  using Result = Expected<std::optional<JsonDoc>>;
  const auto& o = source_.options();
  PooledClient client(source_.pool());
  if (!client.get()) return Result::failure("no free connection in the MongoDB pool");
  const MongoCollection coll(mongoc_client_get_collection(client.get(), o.database.c_str(), o.config_collection.c_str()));
  Bson filter, opts;
  append_string(filter.get(), "_id", id);
  BSON_APPEND_INT64(opts.get(), "limit", 1);
  const MongoCursor cursor(mongoc_collection_find_with_opts(coll.get(), filter.get(), opts.get(), nullptr));
  std::optional<JsonDoc> found;
  const bson_t* doc = nullptr;
  if (mongoc_cursor_next(cursor.get(), &doc)) found = bson_to_json(doc);
  bson_error_t error;
  if (mongoc_cursor_error(cursor.get(), &error))
    return Result::failure(failure_text(source_, "reading " + o.config_collection + " " + id, error));
  return Result(std::move(found));
}

Expected<MongoWriter::Outcome> MongoWriter::replace_config(const std::string& id, const cJSON* read_updated_at,
                                                           const cJSON* doc) {
  using Result = Expected<Outcome>;
  const auto& o = source_.options();
  Bson replacement;
  if (auto converted = json_to_bson(doc, replacement.get()); !converted) return Result::failure(converted.error());
  // {_id: id, updated_at: <as read>}, or {updated_at: {$exists: false}}
  // for a document that had none: any write since changed it.
  Bson filter;
  append_string(filter.get(), "_id", id);
  if (read_updated_at != nullptr) {
    if (auto typed = append_json_value(filter.get(), "updated_at", read_updated_at); !typed)
      return Result::failure(typed.error());
  } else {
    bson_t exists;
    BSON_APPEND_DOCUMENT_BEGIN(filter.get(), "updated_at", &exists);
    BSON_APPEND_BOOL(&exists, "$exists", false);
    bson_append_document_end(filter.get(), &exists);
  }
  PooledClient client(source_.pool());
  if (!client.get()) return Result::failure("no free connection in the MongoDB pool");
  const MongoCollection coll(mongoc_client_get_collection(client.get(), o.database.c_str(), o.config_collection.c_str()));
  Bson reply;
  bson_error_t error;
  if (!mongoc_collection_replace_one(coll.get(), filter.get(), replacement.get(), nullptr, reply.get(), &error))
    return Result::failure(failure_text(source_, "replacing " + o.config_collection + " " + id, error));
  return reply_count(reply.get(), "matchedCount") == 0 ? Outcome::conflict : Outcome::written;
}

Expected<MongoWriter::Outcome> MongoWriter::insert_config(const cJSON* doc) {
  using Result = Expected<Outcome>;
  const auto& o = source_.options();
  Bson inserted;
  if (auto converted = json_to_bson(doc, inserted.get()); !converted) return Result::failure(converted.error());
  PooledClient client(source_.pool());
  if (!client.get()) return Result::failure("no free connection in the MongoDB pool");
  const MongoCollection coll(mongoc_client_get_collection(client.get(), o.database.c_str(), o.config_collection.c_str()));
  Bson reply;
  bson_error_t error;
  if (mongoc_collection_insert_one(coll.get(), inserted.get(), nullptr, reply.get(), &error)) return Outcome::written;
  if (error.code == kDuplicateKey) return Outcome::conflict;
  return Result::failure(failure_text(source_, "inserting into " + o.config_collection, error));
}

Expected<MongoWriter::Outcome> MongoWriter::insert_mapping(const PhoneMapping& mapping) {
  using Result = Expected<Outcome>;
  const auto& o = source_.options();
  // An upsert that only sets fields on insert: one atomic step that maps
  // the number, or finds it mapped and changes nothing. (The unique index
  // `db init` creates also turns a concurrent insert into a duplicate key.)
  Bson filter, update, opts;
  append_string(filter.get(), "phone_number", mapping.phone_number);
  bson_t set;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$setOnInsert", &set);
  append_mapping(&set, mapping);
  bson_append_document_end(update.get(), &set);
  BSON_APPEND_BOOL(opts.get(), "upsert", true);
  PooledClient client(source_.pool());
  if (!client.get()) return Result::failure("no free connection in the MongoDB pool");
  const MongoCollection coll(
      mongoc_client_get_collection(client.get(), o.database.c_str(), o.mapping_collection.c_str()));
  Bson reply;
  bson_error_t error;
  if (!mongoc_collection_update_one(coll.get(), filter.get(), update.get(), opts.get(), reply.get(), &error)) {
    if (error.code == kDuplicateKey) return Outcome::conflict;
    return Result::failure(failure_text(source_, "mapping " + mapping.phone_number, error));
  }
  return reply_count(reply.get(), "upsertedCount") == 1 ? Outcome::written : Outcome::conflict;
}

Expected<MongoWriter::Outcome> MongoWriter::update_mapping(const PhoneMapping& read, const PhoneMapping& next) {
  using Result = Expected<Outcome>;
  const auto& o = source_.options();
  Bson filter, update;
  append_mapping(filter.get(), read);
  bson_t set;
  BSON_APPEND_DOCUMENT_BEGIN(update.get(), "$set", &set);
  append_string(&set, "tenant_id", next.tenant_id);
  append_string(&set, "client_id", next.client_id);
  bson_append_document_end(update.get(), &set);
  PooledClient client(source_.pool());
  if (!client.get()) return Result::failure("no free connection in the MongoDB pool");
  const MongoCollection coll(
      mongoc_client_get_collection(client.get(), o.database.c_str(), o.mapping_collection.c_str()));
  Bson reply;
  bson_error_t error;
  if (!mongoc_collection_update_one(coll.get(), filter.get(), update.get(), nullptr, reply.get(), &error))
    return Result::failure(failure_text(source_, "moving " + read.phone_number, error));
  return reply_count(reply.get(), "matchedCount") == 0 ? Outcome::conflict : Outcome::written;
}

Expected<MongoWriter::Outcome> MongoWriter::delete_mapping(const PhoneMapping& read) {
  using Result = Expected<Outcome>;
  const auto& o = source_.options();
  Bson filter;
  append_mapping(filter.get(), read);
  PooledClient client(source_.pool());
  if (!client.get()) return Result::failure("no free connection in the MongoDB pool");
  const MongoCollection coll(
      mongoc_client_get_collection(client.get(), o.database.c_str(), o.mapping_collection.c_str()));
  Bson reply;
  bson_error_t error;
  if (!mongoc_collection_delete_one(coll.get(), filter.get(), nullptr, reply.get(), &error))
    return Result::failure(failure_text(source_, "unmapping " + read.phone_number, error));
  return reply_count(reply.get(), "deletedCount") == 0 ? Outcome::conflict : Outcome::written;
}

}  // namespace tenant
