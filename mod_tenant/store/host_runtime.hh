// Everything a host runs on, built from its settings: the settings, the
// store and the resolver over it. A runtime is immutable once built; a
// reload (FreeSWITCH's reloadxml, the SIP service's SIGHUP) builds a new one
// and swaps it in, and calls that already hold the old one finish with it,
// so a reload never drops or stalls a call.
#pragma once

#include "core/resolve/change_feed.hh"

#include <memory>
#include <string>

#include "core/resolve/resolver.hh"
#include "core/resolve/tenant_source.hh"
#include "core/settings/host_settings.hh"
#include "core/util/json_doc.hh"
#include "core/util/log.hh"

namespace tenant {

struct HostRuntime {
  HostSettings settings;
  // Shared with the next runtime when a reload leaves the store and cache
  // settings as they were: a reload for a dialplan edit keeps the cache warm
  // and the connections open.
  std::shared_ptr<TenantSource> source;
  std::shared_ptr<TenantResolver> resolver;
  // Keeps the resolver's cache in step with the store (change-poll-seconds;
  // null when off). Declared after what it uses, so it stops first.
  std::shared_ptr<ChangeFeed> feed;
  Problems config_problems;  // what tenant.conf got wrong, for the status
};

// Builds a runtime from settings, reusing the previous runtime's store and
// resolver when no setting that reopens the store changed
// (reload_keeps_store). A store that cannot even be configured (a URI the
// driver rejects) gives a runtime whose lookups fail with that reason: calls
// still flow, by the on-error action.
// on_change hears what each poll of the change feed refreshed (the
// module's tenant::changed event); the feed logs it either way.
std::shared_ptr<const HostRuntime> build_host_runtime(const HostSettings& settings, Problems problems,
                                                      const LogFunction& log,
                                                      const std::shared_ptr<const HostRuntime>& previous,
                                                      ChangeFeed::OnChange on_change = {});

// {"store": "<description>", "store_reachable": bool, "last_error": ...|null,
//  "settings": {<the host's parameters in force>}, "config_problems": [...],
//  "cache": <resolver statistics>}: `tenant status` and the SIP service's
// status, one line.
std::string host_status_json(const HostRuntime& runtime, Host host);
// The same as a tree, for a host that adds its own part.
JsonDoc host_status_object(const HostRuntime& runtime, Host host);

}  // namespace tenant
