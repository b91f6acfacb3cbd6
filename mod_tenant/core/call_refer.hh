// The transfer decision for a call, from its resolved tenant context: only
// an active tenant's calls are transferred. Hosts (the FreeSWITCH module's
// tenant_refer and its API dry run) ask here instead of judging the
// context themselves.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "refer_policy.hh"
#include "tenant_context.hh"

namespace tenant {

// context null or unknown -> refused "unknown_tenant"; disabled ->
// "tenant_disabled"; invalid -> "invalid_config"; the store could not
// answer -> "tenant_unavailable". An active tenant: decide_refer_after_failure
// with the destinations already tried (none on a first attempt).
ReferDecision decide_call_refer(const TenantContext* context, const std::optional<std::string>& requested_id,
                                const std::vector<std::string>& tried, UnixSeconds at, const ReferOptions& options);

// Whether to try another destination after a failed transfer: the tenant's
// features.refer.failover when it says, else the host's setting.
bool failover_enabled(const TenantConfig& config, bool host_default);

}  // namespace tenant
