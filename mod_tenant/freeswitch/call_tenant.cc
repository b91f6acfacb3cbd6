#include "call_tenant.hh"

#include "bridge_headers.hh"
#include "channel_vars.hh"
#include "events.hh"

namespace tenant {

namespace {

// The called number as the configured source gives it ("" when absent).
std::string read_called_number(switch_core_session_t* session, const NumberSource& source) {
  switch_channel_t* channel = switch_core_session_get_channel(session);
  const char* value = nullptr;
  switch (source.kind) {
    case NumberSource::Kind::to_user: value = switch_channel_get_variable(channel, "sip_to_user"); break;
    case NumberSource::Kind::request_uri_user: value = switch_channel_get_variable(channel, "sip_req_user"); break;
    case NumberSource::Kind::destination_number: {
      switch_caller_profile_t* profile = switch_channel_get_caller_profile(channel);
      value = profile ? profile->destination_number : nullptr;
      break;
    }
    case NumberSource::Kind::variable: value = switch_channel_get_variable(channel, source.variable.c_str()); break;
  }
  return value ? value : "";
}

}  // namespace

InboundDecision resolve_call(switch_core_session_t* session, const HostRuntime& runtime,
                             const std::optional<std::string>& number) {
  const std::string raw = number ? *number : read_called_number(session, runtime.settings.number_source);
  InboundDecision d = decide_inbound(raw, runtime.settings, *runtime.resolver);
  if (!d.number)
    switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_NOTICE, "mod_tenant: %s\n", d.message.c_str());
  switch_channel_t* channel = switch_core_session_get_channel(session);
  for (const auto& [name, value] : d.variables) set_channel_var(channel, name.c_str(), value);
  export_bridge_headers(channel, tenant_headers(d.variables, runtime.settings.export_headers));
  fire_event(kEventResolved, session, d.event_fields);
  return d;
}

}  // namespace tenant
