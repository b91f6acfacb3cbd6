// The rules that choose a tenant's destination, now, and the decision's
// shape. Hosts do not call these: they ask decide_transfer
// (transfer_decision.hh), which first judges the tenant, or a
// TransferSession; the rules are public for their own tests.
//
// Rules (docs/transfer-decision.md):
//  - refer disabled -> refused "refer_disabled";
//  - a requested id that is unknown -> "unknown_destination", disabled ->
//    "destination_disabled";
//  - a requested destination that is closed follows after_hours_destination_id,
//    each hop checked the same way, until one is open; a cycle or a missing
//    hop ends the chain; nothing open -> "closed", with the requested
//    destination's next opening;
//  - no id -> the first enabled destination open now, by priority (lower
//    first, ties in document order); nothing open -> "closed", with the
//    earliest next opening;
//  - a tenant whose document has tenant-level errors -> "invalid_config";
//    a requested destination that is itself broken -> "invalid_destination".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/hours/instant.hh"
#include "core/tenant/tenant_config.hh"

namespace tenant {

// How tel: targets become a Refer-To. By default they are kept as they are;
// with sip_domain set they become sip:+E164@DOMAIN;user=phone (mod_sofia
// rewrites any target that does not start with "sip:").
struct ReferOptions {
  std::string tel_sip_domain;  // empty: keep tel: URIs
};

struct ReferHop {
  std::string destination_id;
  // why this hop was visited and what was found:
  // "open", "closed", "disabled", "unusable", "missing", "cycle", "failed"
  std::string status;
  // A closed hop: what closed it ("hours", "closure" or "override") and the
  // closure's or override's label, if it has one. Empty otherwise.
  std::string closed_by;
  std::string label;
};

struct ReferDecision {
  bool ok = false;
  std::string error;  // refusal code when !ok
  std::string message;  // human explanation of a refusal
  // When ok: the chosen destination and why ("open", "after_hours",
  // "priority", or "failover" when a retry falls back to priority order).
  const Destination* destination = nullptr;
  std::string reason;
  std::string refer_to;
  std::vector<ReferHop> chain;
  std::optional<std::string> handoff_phrase;
  bool require_confirmation = true;
  std::optional<UnixSeconds> next_open;  // refusals for "closed"
  // The first closed hop's explanation: why the destination asked for (or,
  // without one, the first by priority) was closed, for the agent to say
  // ("closed for Noël"). Empty when no hop was closed.
  std::string closed_by;
  std::string closed_label;
};

ReferDecision decide_refer(const TenantConfig& tenant, const std::optional<std::string>& requested_id,
                           UnixSeconds at, const ReferOptions& options = {});

// The next destination to try after transfers to `tried` failed (the far end
// declined the REFER, the NOTIFY reported a failure, or it timed out). The
// chain goes on from the failed destination: its after-hours hops, then every
// other destination open now by priority; a destination already tried is
// never offered again (hop status "failed"). Nothing left: refused
// "transfer_failed", or "closed" when what is left is closed.
ReferDecision decide_refer_after_failure(const TenantConfig& tenant, const std::optional<std::string>& requested_id,
                                         const std::vector<std::string>& tried, UnixSeconds at,
                                         const ReferOptions& options = {});

// The Refer-To URI for a target under the options (tel: rewrite, else as is).
std::string refer_to_uri(const std::string& target_uri, const ReferOptions& options);

// The chain as one line, "sales:closed,voicemail:open": each hop's id and
// status, for variables, events and headers.
std::string refer_chain_text(const ReferDecision& decision);

// The tenantctl/API JSON object for a decision (one line, no trailing newline).
std::string refer_decision_json(const ReferDecision& decision);

}  // namespace tenant
