// The edits tenantctl's write commands make to a tenant_config document,
// as pure JSON transformations: each takes the document as read and gives
// the edited copy, or says why it cannot be edited. Nothing here judges the
// result: the writer validates the whole edited document (validation.hh)
// before it goes anywhere, so an edit can never let through what a
// validator would refuse.
//
// An edit applies to the tenant (features.refer, for every destination) or,
// given a destination_id, to that destination of features.refer.destinations.
#pragma once

#include <cjson/cJSON.h>

#include <optional>
#include <string>

#include "core/hours/instant.hh"
#include "core/util/expected.hh"
#include "core/util/json_doc.hh"

namespace tenant {

// An override as the document holds it: {"state", "until", "label"}.
struct OverrideValue {
  std::string state;                 // "closed" or "open" (validation judges it)
  std::optional<UnixMillis> until;   // none: until the override is removed
  std::optional<std::string> label;  // none: no label
};

// doc with the override set: features.refer.override, created with
// features and features.refer when the document has neither, or the
// destination's override. {"state", "until" (a BSON date or null),
// "label" (or null)} replaces any override there was.
Expected<JsonDoc> with_override(const cJSON* doc, const std::optional<std::string>& destination_id,
                                const OverrideValue& value);

// doc without that override: the member removed (a document without one
// comes back unchanged).
Expected<JsonDoc> without_override(const cJSON* doc, const std::optional<std::string>& destination_id);

// doc with features.refer.closures, or the destination's closures, replaced
// by a copy of closures (a JSON array; empty clears them).
Expected<JsonDoc> with_closures(const cJSON* doc, const std::optional<std::string>& destination_id,
                                const cJSON* closures);

// The closures list of what a file holds: the {"closures": [...]} object
// `tenantctl closures from-ics` prints, or a bare array. A copy.
Expected<JsonDoc> closures_of(const cJSON* input);

}  // namespace tenant
