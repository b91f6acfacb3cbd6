// Argument parsing shared by the sub-commands: "--name VALUE" or
// "--name=VALUE" options, flags, positional arguments and --help.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/hours/instant.hh"
#include "core/util/expected.hh"

namespace tenantctl {

struct OptionSpec {
  const char* name;  // without the leading "--"
  bool takes_value;
};

struct ParsedArgs {
  std::map<std::string, std::string> options;  // flags map to ""
  std::vector<std::string> positional;
  bool help = false;

  bool has(const std::string& name) const { return options.count(name) != 0; }
  std::optional<std::string> get(const std::string& name) const;
};

// Parses argv[1..argc) against the options a command takes.
tenant::Expected<ParsedArgs> parse_args(int argc, char** argv, const std::vector<OptionSpec>& specs);

// Prints "error: <message>" and the usage text to stderr; returns kExitUsage.
int usage_error(const char* usage, const std::string& message);

// Prints "error: <message>" to stderr; returns the given status.
int fail(int status, const std::string& message);

// Prints the usage text to stdout; returns kExitOk (for --help).
int print_help(const char* usage);

// The --at instant (or another option's, named in the error): RFC 3339,
// or "now" for the clock.
tenant::Expected<tenant::UnixSeconds> parse_instant_argument(const std::string& text, const char* option = "at");

// Reads a whole file, or standard input for "-".
tenant::Expected<std::string> read_input(const std::string& path);

}  // namespace tenantctl
