// The tenant source on MongoDB (mongo-c-driver): one client pool per source,
// typed equality queries, bounded waits, and fail-fast during an outage.
//
//  - The URI says everything about the connection (hosts, replica set, TLS,
//    authentication, read preference). Server selection, connect, socket and
//    pool-wait timeouts are capped at lookup_timeout, so one lookup never
//    waits on the network longer than that per step (default 300 ms).
//  - A lookup that fails on the network marks the store down. While it is
//    down, lookups fail at once (no call waits for a timeout) and a
//    background thread pings the server every probe_interval; the first
//    answer marks the store up again.
//  - Queries are BSON documents built field by field ({phone_number: <utf8>}),
//    never parsed from text, so no caller input can become an operator.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/util/expected.hh"
#include "core/util/log.hh"
#include "core/settings/store_settings.hh"
#include "core/resolve/tenant_source.hh"

struct _mongoc_client_pool_t;
struct _mongoc_uri_t;

namespace tenant {

// The store's settings (the same fields and defaults as every host's) and
// what only this source needs.
struct MongoSourceOptions : StoreSettings {
  std::chrono::milliseconds probe_interval{1000};
  LogFunction log;  // the source's messages and the driver's own
};

class MongoTenantSource final : public TenantSource {
 public:
  // Fails on a URI the driver rejects (the message says why).
  static Expected<std::shared_ptr<MongoTenantSource>> create(const MongoSourceOptions& options);
  ~MongoTenantSource() override;
  MongoTenantSource(const MongoTenantSource&) = delete;
  MongoTenantSource& operator=(const MongoTenantSource&) = delete;

  SourceDocument find_mapping(const std::string& e164) override;
  SourceDocument find_tenant_config(const std::string& tenant_id) override;
  Expected<ConfigChanges> config_changes(std::optional<std::int64_t> since_ms, std::size_t limit) override;
  Expected<std::vector<JsonDoc>> find_mappings(const std::vector<std::string>& numbers) override;
  SourceHealth health() const override;
  std::string describe() const override { return description_; }

  // Every document of a collection, in natural order (for tenantctl db check).
  // Stops at the first failure and says what it was.
  Expected<void> for_each_document(const std::string& collection, const std::function<void(JsonDoc)>& each);

  // One ping of the server (at most the lookup timeout): why it did not
  // answer, in the driver's words, or success.
  Expected<void> ping();

  const MongoSourceOptions& options() const { return options_; }
  // The pool, for administrative commands that need more than lookups.
  _mongoc_client_pool_t* pool() const { return pool_.get(); }

 private:
  // Owned driver handles, released in mongo_tenant_source.cc (this header
  // does not need the driver's).
  struct UriRelease {
    void operator()(_mongoc_uri_t* uri) const;
  };
  struct PoolRelease {
    void operator()(_mongoc_client_pool_t* pool) const;
  };
  using UriHandle = std::unique_ptr<_mongoc_uri_t, UriRelease>;
  using PoolHandle = std::unique_ptr<_mongoc_client_pool_t, PoolRelease>;

  MongoTenantSource(MongoSourceOptions options, UriHandle uri, PoolHandle pool, std::string description);

  // field = value, at most two documents (a second one means a duplicate).
  SourceDocument find_one(const std::string& collection, const char* field, const std::string& value,
                          const std::string& what);
  std::string unavailable_message() const;
  void mark_down(const std::string& why);
  void mark_up();
  void probe_loop();
  void log(LogLevel level, const std::string& message) const;

  MongoSourceOptions options_;
  // The pool is released before the URI it was made from (reverse order).
  UriHandle uri_;
  PoolHandle pool_;
  std::string description_;

  std::atomic<bool> down_{false};
  mutable std::mutex state_mu_;
  std::string last_error_;
  std::chrono::steady_clock::time_point down_since_{};

  std::mutex probe_mu_;
  std::condition_variable probe_cv_;
  bool stopping_ = false;
  std::thread probe_;
};

}  // namespace tenant
