// What happens to an inbound call once its number has been resolved: go on
// to the dialplan, or be rejected with a SIP status. Each outcome that is not
// a usable tenant has its own configured action, so an administrator can,
// say, reject unknown numbers with 404 but let calls through (unrouted) when
// the store is down.
#pragma once

#include <string>
#include <string_view>

#include "core/util/expected.hh"
#include "core/tenant/tenant_context.hh"

namespace tenant {

struct InboundAction {
  bool reject = false;
  int sip_status = 0;  // 400..699 when reject

  bool operator==(const InboundAction& o) const { return reject == o.reject && sip_status == o.sip_status; }
};

struct InboundPolicy {
  InboundAction on_unknown{};             // number not in phone-tenant-map
  InboundAction on_disabled{true, 403};   // the spec: a disabled tenant does not receive calls
  InboundAction on_invalid{};             // a broken mapping or configuration
  InboundAction on_error{};               // the store could not answer: never drop calls for that
  InboundAction on_not_a_number{};        // the called party is not a telephone number
};

// "continue", "reject" (480) or "reject:NNN" with NNN in 400..699.
Expected<InboundAction> parse_inbound_action(std::string_view text);
std::string inbound_action_text(const InboundAction& action);

// The action for a resolved call. An active tenant always continues.
InboundAction inbound_action(const TenantContext& context, const InboundPolicy& policy);

}  // namespace tenant
