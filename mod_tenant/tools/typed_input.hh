// A JSON file given to a write command (tenant put, closures set), in the
// typed form the store keeps (core/tenant/typed_json.hh): read, parsed
// with the document reader's messages (line, column, what was found), its
// integers and dates given their BSON types.
#pragma once

#include <string>

#include "core/util/expected.hh"
#include "core/util/json_doc.hh"

namespace tenantctl {

// path '-' reads standard input. Fails when the file cannot be read or is
// not JSON, with a message naming it.
tenant::Expected<tenant::JsonDoc> read_typed_json(const std::string& path);

}  // namespace tenantctl
