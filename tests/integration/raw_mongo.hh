// Direct access to the test server through the driver, independent of the
// code under test: the tests write documents with it exactly as an
// administrator's shell would, then check what the product reads back.
#pragma once

#include <string>
#include <vector>

typedef struct _mongoc_client_t mongoc_client_t;

namespace testing_store {

class RawMongo {
 public:
  explicit RawMongo(const std::string& uri);
  ~RawMongo();
  RawMongo(const RawMongo&) = delete;
  RawMongo& operator=(const RawMongo&) = delete;

  // doc_json: JSON or Extended JSON ({"$date": ...}, {"$numberLong": ...}).
  // Empty string on success, else the error.
  std::string insert(const std::string& db, const std::string& collection, const std::string& doc_json);
  std::string insert_many(const std::string& db, const std::string& collection,
                          const std::vector<std::string>& docs_json);
  std::string replace(const std::string& db, const std::string& collection, const std::string& filter_json,
                      const std::string& doc_json);
  std::string drop_database(const std::string& db);
  long count(const std::string& db, const std::string& collection);
  // Waits (at most timeout_ms) until the server answers a ping.
  bool wait_ready(int timeout_ms);

 private:
  mongoc_client_t* client_ = nullptr;
};

}  // namespace testing_store
