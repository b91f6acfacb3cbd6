#include "mongo_runtime.hh"

#include <mongoc/mongoc.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

namespace tenant {

namespace {

// Everything here may be used from a library constructor, before this file's
// dynamic initialisers run: only constant-initialised objects (std::mutex,
// std::once_flag and an empty std::shared_ptr are; plain arrays are zeroed).
std::once_flag init_once;
std::mutex log_mu;
// Held by shared_ptr so that a message being logged keeps its function alive
// while another thread replaces it.
std::shared_ptr<const LogFunction> log_fn;
bool detached = false;

// Messages from before a log function was given (the driver's constructor
// runs before main): the first few, each cut, for the function to come.
constexpr int kPendingMax = 8;
constexpr std::size_t kPendingBytes = 240;
struct Pending {
  LogLevel level;
  char text[kPendingBytes];
};
Pending pending[kPendingMax];
int pending_count = 0;

// Called on the driver's threads, from C: nothing may escape it.
void route_log(mongoc_log_level_t level, const char* domain, const char* message, void*) noexcept {
  LogLevel ours;
  switch (level) {
    case MONGOC_LOG_LEVEL_ERROR:
    case MONGOC_LOG_LEVEL_CRITICAL: ours = LogLevel::error; break;
    case MONGOC_LOG_LEVEL_WARNING: ours = LogLevel::warning; break;
    case MONGOC_LOG_LEVEL_MESSAGE:
    case MONGOC_LOG_LEVEL_INFO: ours = LogLevel::info; break;
    default: return;  // debug, trace
  }
  // Ending the sessions of a pool being closed is a courtesy to the server;
  // one that lacks the command (older servers, FerretDB) makes the driver
  // warn at every shutdown, with nothing for an administrator to do.
  if (ours == LogLevel::warning && message != nullptr && std::strstr(message, "\"endSessions\"") != nullptr)
    ours = LogLevel::debug;
  try {
    std::shared_ptr<const LogFunction> fn;
    {
      std::lock_guard<std::mutex> lock(log_mu);
      if (detached) return;
      fn = log_fn;
      if (!fn) {
        if (pending_count < kPendingMax) {
          Pending& p = pending[pending_count++];
          p.level = ours;
          std::snprintf(p.text, sizeof p.text, "mongoc[%s]: %s", domain ? domain : "", message ? message : "");
        }
        return;
      }
    }
    if (*fn) (*fn)(ours, std::string("mongoc[") + (domain ? domain : "") + "]: " + (message ? message : ""));
  } catch (...) {
    // A message lost rather than a host brought down.
  }
}

}  // namespace

void mongo_runtime_route_log() noexcept {
  // Both only store into the driver's globals; neither needs mongoc_init().
  mongoc_log_trace_disable();
  mongoc_log_set_handler(route_log, nullptr);
}

void mongo_runtime_init() {
  std::call_once(init_once, [] {
    mongo_runtime_route_log();
    mongoc_init();
  });
}

void mongo_runtime_set_log(LogFunction fn) {
  mongo_runtime_init();
  auto shared = fn ? std::make_shared<const LogFunction>(std::move(fn)) : nullptr;
  Pending kept[kPendingMax];
  int kept_count = 0;
  {
    std::lock_guard<std::mutex> lock(log_mu);
    log_fn = shared;
    if (shared) {
      for (int i = 0; i < pending_count; ++i) kept[i] = pending[i];
      kept_count = pending_count;
      pending_count = 0;
    }
  }
  // Outside the lock: the function may be slow or log through the driver.
  for (int i = 0; i < kept_count; ++i) (*shared)(kept[i].level, kept[i].text);
}

void mongo_runtime_detach_log() {
  mongoc_log_set_handler(nullptr, nullptr);
  std::lock_guard<std::mutex> lock(log_mu);
  detached = true;
  log_fn.reset();
  pending_count = 0;
}

}  // namespace tenant
