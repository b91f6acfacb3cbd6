// A call's tenant: the called number read from the channel, normalised and
// resolved through the core, and the result written back as channel
// variables (tenant_id, tenant_timezone, tenant_resolution, ...) and a
// tenant::resolved event. Used by the inbound hook and by tenant_resolve.
#pragma once

#include <switch.h>

#include <memory>
#include <optional>
#include <string>

#include "core/inbound_policy.hh"
#include "module_runtime.hh"

namespace tenant {

struct CallResolution {
  std::shared_ptr<const TenantContext> context;  // null when the number was not a number
  std::string resolution;                        // the tenant_resolution value
  InboundAction action;                          // what the inbound policy says
};

// number: resolve this instead of reading the configured number source.
CallResolution resolve_call(switch_core_session_t* session, const ModuleRuntime& runtime,
                            const std::optional<std::string>& number);

// The called number as the configured source gives it ("" when absent).
std::string read_called_number(switch_core_session_t* session, const NumberSource& source);

}  // namespace tenant
