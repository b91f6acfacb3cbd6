// The settings every host (the FreeSWITCH module, the SIP service) reads
// from its configuration, as name/value pairs: the names are those of
// conf/autoload_configs/tenant.conf.xml (docs/freeswitch.md lists them all).
// Parsing lives here so that every host accepts the same values and reports
// a bad one the same way.
#pragma once

#include "core/resolve/change_feed.hh"

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/routing/inbound_policy.hh"
#include "core/util/problem.hh"
#include "core/routing/destination_rules.hh"
#include "core/routing/tenant_headers.hh"
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

// The SIP redirect service's own parameters (tenant-redirectd).
struct RedirectServiceSettings {
  std::string listen = "127.0.0.1:5070";  // host:port, UDP and TCP
  // The Contact of a resolved inbound call's 302: ${number} (E.164) and
  // ${tenant_id} are replaced, each percent-encoded for a URI's user part.
  std::string agent_uri = "sip:${number}@127.0.0.1:5080";
  std::size_t max_pending_loads = 64;      // store loads in flight; more get 503
  std::size_t max_message_bytes = 16384;   // a larger request is refused
  std::chrono::seconds retry_after{5};     // Retry-After of a 503
};

struct HostSettings {
  StoreSettings store;
  ResolverOptions resolver;
  ChangeFeedOptions change_feed;
  std::string default_country = "FR";
  NumberSource number_source;
  bool inbound_hook = true;
  InboundPolicy inbound;
  // The X-Tenant-* headers the module sets for the leg a call is bridged to
  // (FreeSWITCH's export-headers); none by default.
  TenantHeaderSet export_headers = kNoTenantHeader;
  ReferOptions refer;
  std::chrono::milliseconds refer_timeout{10'000};  // how long to wait for the far end's verdict
  bool refer_failover = false;                       // try the next destination after a failure
  RedirectServiceSettings redirect;
};

// The hosts that read tenant.conf.xml. One file may serve both: each
// ignores, silently, the parameters that are only the other's.
enum class Host : unsigned { freeswitch = 1, sip_service = 2 };
constexpr unsigned kEveryHost = 3;

using SettingPairs = std::vector<std::pair<std::string, std::string>>;

// What a reload (FreeSWITCH's reloadxml, the SIP service's SIGHUP) does
// with a changed value.
enum class OnReload {
  applied,        // new calls use it; nothing else changes
  reopens_store,  // the store is opened again and the cache starts empty
  needs_restart   // read at start only (a listening address)
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
  unsigned hosts = kEveryHost;  // which hosts read it (a mask of Host values)

  bool read_by(Host host) const { return (hosts & static_cast<unsigned>(host)) != 0; }
};
const std::vector<HostSetting>& host_settings_table();

// A host's defaults: the FreeSWITCH module reads the called number from the
// To user, the SIP redirect service from the Request-URI (what a proxy
// rewrites), everything else alike.
HostSettings host_defaults(Host host);

// Reads the pairs over the host's defaults. A bad value keeps the default
// and is reported as an error with the parameter's name as path; an unknown
// name is a warning (a typo must not pass unnoticed, nor stop the switch); a
// parameter only the other host reads is skipped.
HostSettings parse_host_settings(const SettingPairs& pairs, Problems& problems, Host host = Host::freeswitch);

// Whether a reload from `before` to `after` may keep the store connections
// and the cache: no row that reopens the store has changed.
bool reload_keeps_store(const HostSettings& before, const HostSettings& after);

// The settings the host reads, as name/value pairs, for "tenant status".
SettingPairs describe_host_settings(const HostSettings& settings, Host host = Host::freeswitch);

// The host's parameter table (name, default, meaning, what a reload does):
// docs/freeswitch.md and docs/sip-redirect.md hold it, and a test holds
// them to it.
std::string host_settings_markdown(Host host = Host::freeswitch);

}  // namespace tenant
