// The SIP side of tenant-redirectd: a sofia-sip nta agent with stateful
// server transactions (retransmissions absorbed, the ACK of a 3xx matched),
// on UDP and TCP. Every request is read (request_form.hh), decided by the
// core (redirect_answer.hh) and answered; nothing here decides.
//
// The store never holds the loop: what the cache answers is answered at
// once; a miss goes to the load pool and is answered when its load ends (or
// 487 when the caller cancels first); past max-pending-loads a miss is 503.
#pragma once

#include <sofia-sip/nta.h>
#include <sofia-sip/su_wait.h>

#include <ctime>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "core/routing/redirect_answer.hh"
#include "sip/daemon_log.hh"
#include "sip/load_pool.hh"
#include "store/host_runtime.hh"

namespace tenant {

class RedirectServer {
 public:
  RedirectServer(su_root_t* root, DaemonLog& log);
  ~RedirectServer();
  RedirectServer(const RedirectServer&) = delete;
  RedirectServer& operator=(const RedirectServer&) = delete;

  // Listens where the runtime's sip-listen says, UDP and TCP.
  Expected<void> start(std::shared_ptr<const HostRuntime> runtime);
  // New requests use the new runtime; those waiting on a load finish with
  // the one they started with.
  void reload(std::shared_ptr<const HostRuntime> runtime);
  // Answers every request still waiting (503), then stops listening.
  void stop();

  // host_status_json plus {"sip": {"listen": ..., "pending_loads": n}}.
  std::string status_json() const;

 private:
  struct Waiting;  // a request whose answer waits on a load

  static int on_request(nta_leg_magic_t* magic, nta_leg_t* leg, nta_incoming_t* irq, sip_t const* sip);
  static int on_stray(nta_agent_magic_t* magic, nta_agent_t* agent, msg_t* msg, sip_t* sip);
  static int on_cancel(nta_incoming_magic_t* magic, nta_incoming_t* irq, sip_t const* sip);

  int handle(nta_incoming_t* irq, const sip_t& sip);
  int handle_invite(nta_incoming_t* irq, const sip_t& sip);
  // Sends the answer; returns its status for the leg callback.
  int reply(nta_incoming_t* irq, const RedirectAnswer& answer);
  // Hands a miss to the load pool; answers 503 when the pool is full.
  int defer(nta_incoming_t* irq, std::function<RedirectAnswer()> decide);
  void finish(const std::shared_ptr<Waiting>& waiting, const RedirectAnswer& answer);

  su_root_t* root_;
  DaemonLog& log_;
  std::shared_ptr<const HostRuntime> runtime_;
  nta_agent_t* agent_ = nullptr;
  nta_leg_t* leg_ = nullptr;
  std::unique_ptr<LoadPool> pool_;
  std::unordered_map<nta_incoming_t*, std::shared_ptr<Waiting>> waiting_;
  std::string listen_;
};

}  // namespace tenant
