// Where tenants come from. The resolver asks a TenantSource for documents and
// knows nothing of the database behind it: the MongoDB store implements this
// interface (store/mongo_tenant_source.hh), unit tests use an in-memory one.
//
// A source answers with a document, "not found", or an error (the store is
// unreachable, a query failed, ...). It never interprets the documents: the
// core parses and validates them, so every source reports bad data the same
// way.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/util/expected.hh"
#include "core/util/json_doc.hh"

namespace tenant {

enum class LookupStatus { found, not_found, error };

struct SourceDocument {
  LookupStatus status = LookupStatus::error;
  JsonDoc doc;          // found: the document, plain JSON or MongoDB Extended JSON
  std::string message;  // error: what failed, in an administrator's words

  static SourceDocument found(JsonDoc doc) {
    SourceDocument d;
    d.status = LookupStatus::found;
    d.doc = std::move(doc);
    return d;
  }
  static SourceDocument not_found() {
    SourceDocument d;
    d.status = LookupStatus::not_found;
    return d;
  }
  static SourceDocument failure(std::string message) {
    SourceDocument d;
    d.status = LookupStatus::error;
    d.message = std::move(message);
    return d;
  }
};

// tenant_config documents written since a watermark (their updated_at), as
// the change feed asks for them: which tenants, and the newest updated_at
// seen, for the next question.
struct ConfigChange {
  std::string tenant_id;       // its tenant_id, else its _id
  std::int64_t updated_at_ms;  // milliseconds since the epoch
};
struct ConfigChanges {
  std::vector<ConfigChange> changes;
  std::optional<std::int64_t> newest_ms;  // the newest updated_at seen; none: an empty collection
  bool truncated = false;                 // more changed than were asked for
};

struct SourceHealth {
  bool available = true;
  std::string message;  // why not, when unavailable
};

class TenantSource {
 public:
  virtual ~TenantSource() = default;

  // The phone-tenant-map document whose phone_number equals e164 exactly.
  // Several documents for one number is an error (the number is ambiguous).
  virtual SourceDocument find_mapping(const std::string& e164) = 0;

  // The tenant_config document of a tenant: the one whose _id is tenant_id,
  // else (a document written with another _id) the one whose tenant_id is.
  virtual SourceDocument find_tenant_config(const std::string& tenant_id) = 0;

  // The tenant_config documents whose updated_at is at or after since_ms,
  // at most `limit` of them (more: truncated). Without since_ms, only the
  // newest updated_at (where a feed starts). A source that cannot say
  // answers an error, and its hosts keep to the cache's TTL.
  virtual Expected<ConfigChanges> config_changes(std::optional<std::int64_t> since_ms, std::size_t limit) {
    (void)since_ms;
    (void)limit;
    return Expected<ConfigChanges>::failure(describe() + " cannot report changed documents");
  }

  // The phone-tenant-map documents of these numbers, in one query (a number
  // may have none, or several).
  virtual Expected<std::vector<JsonDoc>> find_mappings(const std::vector<std::string>& numbers) {
    (void)numbers;
    return Expected<std::vector<JsonDoc>>::failure(describe() + " cannot look numbers up in batches");
  }

  // Whether lookups are expected to work now. A source that knows its store
  // is down fails lookups at once instead of waiting for a timeout.
  virtual SourceHealth health() const { return {}; }

  // Where the documents come from, for messages ("mongodb://host/db").
  virtual std::string describe() const = 0;
};

}  // namespace tenant
