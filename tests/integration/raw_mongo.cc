#include "raw_mongo.hh"

#include <mongoc/mongoc.h>

#include <chrono>
#include <thread>

#include "store/mongo_runtime.hh"

namespace testing_store {

namespace {

bson_t* from_json(const std::string& json, std::string& error) {
  bson_error_t e;
  bson_t* b = bson_new_from_json(reinterpret_cast<const uint8_t*>(json.data()), static_cast<ssize_t>(json.size()), &e);
  if (!b) error = std::string("bad JSON in test: ") + e.message + ": " + json;
  return b;
}

}  // namespace

RawMongo::RawMongo(const std::string& uri) {
  tenant::mongo_runtime_init();
  client_ = mongoc_client_new(uri.c_str());
  if (client_) mongoc_client_set_error_api(client_, MONGOC_ERROR_API_VERSION_2);
}

RawMongo::~RawMongo() {
  if (client_) mongoc_client_destroy(client_);
}

std::string RawMongo::insert(const std::string& db, const std::string& collection, const std::string& doc_json) {
  if (!client_) return "no client";
  std::string error;
  bson_t* doc = from_json(doc_json, error);
  if (!doc) return error;
  mongoc_collection_t* coll = mongoc_client_get_collection(client_, db.c_str(), collection.c_str());
  bson_error_t e;
  if (!mongoc_collection_insert_one(coll, doc, nullptr, nullptr, &e)) error = e.message;
  mongoc_collection_destroy(coll);
  bson_destroy(doc);
  return error;
}

std::string RawMongo::insert_many(const std::string& db, const std::string& collection,
                                  const std::vector<std::string>& docs_json) {
  if (!client_) return "no client";
  std::string error;
  // void*: bson_t's alignment attribute is dropped (and warned about) in a
  // template argument.
  std::vector<void*> docs;
  for (const auto& j : docs_json) {
    bson_t* d = from_json(j, error);
    if (!d) break;
    docs.push_back(d);
  }
  if (error.empty() && !docs.empty()) {
    mongoc_collection_t* coll = mongoc_client_get_collection(client_, db.c_str(), collection.c_str());
    bson_error_t e;
    if (!mongoc_collection_insert_many(coll, const_cast<const bson_t**>(reinterpret_cast<bson_t**>(docs.data())), docs.size(), nullptr,
                                       nullptr, &e))
      error = e.message;
    mongoc_collection_destroy(coll);
  }
  for (void* d : docs) bson_destroy(static_cast<bson_t*>(d));
  return error;
}

std::string RawMongo::replace(const std::string& db, const std::string& collection, const std::string& filter_json,
                              const std::string& doc_json) {
  if (!client_) return "no client";
  std::string error;
  bson_t* filter = from_json(filter_json, error);
  bson_t* doc = filter ? from_json(doc_json, error) : nullptr;
  if (filter && doc) {
    mongoc_collection_t* coll = mongoc_client_get_collection(client_, db.c_str(), collection.c_str());
    bson_error_t e;
    if (!mongoc_collection_replace_one(coll, filter, doc, nullptr, nullptr, &e)) error = e.message;
    mongoc_collection_destroy(coll);
  }
  if (filter) bson_destroy(filter);
  if (doc) bson_destroy(doc);
  return error;
}

std::string RawMongo::drop_database(const std::string& db) {
  if (!client_) return "no client";
  mongoc_database_t* d = mongoc_client_get_database(client_, db.c_str());
  bson_error_t e;
  std::string error;
  if (!mongoc_database_drop(d, &e)) error = e.message;
  mongoc_database_destroy(d);
  return error;
}

long RawMongo::count(const std::string& db, const std::string& collection) {
  if (!client_) return -1;
  mongoc_collection_t* coll = mongoc_client_get_collection(client_, db.c_str(), collection.c_str());
  bson_t filter = BSON_INITIALIZER;
  bson_error_t e;
  const int64_t n = mongoc_collection_count_documents(coll, &filter, nullptr, nullptr, nullptr, &e);
  bson_destroy(&filter);
  mongoc_collection_destroy(coll);
  return static_cast<long>(n);
}

bool RawMongo::wait_ready(int timeout_ms) {
  if (!client_) return false;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  bson_t cmd = BSON_INITIALIZER;
  BSON_APPEND_INT32(&cmd, "ping", 1);
  bool ok = false;
  while (!ok && std::chrono::steady_clock::now() < deadline) {
    bson_error_t e;
    ok = mongoc_client_command_simple(client_, "admin", &cmd, nullptr, nullptr, &e);
    if (!ok) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  bson_destroy(&cmd);
  return ok;
}

}  // namespace testing_store
