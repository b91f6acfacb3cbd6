// Consistency of the two collections taken together, for `tenantctl db
// check`: every document valid, numbers in E.164 and unique, every mapping's
// tenant configured, with the same client_id, and no disabled tenant still
// receiving calls.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

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

DbCheckReport check_tenant_database(const std::vector<JsonDoc>& mappings, const std::vector<JsonDoc>& configs,
                                    const std::string& mapping_collection = "phone-tenant-map",
                                    const std::string& config_collection = "tenant_config");

// {"ok":..., "mappings":N, "tenants":N, "problems":[{collection,key,message}], "warnings":[...]}
std::string db_check_report_json(const DbCheckReport& report);

}  // namespace tenant
