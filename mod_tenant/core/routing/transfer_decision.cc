#include "core/routing/transfer_decision.hh"

namespace tenant {

namespace {

ReferDecision refused(const char* code, std::string message) {
  ReferDecision d;
  d.error = code;
  d.message = std::move(message);
  return d;
}

}  // namespace

ReferDecision decide_transfer(const TenantContext* context, const std::optional<std::string>& requested_id,
                              const std::vector<std::string>& tried, UnixSeconds at, const ReferOptions& options) {
  if (!context) return refused("unknown_tenant", "the call has no tenant");
  const std::string who = context->tenant_id.empty() ? "the call's tenant" : "tenant " + context->tenant_id;
  switch (context->status) {
    case TenantStatus::active: break;
    case TenantStatus::unknown: return refused("unknown_tenant", who + " is unknown: " + context->message);
    case TenantStatus::disabled: return refused("tenant_disabled", who + " is disabled");
    case TenantStatus::invalid: return refused("invalid_config", who + ": " + context->message);
    case TenantStatus::error: return refused("tenant_unavailable", who + " could not be read: " + context->message);
  }
  if (!context->config) return refused("tenant_unavailable", who + " has no configuration");
  return decide_refer_after_failure(*context->config, requested_id, tried, at, options);
}

bool failover_enabled(const TenantConfig& config, bool host_default) {
  return config.refer.failover.value_or(host_default);
}

}  // namespace tenant
