#include "inbound_hook.hh"

#include <switch.h>

#include <cstring>

#include "call_tenant.hh"
#include "callback_guard.hh"
#include "module_runtime.hh"

namespace tenant {

namespace {

// Marks a channel the hook has seen; a private pointer, so nothing in the
// dialplan can set or clear it.
constexpr const char* kSeenKey = "mod_tenant_inbound_seen";
int seen_marker;

// mod_sofia names its channels "sofia/<profile>/<user>@<host>".
bool is_sip_channel(switch_channel_t* channel) {
  const char* name = switch_channel_get_name(channel);
  return name && !std::strncmp(name, "sofia/", 6);
}

void reject(switch_core_session_t* session, int sip_status) {
  static char from[] = "mod_tenant";
  switch_core_session_message_t msg = {};
  msg.from = from;
  msg.message_id = SWITCH_MESSAGE_INDICATE_RESPOND;
  msg.numeric_arg = sip_status;  // mod_sofia answers with this status and hangs up
  switch_core_session_receive_message(session, &msg);
  switch_channel_t* channel = switch_core_session_get_channel(session);
  if (switch_channel_up(channel)) switch_channel_hangup(channel, SWITCH_CAUSE_CALL_REJECTED);
}

switch_status_t resolve_before_dialplan(switch_core_session_t* session) {
  switch_channel_t* channel = switch_core_session_get_channel(session);
  if (switch_channel_direction(channel) != SWITCH_CALL_DIRECTION_INBOUND) return SWITCH_STATUS_SUCCESS;
  if (switch_channel_get_private(channel, kSeenKey)) return SWITCH_STATUS_SUCCESS;
  switch_channel_set_private(channel, kSeenKey, &seen_marker);
  if (!is_sip_channel(channel)) return SWITCH_STATUS_SUCCESS;

  const auto runtime = current_runtime();
  if (!runtime || !runtime->settings.inbound_hook) return SWITCH_STATUS_SUCCESS;

  const InboundDecision call = resolve_call(session, *runtime, std::nullopt);
  if (!call.action.reject) return SWITCH_STATUS_SUCCESS;

  switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_NOTICE,
                    "mod_tenant: rejecting call (%s) with %d\n", call.resolution_name.c_str(), call.action.sip_status);
  reject(session, call.action.sip_status);
  return SWITCH_STATUS_FALSE;  // no dialplan hunt for a rejected call
}

// A failure inside the hook lets the call go on to the dialplan unresolved.
switch_status_t on_routing(switch_core_session_t* session) {
  return guarded("inbound hook", SWITCH_STATUS_SUCCESS, [&] { return resolve_before_dialplan(session); });
}

switch_state_handler_table_t hook_table = [] {
  switch_state_handler_table_t table = {};
  table.on_routing = on_routing;
  return table;
}();

}  // namespace

void install_inbound_hook() { switch_core_add_state_handler(&hook_table); }

void remove_inbound_hook() { switch_core_remove_state_handler(&hook_table); }

}  // namespace tenant
