// The "tenant" API command (fs_cli, event socket): lookups, dry-run
// decisions, the destination list and the transfer tool for AI models, the
// effective calendar, cache and store status.
// Every answer is one line of JSON, or "-ERR <reason>" (docs/freeswitch.md).
#pragma once

#include <switch.h>

namespace tenant {

constexpr const char* kApiSyntax =
    "tenant lookup <number> | tenant config <tenant_id> | "
    "tenant destinations <tenant_id|number> [<instant>] | "
    "tenant refer <tenant_id|number> [<destination_id>] [<instant>] | "
    "tenant calendar <tenant_id|number> <from-date> <days> [<destination_id>] | "
    "tenant tools <tenant_id|number> [<instant>] | "
    "tenant cache stats | tenant cache flush [<number>|<tenant_id>] | tenant status";

switch_status_t tenant_api(const char* cmd, switch_core_session_t* session, switch_stream_handle_t* stream);

void add_api_completion();
void remove_api_completion();

}  // namespace tenant
