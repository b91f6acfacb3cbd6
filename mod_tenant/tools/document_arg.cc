#include "document_arg.hh"

#include <cstdio>

#include "cli_args.hh"

namespace tenantctl {

tenant::Expected<tenant::TenantConfig> read_tenant_document(const std::string& path) {
  using Result = tenant::Expected<tenant::TenantConfig>;
  auto read = read_input(path);
  if (!read) return Result::failure(read.error());
  auto config = tenant::TenantConfig::from_json_text(read.value());
  if (!config) return Result::failure((path == "-" ? std::string("standard input") : path) + ": " + config.error());
  // Listing them tells the administrator what to fix when a decision is
  // refused or a destination is skipped.
  print_problems(config->problems);
  return config;
}

void print_problems(const tenant::Problems& problems) {
  for (const auto& problem : problems)
    std::fprintf(stderr, "%s: %s: %s\n", problem.severity == tenant::Problem::Severity::warning ? "warning" : "error",
                 problem.path.empty() ? "(document)" : problem.path.c_str(), problem.message.c_str());
}

}  // namespace tenantctl
