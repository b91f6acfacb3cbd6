// BSON documents as the core's JSON model, with exact types: int32 and int64
// become {"$numberInt"}/{"$numberLong"} (relaxed Extended JSON would turn an
// int64 into a double and lose precision), dates {"$date":{"$numberLong"}},
// ObjectIds {"$oid"}. Doubles are plain JSON numbers. Rarer types (binary,
// decimal128, timestamps, ...) use canonical Extended JSON.
#pragma once

#include <bson/bson.h>

#include <string>

#include "core/util/json_doc.hh"

namespace tenant {

JsonDoc bson_to_json(const bson_t* doc);

}  // namespace tenant
