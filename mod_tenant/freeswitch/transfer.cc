#include "transfer.hh"

#include <string>
#include <vector>

#include "call_tenant.hh"
#include "channel_vars.hh"
#include "core/call_refer.hh"
#include "events.hh"
#include "refer_outcome.hh"

namespace tenant {

namespace {

constexpr int kPollMs = 20;
char kMessageFrom[] = "mod_tenant";

std::string chain_text(const ReferDecision& d) {
  std::string out;
  for (const auto& hop : d.chain) {
    if (!out.empty()) out += ',';
    out += hop.destination_id + ":" + hop.status;
  }
  return out;
}

// The decision, as channel variables and a tenant::refer event.
void publish_decision(switch_core_session_t* session, const std::string& tenant_id, const ReferDecision& d,
                      const std::string& result, const std::string& attempts) {
  switch_channel_t* channel = switch_core_session_get_channel(session);
  const Destination* dest = d.destination;
  const std::string chain = chain_text(d);
  const std::string next_open = d.next_open ? format_rfc3339_utc(*d.next_open) : "";
  set_channel_var(channel, "tenant_refer_destination_id", dest ? dest->destination_id : "");
  set_channel_var(channel, "tenant_refer_label", dest ? dest->label : "");
  set_channel_var(channel, "tenant_refer_target", d.ok ? d.refer_to : "");
  set_channel_var(channel, "tenant_refer_reason", d.ok ? d.reason : d.error);
  set_channel_var(channel, "tenant_refer_message", d.message);
  set_channel_var(channel, "tenant_refer_chain", chain);
  set_channel_var(channel, "tenant_refer_handoff_phrase", d.ok && d.handoff_phrase ? *d.handoff_phrase : "");
  set_channel_var(channel, "tenant_refer_require_confirmation", d.ok ? (d.require_confirmation ? "true" : "false") : "");
  set_channel_var(channel, "tenant_refer_next_open", next_open);
  set_channel_var(channel, "tenant_refer_result", result);
  set_channel_var(channel, "tenant_refer_attempts", attempts);
  fire_event(kEventRefer, session,
             {{"Tenant-ID", tenant_id},
              {"Refer-Result", result},
              {"Refer-Reason", d.ok ? d.reason : d.error},
              {"Refer-Destination-ID", dest ? dest->destination_id : ""},
              {"Refer-Label", dest ? dest->label : ""},
              {"Refer-To", d.ok ? d.refer_to : ""},
              {"Refer-Chain", chain},
              {"Refer-Next-Open", next_open},
              {"Refer-Attempts", attempts}});
}

// Sends the REFER and waits, at most `timeout`, for what the far end makes of it.
ReferOutcome refer_and_wait(switch_core_session_t* session, const std::string& refer_to,
                            std::chrono::milliseconds timeout) {
  switch_channel_t* channel = switch_core_session_get_channel(session);
  // Whatever an earlier attempt left behind must not be read as this one's verdict.
  for (const char* name : {"sip_refer_status_code", "sip_refer_reply", "sip_refer_target_status_code"})
    switch_channel_set_variable(channel, name, nullptr);
  // Without this mod_sofia waits 10 s itself and then hangs up, whatever happened.
  switch_channel_set_variable(channel, "sip_refer_continue_after_reply", "true");

  switch_core_session_message_t msg = {};
  msg.from = kMessageFrom;
  msg.message_id = SWITCH_MESSAGE_INDICATE_DEFLECT;
  msg.string_arg = refer_to.c_str();
  switch_core_session_receive_message(session, &msg);

  // A deadline on the clock, not a count of polls: each sleep reads media
  // and may last longer than kPollMs.
  const switch_time_t deadline = switch_micro_time_now() + static_cast<switch_time_t>(timeout.count()) * 1000;
  while (switch_micro_time_now() < deadline) {
    const ReferOutcome outcome =
        classify_refer(channel_var(channel, "sip_refer_status_code"), channel_var(channel, "sip_refer_reply"));
    if (outcome.state != ReferOutcome::State::pending) return outcome;
    if (!switch_channel_ready(channel)) break;  // hung up: the final NOTIFY may already be in
    switch_ivr_sleep(session, kPollMs, SWITCH_TRUE, nullptr);
  }
  const ReferOutcome last =
      classify_refer(channel_var(channel, "sip_refer_status_code"), channel_var(channel, "sip_refer_reply"));
  return last.state == ReferOutcome::State::pending ? ReferOutcome{ReferOutcome::State::failed, 0} : last;
}

void redirect(switch_core_session_t* session, const std::string& refer_to) {
  // mod_sofia writes a bare URI into the Contact with the display name
  // "unknown"; an addr-spec in angle brackets goes out as it is.
  const std::string contact = "<" + refer_to + ">";
  switch_core_session_message_t msg = {};
  msg.from = kMessageFrom;
  msg.message_id = SWITCH_MESSAGE_INDICATE_REDIRECT;
  msg.string_arg = contact.c_str();
  switch_core_session_receive_message(session, &msg);
}

}  // namespace

void run_tenant_refer(switch_core_session_t* session, const ModuleRuntime& runtime,
                      const std::optional<std::string>& destination_id) {
  switch_channel_t* channel = switch_core_session_get_channel(session);
  const HostSettings& settings = runtime.settings;

  // The tenant the hook (or tenant_resolve) found, else resolve the call now.
  const std::string known_id = channel_var(channel, "tenant_id");
  const std::shared_ptr<const TenantContext> context =
      known_id.empty() ? resolve_call(session, runtime, std::nullopt).context
                       : runtime.resolver->resolve_tenant_id(known_id).context;
  const std::string tenant_id = context ? context->tenant_id : known_id;
  const bool failover =
      context && context->config && failover_enabled(*context->config, settings.refer_failover);

  std::vector<std::string> tried;
  std::string attempts;
  for (;;) {
    const UnixSeconds now = static_cast<UnixSeconds>(switch_epoch_time_now(nullptr));
    const ReferDecision d = decide_call_refer(context.get(), destination_id, tried, now, settings.refer);
    if (!d.ok) {
      if (tried.empty())
        switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_INFO, "mod_tenant: tenant_refer refused: %s (%s)\n",
                          d.error.c_str(), d.message.c_str());
      publish_decision(session, tenant_id, d, tried.empty() ? "refused" : "failed", attempts);
      return;
    }
    if (!switch_channel_test_flag(channel, CF_ANSWERED)) {
      publish_decision(session, tenant_id, d, "redirected", attempts);
      redirect(session, d.refer_to);
      return;
    }

    publish_decision(session, tenant_id, d, "pending", attempts);
    const ReferOutcome outcome = refer_and_wait(session, d.refer_to, settings.refer_timeout);
    const std::string status = outcome.sip_status ? std::to_string(outcome.sip_status) : "timeout";
    if (!attempts.empty()) attempts += ',';
    attempts += d.destination->destination_id + ":" + status;
    set_channel_var(channel, "tenant_refer_status", outcome.sip_status ? std::to_string(outcome.sip_status) : "");

    if (outcome.state == ReferOutcome::State::transferred) {
      publish_decision(session, tenant_id, d, "transferred", attempts);
      switch_channel_hangup(channel, SWITCH_CAUSE_BLIND_TRANSFER);
      return;
    }
    switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_WARNING,
                      "mod_tenant: transfer to %s (%s) failed: %s\n", d.destination->destination_id.c_str(),
                      d.refer_to.c_str(), status.c_str());
    if (!failover || !switch_channel_ready(channel)) {
      publish_decision(session, tenant_id, d, "failed", attempts);
      return;
    }
    tried.push_back(d.destination->destination_id);
  }
}

}  // namespace tenant
