// FreeSWITCH calls the module from C. An exception (std::bad_alloc, say)
// must never unwind into it: each entry point runs its body through
// guarded(), which logs what happened and returns a safe fallback, so the
// call goes on as if the module had not been there.
#pragma once

#include <switch.h>

#include <exception>

namespace tenant {

template <class Result, class Body>
Result guarded(const char* where, Result fallback, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::exception& e) {
    switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR, "mod_tenant: %s: %s\n", where, e.what());
  } catch (...) {
    switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR, "mod_tenant: %s: unexpected failure\n", where);
  }
  return fallback;
}

template <class Body>
void guarded(const char* where, Body&& body) noexcept {
  guarded(where, 0, [&] {
    body();
    return 0;
  });
}

}  // namespace tenant
