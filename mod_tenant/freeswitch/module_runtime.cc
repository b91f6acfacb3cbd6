#include "module_runtime.hh"

#include <atomic>

#include "store/tenant_source_factory.hh"

namespace tenant {

namespace {

// Read on every call: an atomic shared_ptr, no lock.
std::shared_ptr<const ModuleRuntime> runtime;

}  // namespace

std::shared_ptr<const ModuleRuntime> build_runtime(const HostSettings& settings, Problems problems,
                                                   const LogFunction& log,
                                                   const std::shared_ptr<const ModuleRuntime>& previous) {
  auto rt = std::make_shared<ModuleRuntime>();
  rt->settings = settings;
  rt->config_problems = std::move(problems);
  if (previous && reload_keeps_store(previous->settings, settings)) {
    rt->source = previous->source;
    rt->resolver = previous->resolver;
    return rt;
  }

  rt->source = open_tenant_source(settings.store, log);
  rt->resolver = std::make_shared<TenantResolver>(*rt->source, settings.resolver, MonotonicClock::system(), log);
  return rt;
}

std::shared_ptr<const ModuleRuntime> current_runtime() { return std::atomic_load(&runtime); }

void install_runtime(std::shared_ptr<const ModuleRuntime> next) {
  // The old runtime (and its store connections, unless the new one shares
  // them) goes when its last call lets go of it.
  std::atomic_exchange(&runtime, std::move(next));
}

}  // namespace tenant
