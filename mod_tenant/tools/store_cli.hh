// What the database commands (lookup, db) share: the --mongo-uri, --db and
// --timeout options and opening the store with them.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "cli_args.hh"
#include "store/tenant_source_factory.hh"

namespace tenantctl {

// A command waits longer than a call would (lookup-timeout-ms, 300 by
// default): an administrator's command may reach a server across a network,
// and nobody is on the line.
constexpr std::chrono::milliseconds kCommandTimeout{2000};

// Text for the usage of every database command.
extern const char kStoreOptionsHelp[];

// A command's usage text, its "%s" replaced by kStoreOptionsHelp.
std::string usage_with_store_options(const char* usage_format);

// Checks --timeout (milliseconds, 1..600000).
tenant::Expected<void> check_store_options(const ParsedArgs& args);

// Opens the store the options name. Driver messages go to stderr only with
// TENANTCTL_DEBUG set.
tenant::Expected<std::shared_ptr<tenant::MongoTenantSource>> open_store(const ParsedArgs& args);

}  // namespace tenantctl
