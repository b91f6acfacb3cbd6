// Everything the module runs on, built from tenant.conf: the settings, the
// MongoDB source and the resolver over it. A runtime is immutable once
// built; reloadxml builds a new one and swaps it in, and calls that already
// hold the old one finish with it, so a reload never drops or stalls a call.
#pragma once

#include <memory>
#include <string>

#include "core/settings/host_settings.hh"
#include "core/util/log.hh"
#include "core/resolve/resolver.hh"
#include "core/resolve/tenant_source.hh"

namespace tenant {

struct ModuleRuntime {
  HostSettings settings;
  // Shared with the next runtime when a reload leaves the store and cache
  // settings as they were: a reloadxml for a dialplan edit keeps the cache
  // warm and the connections open.
  std::shared_ptr<TenantSource> source;
  std::shared_ptr<TenantResolver> resolver;
  Problems config_problems;  // what tenant.conf got wrong, for "tenant status"
};

// Builds a runtime from settings, reusing the previous runtime's store and
// resolver when their settings are unchanged. A store that cannot even be
// configured (a URI the driver rejects) gives a runtime whose lookups fail
// with that reason: calls still flow, by the on-error action.
std::shared_ptr<const ModuleRuntime> build_runtime(const HostSettings& settings, Problems problems,
                                                   const LogFunction& log,
                                                   const std::shared_ptr<const ModuleRuntime>& previous);

// The runtime calls use now (null before load and after shutdown).
std::shared_ptr<const ModuleRuntime> current_runtime();
void install_runtime(std::shared_ptr<const ModuleRuntime> runtime);

}  // namespace tenant
