#include "core/routing/transfer_tool.hh"

#include <vector>

#include "core/routing/destination_state.hh"
#include "core/routing/transfer_decision.hh"
#include "core/util/json_doc.hh"
#include "core/util/one_line.hh"

namespace tenant {

namespace {

// What the model reads about the tool: the destinations offered, one per
// line, and how the tenant wants a transfer made.
std::string tool_description(const TenantConfig& tenant, const std::vector<const Destination*>& offered) {
  std::string text = "Transfer the call to one of these destinations, open now, in order of preference:";
  for (const Destination* d : offered)
    text += "\n- " + d->destination_id + " (" + one_line(d->label, kToolLabelBytes) +
            "): " + one_line(d->description_for_model, kToolTextBytes);
  if (tenant.refer.require_confirmation) text += "\nAsk the caller to confirm before transferring.";
  if (tenant.refer.handoff_phrase)
    text += "\nBefore transferring, say: \"" + one_line(*tenant.refer.handoff_phrase, kToolTextBytes) + "\"";
  return text;
}

}  // namespace

Expected<std::string> transfer_tool_json(const TenantContext& context, UnixSeconds at) {
  using Result = Expected<std::string>;
  // The decision without a destination asked for takes the first open one
  // by priority: when it refuses, no destination can take the call.
  const ReferDecision decision = decide_transfer(&context, std::nullopt, {}, at, {});
  if (!decision.ok)
    return Result::failure(decision.message +
                           (decision.next_open ? "; the next opens at " + format_rfc3339_utc(*decision.next_open) : ""));
  const TenantConfig& tenant = *context.config;  // a decision that is ok had one

  std::vector<const Destination*> offered;
  const PriorityOrder order(tenant.refer.destinations);
  for (std::size_t i = 0; i < order.size() && offered.size() < kToolMaxDestinations; ++i) {
    const Destination& d = order[i];
    if (d.enabled && destination_usable(d) && destination_open(d, at)) offered.push_back(&d);
  }

  JsonDoc root(cJSON_CreateObject());
  cJSON_AddStringToObject(root.get(), "type", "function");
  cJSON* function = cJSON_AddObjectToObject(root.get(), "function");
  cJSON_AddStringToObject(function, "name", kTransferToolName);
  add_json_text(function, "description", tool_description(tenant, offered));
  cJSON* parameters = cJSON_AddObjectToObject(function, "parameters");
  cJSON_AddStringToObject(parameters, "type", "object");
  cJSON* destination_id = cJSON_AddObjectToObject(cJSON_AddObjectToObject(parameters, "properties"), "destination_id");
  cJSON_AddStringToObject(destination_id, "type", "string");
  cJSON* ids = cJSON_AddArrayToObject(destination_id, "enum");
  // Ids are plain ASCII by validation (^[a-z][a-z0-9_]{1,40}$): the enum
  // holds them exactly as tenant_refer expects them back.
  for (const Destination* d : offered) cJSON_AddItemToArray(ids, cJSON_CreateString(d->destination_id.c_str()));
  cJSON_AddStringToObject(destination_id, "description",
                          "The id of the destination to transfer the call to, from the function's description.");
  cJSON_AddItemToArray(cJSON_AddArrayToObject(parameters, "required"), cJSON_CreateString("destination_id"));
  cJSON_AddFalseToObject(parameters, "additionalProperties");
  return json_text(root.get());
}

}  // namespace tenant
