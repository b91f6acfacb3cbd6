#include "call_tenant.hh"

#include "core/number.hh"
#include "channel_vars.hh"
#include "events.hh"

namespace tenant {

namespace {

// The facts of one resolution, computed once for the variables and the event.
struct CallFacts {
  std::string number;  // E.164, or "" when the input was not a number
  std::string resolution;
  std::string message;
  std::string tenant_id;
  std::string client_id;
  std::string display_name;
  std::string status;
  std::string timezone;
  std::string locale;
  std::string action;
};

CallFacts facts_of(const Resolution& r, const std::string& e164, const InboundAction& action) {
  CallFacts f;
  const TenantContext* ctx = r.context.get();
  const TenantConfig* config = ctx ? ctx->config.get() : nullptr;
  f.number = e164;
  f.resolution = resolution_name(r);
  f.message = ctx ? ctx->message : "";
  f.tenant_id = ctx ? ctx->tenant_id : "";
  f.client_id = config ? config->client_id : (ctx && ctx->mapping ? ctx->mapping->client_id : "");
  f.display_name = config ? config->display_name : "";
  f.status = config ? config->status : "";
  f.timezone = config ? config->timezone : "";
  f.locale = config && config->locale ? *config->locale : "";
  f.action = inbound_action_text(action);
  return f;
}

// Every tenant_* variable is written on every resolution (cleared when there
// is no value), and the same facts go into the tenant::resolved event.
void publish(switch_core_session_t* session, const CallFacts& f, const std::string& raw_number) {
  switch_channel_t* channel = switch_core_session_get_channel(session);
  set_channel_var(channel, "tenant_number", f.number);
  set_channel_var(channel, "tenant_resolution", f.resolution);
  set_channel_var(channel, "tenant_resolution_message", f.message);
  set_channel_var(channel, "tenant_id", f.tenant_id);
  set_channel_var(channel, "tenant_client_id", f.client_id);
  set_channel_var(channel, "tenant_display_name", f.display_name);
  set_channel_var(channel, "tenant_status", f.status);
  set_channel_var(channel, "tenant_locale", f.locale);
  set_channel_var(channel, "tenant_timezone", f.timezone);
  // FreeSWITCH's own zone variable: the XML dialplan's time-of-day
  // conditions then follow the tenant's clock. Left alone when there is no
  // tenant, so a zone the dialplan set itself stays.
  if (!f.timezone.empty()) set_channel_var(channel, "timezone", f.timezone);

  fire_event(kEventResolved, session,
             {{"Tenant-Number", f.number},
              {"Tenant-Number-Raw", raw_number},
              {"Tenant-Resolution", f.resolution},
              {"Tenant-ID", f.tenant_id},
              {"Tenant-Client-ID", f.client_id},
              {"Tenant-Display-Name", f.display_name},
              {"Tenant-Status", f.status},
              {"Tenant-Timezone", f.timezone},
              {"Tenant-Message", f.message},
              {"Tenant-Action", f.action}});
}

}  // namespace

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

CallResolution resolve_call(switch_core_session_t* session, const ModuleRuntime& runtime,
                            const std::optional<std::string>& number) {
  const HostSettings& settings = runtime.settings;
  CallResolution out;

  const std::string raw = number ? *number : read_called_number(session, settings.number_source);
  const auto e164 = normalize_number(raw, settings.default_country);
  if (!e164) {
    out.resolution = "unknown";
    out.action = settings.inbound.on_not_a_number;
    switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_NOTICE, "mod_tenant: %s\n",
                      e164.error().c_str());
    CallFacts facts;
    facts.resolution = out.resolution;
    facts.message = e164.error();
    facts.action = inbound_action_text(out.action);
    publish(session, facts, raw);
    return out;
  }

  const Resolution r = runtime.resolver->resolve(*e164);
  out.context = r.context;
  out.resolution = resolution_name(r);
  out.action = r.context ? inbound_action(*r.context, settings.inbound) : settings.inbound.on_error;
  publish(session, facts_of(r, *e164, out.action), raw);
  return out;
}

}  // namespace tenant
