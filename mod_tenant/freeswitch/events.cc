#include "events.hh"

namespace tenant {

bool reserve_events() {
  if (switch_event_reserve_subclass(kEventResolved) != SWITCH_STATUS_SUCCESS) return false;
  if (switch_event_reserve_subclass(kEventRefer) != SWITCH_STATUS_SUCCESS) {
    switch_event_free_subclass(kEventResolved);
    return false;
  }
  return true;
}

void free_events() {
  switch_event_free_subclass(kEventResolved);
  switch_event_free_subclass(kEventRefer);
}

void fire_event(const char* subclass, switch_core_session_t* session, const EventHeaders& headers) {
  switch_event_t* event = nullptr;
  if (switch_event_create_subclass(&event, SWITCH_EVENT_CUSTOM, subclass) != SWITCH_STATUS_SUCCESS) return;
  for (const auto& [name, value] : headers)
    switch_event_add_header_string(event, SWITCH_STACK_BOTTOM, name.c_str(), value.c_str());
  if (session) switch_channel_event_set_data(switch_core_session_get_channel(session), event);
  switch_event_fire(&event);
}

}  // namespace tenant
