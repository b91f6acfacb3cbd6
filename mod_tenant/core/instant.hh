// Instants are whole seconds since the Unix epoch, UTC. Every decision in the
// core takes its instant as an argument so that tests can pick the moment.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "expected.hh"

namespace tenant {

using UnixSeconds = std::int64_t;

// RFC 3339: "2026-03-30T07:30:00Z", "2026-03-30T09:30:00+02:00",
// fractional seconds accepted and truncated. Anything else is an error.
Expected<UnixSeconds> parse_rfc3339(std::string_view text);

// "2026-03-30T07:30:00Z"
std::string format_rfc3339_utc(UnixSeconds t);

// Civil-date arithmetic on the proleptic Gregorian calendar (no time zone).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
void civil_from_days(std::int64_t days, std::int64_t& y, unsigned& m, unsigned& d);

}  // namespace tenant
