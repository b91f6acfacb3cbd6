#include "core/routing/destination_rules.hh"
#include "core/routing/destination_state.hh"
#include "core/util/json_doc.hh"
#include "core/util/ascii.hh"
#include "core/util/problem.hh"
#include "core/number/tel_text.hh"

#include <cjson/cJSON.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

namespace tenant {

namespace {

// Hop statuses and reasons are short literals: std::string keeps them inline
// (no allocation), which keeps a decision on the call path cheap.
constexpr std::string_view kOpen = "open";
constexpr std::string_view kClosed = "closed";
constexpr std::string_view kDisabled = "disabled";
constexpr std::string_view kUnusable = "unusable";
constexpr std::string_view kMissing = "missing";
constexpr std::string_view kCycle = "cycle";
constexpr std::string_view kFailed = "failed";

void add_hop(ReferDecision& decision, const std::string& destination_id, std::string_view status) {
  decision.chain.push_back(ReferHop{destination_id, std::string(status), {}, {}});
}

// What one destination can do for a call at `at` (open, closed, failed,
// disabled or unusable) and, when it was asked, what its calendar said.
struct Judgement {
  std::string_view status;
  AvailabilityState state;
};

// A judged hop; a closed one carries its explanation, and the first closed
// hop's explanation becomes the decision's.
void add_hop(ReferDecision& decision, const std::string& destination_id, const Judgement& judged) {
  add_hop(decision, destination_id, judged.status);
  if (judged.status != kClosed) return;
  ReferHop& hop = decision.chain.back();
  hop.closed_by = cause_name(judged.state.cause);
  if (judged.state.label) hop.label = *judged.state.label;
  if (decision.closed_by.empty()) {
    decision.closed_by = hop.closed_by;
    decision.closed_label = hop.label;
  }
}

bool chain_contains(const ReferDecision& decision, const std::string& destination_id) {
  for (const auto& hop : decision.chain)
    if (hop.destination_id == destination_id) return true;
  return false;
}

// The decision is filled in place (one object, returned by copy elision):
// moving it between helpers would copy every string it holds.
void refuse(ReferDecision& decision, const char* code, std::string message) {
  decision.ok = false;
  decision.error = code;
  decision.message = std::move(message);
}

void choose(ReferDecision& decision, const TenantConfig& tenant, const Destination& chosen,
            std::string_view reason, const ReferOptions& options) {
  decision.ok = true;
  decision.destination = &chosen;
  decision.reason = reason;
  decision.refer_to = refer_to_uri(chosen.target_uri, options);
  decision.handoff_phrase = tenant.refer.handoff_phrase;
  decision.require_confirmation = tenant.refer.require_confirmation;
}

bool was_tried(const std::vector<std::string>& tried, const std::string& destination_id) {
  return std::find(tried.begin(), tried.end(), destination_id) != tried.end();
}

// What one destination can do for a call at `at`: open, closed, failed (a
// transfer to it was already tried), disabled or unusable.
Judgement judge(const Destination& d, UnixSeconds at, const std::vector<std::string>& tried) {
  if (was_tried(tried, d.destination_id)) return {kFailed, {}};
  if (!d.enabled) return {kDisabled, {}};
  if (!destination_usable(d)) return {kUnusable, {}};
  const AvailabilityState state = destination_state(d, at);
  return {state.open ? kOpen : kClosed, state};
}

// Follows after_hours_destination_id from `from`, already in the chain. Every
// hop is judged alike: open takes the call, closed or failed passes it on,
// and a missing, disabled or unusable hop or a cycle ends the chain rather
// than being skipped, so the administrator's fallback order is never
// second-guessed. Returns true when a destination took the call.
bool follow_after_hours(const TenantConfig& tenant, const Destination& from, UnixSeconds at,
                        const std::vector<std::string>& tried, const ReferOptions& options, ReferDecision& decision) {
  const Destination* current = &from;
  while (current->after_hours_destination_id) {
    const std::string& next_id = *current->after_hours_destination_id;
    if (chain_contains(decision, next_id)) {
      add_hop(decision, next_id, kCycle);
      return false;
    }
    const Destination* next = tenant.find_destination(next_id);
    if (!next) {
      add_hop(decision, next_id, kMissing);
      return false;
    }
    const Judgement judged = judge(*next, at, tried);
    add_hop(decision, next_id, judged);
    const std::string_view status = judged.status;
    if (status == kOpen) {
      choose(decision, tenant, *next, "after_hours", options);
      return true;
    }
    if (status != kClosed && status != kFailed) return false;
    current = next;
  }
  return false;
}

void decide_requested(const TenantConfig& tenant, const std::string& requested_id, UnixSeconds at,
                      const ReferOptions& options, ReferDecision& decision) {
  const Destination* requested = tenant.find_destination(requested_id);
  if (!requested) {
    add_hop(decision, requested_id, kMissing);
    return refuse(decision, "unknown_destination",
                  "no destination " + quote_value(requested_id) + " in tenant " + tenant.tenant_id);
  }
  if (!requested->enabled) {
    add_hop(decision, requested_id, kDisabled);
    return refuse(decision, "destination_disabled", "destination " + quote_value(requested_id) + " is disabled");
  }
  if (!destination_usable(*requested)) {
    add_hop(decision, requested_id, kUnusable);
    return refuse(decision, "invalid_destination",
                  "destination " + quote_value(requested_id) + " has configuration errors");
  }
  const Judgement judged = judge(*requested, at, {});
  add_hop(decision, requested_id, judged);
  if (judged.status == kOpen) return choose(decision, tenant, *requested, "open", options);
  if (follow_after_hours(tenant, *requested, at, {}, options, decision)) return;

  // The caller asked for this destination: when it opens again is the useful
  // answer, whatever its fallbacks do.
  decision.next_open = destination_next_open(*requested, at);
  // Closed by hours is the usual case and says no more; a closure or an
  // override is named, with its label.
  std::string closed = "is closed";
  if (decision.closed_by != "hours")
    closed += " (" + decision.closed_by + (decision.closed_label.empty() ? "" : " " + quote_value(decision.closed_label)) + ")";
  std::string message =
      decision.chain.size() == 1
          ? "destination " + quote_value(requested_id) + " " + closed + " and has no after-hours destination"
          : "destination " + quote_value(requested_id) + " " + closed + " and no after-hours destination can take the call";
  return refuse(decision, "closed", std::move(message));
}

// Nothing open: the earliest moment a destination that could still take the
// call (enabled, usable, not tried) opens, into decision.next_open. Returns
// whether there is such a destination at all. Only reached on a refusal, so
// these schedule look-ups are not on the transfer path.
bool earliest_next_open(const TenantConfig& tenant, UnixSeconds at, const std::vector<std::string>& tried,
                        ReferDecision& decision) {
  bool any_candidate = false;
  for (const auto& d : tenant.refer.destinations) {
    if (was_tried(tried, d.destination_id) || !d.enabled || !destination_usable(d)) continue;
    any_candidate = true;
    const auto opens = destination_next_open(d, at);
    if (opens && (!decision.next_open || *opens < *decision.next_open)) decision.next_open = opens;
  }
  return any_candidate;
}

void decide_by_priority(const TenantConfig& tenant, UnixSeconds at, const ReferOptions& options,
                        ReferDecision& decision) {
  const PriorityOrder order(tenant.refer.destinations);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Destination& d = order[i];
    const Judgement judged = judge(d, at, {});
    add_hop(decision, d.destination_id, judged);
    if (judged.status == kOpen) return choose(decision, tenant, d, "priority", options);
  }

