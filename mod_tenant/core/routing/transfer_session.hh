// The transfer flow of one call, whole: which destination each attempt goes
// to, what the far end's verdict means, when to fail over and when to give
// up, and every tenant_refer_* variable and tenant::refer event field after
// each step. Hosts only carry the call: send the REFER (or a 302 when the
// call is not answered yet), wait for the verdict, and publish what the
// session says.
//
//   TransferSession s(context, tenant_id, requested, settings);
//   for (;;) {
//     const ReferDecision& d = s.next(now);
//     if (!d.ok) break;                          // refused or failed: publish, stop
//     if (!answered) { s.redirect(); ...302...; break; }
//     s.send();                                  // publish "pending", send the REFER
//     if (s.record(verdict, caller_present) != TransferSession::Step::try_next) break;
//   }
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/settings/host_settings.hh"
#include "core/routing/inbound_decision.hh"
#include "core/routing/refer_outcome.hh"
#include "core/routing/destination_rules.hh"
#include "core/tenant/tenant_context.hh"

namespace tenant {

class TransferSession {
 public:
  // context: the call's tenant (null when the call has none); tenant_id: the
  // id the host knows the call by, used when context has none.
  TransferSession(std::shared_ptr<const TenantContext> context, std::string tenant_id,
                  std::optional<std::string> requested_id, const HostSettings& settings);

  // The decision for the next attempt at `now`. When it is not ok the
  // session is over: result() is "refused" before any attempt, "failed"
  // after one.
  const ReferDecision& next(UnixSeconds now);
  // The call is not answered: the decision is carried out with a redirect
  // (302). Ends the session with result "redirected".
  void redirect();
  // A REFER to the decision's target is being sent: result "pending".
  void send();

  enum class Step { transferred, try_next, give_up };
  // The far end's verdict on the attempt sent. A verdict still pending when
  // the host stopped waiting counts as a failure (a timeout). After a
  // failure the next destination is tried when failover is on (the
  // tenant's features.refer.failover, else the host's refer-failover) and
  // the caller is still there; otherwise the session gives up ("failed").
  Step record(const ReferOutcome& verdict, bool caller_present);

  // For a redirect server, every target at once: the decision next(now)
  // would give, then, when failover is on, the destination each failure
  // would lead to, in order (each a decision with its own refer_to), until
  // nothing is left. One element, not ok, when the transfer is refused. The
  // session's own state does not change.
  std::vector<ReferDecision> redirect_targets(UnixSeconds now) const;

  const ReferDecision& decision() const { return decision_; }
  const std::string& tenant_id() const { return tenant_id_; }
  // How long a client asked to come back (Retry-After) waits when the store
  // could not answer: the host's retry-after-seconds.
  std::chrono::seconds retry_after() const { return retry_after_; }
  // "refused", "failed", "redirected", "pending" or "transferred".
  const std::string& result() const { return result_; }
  // "sales:486,support:200": each attempt's destination and SIP status
  // ("timeout" when none came).
  const std::string& attempts() const { return attempts_; }
  bool failover() const { return failover_; }

  // Every tenant_refer_* variable, each on every step (empty clears):
  // destination_id, label, target, reason, message, chain, handoff_phrase,
  // require_confirmation, next_open, closed_by, closed_label, result,
  // attempts, status.
  NamedValues variables() const;
  NamedValues event_fields() const;  // the tenant::refer event's headers

 private:
  std::shared_ptr<const TenantContext> context_;
  std::string tenant_id_;
  std::optional<std::string> requested_id_;
  ReferOptions options_;
  bool failover_ = false;
  std::vector<std::string> tried_;
  ReferDecision decision_;
  std::string result_;
  std::string attempts_;
  std::string last_status_;  // the last attempt's SIP status, "" when none
  std::chrono::seconds retry_after_;
};

}  // namespace tenant
