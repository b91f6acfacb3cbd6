// Where the tenant documents are and how long a lookup may wait for them:
// the one description of a store that every host fills from its
// configuration and the store opens (store/tenant_source_factory.hh).
#pragma once

#include <chrono>
#include <string>

namespace tenant {

struct StoreSettings {
  std::string uri = "mongodb://127.0.0.1:27017";
  std::string database = "sonore-phone-agent";
  std::string mapping_collection = "phone-tenant-map";
  std::string config_collection = "tenant_config";
  std::chrono::milliseconds lookup_timeout{300};  // per step of one lookup
};

}  // namespace tenant
