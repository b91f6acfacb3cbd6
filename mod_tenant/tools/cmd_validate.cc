// tenantctl validate: every problem full validation finds in one
// tenant_config document, each with its JSON path.
#include <cstdio>
#include <string>

#include "cli_args.hh"
#include "commands.hh"
#include "core/util/problem.hh"
#include "core/tenant/tenant_config.hh"

namespace tenantctl {

namespace {

const char kValidateUsage[] =
    "usage: tenantctl validate FILE|-\n"
    "\n"
    "Checks one tenant_config document (plain JSON or MongoDB Extended JSON, as\n"
    "mongoexport or mongo-c-driver write it; '-' reads standard input).\n"
    "\n"
    "Valid: prints 'ok'. Invalid: prints one line per problem on standard output,\n"
    "  <path>: <message>\n"
    "with the path dotted and indexed, e.g.\n"
    "  features.refer.destinations[0].business_hours.duration_minutes: must be 1..1440\n"
    "Warnings (advice that does not make the document invalid) go to standard\n"
    "error as 'warning: <path>: <message>' in both cases.\n"
    "\n"
    "options:\n"
    "  --help   show this text\n"
    "\n"
    "exit status: 0 valid, 1 invalid or unreadable document, 2 usage error.\n";

// Problems about the document as a whole have an empty path.
const char* display_path(const tenant::Problem& problem) {
  return problem.path.empty() ? "(document)" : problem.path.c_str();
}

}  // namespace

int cmd_validate(int argc, char** argv) {
  const auto parsed = parse_args(argc, argv, {});
  if (!parsed) return usage_error(kValidateUsage, parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(kValidateUsage);
  if (args.positional.empty()) return usage_error(kValidateUsage, "validate needs a FILE (or - for standard input)");
  if (args.positional.size() > 1) return usage_error(kValidateUsage, "validate takes one FILE");

  const std::string& path = args.positional[0];
  auto read = read_input(path);
  if (!read) return fail(kExitInvalid, read.error());
  const std::string& text = read.value();

  // Reading the model runs full validation, and reports text that is not a
  // JSON object with its line and column.
  const auto config = tenant::TenantConfig::from_json_text(text);
  if (!config) return fail(kExitInvalid, (path == "-" ? std::string("standard input") : path) + ": " + config.error());
  const tenant::Problems& problems = config->problems;

  bool invalid = false;
  for (const auto& problem : problems) {
    if (problem.severity == tenant::Problem::Severity::warning) {
      std::fprintf(stderr, "warning: %s: %s\n", display_path(problem), problem.message.c_str());
    } else {
      invalid = true;
      std::printf("%s: %s\n", display_path(problem), problem.message.c_str());
    }
  }
  if (invalid) return kExitInvalid;
  std::printf("ok\n");
  return kExitOk;
}

}  // namespace tenantctl
