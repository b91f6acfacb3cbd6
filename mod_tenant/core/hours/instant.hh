// Instants are whole seconds since the Unix epoch, UTC. Every decision in the
// core takes its instant as an argument so that tests can pick the moment.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/util/expected.hh"

namespace tenant {

using UnixSeconds = std::int64_t;

// The system's wall clock, now: where a host or a check takes "now" from.
UnixSeconds current_unix_seconds();

// RFC 3339: "2026-03-30T07:30:00Z", "2026-03-30T09:30:00+02:00",
// fractional seconds accepted and truncated. Anything else is an error.
Expected<UnixSeconds> parse_rfc3339(std::string_view text);

// "2026-03-30T07:30:00Z"
std::string format_rfc3339_utc(UnixSeconds t);

// Milliseconds since the Unix epoch, UTC: the precision of a BSON date,
// which a write keeps whole (updated_at is a document's version).
using UnixMillis = std::int64_t;
UnixMillis current_unix_millis();
// parse_rfc3339 to the millisecond: digits of the fraction past the third
// are dropped (toward the past, as for whole seconds).
Expected<UnixMillis> parse_rfc3339_millis(std::string_view text);
// "2026-03-30T07:30:00.250Z", always three digits of fraction.
std::string format_rfc3339_millis_utc(UnixMillis t);

// The instants business hours are evaluated at: from 1970-01-01T00:00:00Z up
// to, not including, 2100-01-01T00:00:00Z. Zone tables reach further, so a
// next change can be looked for 400 days ahead of any of them. Outside, an
// answer would rest on guessed offsets: decisions there are refused.
constexpr UnixSeconds kEvaluableFrom = 0;
constexpr UnixSeconds kEvaluableUntil = 4102444800LL;
constexpr UnixSeconds kZoneTableEnd = kEvaluableUntil + 402LL * 86400;

// parse_rfc3339, refusing an instant outside the evaluable years: the form
// every host reads an "at" argument in.
Expected<UnixSeconds> parse_decision_instant(std::string_view text);

// A local wall-clock time "YYYY-MM-DDTHH:MM:SS" (no offset), a real date in
// the evaluable years 1970..2099, as seconds on the zone-less civil
// timeline. The one reader of a DTSTART, for validation and schedules alike.
Expected<UnixSeconds> parse_local_datetime(std::string_view text);

// A local date "YYYY-MM-DD" in the same years, as the first second of that
// day on the civil timeline.
Expected<UnixSeconds> parse_local_date(std::string_view text);

// Civil-date arithmetic on the proleptic Gregorian calendar (no time zone).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
void civil_from_days(std::int64_t days, std::int64_t& y, unsigned& m, unsigned& d);

}  // namespace tenant
