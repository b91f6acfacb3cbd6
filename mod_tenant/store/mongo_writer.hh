// The writes of tenantctl's write commands, each applied only if what it
// replaces is still what was read (optimistic concurrency): two
// administrators editing one tenant, or moving one number, never overwrite
// each other's work unseen; the second is told, and nothing is written.
//
//  - tenant_config: replaced with the filter {_id, updated_at: <the value
//    read>}, so a document written since (which has a later updated_at)
//    matches nothing; inserted only when no document has its _id.
//  - phone-tenant-map: a number is mapped only when it is not; moved or
//    unmapped only while its mapping still names the tenant and client it
//    was read with.
//
// Filters and updates are typed BSON built field by field; documents go
// through json_to_bson, the inverse of how they were read.
#pragma once

#include <cjson/cJSON.h>

#include <optional>
#include <string>

#include "core/tenant/phone_mapping.hh"
#include "core/util/expected.hh"
#include "core/util/json_doc.hh"
#include "mongo_tenant_source.hh"

namespace tenant {

class MongoWriter {
 public:
  explicit MongoWriter(MongoTenantSource& source) : source_(source) {}

  enum class Outcome {
    written,
    conflict,  // the document is no longer what was read (or now exists): nothing written
  };

  // The tenant_config document whose _id is id, exactly (no fallback on
  // tenant_id: a write replaces by _id), in the typed form bson_to_json
  // gives; nothing when there is none.
  Expected<std::optional<JsonDoc>> find_config(const std::string& id);

  // Replaces tenant_config id by doc if its updated_at is still
  // read_updated_at (the value as read, typed; null: it had none).
  Expected<Outcome> replace_config(const std::string& id, const cJSON* read_updated_at, const cJSON* doc);

  // Inserts doc (whose _id is a string); conflict when a document with that
  // _id exists.
  Expected<Outcome> insert_config(const cJSON* doc);

  // Maps mapping.phone_number; conflict when it is mapped already.
  Expected<Outcome> insert_mapping(const PhoneMapping& mapping);

  // Moves read.phone_number to next's tenant and client if its mapping
  // still names read's.
  Expected<Outcome> update_mapping(const PhoneMapping& read, const PhoneMapping& next);

  // Unmaps read.phone_number if its mapping still names read's tenant and
  // client.
  Expected<Outcome> delete_mapping(const PhoneMapping& read);

 private:
  MongoTenantSource& source_;
};

}  // namespace tenant
