// Reads tenant.conf (autoload_configs/tenant.conf.xml) into the host
// settings. A missing file means the documented defaults.
#pragma once

#include "core/settings/host_settings.hh"

namespace tenant {

HostSettings load_xml_settings(Problems& problems);

}  // namespace tenant
