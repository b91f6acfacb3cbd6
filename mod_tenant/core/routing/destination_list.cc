#include "core/routing/destination_list.hh"

#include <algorithm>
#include <vector>

#include "core/util/json_doc.hh"

namespace tenant {

std::string destination_list_json(const TenantConfig& tenant, UnixSeconds at) {
  JsonDoc root(cJSON_CreateObject());
  cJSON* r = root.get();
  cJSON_AddStringToObject(r, "tenant_id", tenant.tenant_id.c_str());
  cJSON_AddStringToObject(r, "at", format_rfc3339_utc(at).c_str());
  cJSON_AddBoolToObject(r, "refer_enabled", tenant.refer.enabled);
  cJSON_AddBoolToObject(r, "require_confirmation", tenant.refer.require_confirmation);
  if (tenant.refer.handoff_phrase)
    cJSON_AddStringToObject(r, "handoff_phrase", tenant.refer.handoff_phrase->c_str());
  else
    cJSON_AddNullToObject(r, "handoff_phrase");

  std::vector<const Destination*> offered;
  for (const auto& d : tenant.refer.destinations)
    if (d.enabled && d.usable && (!d.business_hours || d.business_hours->schedule)) offered.push_back(&d);
  std::stable_sort(offered.begin(), offered.end(),
                   [](const Destination* a, const Destination* b) { return a->priority < b->priority; });

  cJSON* list = cJSON_AddArrayToObject(r, "destinations");
  for (const Destination* d : offered) {
    cJSON* item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "destination_id", d->destination_id.c_str());
    cJSON_AddStringToObject(item, "label", d->label.c_str());
    cJSON_AddStringToObject(item, "description_for_model", d->description_for_model.c_str());
    cJSON_AddNumberToObject(item, "priority", static_cast<double>(d->priority));
    const bool open = !d->business_hours || d->business_hours->schedule->is_open(at);
    cJSON_AddBoolToObject(item, "open", open);
    const auto change = d->business_hours ? d->business_hours->schedule->next_change(at) : std::nullopt;
    if (change)
      cJSON_AddStringToObject(item, "next_change", format_rfc3339_utc(*change).c_str());
    else
      cJSON_AddNullToObject(item, "next_change");
    cJSON_AddItemToArray(list, item);
  }
  return json_text(r);
}

}  // namespace tenant
