// The transfer decision for a call, from its tenant context: the one entry
// point every host asks (the module's tenant_refer through TransferSession,
// its `tenant refer` API dry run, `tenantctl refer`), so that all of them
// answer alike. Only an active tenant's calls are transferred; the rules for
// choosing among its destinations are destination_rules' (docs/transfer-decision.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/routing/destination_rules.hh"
#include "core/tenant/tenant_context.hh"

namespace tenant {

// context null or unknown -> refused "unknown_tenant"; disabled ->
// "tenant_disabled"; invalid -> "invalid_config"; the store could not
// answer -> "tenant_unavailable". An active tenant: decide_refer_after_failure
// with the destinations already tried (none on a first attempt).
ReferDecision decide_transfer(const TenantContext* context, const std::optional<std::string>& requested_id,
                              const std::vector<std::string>& tried, UnixSeconds at, const ReferOptions& options);

// Whether to try another destination after a failed transfer: the tenant's
// features.refer.failover when it says, else the host's setting.
bool failover_enabled(const TenantConfig& config, bool host_default);

}  // namespace tenant
