// Process-wide mongo-c-driver state: mongoc_init() exactly once, and the
// driver's own log sent to the host's log function instead of stderr.
//
// mongoc_cleanup() is never called: other users of the driver in the same
// process (FreeSWITCH's mod_mongo, for one) may still need it, and the
// operating system reclaims what it holds at exit.
#pragma once

#include "core/log.hh"

namespace tenant {

// Calls mongoc_init() the first time, from whichever thread gets here first.
void mongo_runtime_init();

// Routes the driver's log to fn (debug and trace messages are dropped).
// Without a function the driver's messages are discarded. The log handler is
// process-wide: the last function given wins.
void mongo_runtime_set_log(LogFunction fn);

// Silences the driver's log for good: for a host about to unload the code
// that routes it (a FreeSWITCH module), since the driver outlives it.
void mongo_runtime_detach_log();

}  // namespace tenant
