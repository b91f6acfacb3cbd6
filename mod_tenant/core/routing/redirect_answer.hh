// The decisions as a SIP redirect server gives them: a status, the
// Contacts of a 3xx in the order to try them (q decreasing), and headers
// that carry the tenant to the proxy. Every rule of the SIP redirect service
// (tenant-redirectd) is here: the host only turns an answer into a response.
// docs/sip-redirect.md holds the table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/routing/inbound_decision.hh"
#include "core/routing/tenant_headers.hh"
#include "core/routing/transfer_session.hh"
#include "core/settings/host_settings.hh"

namespace tenant {

struct RedirectAnswer {
  int status = 500;
  std::vector<std::string> contacts;            // Contact values, best first: "<sip:...>;q=1.0"
  NamedValues headers;                          // X-Tenant-*, values made header-safe (header_safe)
  std::optional<std::int64_t> retry_after;      // Retry-After seconds
};

// An inbound call: resolved (or on-* "continue") -> 302 to the agent URI
// with the X-Tenant-* headers; an on-* "reject:NNN" -> NNN; a store that
// could not answer with on-error "continue" -> 503 with Retry-After, so that
// a proxy with several redirect servers tries the next.
RedirectAnswer redirect_for_inbound(const InboundDecision& decision, const HostSettings& settings);

// A transfer (the session made for the tenant and the destination asked
// for): 302 with the chosen target first and, when failover is on, every
// further candidate the session would try, q decreasing; a refusal -> the
// status of its code in redirect_refusals() (closed: 480, Retry-After until
// the next opening and X-Tenant-Next-Open).
RedirectAnswer redirect_for_transfer(TransferSession& session, UnixSeconds now);

// A request the service cannot take now (too many store loads in flight):
// 503 with Retry-After.
RedirectAnswer redirect_busy(const HostSettings& settings, std::string_view why);

// What each refusal code of a transfer decision is answered with.
struct RedirectRefusal {
  const char* code;  // ReferDecision::error
  int status;
  const char* meaning;  // for the docs' table
};
const std::vector<RedirectRefusal>& redirect_refusals();
// The table docs/sip-redirect.md holds (a test holds it to the rows).
std::string redirect_refusals_markdown();

// agent-uri: a sip:/sips: URI whose ${number} and ${tenant_id} are replaced;
// why a template is not one, or nullopt.
std::optional<std::string> agent_uri_template_problem(std::string_view uri_template);
// The template with ${number} and ${tenant_id} replaced, each
// percent-encoded for a URI's user part (RFC 3261 section 25.1).
std::string agent_uri(std::string_view uri_template, std::string_view number, std::string_view tenant_id);

}  // namespace tenant
