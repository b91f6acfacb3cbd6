#include "core/routing/destination_list.hh"

#include <cstddef>

#include "core/routing/destination_state.hh"
#include "core/util/json_doc.hh"
#include "core/util/problem.hh"

namespace tenant {

std::string destination_list_json(const TenantConfig& tenant, UnixSeconds at) {
  JsonDoc root(cJSON_CreateObject());
  cJSON* r = root.get();
  add_json_text(r, "tenant_id", tenant.tenant_id);
  cJSON_AddStringToObject(r, "at", format_rfc3339_utc(at).c_str());
  cJSON_AddBoolToObject(r, "refer_enabled", tenant.refer.enabled);
  cJSON_AddBoolToObject(r, "require_confirmation", tenant.refer.require_confirmation);
  if (tenant.refer.handoff_phrase)
    add_json_text(r, "handoff_phrase", *tenant.refer.handoff_phrase);
  else
    cJSON_AddNullToObject(r, "handoff_phrase");

  cJSON* list = cJSON_AddArrayToObject(r, "destinations");
  const PriorityOrder order(tenant.refer.destinations);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Destination* d = &order[i];
    if (!d->enabled || !destination_usable(*d)) continue;
    cJSON* item = cJSON_CreateObject();
    add_json_text(item, "destination_id", d->destination_id);
    add_json_text(item, "label", d->label);
    add_json_text(item, "description_for_model", d->description_for_model);
    cJSON_AddNumberToObject(item, "priority", static_cast<double>(d->priority));
    const AvailabilityState state = destination_state(*d, at);
    cJSON_AddBoolToObject(item, "open", state.open);
    // Closed by a closure or an override: what the agent can say about it.
    if (!state.open && state.cause != AvailabilityCause::hours) {
      cJSON_AddStringToObject(item, "closed_by", cause_name(state.cause));
      if (state.label) add_json_text(item, "closed_label", *state.label);
    }
    if (const auto change = destination_next_change(*d, at))
      cJSON_AddStringToObject(item, "next_change", format_rfc3339_utc(*change).c_str());
    else
      cJSON_AddNullToObject(item, "next_change");
    cJSON_AddItemToArray(list, item);
  }
  return json_text(r);
}

}  // namespace tenant
