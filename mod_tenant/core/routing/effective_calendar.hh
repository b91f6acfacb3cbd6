// The effective calendar: when each destination of a tenant is really open
// over a run of days, and why it is open or closed in each stretch (business
// hours, a closure, a one-off opening, an override), as availability.hh
// decides it. The one answer tenantctl calendar and the module's
// `tenant calendar` API give, so that an administrator can check the
// closures and overrides of a month before callers meet them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/tenant/tenant_config.hh"
#include "core/util/expected.hh"

namespace tenant {

// A calendar covers 1 to this many days: a leap year, enough for a year's
// closures, and a bound on the output.
constexpr int kCalendarMaxDays = 366;

// At most this many stretches in one answer, all destinations together
// (about 15 MB of JSON). Ordinary hours give a few a day; only a document
// full of recurring closures and openings could go past it, and is then
// asked for fewer days or one destination rather than answered at any size.
constexpr std::size_t kCalendarMaxStretches = 100000;

// A host's days argument ("31"): digits only, 1..kCalendarMaxDays. Every
// host reads it here, so "x" and "0" are refused in the same words.
Expected<int> parse_calendar_days(std::string_view text);

// {"tenant_id":..., "from":"YYYY-MM-DD", "days":N,
//  "destinations":[{"destination_id", "label", "tz", "enabled", "usable",
//                   "open":[stretch...], "closed":[stretch...]
//                   [, "message"]}...]}
// with each stretch {"start","end"} on the wall clock of the destination's
// zone ("YYYY-MM-DDTHH:MM:SS"), {"start_utc","end_utc"} in RFC 3339 UTC,
// "by" (open: hours, opening, override, always; closed: hours, closure,
// override) and "label" when the deciding entry has one.
//
// The days are [from_date 00:00, from_date + days 00:00) on the wall clock
// of each destination's own zone (business_hours.tz, else the tenant's
// timezone). Destinations come in priority order; destination_id asks for
// one. A disabled or unusable destination is listed without stretches and
// with a "message".
//
// Refused: days outside 1..kCalendarMaxDays, from_date not a date
// YYYY-MM-DD in 1970..2099 or a range running past 2099, a tenant with
// configuration errors outside its destinations (the transfer decision
// refuses it too: its destinations may not be the ones meant), an unknown
// destination_id, and an answer of more than kCalendarMaxStretches. A
// disabled tenant, or one with transfers off, still has its calendar: those
// are switches, and the calendar is what turning them on would give.
Expected<std::string> effective_calendar_json(const TenantConfig& tenant,
                                              const std::optional<std::string>& destination_id,
                                              std::string_view from_date, int days);

}  // namespace tenant
