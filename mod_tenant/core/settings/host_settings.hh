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
#include "core/util/expected.hh"

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

// What a reload (FreeSWITCH's reloadxml, the SIP service's SIGHUP) does
// with a changed value.
enum class OnReload {
  applied,       // new calls use it; nothing else changes
  reopens_store  // the store is opened again and the cache starts empty
};

// One parameter, declared once (host_settings.cc): parsing, `tenant
// status`, the documentation's table, tenantctl's store options and what a
// reload keeps are all produced from these rows.
struct HostSetting {
  const char* name;  // as in tenant.conf.xml
  const char* help;  // one line, Markdown, for the documentation's table
  OnReload on_reload;
  // Reads a value into the settings, or says what is wrong with it.
  std::function<Expected<void>(HostSettings&, const std::string&)> parse;
  std::function<std::string(const HostSettings&)> format;  // the value in force
  // The tenantctl option that sets it ("--" + cli_option + " " + metavar),
  // for the settings a database command needs; null for the others.
  const char* cli_option = nullptr;
  const char* metavar = nullptr;
};
const std::vector<HostSetting>& host_settings_table();

// Reads the pairs over the defaults. A bad value keeps the default and is
// reported as an error with the parameter's name as path; an unknown name is
// a warning (a typo must not pass unnoticed, nor stop the switch).
HostSettings parse_host_settings(const SettingPairs& pairs, Problems& problems);

// Whether a reload from `before` to `after` may keep the store connections
// and the cache: no row that reopens the store has changed.
bool reload_keeps_store(const HostSettings& before, const HostSettings& after);

// The settings as name/value pairs, for "tenant status".
SettingPairs describe_host_settings(const HostSettings& settings);

// The parameter table of docs/freeswitch.md (name, default, meaning), which
// a test holds the documentation to.
std::string host_settings_markdown();

}  // namespace tenant
