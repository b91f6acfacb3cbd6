#include "sip/redirect_server.hh"

#include <sofia-sip/msg.h>
#include <sofia-sip/nta_tag.h>
#include <sofia-sip/sip_status.h>
#include <sofia-sip/sip_tag.h>
#include <sofia-sip/su_tag.h>

#include <algorithm>

#include "core/routing/inbound_decision.hh"
#include "core/util/json_doc.hh"
#include "sip/request_form.hh"

namespace tenant {

struct RedirectServer::Waiting {
  nta_incoming_t* irq;
  bool answered = false;
};

namespace {

constexpr const char* kAllow = "INVITE, ACK, CANCEL, OPTIONS";

// Load threads: enough to keep several slow loads going, few enough that a
// hung store holds little (each waits at most the lookup timeout per step).
constexpr std::size_t kLoadThreads = 4;

UnixSeconds now_seconds() { return current_unix_seconds(); }

// "Name: value" lines for SIPTAG_HEADER_STR, CRLF between them.
std::string headers_text(const NamedValues& headers) {
  std::string out;
  for (const auto& [name, value] : headers) out += (out.empty() ? "" : "\r\n") + name + ": " + value;
  return out;
}

// What a request that cannot be answered otherwise gets: the core's words
// for an internal failure, never a crash or silence.
RedirectAnswer internal_error(const std::string& why) {
  RedirectAnswer answer;
  answer.status = 500;
  answer.headers.emplace_back("X-Tenant-Reason", header_safe(why));
  return answer;
}

}  // namespace

RedirectServer::RedirectServer(su_root_t* root, DaemonLog& log) : root_(root), log_(log) {}

RedirectServer::~RedirectServer() { stop(); }

Expected<void> RedirectServer::start(std::shared_ptr<const HostRuntime> runtime) {
  runtime_ = std::move(runtime);
  const RedirectServiceSettings& sip = runtime_->settings.redirect;
  listen_ = sip.listen;
  pool_ = std::make_unique<LoadPool>(root_, std::min(kLoadThreads, sip.max_pending_loads), sip.max_pending_loads);
  if (!pool_->ok()) return Expected<void>::failure("cannot set up the load threads' wake-up pipe");
  // UDP and TCP only: sofia-sip's "*" would also open WebSocket on the same
  // port, which then takes the TCP connections.
  const std::string url = "sip:" + sip.listen;
  const std::string bind = url + ";transport=udp,tcp";
  agent_ = nta_agent_create(root_, URL_STRING_MAKE(bind.c_str()), on_stray, reinterpret_cast<nta_agent_magic_t*>(this),
                            NTATAG_MAXSIZE(sip.max_message_bytes), NTATAG_UA(0), NTATAG_SERVER_RPORT(2),
                            TAG_END());
  if (agent_ == nullptr) return Expected<void>::failure("cannot listen on " + url + " (UDP and TCP)");
  leg_ = nta_leg_tcreate(agent_, on_request, reinterpret_cast<nta_leg_magic_t*>(this), NTATAG_NO_DIALOG(1),
                         TAG_END());
  if (leg_ == nullptr) return Expected<void>::failure("cannot create the default leg");
  log_.write(LogLevel::info, "listening on " + url + " (UDP and TCP)");
  return {};
}

void RedirectServer::reload(std::shared_ptr<const HostRuntime> runtime) {
  if (runtime->settings.redirect.listen != listen_)
    log_.write(LogLevel::warning, "sip-listen changed to " + runtime->settings.redirect.listen +
                                      ": it is read at start only, still listening on " + listen_);
  if (pool_) pool_->set_max_pending(runtime->settings.redirect.max_pending_loads);
  runtime_ = std::move(runtime);
}

void RedirectServer::stop() {
  // Waiting requests are answered before their transactions go.
  const auto waiting = std::move(waiting_);
  waiting_.clear();
  for (const auto& [irq, w] : waiting) {
    if (w->answered) continue;
    w->answered = true;
    reply(irq, redirect_busy(runtime_->settings, "the service is stopping"));
    nta_incoming_destroy(irq);
  }
  pool_.reset();  // joins the load threads; their completions are dropped
  if (leg_ != nullptr) nta_leg_destroy(leg_);
  leg_ = nullptr;
  if (agent_ != nullptr) nta_agent_destroy(agent_);
  agent_ = nullptr;
}

std::string RedirectServer::status_json() const {
  if (!runtime_) return "{}";
  const JsonDoc root = host_status_object(*runtime_, Host::sip_service);
  cJSON* sip = cJSON_AddObjectToObject(root.get(), "sip");
  cJSON_AddStringToObject(sip, "listen", listen_.c_str());
  cJSON_AddNumberToObject(sip, "pending_loads", static_cast<double>(pool_ ? pool_->pending() : 0));
  return json_text(root.get());
}

int RedirectServer::on_stray(nta_agent_magic_t*, nta_agent_t*, msg_t* msg, sip_t*) {
  // Responses and requests no transaction takes (a stray ACK, a response
  // to nothing we sent): dropped, as a stateful server does.
  msg_destroy(msg);
  return 0;
}

int RedirectServer::on_request(nta_leg_magic_t* magic, nta_leg_t*, nta_incoming_t* irq, sip_t const* sip) {
  auto* self = reinterpret_cast<RedirectServer*>(magic);
  // A callback from C: nothing may escape it.
  try {
    return self->handle(irq, *sip);
  } catch (const std::exception& e) {
    self->log_.write(LogLevel::error, std::string("request failed: ") + e.what());
  } catch (...) {
    self->log_.write(LogLevel::error, "request failed");
  }
  return 500;
}

int RedirectServer::handle(nta_incoming_t* irq, const sip_t& sip) {
  const sip_method_t method = sip.sip_request->rq_method;
  if (method != sip_method_ack && method != sip_method_cancel) {
    // RFC 3261 8.2.2.1: a Request-URI scheme the service does not serve.
    const url_type_e scheme = static_cast<url_type_e>(sip.sip_request->rq_url->url_type);
    if (scheme != url_sip && scheme != url_sips && scheme != url_tel) {
      nta_incoming_treply(irq, SIP_416_UNSUPPORTED_URI, TAG_END());
      return 416;
    }
    // RFC 3261 8.2.2.3: an extension the request requires and the service
    // does not have (it has none): 420 with Unsupported.
    if (const int refused = nta_check_required(irq, &sip, nullptr, TAG_END())) return refused;
  }
  switch (method) {
    case sip_method_invite:
      return handle_invite(irq, sip);
    case sip_method_options: {
      // A proxy's keep-alive: the service answers; whether the store does
      // is said in a header, so a probe can tell the two apart.
      const bool reachable = runtime_->resolver->source_health().available;
      nta_incoming_treply(irq, SIP_200_OK, SIPTAG_ALLOW_STR(kAllow),
                          SIPTAG_HEADER_STR(reachable ? "X-Tenant-Store: reachable\r\n" : "X-Tenant-Store: unreachable\r\n"),
                          TAG_END());
      return 200;
    }
    case sip_method_ack:
      return 200;  // an ACK nothing matched: no answer (RFC 3261 17.2.3)
    case sip_method_cancel:
      // A CANCEL that matched a transaction never gets here (nta answers
      // it and tells on_cancel).
      return 481;
    case sip_method_unknown:
      // RFC 3261 21.5.2: a method the service does not recognise.
      nta_incoming_treply(irq, SIP_501_NOT_IMPLEMENTED, SIPTAG_ALLOW_STR(kAllow), TAG_END());
      return 501;
    default:
      nta_incoming_treply(irq, SIP_405_METHOD_NOT_ALLOWED, SIPTAG_ALLOW_STR(kAllow), TAG_END());
      return 405;
  }
}

int RedirectServer::handle_invite(nta_incoming_t* irq, const sip_t& sip) {
  const auto runtime = runtime_;
  const HostSettings& settings = runtime->settings;
  const RequestForm form = read_request_form(sip, settings.number_source);
  if (!form.transfer) {
    if (auto cached = decide_inbound_if_cached(form.called, settings, *runtime->resolver))
      return reply(irq, redirect_for_inbound(*cached, settings));
    return defer(irq, [runtime, called = form.called] {
      return redirect_for_inbound(decide_inbound(called, runtime->settings, *runtime->resolver), runtime->settings);
    });
  }
  // The decision is made at the moment it is answered: a load that took a
  // while still decides for now.
  const auto transfer = [runtime, form](const std::shared_ptr<const TenantContext>& context) {
    TransferSession session(context, form.tenant_id, form.destination_id, runtime->settings);
    return redirect_for_transfer(session, now_seconds());
  };
  if (auto cached = runtime->resolver->resolve_tenant_id_if_cached(form.tenant_id))
    return reply(irq, transfer(cached->context));
  return defer(irq, [runtime, form, transfer] { return transfer(runtime->resolver->resolve_tenant_id(form.tenant_id).context); });
}

int RedirectServer::reply(nta_incoming_t* irq, const RedirectAnswer& answer) {
  std::string contacts;
  for (const auto& c : answer.contacts) contacts += (contacts.empty() ? "" : ", ") + c;
  const std::string headers = headers_text(answer.headers);
  const std::string retry_after = answer.retry_after ? std::to_string(*answer.retry_after) : "";
  const int sent = nta_incoming_treply(
      irq, answer.status, sip_status_phrase(answer.status),
      TAG_IF(!contacts.empty(), SIPTAG_CONTACT_STR(contacts.c_str())),
      TAG_IF(!retry_after.empty(), SIPTAG_RETRY_AFTER_STR(retry_after.c_str())),
      TAG_IF(!headers.empty(), SIPTAG_HEADER_STR(headers.c_str())), TAG_END());
  if (sent < 0) {
    // sofia-sip refused what was built (a Contact it cannot parse): say so
    // rather than leave the caller waiting.
    log_.write(LogLevel::error, "cannot send " + std::to_string(answer.status) + " with Contact " + contacts);
    nta_incoming_treply(irq, SIP_500_INTERNAL_SERVER_ERROR, TAG_END());
    return 500;
  }
  return answer.status;
}

int RedirectServer::defer(nta_incoming_t* irq, std::function<RedirectAnswer()> decide) {
  auto waiting = std::make_shared<Waiting>(Waiting{irq});
  const bool queued = pool_->submit([this, waiting, decide = std::move(decide)]() -> LoadPool::Completion {
    RedirectAnswer answer;
    try {
      answer = decide();
    } catch (const std::exception& e) {
      answer = internal_error(e.what());
    } catch (...) {
      answer = internal_error("the load failed");
    }
    return [this, waiting, answer = std::move(answer)] { finish(waiting, answer); };
  });
  if (!queued)
    return reply(irq, redirect_busy(runtime_->settings, "too many store loads in flight"));
  waiting_.emplace(irq, waiting);
  nta_incoming_bind(irq, on_cancel, reinterpret_cast<nta_incoming_magic_t*>(this));
  // The answer (of an INVITE: nothing else waits on a load) may take up to
  // the lookup timeout: say the request is being worked on, so the client
  // stops retransmitting (RFC 3261 17.2.1).
  nta_incoming_treply(irq, SIP_100_TRYING, TAG_END());
  return 0;  // answered by finish(), or 487 by on_cancel()
}

void RedirectServer::finish(const std::shared_ptr<Waiting>& waiting, const RedirectAnswer& answer) {
  if (waiting->answered) return;
  waiting->answered = true;
  waiting_.erase(waiting->irq);
  reply(waiting->irq, answer);
  nta_incoming_destroy(waiting->irq);
}

int RedirectServer::on_cancel(nta_incoming_magic_t* magic, nta_incoming_t* irq, sip_t const*) {
  auto* self = reinterpret_cast<RedirectServer*>(magic);
  const auto found = self->waiting_.find(irq);
  if (found == self->waiting_.end() || found->second->answered) return 0;
  found->second->answered = true;
  // RFC 3261 9.2: the INVITE is answered 487 (nta may have done so already).
  if (nta_incoming_status(irq) < 200) nta_incoming_treply(irq, SIP_487_REQUEST_TERMINATED, TAG_END());
  nta_incoming_destroy(irq);
  self->waiting_.erase(found);
  return 0;
}

}  // namespace tenant
