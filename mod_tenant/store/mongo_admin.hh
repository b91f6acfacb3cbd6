// Administrative operations on the tenant database, for `tenantctl db`:
// indexes, the tenant_config validator, and writing documents.
#pragma once

#include <string>

#include "core/util/expected.hh"
#include "mongo_tenant_source.hh"

namespace tenant {

class MongoAdmin {
 public:
  explicit MongoAdmin(MongoTenantSource& source) : source_(source) {}

  // Waits for the server to answer a ping (at most the lookup timeout).
  Expected<void> ping();

  // Unique index on phone-tenant-map.phone_number, index on
  // phone-tenant-map.tenant_id, index on tenant_config.updated_at (what the
  // change feed asks by). Idempotent. Returns the index names.
  Expected<std::string> create_indexes();

  // What became of the validator when the server did not fail: installed,
  // or refused as a feature the server lacks (FerretDB), which is not an
  // error: tenantctl still checks every document.
  struct ValidatorInstalled {
    bool supported;
    std::string detail;  // "collMod tenant_config", or why the server refused
  };
  // validator_json: {"$jsonSchema": {...}}. collMod when tenant_config
  // exists, create otherwise. An unsupported validator's detail says so
  // plainly and names the server's error code (the server's own text goes
  // to the debug log).
  Expected<ValidatorInstalled> apply_validator(const std::string& validator_json);

  enum class WriteOutcome { inserted, replaced, unchanged };
  // Replaces the document whose key_field equals key (a string), or inserts
  // it. doc_json: the document as JSON or MongoDB Extended JSON.
  Expected<WriteOutcome> upsert(const std::string& collection, const char* key_field, const std::string& key,
                                const std::string& doc_json);

 private:
  MongoTenantSource& source_;
};

const char* write_outcome_name(MongoAdmin::WriteOutcome outcome);

}  // namespace tenant
