// The module's custom events: tenant::resolved after every resolution of a
// call, tenant::refer after every transfer decision and attempt. Reserved at
// load, freed at unload.
#pragma once

#include <switch.h>

#include <string>
#include <utility>
#include <vector>

namespace tenant {

constexpr const char* kEventResolved = "tenant::resolved";
constexpr const char* kEventRefer = "tenant::refer";
constexpr const char* kEventChanged = "tenant::changed";

bool reserve_events();
void free_events();

using EventHeaders = std::vector<std::pair<std::string, std::string>>;

// Fires a custom event with the headers and, when a session is given, the
// channel's own data (Unique-ID, Caller-*, ...).
void fire_event(const char* subclass, switch_core_session_t* session, const EventHeaders& headers);

}  // namespace tenant
