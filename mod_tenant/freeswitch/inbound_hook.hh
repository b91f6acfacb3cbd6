// The inbound hook: a global state handler that resolves every inbound SIP
// call's tenant when it first enters routing, before the dialplan hunt, and
// applies the configured action (continue, or reject with a SIP status).
// It runs once per call: a transfer back into routing does not run it again,
// and outbound legs are never touched.
#pragma once

namespace tenant {

void install_inbound_hook();
void remove_inbound_hook();

}  // namespace tenant
