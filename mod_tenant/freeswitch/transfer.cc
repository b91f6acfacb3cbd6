#include "transfer.hh"

#include <string>
#include <vector>

#include "call_tenant.hh"
#include "channel_vars.hh"
#include "core/routing/transfer_session.hh"
#include "events.hh"

namespace tenant {

namespace {

constexpr int kPollMs = 20;
char kMessageFrom[] = "mod_tenant";

// The session's state, as channel variables and a tenant::refer event.
void publish(switch_core_session_t* session, const TransferSession& transfer) {
  switch_channel_t* channel = switch_core_session_get_channel(session);
  for (const auto& [name, value] : transfer.variables()) set_channel_var(channel, name.c_str(), value);
  fire_event(kEventRefer, session, transfer.event_fields());
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

void run_tenant_refer(switch_core_session_t* session, const HostRuntime& runtime,
                      const std::optional<std::string>& destination_id) {
  switch_channel_t* channel = switch_core_session_get_channel(session);
  const HostSettings& settings = runtime.settings;

  // The tenant the hook (or tenant_resolve) found, else resolve the call now.
  const std::string known_id = channel_var(channel, "tenant_id");
  std::shared_ptr<const TenantContext> context =
      known_id.empty() ? resolve_call(session, runtime, std::nullopt).resolution.context
                       : runtime.resolver->resolve_tenant_id(known_id).context;
  TransferSession transfer(std::move(context), known_id, destination_id, settings);

  for (;;) {
    const ReferDecision& d = transfer.next(static_cast<UnixSeconds>(switch_epoch_time_now(nullptr)));
    if (!d.ok) {
      if (transfer.attempts().empty())
        switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_INFO,
                          "mod_tenant: tenant_refer refused: %s (%s)\n", d.error.c_str(), d.message.c_str());
      publish(session, transfer);
      return;
    }
    if (!switch_channel_test_flag(channel, CF_ANSWERED)) {
      transfer.redirect();
      publish(session, transfer);
      redirect(session, d.refer_to);
      return;
    }

    transfer.send();
    publish(session, transfer);
    const ReferOutcome verdict = refer_and_wait(session, d.refer_to, settings.refer_timeout);
    const TransferSession::Step step = transfer.record(verdict, switch_channel_ready(channel));
    if (step == TransferSession::Step::transferred) {
      publish(session, transfer);
      switch_channel_hangup(channel, SWITCH_CAUSE_BLIND_TRANSFER);
      return;
    }
    switch_log_printf(SWITCH_CHANNEL_SESSION_LOG(session), SWITCH_LOG_WARNING,
                      "mod_tenant: transfer to %s (%s) failed: %s\n", d.destination->destination_id.c_str(),
                      d.refer_to.c_str(), verdict.sip_status ? std::to_string(verdict.sip_status).c_str() : "timeout");
    if (step == TransferSession::Step::give_up) {
      publish(session, transfer);
      return;
    }
  }
}

}  // namespace tenant
