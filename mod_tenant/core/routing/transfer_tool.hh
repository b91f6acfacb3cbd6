// The transfer as an AI model calls it: one tool definition in the
// JSON-schema form model APIs take for function calling, whose one argument
// is the destination, restricted to those open at the instant. The agent's
// platform hands it to the model; the model's call names a destination_id
// that tenant_refer (or a 302, a REFER) then takes.
//
// Which destinations: the same rules as the list given to models
// (destination_list.hh, destination_state.hh): enabled, usable and open at
// the instant, in priority order. A tenant whose transfers would be refused
// gets no tool: the transfer decision (transfer_decision.hh) is asked first.
#pragma once

#include <cstddef>
#include <string>

#include "core/hours/instant.hh"
#include "core/tenant/tenant_context.hh"
#include "core/util/expected.hh"

namespace tenant {

constexpr const char* kTransferToolName = "transfer_call";

// Bounds, so that the definition stays small whatever a document holds: at
// most this many destinations are listed (a valid document has at most
// kMaxDestinations), and each text is cut to these many bytes.
constexpr std::size_t kToolMaxDestinations = 100;
constexpr std::size_t kToolLabelBytes = 100;
constexpr std::size_t kToolTextBytes = 300;  // description_for_model, handoff_phrase

// One line of JSON:
//   {"type":"function","function":{"name":"transfer_call","description":...,
//    "parameters":{"type":"object","properties":{"destination_id":{
//      "type":"string","enum":[ids open at `at`, by priority],"description":...}},
//    "required":["destination_id"],"additionalProperties":false}}}
// The function's description lists each destination of the enum as
// "- <id> (<label>): <description_for_model>", one per line, then the
// tenant's require_confirmation and handoff_phrase when they apply.
//
// Refused, with the transfer decision's reason, when a transfer would be
// refused now: an unknown, disabled or broken tenant, transfers disabled,
// and no destination open at `at` ("no destination is open", with the next
// opening when there is one). An enum cannot be empty in most model APIs'
// schemas, and a model must not be offered a transfer that cannot happen:
// hosts say why instead, and the agent offers no transfer.
Expected<std::string> transfer_tool_json(const TenantContext& context, UnixSeconds at);

}  // namespace tenant
