#include "mongo_runtime.hh"

#include <mongoc/mongoc.h>

#include <memory>
#include <mutex>
#include <string>

namespace tenant {

namespace {

std::once_flag init_once;
std::mutex log_mu;
// Held by shared_ptr so that a message being logged keeps its function alive
// while another thread replaces it.
std::shared_ptr<const LogFunction> log_fn;

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
  try {
    std::shared_ptr<const LogFunction> fn;
    {
      std::lock_guard<std::mutex> lock(log_mu);
      fn = log_fn;
    }
    if (fn && *fn) (*fn)(ours, std::string("mongoc[") + (domain ? domain : "") + "]: " + (message ? message : ""));
  } catch (...) {
    // A message lost rather than a host brought down.
  }
}

}  // namespace

void mongo_runtime_init() {
  std::call_once(init_once, [] {
    mongoc_init();
    mongoc_log_trace_disable();
    mongoc_log_set_handler(route_log, nullptr);
  });
}

void mongo_runtime_set_log(LogFunction fn) {
  mongo_runtime_init();
  auto shared = fn ? std::make_shared<const LogFunction>(std::move(fn)) : nullptr;
  std::lock_guard<std::mutex> lock(log_mu);
  log_fn = std::move(shared);
}

void mongo_runtime_detach_log() {
  mongo_runtime_init();
  mongoc_log_set_handler(nullptr, nullptr);
  std::lock_guard<std::mutex> lock(log_mu);
  log_fn.reset();
}

}  // namespace tenant
