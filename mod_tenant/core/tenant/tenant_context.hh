// What a resolution tells a call: which tenant answers a number, its
// configuration, and whether it may be used. Contexts are immutable and
// shared between threads (std::shared_ptr<const TenantContext>).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/resolve/clock.hh"
#include "core/util/json_doc.hh"
#include "core/tenant/phone_mapping.hh"
#include "core/tenant/tenant_config.hh"

namespace tenant {

enum class TenantStatus {
  active,    // mapped, configured, valid and active
  unknown,   // the number (or tenant id) is not in the database
  disabled,  // the tenant's status is "disabled"
  invalid,   // a document is broken: a bad mapping, a mapping to a tenant with
             // no configuration, or a configuration with tenant-level errors
  error,     // the store could not answer and nothing usable was cached
};

const char* tenant_status_name(TenantStatus status);

struct TenantContext {
  TenantStatus status = TenantStatus::error;
  std::string number;     // the E.164 number looked up; empty for a lookup by id
  std::string tenant_id;  // from the mapping, or the id asked for
  std::optional<PhoneMapping> mapping;
  std::shared_ptr<const TenantConfig> config;  // null when none could be read
  std::string message;  // why, whenever status is not active
  std::string version;  // tenant_config document version (content hash), "" when none
  // Served from an expired cache entry because the store is failing.
  bool stale = false;
  MonotonicClock::time_point loaded_at{};

  bool usable() const { return status == TenantStatus::active; }
};

// How a tenant_config document that could be read stands, whoever reads it
// (the resolver from the store, tenantctl from a file): invalid with its
// first errors when it has tenant-level errors; else disabled when its
// status says "disabled"; invalid for any other status but "active".
struct ConfigStanding {
  TenantStatus status = TenantStatus::active;
  std::string message;  // empty when active
};
ConfigStanding judge_config(const TenantConfig& config, const std::string& tenant_id);

// A context for a document read from elsewhere than the store (tenantctl's
// file), judged as the resolver judges one: what `tenantctl refer` decides on.
std::shared_ptr<const TenantContext> context_for_config(std::shared_ptr<const TenantConfig> config);

// The one-line JSON summary tenantctl lookup and the module's API print:
// {"number":..., "status":..., "stale":..., "message":..., "mapping":{...}|null,
//  "tenant":{...}|null, "problems":[...]}
std::string tenant_context_json(const TenantContext& context);
// The same as a tree, for hosts that add to it.
JsonDoc tenant_context_object(const TenantContext& context);

}  // namespace tenant
