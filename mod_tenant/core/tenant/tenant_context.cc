#include "core/tenant/tenant_context.hh"

#include "core/util/json_doc.hh"
#include "core/util/problem.hh"

namespace tenant {

const char* tenant_status_name(TenantStatus status) {
  switch (status) {
    case TenantStatus::active: return "active";
    case TenantStatus::unknown: return "unknown";
    case TenantStatus::disabled: return "disabled";
    case TenantStatus::invalid: return "invalid";
    case TenantStatus::error: return "error";
  }
  return "error";
}

namespace {

void add_optional_string(cJSON* obj, const char* name, const std::optional<std::string>& value) {
  if (value)
    cJSON_AddStringToObject(obj, name, value->c_str());
  else
    cJSON_AddNullToObject(obj, name);
}

cJSON* tenant_summary(const TenantConfig& config) {
  cJSON* t = cJSON_CreateObject();
  cJSON_AddStringToObject(t, "tenant_id", config.tenant_id.c_str());
  cJSON_AddStringToObject(t, "client_id", config.client_id.c_str());
  cJSON_AddStringToObject(t, "display_name", config.display_name.c_str());
  cJSON_AddStringToObject(t, "status", config.status.c_str());
  cJSON_AddStringToObject(t, "timezone", config.timezone.c_str());
  add_optional_string(t, "locale", config.locale);
  cJSON_AddNumberToObject(t, "schema_version", static_cast<double>(config.schema_version));
  cJSON* refer = cJSON_AddObjectToObject(t, "refer");
  cJSON_AddBoolToObject(refer, "enabled", config.refer.enabled);
  cJSON_AddBoolToObject(refer, "require_confirmation", config.refer.require_confirmation);
  cJSON* destinations = cJSON_AddArrayToObject(refer, "destinations");
  for (const auto& d : config.refer.destinations) {
    cJSON* item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "destination_id", d.destination_id.c_str());
    cJSON_AddStringToObject(item, "label", d.label.c_str());
    cJSON_AddBoolToObject(item, "enabled", d.enabled);
    cJSON_AddNumberToObject(item, "priority", static_cast<double>(d.priority));
    cJSON_AddBoolToObject(item, "usable", d.usable);
    cJSON_AddItemToArray(destinations, item);
  }
  return t;
}

}  // namespace

JsonDoc tenant_context_object(const TenantContext& context) {
  JsonDoc root(cJSON_CreateObject());
  cJSON* r = root.get();
  if (context.number.empty())
    cJSON_AddNullToObject(r, "number");
  else
    cJSON_AddStringToObject(r, "number", context.number.c_str());
  cJSON_AddStringToObject(r, "tenant_id", context.tenant_id.c_str());
  cJSON_AddStringToObject(r, "status", tenant_status_name(context.status));
  cJSON_AddBoolToObject(r, "stale", context.stale);
  if (context.message.empty())
    cJSON_AddNullToObject(r, "message");
  else
    cJSON_AddStringToObject(r, "message", context.message.c_str());
  if (context.mapping) {
    cJSON* m = cJSON_AddObjectToObject(r, "mapping");
    cJSON_AddStringToObject(m, "phone_number", context.mapping->phone_number.c_str());
    cJSON_AddStringToObject(m, "client_id", context.mapping->client_id.c_str());
    cJSON_AddStringToObject(m, "tenant_id", context.mapping->tenant_id.c_str());
  } else {
    cJSON_AddNullToObject(r, "mapping");
  }
  if (context.config)
    cJSON_AddItemToObject(r, "tenant", tenant_summary(*context.config));
  else
    cJSON_AddNullToObject(r, "tenant");
  cJSON* problems = cJSON_AddArrayToObject(r, "problems");
  if (context.config)
    for (const auto& p : context.config->problems) cJSON_AddItemToArray(problems, cJSON_CreateString(p.to_string().c_str()));
  if (context.version.empty())
    cJSON_AddNullToObject(r, "version");
  else
    cJSON_AddStringToObject(r, "version", context.version.c_str());

  return root;
}

std::string tenant_context_json(const TenantContext& context) { return json_text(tenant_context_object(context).get()); }

ConfigStanding judge_config(const TenantConfig& config, const std::string& tenant_id) {
  if (config.tenant_level_errors)
    return {TenantStatus::invalid,
            "tenant_config of " + tenant_id + " is invalid: " + problems_summary(config.problems, true)};
  if (config.active()) return {};
  if (config.status == "disabled") return {TenantStatus::disabled, "tenant " + tenant_id + " is disabled"};
  return {TenantStatus::invalid, "tenant_config of " + tenant_id + " has status " + quote_value(config.status)};
}

std::shared_ptr<const TenantContext> context_for_config(std::shared_ptr<const TenantConfig> config) {
  auto c = std::make_shared<TenantContext>();
  c->tenant_id = config->tenant_id.empty() ? config->id : config->tenant_id;
  const ConfigStanding standing = judge_config(*config, c->tenant_id);
  c->status = standing.status;
  c->message = standing.message;
  c->config = std::move(config);
  return c;
}

}  // namespace tenant
