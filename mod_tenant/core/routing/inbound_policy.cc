#include "core/routing/inbound_policy.hh"

#include "core/util/ascii.hh"
#include "core/util/problem.hh"

namespace tenant {

namespace {

// A rejection with no status given: the callee is not reachable now, the
// most neutral final answer for a caller.
constexpr int kDefaultRejectStatus = 480;

}  // namespace

Expected<InboundAction> parse_inbound_action(std::string_view text) {
  if (text == "continue") return InboundAction{};
  if (text == "reject") return InboundAction{true, kDefaultRejectStatus};
  constexpr std::string_view prefix = "reject:";
  if (text.substr(0, prefix.size()) == prefix) {
    const std::string_view digits = text.substr(prefix.size());
    if (digits.size() == 3)
      if (const auto status = parse_digits(digits, 400, 699)) return InboundAction{true, static_cast<int>(*status)};
    return Expected<InboundAction>::failure(quote_value(text) +
                                            ": the SIP status must be 400..699 (e.g. reject:404)");
  }
  return Expected<InboundAction>::failure(quote_value(text) +
                                          ": expected continue, reject or reject:<SIP status>");
}

std::string inbound_action_text(const InboundAction& action) {
  return action.reject ? "reject:" + std::to_string(action.sip_status) : "continue";
}

InboundAction inbound_action(const TenantContext& context, const InboundPolicy& policy) {
  switch (context.status) {
    case TenantStatus::active: return InboundAction{};
    case TenantStatus::unknown: return policy.on_unknown;
    case TenantStatus::disabled: return policy.on_disabled;
    case TenantStatus::invalid: return policy.on_invalid;
    case TenantStatus::error: return policy.on_error;
  }
  return policy.on_error;
}

}  // namespace tenant
