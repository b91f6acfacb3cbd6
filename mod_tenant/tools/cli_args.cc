#include "cli_args.hh"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "commands.hh"
#include "core/util/problem.hh"

namespace tenantctl {

std::optional<std::string> ParsedArgs::get(const std::string& name) const {
  auto it = options.find(name);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

tenant::Expected<ParsedArgs> parse_args(int argc, char** argv, const std::vector<OptionSpec>& specs) {
  using Result = tenant::Expected<ParsedArgs>;
  ParsedArgs out;
  bool options_done = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (options_done || arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
      out.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    if (arg == "--help") {
      out.help = true;
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    const auto eq = name.find('=');
    if (eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name.erase(eq);
    }
    const OptionSpec* spec = nullptr;
    for (const auto& s : specs)
      if (name == s.name) spec = &s;
    if (!spec) return Result::failure("unknown option --" + name);
    if (out.options.count(name)) return Result::failure("--" + name + " given twice");
    if (!spec->takes_value) {
      if (inline_value) return Result::failure("--" + name + " takes no value");
      out.options[name] = "";
      continue;
    }
    if (inline_value) {
      out.options[name] = *inline_value;
    } else if (i + 1 < argc) {
      out.options[name] = argv[++i];
    } else {
      return Result::failure("--" + name + " needs a value");
    }
  }
  return out;
}

int usage_error(const char* usage, const std::string& message) {
  std::fprintf(stderr, "error: %s\n%s", message.c_str(), usage);
  return kExitUsage;
}

int fail(int status, const std::string& message) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return status;
}

int print_help(const char* usage) {
  std::fputs(usage, stdout);
  return kExitOk;
}

// The instant given on the command line; "now" reads the clock.
tenant::Expected<tenant::UnixSeconds> parse_instant_argument(const std::string& text, const char* option) {
  if (text == "now") return tenant::current_unix_seconds();
  auto parsed = tenant::parse_decision_instant(text);
  if (!parsed) return tenant::Expected<tenant::UnixSeconds>::failure(std::string("--") + option + ": " + parsed.error());
  return parsed;
}

tenant::Expected<std::string> read_input(const std::string& path) {
  using Result = tenant::Expected<std::string>;
  if (path == "-") return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  // The system's own reason (No such file or directory, Permission
  // denied, ...) tells the administrator what to fix; a directory opens
  // without error, so it is named before reading.
  const std::string shown = tenant::quote_value(path);
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return Result::failure("cannot read " + shown + ": " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return Result::failure("cannot read " + shown + ": " + std::strerror(EISDIR));
  std::ifstream in(path, std::ios::binary);
  if (!in) return Result::failure("cannot read " + shown + ": " + std::strerror(errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace tenantctl
