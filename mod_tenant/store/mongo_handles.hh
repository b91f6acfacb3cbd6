// Owned mongo-c-driver and libbson handles: each is released however the
// scope that made it ends (an early return, an exception), so no path can
// leak a cursor or return a pooled client twice.
#pragma once

#include <mongoc/mongoc.h>

#include <memory>

namespace tenant {

// A deleter for a C handle: calls Destroy, skipping null.
template <auto Destroy>
struct CDeleter {
  template <class T>
  void operator()(T* handle) const {
    if (handle != nullptr) Destroy(handle);
  }
};

using MongoUri = std::unique_ptr<mongoc_uri_t, CDeleter<mongoc_uri_destroy>>;
using MongoPool = std::unique_ptr<mongoc_client_pool_t, CDeleter<mongoc_client_pool_destroy>>;
using MongoDatabase = std::unique_ptr<mongoc_database_t, CDeleter<mongoc_database_destroy>>;
using MongoCollection = std::unique_ptr<mongoc_collection_t, CDeleter<mongoc_collection_destroy>>;
using MongoCursor = std::unique_ptr<mongoc_cursor_t, CDeleter<mongoc_cursor_destroy>>;
using BsonText = std::unique_ptr<char, CDeleter<bson_free>>;  // bson_as_*_json

// A BSON document libbson allocated (bson_new, bson_new_from_json). Not a
// unique_ptr: bson_t carries an alignment attribute a template argument
// would drop.
class BsonPtr {
 public:
  explicit BsonPtr(bson_t* doc) : doc_(doc) {}
  ~BsonPtr() {
    if (doc_ != nullptr) bson_destroy(doc_);
  }
  BsonPtr(const BsonPtr&) = delete;
  BsonPtr& operator=(const BsonPtr&) = delete;
  bson_t* get() const { return doc_; }
  explicit operator bool() const { return doc_ != nullptr; }

 private:
  bson_t* doc_;
};

// A BSON document built in place (a command, a filter, options, or a reply
// a driver call fills in): empty until appended to, destroyed with its scope.
class Bson {
 public:
  Bson() = default;
  ~Bson() { bson_destroy(&doc_); }
  Bson(const Bson&) = delete;
  Bson& operator=(const Bson&) = delete;
  bson_t* get() { return &doc_; }
  const bson_t* get() const { return &doc_; }

 private:
  bson_t doc_ = BSON_INITIALIZER;
};

// A client taken from a pool and given back however the scope that took it
// ends.
class PooledClient {
 public:
  explicit PooledClient(mongoc_client_pool_t* pool) : pool_(pool), client_(mongoc_client_pool_pop(pool)) {}
  ~PooledClient() {
    if (client_) mongoc_client_pool_push(pool_, client_);
  }
  PooledClient(const PooledClient&) = delete;
  PooledClient& operator=(const PooledClient&) = delete;
  mongoc_client_t* get() const { return client_; }

 private:
  mongoc_client_pool_t* pool_;
  mongoc_client_t* client_;
};

}  // namespace tenant
