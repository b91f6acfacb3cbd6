// Shared by the integration suites: a started server per test, databases
// unique to the test, and documents in the spec's shapes.
#pragma once

#include <check.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#include "raw_mongo.hh"
#include "test_server.hh"

namespace testing_store {

// The spec's example tenant (tenant-prod-001), as an administrator would
// insert it, with its own id and display name.
inline std::string example_tenant(const std::string& id, const std::string& display_name = "AXEO Services - La Baule",
                                  const std::string& status = "active", const std::string& client_id = "axeoservices") {
  return R"({"_id":")" + id + R"(","tenant_id":")" + id + R"(","client_id":")" + client_id +
         R"(","display_name":")" + display_name +
         R"(","summary_to":["direction@axeoservices.example","planning@axeoservices.example"],)"
         R"("reply_to":"contact@axeoservices.example","timezone":"Europe/Paris","locale":"fr-FR","status":")" +
         status +
         R"(","features":{"refer":{"enabled":true,"require_confirmation":false,"destinations":[)"
         R"({"destination_id":"commercial","label":"Mme Gogny","target_uri":"tel:+33240000001",)"
         R"("description_for_model":"For sales, quotes, and new client inquiries","enabled":true,"priority":1},)"
         R"({"destination_id":"planning","label":"le service planning","target_uri":"tel:+33240000002",)"
         R"("description_for_model":"For scheduling and intervention management","enabled":true,"priority":2}]}},)"
         R"("metadata":{},"schema_version":1,)"
         R"("created_at":{"$date":"2026-01-15T10:00:00Z"},"updated_at":{"$date":"2026-03-02T14:30:00Z"}})";
}

inline std::string example_mapping(const std::string& number, const std::string& tenant_id,
                                   const std::string& client_id = "axeoservices") {
  return R"({"phone_number":")" + number + R"(","client_id":")" + client_id + R"(","tenant_id":")" + tenant_id +
         R"("})";
}

// A RawMongo that waits for servers coming up instead of failing at once.
inline std::string patient_uri(const TestServer& server) {
  return server.uri_with("serverSelectionTryOnce=false&serverSelectionTimeoutMS=10000");
}

inline void start_or_fail(TestServer& server) {
  std::string error;
  ck_assert_msg(server.start(error), "cannot start the test server: %s", error.c_str());
}

#define ck_assert_ok(expr)                                             \
  do {                                                                 \
    const std::string ck_err_ = (expr);                                \
    ck_assert_msg(ck_err_.empty(), "%s: %s", #expr, ck_err_.c_str());  \
  } while (0)

// String equality that keeps both sides alive (ck_assert_str_eq on a
// temporary std::string's c_str() would read freed memory).
#define ck_assert_std_eq(a, b)                                                                          \
  do {                                                                                                  \
    const std::string ck_a_ = (a);                                                                      \
    const std::string ck_b_ = (b);                                                                      \
    ck_assert_msg(ck_a_ == ck_b_, "%s == %s: [%s] vs [%s]", #a, #b, ck_a_.c_str(), ck_b_.c_str());      \
  } while (0)

inline double ms_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Polls pred every 20 ms for at most timeout; true when it held.
template <class Pred>
bool eventually(std::chrono::milliseconds timeout, Pred pred) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace testing_store
