// The destinations a tenant offers right now, as JSON for an AI model that
// chooses where to transfer a caller: each enabled, usable destination with
// its label, description_for_model, whether it is open at the instant and
// when that changes. Ordered by priority (lower first, ties in document order).
#pragma once

#include <string>

#include "core/hours/instant.hh"
#include "core/tenant/tenant_config.hh"

namespace tenant {

// {"tenant_id":..., "at":"<RFC 3339>", "refer_enabled":bool,
//  "require_confirmation":bool, "handoff_phrase":...|null,
//  "destinations":[{"destination_id","label","description_for_model",
//                   "priority","open"[,"closed_by","closed_label"],"next_change"}...]}
// closed_by ("closure" or "override") and closed_label appear on a
// destination closed by a closure or an override, not by its hours.
std::string destination_list_json(const TenantConfig& tenant, UnixSeconds at);

}  // namespace tenant
