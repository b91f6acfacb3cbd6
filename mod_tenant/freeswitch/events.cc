#include "events.hh"

namespace tenant {

namespace {

const char* const kSubclasses[] = {kEventResolved, kEventRefer, kEventChanged};

}  // namespace

bool reserve_events() {
  for (std::size_t i = 0; i < sizeof kSubclasses / sizeof *kSubclasses; ++i)
    if (switch_event_reserve_subclass(kSubclasses[i]) != SWITCH_STATUS_SUCCESS) {
      while (i-- > 0) switch_event_free_subclass(kSubclasses[i]);
      return false;
    }
  return true;
}

void free_events() {
  for (const char* subclass : kSubclasses) switch_event_free_subclass(subclass);
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
