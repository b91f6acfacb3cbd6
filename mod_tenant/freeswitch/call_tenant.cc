#include "call_tenant.hh"

#include "core/number.hh"
#include "events.hh"

namespace tenant {

namespace {

void set_var(switch_channel_t* channel, const char* name, const std::string& value) {
  switch_channel_set_variable(channel, name, value.empty() ? nullptr : value.c_str());
}

// hit, miss and stale describe how an active tenant was found; any other
// status is the value itself (unknown, disabled, invalid, error).
std::string resolution_value(const Resolution& r) {
  if (r.context && r.context->status == TenantStatus::active) {
    if (r.context->stale || r.outcome == CacheOutcome::stale) return "stale";
    return r.outcome == CacheOutcome::hit ? "hit" : "miss";
  }
  return r.context ? tenant_status_name(r.context->status) : "error";
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
  switch_channel_t* channel = switch_core_session_get_channel(session);
  const HostSettings& settings = runtime.settings;
  CallResolution out;

  const std::string raw = number ? *number : read_called_number(session, settings.number_source);
  const auto e164 = normalize_number(raw, settings.default_country);
  if (!e164) {
    out.resolution = "unknown";
    out.action = settings.inbound.on_not_a_number;
    switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_NOTICE, "mod_tenant: %s\n",
                      e164.error().c_str());
    set_var(channel, "tenant_resolution", out.resolution);
    set_var(channel, "tenant_resolution_message", e164.error());
    fire_event(kEventResolved, session,
               {{"Tenant-Number-Raw", raw}, {"Tenant-Resolution", out.resolution}, {"Tenant-Message", e164.error()}});
    return out;
  }

  const Resolution r = runtime.resolver->resolve(*e164);
  out.context = r.context;
  out.resolution = resolution_value(r);
  out.action = r.context ? inbound_action(*r.context, settings.inbound) : settings.inbound.on_error;

  const TenantContext* ctx = r.context.get();
  const TenantConfig* config = ctx ? ctx->config.get() : nullptr;
  set_var(channel, "tenant_number", *e164);
  set_var(channel, "tenant_resolution", out.resolution);
  set_var(channel, "tenant_resolution_message", ctx ? ctx->message : "");
  set_var(channel, "tenant_id", ctx ? ctx->tenant_id : "");
  set_var(channel, "tenant_client_id",
          config ? config->client_id : (ctx && ctx->mapping ? ctx->mapping->client_id : ""));
  set_var(channel, "tenant_display_name", config ? config->display_name : "");
  set_var(channel, "tenant_status", config ? config->status : "");
  set_var(channel, "tenant_locale", config && config->locale ? *config->locale : "");
  if (config) {
    set_var(channel, "tenant_timezone", config->timezone);
    // FreeSWITCH's own zone variable: the XML dialplan's time-of-day
    // conditions then follow the tenant's clock.
    set_var(channel, "timezone", config->timezone);
  }

  fire_event(kEventResolved, session,
             {{"Tenant-Number", *e164},
              {"Tenant-Resolution", out.resolution},
              {"Tenant-ID", ctx ? ctx->tenant_id : ""},
              {"Tenant-Client-ID", config ? config->client_id : ""},
              {"Tenant-Display-Name", config ? config->display_name : ""},
              {"Tenant-Status", config ? config->status : ""},
              {"Tenant-Timezone", config ? config->timezone : ""},
              {"Tenant-Message", ctx ? ctx->message : ""},
              {"Tenant-Action", inbound_action_text(out.action)}});
  return out;
}

}  // namespace tenant
