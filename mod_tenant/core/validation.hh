// Full validation of a tenant_config document: every required field and type
// of the spec's $jsonSchema and every rule of docs/tenant-documents.md.
// Problems are reported in the spec's field order, destinations in list
// order, with JSON paths such as
// "features.refer.destinations[1].after_hours_destination_id".
#pragma once

#include <cjson/cJSON.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "problem.hh"
#include "schedule.hh"

namespace tenant {

Problems validate_tenant_doc(const cJSON* doc);

// Validating business hours means compiling them; this overload hands the
// compiled schedules over so that the model does not compile them twice.
// (*schedules)[i] belongs to features.refer.destinations[i]; it is null when
// that destination has no business hours or they do not compile.
using CompiledSchedules = std::vector<std::shared_ptr<const Schedule>>;
Problems validate_tenant_doc(const cJSON* doc, CompiledSchedules* schedules);

// The target_uri rule on its own: why uri is not a safe tel:, sip: or sips:
// transfer target (headers, whitespace, control or non-ASCII characters,
// nothing after the scheme, ...), or nullopt when it is one.
std::optional<std::string> target_uri_problem(std::string_view uri);

// The scheme of a target_uri, lower-cased: "tel", "sip" or "sips"; empty for
// any other scheme. URI schemes are case-insensitive (RFC 3986).
std::string target_uri_scheme(std::string_view uri);

}  // namespace tenant
