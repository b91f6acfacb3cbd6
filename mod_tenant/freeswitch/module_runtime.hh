// The runtime the module's calls use now (store/host_runtime.hh), swapped
// in whole by load and reloadxml.
#pragma once

#include <memory>

#include "store/host_runtime.hh"

namespace tenant {

// Null before load and after shutdown.
std::shared_ptr<const HostRuntime> current_runtime();
void install_runtime(std::shared_ptr<const HostRuntime> runtime);

}  // namespace tenant
