#include "store_cli.hh"

#include <cstdio>
#include <cstdlib>

#include "core/settings/host_settings.hh"

namespace tenantctl {

namespace {

// The settings a database command starts from: the hosts' defaults, with a
// command's longer wait.
tenant::HostSettings command_defaults() {
  tenant::HostSettings settings;
  settings.store.lookup_timeout = kCommandTimeout;
  return settings;
}

// The option's text in the usage's layout: the option from column 2, its
// description from column 23 (on the next line when the option is longer),
// words wrapped before column 80.
std::string option_help(const std::string& option, const std::string& text) {
  constexpr std::size_t kIndent = 23, kWidth = 79;
  std::string out = "  " + option;
  if (out.size() + 1 > kIndent) out += "\n" + std::string(kIndent, ' ');
  else out.resize(kIndent, ' ');
  std::size_t column = kIndent;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::size_t length = end - start;
    if (column > kIndent && column + 1 + length > kWidth) {
      out += "\n" + std::string(kIndent, ' ');
      column = kIndent;
    } else if (column > kIndent) {
      out += ' ';
      ++column;
    }
    out.append(text, start, length);
    column += length;
    start = end + 1;
  }
  return out + "\n";
}

std::string store_options_help() {
  const tenant::HostSettings defaults = command_defaults();
  std::string out;
  for (const auto& row : tenant::host_settings_table()) {
    if (row.cli_option == nullptr) continue;
    // The help is Markdown for the docs' table: its code spans read as
    // plain text here.
    std::string help = row.help;
    for (std::size_t at = help.find('`'); at != std::string::npos; at = help.find('`')) help.erase(at, 1);
    out += option_help(std::string("--") + row.cli_option + " " + row.metavar,
                       help + " (default " + row.format(defaults) + "; " + row.name + " in tenant.conf)");
  }
  return out;
}

}  // namespace

std::vector<OptionSpec> store_option_specs(std::initializer_list<OptionSpec> own) {
  std::vector<OptionSpec> specs(own);
  for (const auto& row : tenant::host_settings_table())
    if (row.cli_option != nullptr) specs.push_back({row.cli_option, true});
  return specs;
}

std::string usage_with_store_options(const char* usage_format) {
  char buf[8192];
  std::snprintf(buf, sizeof buf, usage_format, store_options_help().c_str());
  return buf;
}

tenant::Expected<tenant::StoreSettings> store_settings(const ParsedArgs& args) {
  tenant::HostSettings settings = command_defaults();
  for (const auto& row : tenant::host_settings_table()) {
    if (row.cli_option == nullptr) continue;
    if (const auto value = args.get(row.cli_option))
      if (const auto taken = row.parse(settings, *value); !taken)
        return tenant::Expected<tenant::StoreSettings>::failure(std::string("--") + row.cli_option + ": " +
                                                                taken.error());
  }
  return settings.store;
}

tenant::Expected<std::shared_ptr<tenant::MongoTenantSource>> open_store(const ParsedArgs& args) {
  using Result = tenant::Expected<std::shared_ptr<tenant::MongoTenantSource>>;
  const auto settings = store_settings(args);
  if (!settings) return Result::failure(settings.error());
  // Each command reports the failure that matters in its own words; the
  // driver's messages only with TENANTCTL_DEBUG set (FerretDB, for one, makes
  // it warn about commands it lacks on every disconnect).
  tenant::LogFunction log;
  if (std::getenv("TENANTCTL_DEBUG"))
    log = [](tenant::LogLevel level, std::string_view message) {
      std::fprintf(stderr, "%s: %.*s\n", tenant::log_level_name(level), static_cast<int>(message.size()),
                   message.data());
    };
  auto source = tenant::MongoTenantSource::create(tenant::mongo_source_options(*settings, log));
  if (!source) return Result::failure(source.error());
  return source.value();
}

}  // namespace tenantctl
