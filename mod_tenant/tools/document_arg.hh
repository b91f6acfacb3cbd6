// The --config FILE argument of the commands that decide for one tenant
// document (refer, hours, calendar): the file read, the document judged,
// and its problems listed on standard error the one way.
#pragma once

#include <string>

#include "core/tenant/tenant_config.hh"
#include "core/util/expected.hh"

namespace tenantctl {

// The document in path ('-': standard input), plain or Extended JSON. Every
// problem validation found is printed to stderr as "error: <path>: <message>"
// or "warning: ..."; the decisions made on the document already account for
// them. Fails only when the file cannot be read or is not a JSON object,
// with a message naming the file.
tenant::Expected<tenant::TenantConfig> read_tenant_document(const std::string& path);

// Each problem on stderr, "error: <path>: <message>" or "warning: ...", the
// path "(document)" for the document as a whole: how every command lists a
// document's problems.
void print_problems(const tenant::Problems& problems);

}  // namespace tenantctl
