// Where tenants come from. The resolver asks a TenantSource for documents and
// knows nothing of the database behind it: the MongoDB store implements this
// interface (store/mongo_tenant_source.hh), unit tests use an in-memory one.
//
// A source answers with a document, "not found", or an error (the store is
// unreachable, a query failed, ...). It never interprets the documents: the
// core parses and validates them, so every source reports bad data the same
// way.
#pragma once

#include <string>
#include <utility>

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

  // Whether lookups are expected to work now. A source that knows its store
  // is down fails lookups at once instead of waiting for a timeout.
  virtual SourceHealth health() const { return {}; }

  // Where the documents come from, for messages ("mongodb://host/db").
  virtual std::string describe() const = 0;
};

}  // namespace tenant
