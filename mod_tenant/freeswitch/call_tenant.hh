// A call's tenant, as FreeSWITCH sees it: the called number read from the
// configured source on the channel, the core's inbound decision, and its
// variables, the headers for a bridged leg (export-headers) and the
// tenant::resolved event written back. Used by the inbound
// hook, tenant_resolve and tenant_refer.
#pragma once

#include <switch.h>

#include <optional>
#include <string>

#include "core/routing/inbound_decision.hh"
#include "module_runtime.hh"

namespace tenant {

// number: resolve this instead of reading the configured number source.
InboundDecision resolve_call(switch_core_session_t* session, const HostRuntime& runtime,
                             const std::optional<std::string>& number);

}  // namespace tenant
