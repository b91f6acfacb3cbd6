// Process-wide mongo-c-driver state: mongoc_init() exactly once, and the
// driver's own log sent to the host's log function instead of stderr.
//
// mongo-c-driver as Debian builds it (automatic init) also calls mongoc_init()
// from a library constructor as soon as the library is loaded. Its messages
// from then on (a failed shared-memory counter segment warns on stderr) reach
// the project's log only if the handler is installed before that
// constructor: an executable does so from its pre-initialisation array with
// mongo_runtime_route_log() (tenantctl does). Until a log function is given,
// the first messages are kept and handed to it when it comes.
//
// mongoc_cleanup() is never called: other users of the driver in the same
// process (FreeSWITCH's mod_mongo, for one) may still need it, and the
// operating system reclaims what it holds at exit.
#pragma once

#include "core/util/log.hh"

namespace tenant {

// Installs the driver's log handler, without initialising the driver. Safe
// before any constructor has run (it touches only constant-initialised
// state). Idempotent.
void mongo_runtime_route_log() noexcept;

// Installs the handler, then calls mongoc_init() the first time, from
// whichever thread gets here first. Called when a store is opened, never by
// commands that work without one.
void mongo_runtime_init();

// Routes the driver's log to fn (debug and trace messages are dropped), and
// hands it the messages kept so far. Without a function the driver's messages
// are kept (the first few) or discarded, never written to stderr. The log
// handler is process-wide: the last function given wins.
void mongo_runtime_set_log(LogFunction fn);

// Silences the driver's log for good: for a host about to unload the code
// that routes it (a FreeSWITCH module), since the driver outlives it.
void mongo_runtime_detach_log();

}  // namespace tenant
