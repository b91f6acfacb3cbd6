// Writing one tenant_config document, the one way every write command does
// it (tenant put, override set and clear, closures set):
//
//  1. its dates become BSON dates and updated_at a new version, later than
//     the one it replaces (core/tenant/document_stamp.hh);
//  2. the whole document is validated as the module will read it: any error
//     refuses it, warnings do not; each problem is listed on stderr;
//  3. --dry-run prints the document (relaxed Extended JSON) and writes
//     nothing; a document that is the one read apart from updated_at is
//     not written either ("unchanged");
//  4. it replaces the document read only while that is still the stored
//     one (the same updated_at), and is inserted only while no document has
//     its _id: otherwise nothing is written and the conflict is explained;
//  5. one JSON object on stdout says what was written.
#pragma once

#include <cjson/cJSON.h>

#include <string>

#include "core/util/expected.hh"
#include "core/util/json_doc.hh"
#include "store/mongo_tenant_source.hh"

namespace tenantctl {

struct TenantWrite {
  std::string id;                 // the document's _id
  const cJSON* read = nullptr;    // the stored document as read (typed form); null: none, an insert
  const cJSON* edited = nullptr;  // what to write (typed form), before step 1
  bool dry_run = false;
};

// Steps 1 to 5; returns the exit status.
int write_tenant_config(tenant::MongoTenantSource& source, const TenantWrite& write);

// The stored tenant_config document whose _id is id (typed form), for a
// command that edits it; an error when there is none.
tenant::Expected<tenant::JsonDoc> read_tenant_config(tenant::MongoTenantSource& source, const std::string& id);

// Whether two updated_at values (either possibly null: absent) stand for
// the same version: the same instant to the millisecond, however written,
// or the same value.
bool same_version(const cJSON* a, const cJSON* b);

// "tenant_config 'X' changed since it was read (updated_at <in the store>
// in the store, <read> read): read it again and retry"; stored null: the
// document is gone.
std::string changed_since_read(const tenant::MongoTenantSource& source, const std::string& id, const cJSON* stored,
                               const cJSON* read_updated_at);

}  // namespace tenantctl
