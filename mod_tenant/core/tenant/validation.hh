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

#include "core/util/problem.hh"
#include "core/hours/instant.hh"
#include "core/hours/schedule.hh"

namespace tenant {

Problems validate_tenant_doc(const cJSON* doc);

// A tenant's transfer list holds at most this many destinations. Each may
// carry its own rule to compile, and every decision walks the list: a longer
// one is refused as a whole (an error on features.refer.destinations), so
// that no document can make a load or a decision cost more than a bounded
// amount of work.
constexpr std::size_t kMaxDestinations = 100;

// Validating business hours means compiling them; this overload hands the
// compiled schedules over so that the model does not compile them twice.
// (*schedules)[i] belongs to features.refer.destinations[i]; it is null when
// that destination has no business hours or they do not compile.
using CompiledSchedules = std::vector<std::shared_ptr<const Schedule>>;
Problems validate_tenant_doc(const cJSON* doc, CompiledSchedules* schedules);

// Which parts of the document have errors, whether or not their messages
// are among the kProblemLimit listed: the model marks those destinations
// unusable (destinations[i] for features.refer.destinations[i]) and refuses
// the whole tenant on an error anywhere else.
struct ErrorSites {
  bool tenant_level = false;
  std::vector<bool> destinations;
};
Problems validate_tenant_doc(const cJSON* doc, CompiledSchedules* schedules, ErrorSites* sites);

// The same, with "now" given: closures that ended and overrides whose
// `until` has passed are reported as warnings against it (the overloads
// above use the system clock).
Problems validate_tenant_doc(const cJSON* doc, CompiledSchedules* schedules, ErrorSites* sites, UnixSeconds now);

// The target_uri rule on its own: why uri is not a safe tel:, sip: or sips:
// transfer target (headers, whitespace, control or non-ASCII characters,
// nothing after the scheme, ...), or nullopt when it is one.
std::optional<std::string> target_uri_problem(std::string_view uri);

// The scheme of a target_uri, lower-cased: "tel", "sip" or "sips"; empty for
// any other scheme. URI schemes are case-insensitive (RFC 3986).
std::string target_uri_scheme(std::string_view uri);

}  // namespace tenant
