// Reading MongoDB Extended JSON (canonical and relaxed, as mongo-c-driver and
// mongoexport write it) alongside plain JSON: {"$numberInt": "1"},
// {"$numberLong": "1"}, {"$date": "..."} / {"$date": {"$numberLong": "ms"}},
// {"$oid": "..."}.
#pragma once

#include <cjson/cJSON.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/hours/instant.hh"

namespace tenant {

// An integer: a JSON number with no fraction, $numberInt (32-bit),
// $numberLong, or a $numberDouble with no fraction (relaxed Extended JSON
// writes 1.0 and 1 alike, so the canonical form is read the same way).
std::optional<std::int64_t> json_integer(const cJSON* item);

// A date: $date (ISO string, millisecond number, or $numberLong), or an
// RFC 3339 string in plain JSON. Seconds since the epoch (milliseconds dropped,
// rounding toward the past). Years 0001..9999 only.
std::optional<UnixSeconds> json_date(const cJSON* item);

// The same date to the millisecond, the precision BSON keeps: what a write
// stores, and the version updated_at stands for.
std::optional<UnixMillis> json_date_millis(const cJSON* item);

// An ObjectId's 24 hex digits, in lower case.
std::optional<std::string> json_object_id(const cJSON* item);

// A string from BSON that holds a NUL byte, which no reader here can keep
// whole: {"$stringWithNul": "<text, NULs written as \u0000>"}. Its type
// name tells the administrator why a string field refuses it.
constexpr const char* kStringWithNulKey = "$stringWithNul";

// "string", "number", "object", ... or "int", "long", "date", "objectId" for
// Extended JSON wrappers: used in messages ("must be a string, got int").
std::string json_type_name(const cJSON* item);

}  // namespace tenant
