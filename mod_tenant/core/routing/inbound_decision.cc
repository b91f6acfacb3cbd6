#include "core/routing/inbound_decision.hh"

#include "core/number/number.hh"

namespace tenant {

namespace {

// The facts a call's tenant is published with, read once from the context.
void publish(InboundDecision& d) {
  const TenantContext* ctx = d.resolution.context.get();
  const TenantConfig* config = ctx ? ctx->config.get() : nullptr;
  const std::string number = d.number.value_or("");
  const std::string tenant_id = ctx ? ctx->tenant_id : "";
  const std::string client_id =
      config ? config->client_id : (ctx && ctx->mapping ? ctx->mapping->client_id : std::string());
  const std::string display_name = config ? config->display_name : "";
  const std::string status = config ? config->status : "";
  const std::string timezone = config ? config->timezone : "";
  const std::string locale = config && config->locale ? *config->locale : "";

  d.variables = {
      {"tenant_number", number},
      {"tenant_resolution", d.resolution_name},
      {"tenant_resolution_message", d.message},
      {"tenant_id", tenant_id},
      {"tenant_client_id", client_id},
      {"tenant_display_name", display_name},
      {"tenant_status", status},
      {"tenant_locale", locale},
      {"tenant_timezone", timezone},
  };
  // FreeSWITCH's own zone variable: the XML dialplan's time-of-day
  // conditions then follow the tenant's clock. Left alone when there is no
  // tenant, so a zone the dialplan set itself stays.
  if (!timezone.empty()) d.variables.emplace_back("timezone", timezone);

  d.event_fields = {
      {"Tenant-Number", number},
      {"Tenant-Number-Raw", d.raw},
      {"Tenant-Resolution", d.resolution_name},
      {"Tenant-ID", tenant_id},
      {"Tenant-Client-ID", client_id},
      {"Tenant-Display-Name", display_name},
      {"Tenant-Status", status},
      {"Tenant-Timezone", timezone},
      {"Tenant-Message", d.message},
      {"Tenant-Action", inbound_action_text(d.action)},
  };
}

// cache_only: answer only from the cache (nullopt when the store is needed).
std::optional<InboundDecision> decide(std::string_view called, const HostSettings& settings, TenantResolver& resolver,
                                      bool cache_only) {
  InboundDecision d;
  d.raw = std::string(called);
  const auto e164 = normalize_number(called, settings.default_country);
  if (!e164) {
    // Not a number is not an unknown tenant: it has its own action, and no
    // store is asked.
    d.resolution_name = "unknown";
    d.message = e164.error();
    d.action = settings.inbound.on_not_a_number;
  } else {
    d.number = *e164;
    if (cache_only) {
      auto cached = resolver.resolve_if_cached(*e164);
      if (!cached) return std::nullopt;
      d.resolution = std::move(*cached);
    } else {
      d.resolution = resolver.resolve(*e164);
    }
    d.resolution_name = resolution_name(d.resolution);
    d.message = d.resolution.context->message;
    d.action = inbound_action(*d.resolution.context, settings.inbound);
  }
  publish(d);
  return d;
}

}  // namespace

InboundDecision decide_inbound(std::string_view called, const HostSettings& settings, TenantResolver& resolver) {
  return *decide(called, settings, resolver, false);
}

std::optional<InboundDecision> decide_inbound_if_cached(std::string_view called, const HostSettings& settings,
                                                        TenantResolver& resolver) {
  return decide(called, settings, resolver, true);
}

}  // namespace tenant