  const bool any_candidate = earliest_next_open(tenant, at, {}, decision);
  return refuse(decision, "closed",
                any_candidate ? "no destination is open" : "no destination is enabled and free of configuration errors");
}

// Characters RFC 3261 allows in a SIP URI's user part (unreserved, escaped,
// user-unreserved). tel: parameters travel in the user part (RFC 3261
// 19.1.6), so they must fit it.
bool fits_sip_user(const std::string& text, std::size_t from, std::size_t to) {
  for (std::size_t i = from; i < to; ++i) {
    const char c = text[i];
    if (is_ascii_alnum(c)) continue;
    switch (c) {
      case '-': case '_': case '.': case '!': case '~': case '*': case '\'': case '(': case ')':
      case '&': case '=': case '+': case '$': case ',': case ';': case '?': case '/':
        continue;
      case '%':
        if (i + 2 < to && is_ascii_hex(text[i + 1]) && is_ascii_hex(text[i + 2])) {
          i += 2;
          continue;
        }
        return false;
      default:
        return false;
    }
  }
  return true;
}

}  // namespace

std::string refer_to_uri(const std::string& target_uri, const ReferOptions& options) {
  if (options.tel_sip_domain.empty() || !ascii_istarts_with(target_uri, "tel:")) return target_uri;

  // Only a global number (tel:+...) has an E.164 form. A local number means
  // something only within its phone-context, so it has no +E164 to offer the
  // gateway and stays a tel: URI, as it would without the option.
  constexpr std::size_t kNumberStart = 4;
  const std::size_t params = std::min(target_uri.find(';', kNumberStart), target_uri.size());
  if (params <= kNumberStart || target_uri[kNumberStart] != '+') return target_uri;

  std::string digits;
  digits.reserve(params - kNumberStart);
  for (std::size_t i = kNumberStart + 1; i < params; ++i) {
    const char c = target_uri[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (!is_visual_separator(c)) {
      return target_uri;
    }
  }
  // E.164: a country code that does not start with 0, at most 15 digits.
  if (digits.size() < 2 || digits.size() > 15 || digits[0] == '0') return target_uri;
  if (!fits_sip_user(target_uri, params, target_uri.size())) return target_uri;

  std::string uri;
  uri.reserve(5 + digits.size() + (target_uri.size() - params) + options.tel_sip_domain.size() + 12);
  uri += "sip:+";
  uri += digits;
  uri.append(target_uri, params, std::string::npos);  // ";ext=12" and the like
  uri += '@';
  uri += options.tel_sip_domain;
  uri += ";user=phone";
  return uri;
}

ReferDecision decide_refer(const TenantConfig& tenant, const std::optional<std::string>& requested_id,
                           UnixSeconds at, const ReferOptions& options) {
  ReferDecision decision;
  if (!tenant.refer.enabled) {
    refuse(decision, "refer_disabled", "transfers are disabled for tenant " + tenant.tenant_id);
    return decision;
  }
  // A tenant-level error may hide which destinations the administrator meant
  // to offer; refusing is safer than transferring on a guess.
  if (tenant.tenant_level_errors) {
    refuse(decision, "invalid_config",
           "tenant " + tenant.tenant_id + " has configuration errors outside its destinations");
    return decision;
  }
  // One allocation for the whole chain: each destination is visited at most
  // once, plus a final "cycle" or "missing" entry.
  decision.chain.reserve(tenant.refer.destinations.size() + 1);
  if (requested_id)
    decide_requested(tenant, *requested_id, at, options, decision);
  else
    decide_by_priority(tenant, at, options, decision);
  return decision;
}

ReferDecision decide_refer_after_failure(const TenantConfig& tenant, const std::optional<std::string>& requested_id,
                                         const std::vector<std::string>& tried, UnixSeconds at,
                                         const ReferOptions& options) {
  if (tried.empty()) return decide_refer(tenant, requested_id, at, options);
  ReferDecision decision;
  if (!tenant.refer.enabled || tenant.tenant_level_errors) return decide_refer(tenant, requested_id, at, options);
  decision.chain.reserve(2 * tenant.refer.destinations.size() + 1);

  // First what the caller asked for (or the destination that failed, when
  // nothing was asked for) and its after-hours chain.
  const std::string& start_id = requested_id ? *requested_id : tried.front();
  if (const Destination* start = tenant.find_destination(start_id)) {
    const Judgement judged = judge(*start, at, tried);
    add_hop(decision, start_id, judged);
    const std::string_view status = judged.status;
    if (status == kOpen) {
      choose(decision, tenant, *start, requested_id ? "open" : "after_hours", options);
      return decision;
    }
    if ((status == kClosed || status == kFailed) && follow_after_hours(tenant, *start, at, tried, options, decision))
      return decision;
  } else {
    add_hop(decision, start_id, kMissing);
  }

  // Then any other destination open now, by priority.
  const PriorityOrder order(tenant.refer.destinations);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const Destination& d = order[i];
    if (chain_contains(decision, d.destination_id)) continue;
    const Judgement judged = judge(d, at, tried);
    add_hop(decision, d.destination_id, judged);
    if (judged.status == kOpen) {
      choose(decision, tenant, d, "failover", options);
      return decision;
    }
  }
  if (earliest_next_open(tenant, at, tried, decision)) {
    refuse(decision, "closed", "the transfer failed and no other destination is open");
  } else {
    refuse(decision, "transfer_failed", "the transfer failed and no other destination can take the call");
  }
  return decision;
}

