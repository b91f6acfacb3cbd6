// The one way a host opens its store: from the StoreSettings its
// configuration gave, a tenant source that is always there. A store that
// cannot even be set up (a URI the driver rejects) becomes a source whose
// every lookup fails at once with the reason, so calls are answered "error"
// without waiting, and the reason is logged once.
#pragma once

#include <memory>

#include "core/util/log.hh"
#include "core/settings/store_settings.hh"
#include "core/resolve/tenant_source.hh"
#include "mongo_tenant_source.hh"

namespace tenant {

std::shared_ptr<TenantSource> open_tenant_source(const StoreSettings& settings, const LogFunction& log);

// The same options every host's source gets, for callers that need the
// MongoDB source itself (tenantctl's database commands).
MongoSourceOptions mongo_source_options(const StoreSettings& settings, const LogFunction& log);

}  // namespace tenant
