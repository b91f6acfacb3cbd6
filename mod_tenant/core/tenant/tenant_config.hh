// The tenant model the module runs on: a tenant_config document read with the
// spec's defaults, plus every problem full validation found in it.
//
// from_tenant_doc never fails on a bad field: it keeps what it can, records
// the problem with its JSON path, and marks what the problem makes unusable
// (one destination, or the whole refer feature), so one broken destination
// does not take the tenant's other destinations down with it.
#pragma once

#include <cjson/cJSON.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/expected.hh"
#include "core/util/json_doc.hh"
#include "core/hours/instant.hh"
#include "core/util/problem.hh"
#include "core/hours/availability.hh"
#include "core/hours/calendar_entry.hh"
#include "core/hours/schedule.hh"

namespace tenant {

struct BusinessHours {
  BusinessHoursSpec spec;
  std::shared_ptr<const Schedule> schedule;  // null when the spec does not compile
};

struct Destination {
  std::string destination_id;
  std::string label;
  std::string target_uri;
  std::string description_for_model;
  bool enabled = true;
  std::int64_t priority = 0;
  std::optional<BusinessHours> business_hours;  // none: always open
  std::optional<std::string> after_hours_destination_id;
  // Not in the spec (docs/business-hours.md): the destination's own
  // closures, one-off openings and override.
  std::vector<CalendarEntrySpec> closures;
  std::vector<CalendarEntrySpec> openings;
  std::optional<OverrideSpec> override_state;
  // When it is really open: its hours with the above and the tenant's
  // closures and override applied, in its zone. Null when it could not be
  // compiled (the destination is then unusable).
  std::shared_ptr<const Availability> availability;
  bool usable = true;  // false when a rule on this destination is broken
};

struct ReferFeature {
  bool enabled = false;
  bool require_confirmation = true;
  std::optional<std::string> handoff_phrase;
  // After a failed transfer, try the next destination (not in the spec: an
  // extension; absent means the host's refer-failover setting).
  std::optional<bool> failover;
  std::vector<Destination> destinations;  // document order
  // Not in the spec: closures and an override for every destination.
  std::vector<CalendarEntrySpec> closures;
  std::optional<OverrideSpec> override_state;
};

struct TenantConfig {
  std::string id;  // _id
  std::string tenant_id;
  std::string client_id;
  std::string display_name;
  std::vector<std::string> summary_to;
  std::optional<std::string> reply_to;
  std::string timezone = "Europe/Paris";
  std::optional<std::string> locale;
  std::string status;  // "active" | "disabled" (anything else is a problem)
  std::int64_t schema_version = 0;
  std::int64_t tools_config_version = 1;
  std::optional<UnixSeconds> created_at;
  std::optional<UnixSeconds> updated_at;
  ReferFeature refer;

  Problems problems;  // errors and warnings, each with its JSON path

  // Errors outside a single destination (a missing required field, a bad
  // refer section, ...). Transfers for the tenant are refused while true.
  bool tenant_level_errors = false;

  bool active() const { return status == "active"; }
  const Destination* find_destination(std::string_view destination_id) const;

  // doc: one tenant_config document, plain JSON or MongoDB Extended JSON.
  // Fails only when doc is not a JSON object.
  static Expected<TenantConfig> from_tenant_doc(const cJSON* doc);
  static Expected<TenantConfig> from_json_text(std::string_view text);
};

// JSON text as every document reader here takes it: one JSON value, refused
// with the line and column of a syntax error and what was found there, a
// NUL byte or a \u0000 that would cut a string short, or nesting past the
// reader's limit. from_json_text reads a document through it.
Expected<JsonDoc> parse_json_text(std::string_view text);

// Compiles every usable destination's availability: its business hours
// with its own closures, openings and override and the tenant's closures and
// override, in its zone (business_hours.tz, else the tenant's timezone).
// from_tenant_doc does this; a config built by hand calls it once its
// destinations are in place. A destination whose availability does not
// compile is marked unusable, with a problem at its path.
void compile_availabilities(TenantConfig& config);

}  // namespace tenant