std::string refer_chain_text(const ReferDecision& decision) {
  std::string out;
  for (const auto& hop : decision.chain) {
    if (!out.empty()) out += ',';
    out += hop.destination_id + ":" + hop.status;
  }
  return out;
}

std::string refer_decision_json(const ReferDecision& decision) {
  const JsonDoc owned(cJSON_CreateObject());
  cJSON* root = owned.get();
  cJSON_AddBoolToObject(root, "ok", decision.ok);

  auto add_chain = [&] {
    cJSON* chain = cJSON_AddArrayToObject(root, "chain");
    for (const auto& hop : decision.chain) {
      cJSON* item = cJSON_CreateObject();
      add_json_text(item, "destination_id", hop.destination_id);
      add_json_text(item, "status", hop.status);
      if (!hop.closed_by.empty()) {
        add_json_text(item, "closed_by", hop.closed_by);
        if (!hop.label.empty()) add_json_text(item, "label", hop.label);
      }
      cJSON_AddItemToArray(chain, item);
    }
  };
  // Why the destination asked for was closed, for the agent to say: on an
  // after-hours choice as on a refusal.
  auto add_closed = [&] {
    if (decision.closed_by.empty())
      cJSON_AddNullToObject(root, "closed_by");
    else
      add_json_text(root, "closed_by", decision.closed_by);
    if (decision.closed_label.empty())
      cJSON_AddNullToObject(root, "closed_label");
    else
      add_json_text(root, "closed_label", decision.closed_label);
  };

  if (decision.ok && decision.destination) {
    const Destination& d = *decision.destination;
    add_json_text(root, "destination_id", d.destination_id);
    add_json_text(root, "label", d.label);
    add_json_text(root, "target_uri", d.target_uri);
    add_json_text(root, "refer_to", decision.refer_to);
    add_json_text(root, "reason", decision.reason);
    add_chain();
    if (decision.handoff_phrase)
      add_json_text(root, "handoff_phrase", *decision.handoff_phrase);
    else
      cJSON_AddNullToObject(root, "handoff_phrase");
    cJSON_AddBoolToObject(root, "require_confirmation", decision.require_confirmation);
    add_closed();
  } else {
    add_json_text(root, "error", decision.error);
    if (decision.next_open)
      add_json_text(root, "next_open", format_rfc3339_utc(*decision.next_open));
    else
      cJSON_AddNullToObject(root, "next_open");
    add_json_text(root, "message", decision.message);
    add_chain();
    add_closed();
  }

  return json_text(root);
}

}  // namespace tenant
