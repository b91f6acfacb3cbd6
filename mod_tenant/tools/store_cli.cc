#include "store_cli.hh"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "core/util/ascii.hh"

namespace tenantctl {

const char kStoreOptionsHelp[] =
    "  --mongo-uri URI      MongoDB connection string (default mongodb://127.0.0.1:27017);\n"
    "                       TLS, authentication, replica set and read preference\n"
    "                       are taken from it\n"
    "  --db NAME            database (default sonore-phone-agent)\n"
    "  --timeout MS         give up on the server after MS milliseconds per step\n"
    "                       (default 2000: longer than a call's 300, for a server\n"
    "                       across a network)\n";

tenant::Expected<void> check_store_options(const ParsedArgs& args) {
  if (auto t = args.get("timeout"); t && !tenant::parse_digits(*t, 1, 600000))
    return tenant::Expected<void>::failure("--timeout: expected milliseconds, 1..600000");
  return {};
}

tenant::Expected<std::shared_ptr<tenant::MongoTenantSource>> open_store(const ParsedArgs& args) {
  using Result = tenant::Expected<std::shared_ptr<tenant::MongoTenantSource>>;
  if (auto checked = check_store_options(args); !checked) return Result::failure(checked.error());
  tenant::StoreSettings settings;
  if (auto uri = args.get("mongo-uri")) settings.uri = *uri;
  if (auto db = args.get("db")) settings.database = *db;
  settings.lookup_timeout = kCommandTimeout;
  if (auto t = args.get("timeout")) settings.lookup_timeout = std::chrono::milliseconds(*tenant::parse_digits(*t, 1, 600000));
  // Each command reports the failure that matters in its own words; the
  // driver's messages only with TENANTCTL_DEBUG set (FerretDB, for one, makes
  // it warn about commands it lacks on every disconnect).
  tenant::LogFunction log;
  if (std::getenv("TENANTCTL_DEBUG"))
    log = [](tenant::LogLevel level, std::string_view message) {
      std::fprintf(stderr, "%s: %.*s\n", tenant::log_level_name(level), static_cast<int>(message.size()),
                   message.data());
    };
  auto source = tenant::MongoTenantSource::create(tenant::mongo_source_options(settings, log));
  if (!source) return Result::failure(source.error());
  return source.value();
}

std::string usage_with_store_options(const char* usage_format) {
  char buf[4096];
  std::snprintf(buf, sizeof buf, usage_format, kStoreOptionsHelp);
  return buf;
}

}  // namespace tenantctl
