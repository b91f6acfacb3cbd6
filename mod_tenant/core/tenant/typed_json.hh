// The spellings of a stored document that a write goes through.
//
// The typed form is how store/bson_to_json writes BSON, each value's BSON
// type explicit: a 32-bit integer {"$numberInt": "1"}, a 64-bit one
// {"$numberLong": "1"}, a date {"$date": {"$numberLong": "<ms>"}}, a double
// a plain JSON number ({"$numberDouble": "NaN"} when it is not finite), an
// ObjectId {"$oid": ...}. A document in this form goes back to BSON exactly
// as it came out (store/json_to_bson), so an edit changes only what it
// edits. The validator reads it like any Extended JSON.
//
// People and tools write plain JSON or Extended JSON, where a number
// without a fraction is an integer (as mongoimport and MongoDB's shell
// read it): to_typed_json gives such text its types. An administrator
// edits the relaxed form: to_relaxed_json gives it, readable (dates as
// RFC 3339 text, 32-bit integers as plain numbers) yet typed enough to come
// back unchanged through to_typed_json.
#pragma once

#include <cjson/cJSON.h>

#include "core/util/json_doc.hh"

namespace tenant {

// What a person or tool wrote, in the typed form. A number without a
// fraction becomes {"$numberInt"} when it fits 32 bits, else {"$numberLong"}
// (numbers beyond 2^53 lose digits in any JSON reader: write them as
// {"$numberLong": "..."}); one with a fraction stays a double. Every $date,
// in any form json_date_millis reads, becomes {"$date": {"$numberLong"}};
// a finite {"$numberDouble"} becomes a plain number. Other values are
// copied as written: what does not read as its wrapper says is left for
// validation (or the conversion to BSON) to refuse.
JsonDoc to_typed_json(const cJSON* written);

// A typed document as relaxed Extended JSON for a person: {"$numberInt"}
// as a plain number, dates of 1970..9999 as {"$date": "<RFC 3339, ms>"}.
// Where relaxed text would lose the type it keeps it: a 64-bit integer
// stays {"$numberLong"}, a double without a fraction is
// {"$numberDouble": "2.0"}.
JsonDoc to_relaxed_json(const cJSON* typed);

}  // namespace tenant
