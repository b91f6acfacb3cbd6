// Consistency of the two collections taken together, for `tenantctl db
// check`: every document valid, numbers in E.164 and unique, every mapping's
// tenant configured, with the same client_id, and no disabled tenant still
// receiving calls.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/tenant/phone_mapping.hh"
#include "core/tenant/tenant_config.hh"
#include "core/util/json_doc.hh"

namespace tenant {

struct DbFinding {
  std::string collection;  // "phone-tenant-map" or "tenant_config" (as named)
  std::string key;         // the phone number, the tenant id, or "#N" (document position)
  std::string message;
  bool warning = false;  // advice only: does not make the check fail
};

struct DbCheckReport {
  std::size_t mappings = 0;
  std::size_t tenants = 0;
  std::vector<DbFinding> findings;

  bool ok() const;
};

// One document on its own, as `db seed` admits it and `db check` judges it:
// the document's key (the phone number, or the tenant id), its errors (any
// one keeps `db seed` from writing it) and its warnings.
struct DocumentVerdict {
  std::string key;
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  std::optional<PhoneMapping> mapping;  // when it reads as one
  std::optional<TenantConfig> config;   // when it reads as one
  bool admitted() const { return errors.empty(); }
};
// A phone-tenant-map document: the mapping's fields, phone_number in E.164.
DocumentVerdict judge_mapping_document(const cJSON* doc);
// A tenant_config document: full validation, and _id a string (the key
// documents are stored under).
DocumentVerdict judge_config_document(const cJSON* doc);

DbCheckReport check_tenant_database(const std::vector<JsonDoc>& mappings, const std::vector<JsonDoc>& configs,
                                    const std::string& mapping_collection = "phone-tenant-map",
                                    const std::string& config_collection = "tenant_config");

// {"ok":..., "mappings":N, "tenants":N, "problems":[{collection,key,message}], "warnings":[...]}
std::string db_check_report_json(const DbCheckReport& report);

}  // namespace tenant
