// The typed form of a document (core/tenant/typed_json.hh, what
// bson_to_json writes) back to BSON, each value with the type its spelling
// names: the inverse of bson_to_json, so that a document read, edited and
// written keeps every value it was not asked to change, type included.
//
//   {"$numberInt": "1"} int32     {"$numberLong": "1"} int64
//   a plain number       double    {"$numberDouble": "NaN"} double
//   {"$date": ...}       date      {"$oid": "..."} ObjectId
//   other {"$...": ...} wrappers   as libbson reads canonical Extended JSON
//
// Built value by value with libbson's typed appends: no text of the
// document is parsed as a query or a command.
#pragma once

#include <bson/bson.h>

#include <cjson/cJSON.h>

#include "core/util/expected.hh"

namespace tenant {

// Appends value under key. Fails, naming the value's path, on a wrapper
// that does not read as its type ({"$numberInt": "x"}), a string holding
// NUL, or a document past BSON's size limit.
Expected<void> append_json_value(bson_t* out, const char* key, const cJSON* value);

// The members of a JSON object, appended to out (an empty document).
Expected<void> json_to_bson(const cJSON* object, bson_t* out);

}  // namespace tenant
