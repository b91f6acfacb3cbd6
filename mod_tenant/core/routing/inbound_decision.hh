// The inbound call flow, whole: what the host read as the called party, in;
// everything the host publishes and does, out. Hosts (the FreeSWITCH module,
// the SIP redirect service) only read the number, call decide_inbound, then
// set the variables, fire the event and continue or reject as told.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/settings/host_settings.hh"
#include "core/routing/inbound_policy.hh"
#include "core/routing/tenant_headers.hh"  // NamedValues
#include "core/resolve/resolver.hh"

namespace tenant {

struct InboundDecision {
  std::string raw;                   // the called party as the host read it
  std::optional<std::string> number;  // E.164; none when the input is not a number
  Resolution resolution;              // context null only when there is no number
  std::string resolution_name;        // "hit", "miss", "stale", "unknown", "disabled", ...
  std::string message;                // why, when the call has no usable tenant
  InboundAction action;               // continue, or reject with a SIP status
  // Channel variables, every tenant_* one on every call (an empty value
  // clears it), plus FreeSWITCH's own "timezone" when the tenant has one.
  NamedValues variables;
  NamedValues event_fields;  // the tenant::resolved event's headers
};

// called: the To user, Request-URI user or variable the number source names,
// "" when absent. Never throws; a store outage is an answer (resolution
// "error", action on-error), not a wait beyond the store's lookup timeout.
InboundDecision decide_inbound(std::string_view called, const HostSettings& settings, TenantResolver& resolver);

// The same decision when it can be made without the store (the number is
// cached, or not a number at all); nullopt otherwise. For a host on an event
// loop: what this cannot answer, decide_inbound answers on a thread that may
// wait.
std::optional<InboundDecision> decide_inbound_if_cached(std::string_view called, const HostSettings& settings,
                                                        TenantResolver& resolver);

}  // namespace tenant
