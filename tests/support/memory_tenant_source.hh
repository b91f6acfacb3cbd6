// A TenantSource held in memory, for the resolver's unit tests (integration
// tests use the real store). It counts lookups, can be told to fail, and can
// hold a lookup until released, so that tests can observe loads in flight.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "core/resolve/tenant_source.hh"

namespace tenant {

class MemoryTenantSource final : public TenantSource {
 public:
  // Documents are kept as JSON text and parsed on every lookup, as a real
  // store would deliver a fresh copy. Returns false when text is not JSON.
  bool put_mapping(const std::string& e164, std::string_view json_text);
  bool put_tenant_config(const std::string& tenant_id, std::string_view json_text);
  void remove_mapping(const std::string& e164);
  void remove_tenant_config(const std::string& tenant_id);

  // While set, every lookup fails with this message.
  void set_failure(std::string message);
  void clear_failure();

  // While held, lookups wait (up to the given bound) until release() is called.
  void hold();
  void release();

  std::uint64_t mapping_lookups() const;
  std::uint64_t config_lookups() const;
  // How many lookups are waiting in hold() right now.
  int waiting() const;

  // The change feed's queries, over the documents held: updated_at (its
  // seconds, as milliseconds) says what changed.
  Expected<ConfigChanges> config_changes(std::optional<std::int64_t> since_ms, std::size_t limit) override;
  Expected<std::vector<JsonDoc>> find_mappings(const std::vector<std::string>& numbers) override;
  std::uint64_t change_queries() const;

  SourceDocument find_mapping(const std::string& e164) override;
  SourceDocument find_tenant_config(const std::string& tenant_id) override;
  SourceHealth health() const override;
  std::string describe() const override { return "memory"; }

 private:
  SourceDocument find(const std::map<std::string, std::string>& docs, const std::string& key,
                      std::uint64_t& counter);

  mutable std::mutex mu_;
  std::condition_variable released_;
  std::map<std::string, std::string> mappings_;
  std::map<std::string, std::string> configs_;
  std::string failure_;
  bool failing_ = false;
  bool held_ = false;
  int waiting_ = 0;
  std::uint64_t mapping_lookups_ = 0;
  std::uint64_t config_lookups_ = 0;
  std::uint64_t change_queries_ = 0;
};

}  // namespace tenant
