// The spec's $jsonSchema validator for tenant_config, built into tenantctl
// from conf/mongo/tenant_config.schema.json at build time.
#pragma once

namespace tenantctl {

const char* tenant_config_schema_json();

}  // namespace tenantctl
