#include "core/routing/transfer_session.hh"

#include "core/routing/transfer_decision.hh"

namespace tenant {

TransferSession::TransferSession(std::shared_ptr<const TenantContext> context, std::string tenant_id,
                                 std::optional<std::string> requested_id, const HostSettings& settings)
    : context_(std::move(context)),
      tenant_id_(context_ && !context_->tenant_id.empty() ? context_->tenant_id : std::move(tenant_id)),
      requested_id_(std::move(requested_id)),
      options_(settings.refer),
      failover_(context_ && context_->config ? failover_enabled(*context_->config, settings.refer_failover)
                                             : settings.refer_failover),
      retry_after_(settings.redirect.retry_after) {}

std::vector<ReferDecision> TransferSession::redirect_targets(UnixSeconds now) const {
  std::vector<ReferDecision> out;
  std::vector<std::string> tried = tried_;
  // Each decision names a destination not tried before, so the list ends
  // within the tenant's bounded destination count.
  for (;;) {
    ReferDecision d = decide_transfer(context_.get(), requested_id_, tried, now, options_);
    if (!d.ok) {
      if (out.empty()) out.push_back(std::move(d));
      return out;
    }
    tried.push_back(d.destination->destination_id);
    out.push_back(std::move(d));
    if (!failover_) return out;
  }
}

const ReferDecision& TransferSession::next(UnixSeconds now) {
  decision_ = decide_transfer(context_.get(), requested_id_, tried_, now, options_);
  if (!decision_.ok) result_ = tried_.empty() ? "refused" : "failed";
  return decision_;
}

void TransferSession::redirect() { result_ = "redirected"; }

void TransferSession::send() { result_ = "pending"; }

TransferSession::Step TransferSession::record(const ReferOutcome& verdict, bool caller_present) {
  const std::string id = decision_.destination ? decision_.destination->destination_id : "";
  last_status_ = verdict.sip_status ? std::to_string(verdict.sip_status) : "";
  if (!attempts_.empty()) attempts_ += ',';
  attempts_ += id + ":" + (last_status_.empty() ? std::string("timeout") : last_status_);
  if (verdict.state == ReferOutcome::State::transferred) {
    result_ = "transferred";
    return Step::transferred;
  }
  if (!failover_ || !caller_present) {
    result_ = "failed";
    return Step::give_up;
  }
  tried_.push_back(id);
  return Step::try_next;
}

NamedValues TransferSession::variables() const {
  const ReferDecision& d = decision_;
  const Destination* dest = d.destination;
  return {
      {"tenant_refer_destination_id", dest ? dest->destination_id : ""},
      {"tenant_refer_label", dest ? dest->label : ""},
      {"tenant_refer_target", d.ok ? d.refer_to : ""},
      {"tenant_refer_reason", d.ok ? d.reason : d.error},
      {"tenant_refer_message", d.message},
      {"tenant_refer_chain", refer_chain_text(d)},
      {"tenant_refer_handoff_phrase", d.ok && d.handoff_phrase ? *d.handoff_phrase : ""},
      {"tenant_refer_require_confirmation", d.ok ? (d.require_confirmation ? "true" : "false") : ""},
      {"tenant_refer_next_open", d.next_open ? format_rfc3339_utc(*d.next_open) : ""},
      {"tenant_refer_closed_by", d.closed_by},
      {"tenant_refer_closed_label", d.closed_label},
      {"tenant_refer_result", result_},
      {"tenant_refer_attempts", attempts_},
      {"tenant_refer_status", last_status_},
  };
}

NamedValues TransferSession::event_fields() const {
  const ReferDecision& d = decision_;
  const Destination* dest = d.destination;
  return {
      {"Tenant-ID", tenant_id_},
      {"Refer-Result", result_},
      {"Refer-Reason", d.ok ? d.reason : d.error},
      {"Refer-Destination-ID", dest ? dest->destination_id : ""},
      {"Refer-Label", dest ? dest->label : ""},
      {"Refer-To", d.ok ? d.refer_to : ""},
      {"Refer-Chain", refer_chain_text(d)},
      {"Refer-Next-Open", d.next_open ? format_rfc3339_utc(*d.next_open) : ""},
      {"Refer-Closed-By", d.closed_by},
      {"Refer-Closed-Label", d.closed_label},
      {"Refer-Attempts", attempts_},
  };
}

}  // namespace tenant
