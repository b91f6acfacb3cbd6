// tenant_refer: the core's transfer decision for the channel's tenant, made
// at the current instant and carried out.
//
// An answered call is transferred with a REFER (mod_sofia's deflect) and the
// module waits for the far end's verdict itself (sip_refer_continue_after_reply),
// so a declined REFER, a failing NOTIFY or silence never drops the caller:
// the call stays up, tenant_refer_result=failed, and with failover on the
// next destination the core offers is tried. An unanswered call is answered
// with a 302 to the destination. A refusal sends nothing and the dialplan
// goes on, with tenant_refer_next_open for the agent to announce.
#pragma once

#include <switch.h>

#include <optional>
#include <string>

#include "module_runtime.hh"

namespace tenant {

void run_tenant_refer(switch_core_session_t* session, const HostRuntime& runtime,
                      const std::optional<std::string>& destination_id);

}  // namespace tenant
