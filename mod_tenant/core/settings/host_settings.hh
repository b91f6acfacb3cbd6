// The settings every host (the FreeSWITCH module, the SIP service) reads
// from its configuration, as name/value pairs: the names are those of
// conf/autoload_configs/tenant.conf.xml (docs/freeswitch.md lists them all).
// Parsing lives here so that every host accepts the same values and reports
// a bad one the same way.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/routing/inbound_policy.hh"
#include "core/util/problem.hh"
#include "core/routing/destination_rules.hh"
#include "core/resolve/resolver.hh"
#include "core/settings/store_settings.hh"

namespace tenant {

// Where the called number is read from on an inbound call.
struct NumberSource {
  enum class Kind { to_user, request_uri_user, destination_number, variable };
  Kind kind = Kind::to_user;
  std::string variable;  // for Kind::variable: the channel variable's name
};

struct HostSettings {
  StoreSettings store;
  ResolverOptions resolver;
  std::string default_country = "FR";
  NumberSource number_source;
  bool inbound_hook = true;
  InboundPolicy inbound;
  ReferOptions refer;
  std::chrono::milliseconds refer_timeout{10'000};  // how long to wait for the far end's verdict
  bool refer_failover = false;                       // try the next destination after a failure
};

using SettingPairs = std::vector<std::pair<std::string, std::string>>;

// One parameter, declared once (host_settings.cc): everything below is
// produced from these rows.
struct HostSetting {
  const char* name;  // as in tenant.conf.xml
  const char* help;  // one line, Markdown, for the documentation's table
  // Reads a value into the settings: "" when taken, else what is wrong.
  std::function<std::string(HostSettings&, const std::string&)> parse;
  std::function<std::string(const HostSettings&)> format;  // the value in force
};
const std::vector<HostSetting>& host_settings_table();

// Reads the pairs over the defaults. A bad value keeps the default and is
// reported as an error with the parameter's name as path; an unknown name is
// a warning (a typo must not pass unnoticed, nor stop the switch).
HostSettings parse_host_settings(const SettingPairs& pairs, Problems& problems);

// The settings as name/value pairs, for "tenant status".
SettingPairs describe_host_settings(const HostSettings& settings);

// The parameter table of docs/freeswitch.md (name, default, meaning), which
// a test holds the documentation to.
std::string host_settings_markdown();

}  // namespace tenant
