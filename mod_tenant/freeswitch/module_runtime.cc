#include "module_runtime.hh"

#include <atomic>

namespace tenant {

namespace {

// Read on every call: an atomic shared_ptr, no lock.
std::shared_ptr<const HostRuntime> runtime;

}  // namespace

std::shared_ptr<const HostRuntime> current_runtime() { return std::atomic_load(&runtime); }

void install_runtime(std::shared_ptr<const HostRuntime> next) {
  // The old runtime (and its store connections, unless the new one shares
  // them) goes when its last call lets go of it.
  std::atomic_exchange(&runtime, std::move(next));
}

}  // namespace tenant
