// What every write does to a tenant_config document just before it goes to
// the store, whatever the command: its dates become BSON dates, and
// updated_at a version no reader has seen yet.
#pragma once

#include <cjson/cJSON.h>

#include <optional>

#include "core/hours/instant.hh"
#include "core/util/json_doc.hh"

namespace tenant {

// The version a write gives: now, or one millisecond past the version it
// replaces when now is not later (two writes within one millisecond, or a
// writer whose clock runs behind the last one's), so that updated_at only
// ever increases and the change feed, which polls it, sees every write.
UnixMillis next_updated_at(std::optional<UnixMillis> previous, UnixMillis now);

// doc (the typed form, typed_json.hh) as the store keeps it: every field
// the tenant_config tables declare a date (created_at, updated_at, each
// override's until) that reads as one, written {"$date": {"$numberLong"}}
// (a date as a plain RFC 3339 string would be stored as a string, which
// the spec's $jsonSchema refuses); updated_at set to updated_at; created_at
// set to created_if_absent when it is absent (a new document).
JsonDoc stamped_for_store(const cJSON* doc, UnixMillis updated_at, std::optional<UnixMillis> created_if_absent);

// Whether a and b are the same document, keys in the same order, apart
// from updated_at: writing b over a would change nothing.
bool same_apart_from_updated_at(const cJSON* a, const cJSON* b);

}  // namespace tenant
