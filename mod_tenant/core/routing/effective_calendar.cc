#include "core/routing/effective_calendar.hh"

#include <cjson/cJSON.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <vector>

#include "core/hours/availability.hh"
#include "core/hours/instant.hh"
#include "core/hours/interval.hh"
#include "core/hours/timezone.hh"
#include "core/routing/destination_state.hh"
#include "core/tenant/destination_ids.hh"
#include "core/util/ascii.hh"
#include "core/util/json_doc.hh"
#include "core/util/problem.hh"

namespace tenant {

namespace {

// The civil-timeline second of 2100-01-01 00:00: the same count as the UTC
// instant kEvaluableUntil, since both start from 1970-01-01 00:00. A
// calendar's last day is at most 2099-12-31, the last day decisions are
// evaluated for.
constexpr UnixSeconds kLocalEvaluableUntil = kEvaluableUntil;

constexpr UnixSeconds kDay = 86400;

// The days asked for, on a zone-less wall clock (civil seconds).
struct LocalDays {
  UnixSeconds from;
  UnixSeconds to;
};

// The same days in one destination's zone: the instants of their bounds.
struct Range {
  const TimeZone& zone;
  LocalDays local;
  UnixSeconds from;
  UnixSeconds to;
};

// "2026-12-01T09:00:00", the form of local times in tenant documents.
std::string format_local(UnixSeconds local) {
  const std::int64_t day = floor_div(local, kDay);
  const std::int64_t secs = local - day * kDay;
  std::int64_t y;
  unsigned m, d;
  civil_from_days(day, y, m, d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02d", static_cast<long long>(y), m, d,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

// A bound of the range is shown as the midnight asked for, even where that
// midnight falls in a DST gap and the clock reads 01:00 at that instant:
// the days are what the administrator asked about.
std::string local_text(const Range& range, UnixSeconds t) {
  if (t == range.from) return format_local(range.local.from);
  if (t == range.to) return format_local(range.local.to);
  return format_local(range.zone.to_local(t));
}

cJSON* stretch_object(const Range& range, const AvailabilitySegment& s) {
  cJSON* item = cJSON_CreateObject();
  cJSON_AddStringToObject(item, "start", local_text(range, s.start).c_str());
  cJSON_AddStringToObject(item, "end", local_text(range, s.end).c_str());
  cJSON_AddStringToObject(item, "start_utc", format_rfc3339_utc(s.start).c_str());
  cJSON_AddStringToObject(item, "end_utc", format_rfc3339_utc(s.end).c_str());
  cJSON_AddStringToObject(item, "by", cause_name(s.state.cause));
  if (s.state.label) add_json_text(item, "label", *s.state.label);
  return item;
}

// The zone the destination's availability was compiled in. One that has
// none (unusable) is shown the zone it would have had, by the same rule as
// compile_availabilities: its business hours' tz, else the tenant's.
const std::string& zone_name_of(const TenantConfig& tenant, const Destination& d) {
  if (d.availability) return d.availability->spec().zone;
  return d.business_hours ? d.business_hours->spec.tz : tenant.timezone;
}

// Why an unusable destination has no calendar: its own errors, the first
// few, so the administrator knows what to fix.
std::string unusable_message(const TenantConfig& tenant, const Destination& d) {
  const auto index = static_cast<std::size_t>(&d - tenant.refer.destinations.data());
  Problems own;
  for (const Problem& p : tenant.problems)
    if (p.destination == index && p.severity == Problem::Severity::error) own.push_back(p);
  std::string message = "destination " + quote_value(d.destination_id) + " has configuration errors";
  if (!own.empty()) message += ": " + problems_summary(own, true);
  return message;
}

std::string unknown_destination_message(const TenantConfig& tenant, const std::string& id) {
  std::vector<std::string> known;
  for (const Destination& d : tenant.refer.destinations) known.push_back(d.destination_id);
  return tenant::unknown_destination_message(tenant.tenant_id, known, id);
}

Expected<LocalDays> read_days(std::string_view from_date, int days) {
  using Result = Expected<LocalDays>;
  if (days < 1 || days > kCalendarMaxDays)
    return Result::failure("days: expected a whole number 1.." + std::to_string(kCalendarMaxDays) + ", got " +
                           std::to_string(days));
  const auto first = parse_local_date(from_date);
  if (!first) return Result::failure("from: " + first.error());
  const LocalDays out{*first, *first + days * kDay};
  if (out.to > kLocalEvaluableUntil)
    return Result::failure("from: " + quote_value(from_date) + " and " + std::to_string(days) +
                           " days run past 2099-12-31, the last day business hours are evaluated for");
  return out;
}

// One destination's entry. Its stretches are counted into `stretches`;
// nullopt when they take the answer past kCalendarMaxStretches.
std::optional<JsonDoc> destination_entry(const TenantConfig& tenant, const Destination& d, const LocalDays& days,
                                         std::size_t& stretches) {
  JsonDoc entry(cJSON_CreateObject());
  cJSON* e = entry.get();
  const std::string& zone_name = zone_name_of(tenant, d);
  add_json_text(e, "destination_id", d.destination_id);
  add_json_text(e, "label", d.label);
  add_json_text(e, "tz", zone_name);
  cJSON_AddBoolToObject(e, "enabled", d.enabled);

  std::optional<std::string> message;
  std::shared_ptr<const TimeZone> zone;
  if (!destination_usable(d)) {
    message = unusable_message(tenant, d);
  } else if (auto found = TimeZone::find(zone_name)) {
    zone = found.value();
  } else {
    // Unreachable while availabilities compile in this very zone; kept as
    // "no calendar" rather than a calendar in some other zone.
    message = "destination " + quote_value(d.destination_id) + " has no usable zone: " + found.error();
  }
  cJSON_AddBoolToObject(e, "usable", zone != nullptr);
  // A disabled destination takes no transfers whatever its calendar says:
  // stretches would suggest otherwise.
  if (!d.enabled) message = "destination " + quote_value(d.destination_id) + " is disabled";
  if (message) add_json_text(e, "message", *message);
  cJSON* open = cJSON_AddArrayToObject(e, "open");
  cJSON* closed = cJSON_AddArrayToObject(e, "closed");
  if (message) return entry;

  const Range range{*zone, days, zone->from_local(days.from), zone->from_local(days.to)};
  const std::vector<AvailabilitySegment> segments = d.availability->segments(range.from, range.to);
  stretches += segments.size();
  if (stretches > kCalendarMaxStretches) return std::nullopt;
  for (const AvailabilitySegment& s : segments)
    cJSON_AddItemToArray(s.state.open ? open : closed, stretch_object(range, s));
  return entry;
}

}  // namespace

Expected<int> parse_calendar_days(std::string_view text) {
  if (const auto days = parse_digits(text, 1, kCalendarMaxDays)) return static_cast<int>(*days);
  return Expected<int>::failure("days: expected a whole number 1.." + std::to_string(kCalendarMaxDays) + ", got " +
                                quote_value(text));
}

Expected<std::string> effective_calendar_json(const TenantConfig& tenant,
                                              const std::optional<std::string>& destination_id,
                                              std::string_view from_date, int days) {
  using Result = Expected<std::string>;
  const auto local = read_days(from_date, days);
  if (!local) return Result::failure(local.error());
  // The transfer decision refuses such a tenant ("invalid_config"): its
  // destinations may not be the ones the administrator meant to offer.
  if (tenant.tenant_level_errors)
    return Result::failure("tenant " + quote_value(tenant.tenant_id) +
                           " has configuration errors outside its destinations: " +
                           problems_summary(tenant.problems, true));

  std::vector<const Destination*> chosen;
  if (destination_id) {
    const Destination* d = tenant.find_destination(*destination_id);
    if (!d) return Result::failure(unknown_destination_message(tenant, *destination_id));
    chosen.push_back(d);
  } else {
    const PriorityOrder order(tenant.refer.destinations);
    for (std::size_t i = 0; i < order.size(); ++i) chosen.push_back(&order[i]);
  }

  JsonDoc root(cJSON_CreateObject());
  cJSON* r = root.get();
  add_json_text(r, "tenant_id", tenant.tenant_id);
  cJSON_AddStringToObject(r, "from", std::string(from_date).c_str());
  cJSON_AddNumberToObject(r, "days", static_cast<double>(days));
  cJSON* list = cJSON_AddArrayToObject(r, "destinations");
  std::size_t stretches = 0;
  for (const Destination* d : chosen) {
    auto entry = destination_entry(tenant, *d, *local, stretches);
    if (!entry)
      return Result::failure("the calendar would list more than " + std::to_string(kCalendarMaxStretches) +
                             " stretches; ask for fewer days or one destination");
    cJSON_AddItemToArray(list, entry->release());
  }
  return json_text(r);
}

}  // namespace tenant
