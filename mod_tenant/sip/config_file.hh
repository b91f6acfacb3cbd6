// tenant.conf.xml as the SIP redirect service reads it: the same file
// FreeSWITCH loads (autoload_configs/tenant.conf.xml, or a whole
// freeswitch.xml holding it), parsed with libxml2. Only
// <configuration name="tenant.conf"><settings><param name= value=/> counts;
// the values are read by the one settings table (host_settings.hh).
#pragma once

#include <string>

#include "core/settings/host_settings.hh"
#include "core/util/expected.hh"

namespace tenant {

// The params in file order. Fails when the file cannot be read, is not
// well-formed XML (the message has the line), or holds no tenant.conf
// configuration; a param without a name or value is a problem, skipped.
Expected<SettingPairs> read_tenant_conf(const std::string& path, Problems& problems);

// The same from text already read (for tests and fuzzing).
Expected<SettingPairs> parse_tenant_conf(const std::string& text, const std::string& name, Problems& problems);

}  // namespace tenant
