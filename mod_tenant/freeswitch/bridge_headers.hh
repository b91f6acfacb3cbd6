// The tenant on the leg FreeSWITCH bridges a call to (the export-headers
// setting): the X-Tenant-* headers the core chose, written as exported
// sip_h_* variables, so that the agent's INVITE carries them without an
// `export` in the dialplan.
#pragma once

#include <switch.h>

#include "core/routing/tenant_headers.hh"

namespace tenant {

// headers: tenant_headers()'s answer, applied as it is (an empty value
// removes the header).
void export_bridge_headers(switch_channel_t* channel, const NamedValues& headers);

}  // namespace tenant
