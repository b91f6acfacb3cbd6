// A phone-tenant-map document: which tenant answers a called number.
#pragma once

#include <cjson/cJSON.h>

#include <string>

#include "core/util/expected.hh"

namespace tenant {

struct PhoneMapping {
  std::string phone_number;  // E.164
  std::string client_id;
  std::string tenant_id;
};

// Reads phone_number, client_id and tenant_id (all required, non-empty
// strings). The error names the first bad field and what it holds:
// "tenant_id must be a string, got int".
Expected<PhoneMapping> parse_phone_mapping(const cJSON* doc);

}  // namespace tenant
