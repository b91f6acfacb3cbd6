// What the database commands (lookup, db) share: the store options, made
// from the host settings that carry a tenantctl option (--mongo-uri, --db,
// --mapping-collection, --config-collection, --timeout), and opening the
// store with them.
#pragma once

#include <chrono>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "cli_args.hh"
#include "core/settings/store_settings.hh"
#include "store/tenant_source_factory.hh"

namespace tenantctl {

// A command waits longer than a call would (lookup-timeout-ms, 300 by
// default): an administrator's command may reach a server across a network,
// and nobody is on the line.
constexpr std::chrono::milliseconds kCommandTimeout{2000};

// The store options, to add to a command's own.
std::vector<OptionSpec> store_option_specs(std::initializer_list<OptionSpec> own);

// A command's usage text, its "%s" replaced by the store options' help.
std::string usage_with_store_options(const char* usage_format);

// The store the options name, over the settings' defaults (the timeout
// re-defaulted to kCommandTimeout); an option with a bad value is an error
// naming it, in the words of the setting it stands for.
tenant::Expected<tenant::StoreSettings> store_settings(const ParsedArgs& args);

// Opens the store the options name. Driver messages go to stderr only with
// TENANTCTL_DEBUG set.
tenant::Expected<std::shared_ptr<tenant::MongoTenantSource>> open_store(const ParsedArgs& args);

}  // namespace tenantctl
