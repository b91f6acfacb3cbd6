// Full validation of a tenant_config document: every required field and type
// of the spec's $jsonSchema and every rule of docs/tenant-documents.md.
// Problems are reported in document order with JSON paths such as
// "features.refer.destinations[1].after_hours_destination_id".
#pragma once

#include <cjson/cJSON.h>

#include "problem.hh"

namespace tenant {

Problems validate_tenant_doc(const cJSON* doc);

}  // namespace tenant
