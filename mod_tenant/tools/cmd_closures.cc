// tenantctl closures from-ics: the VEVENTs of an iCalendar file (a
// public-holiday calendar, a company's closing days) as a closures list to
// paste into a tenant document.
#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "cli_args.hh"
#include "commands.hh"
#include "core/hours/timezone.hh"
#include "core/util/json_doc.hh"
#include "core/util/problem.hh"
#include "tools/ics_closures.hh"
#include "tools/ics_text.hh"

namespace tenantctl {

namespace {

const char kClosuresUsage[] =
    "usage: tenantctl closures from-ics FILE|- [--tz ZONE]\n"
    "       tenantctl closures set TENANT_ID [--destination ID] [--dry-run] [OPTIONS] FILE|-\n"
    "\n"
    "Builds closures lists for tenant documents (features.refer.closures, or a\n"
    "destination's closures), and writes them into the database.\n"
    "\n"
    "commands:\n"
    "  from-ics   the VEVENTs of an iCalendar file as a closures list\n"
    "  set        a closures list as a tenant's (or a destination's) closures\n"
    "\n"
    "'tenantctl closures from-ics --help' and 'tenantctl closures set --help'\n"
    "describe them.\n";

const char kFromIcsUsage[] =
    "usage: tenantctl closures from-ics FILE|- [--tz ZONE]\n"
    "\n"
    "Turns the VEVENTs of an iCalendar file (.ics, as public-holiday calendars are\n"
    "published; '-' reads standard input) into a closures list, and prints\n"
    "  {\"closures\": [...]}\n"
    "Each event becomes a whole day {\"date\"}, a span {\"start\", \"end\"} or a\n"
    "recurring closure {\"rrule\", \"duration_minutes\", \"dtstart\", \"exdates\"}, with\n"
    "its SUMMARY as \"label\". Events that cannot be converted (cancelled, an\n"
    "unknown TZID, ...) are left out with a warning on standard error.\n"
    "\n"
    "options:\n"
    "  --tz ZONE   IANA zone every entry is written in (\"tz\"): times with a TZID\n"
    "              or in UTC are converted to its wall clock. Without it each\n"
    "              entry keeps its event's zone (none for all-day events, which\n"
    "              are then read in the destination's zone)\n"
    "  --help      show this text\n"
    "\n"
    "exit status: 0 converted; 1 unreadable file, not iCalendar, no usable\n"
    "VEVENT, or more than 100 closures; 2 usage error (an unknown --tz too).\n";

struct FileClose {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileClose>;

// FILE, or standard input for "-", refused past kMaxIcsBytes: a regular file
// by its size before any of it is read, anything else as soon as it passes.
tenant::Expected<std::string> read_ics_file(const std::string& path) {
  using Result = tenant::Expected<std::string>;
  const std::string shown = path == "-" ? "standard input" : tenant::quote_value(path);
  const std::string too_big =
      shown + " is larger than " + std::to_string(kMaxIcsBytes) + " bytes (4 MiB), the most read";
  File owned;
  std::FILE* in = stdin;
  if (path != "-") {
    // The system's reason (No such file or directory, ...) says what to fix;
    // a directory opens without error, so it is named before reading.
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return Result::failure("cannot read " + shown + ": " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) return Result::failure("cannot read " + shown + ": " + std::strerror(EISDIR));
    if (S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) > kMaxIcsBytes) return Result::failure(too_big);
    owned.reset(std::fopen(path.c_str(), "rb"));
    if (!owned) return Result::failure("cannot read " + shown + ": " + std::strerror(errno));
    in = owned.get();
  }
  std::string text;
  char buf[65536];
  std::size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, in)) > 0) {
    if (text.size() + got > kMaxIcsBytes) return Result::failure(too_big);
    text.append(buf, got);
  }
  if (std::ferror(in)) return Result::failure("cannot read " + shown + ": " + std::strerror(errno));
  return text;
}

int from_ics(const ParsedArgs& args) {
  if (args.positional.size() < 2)
    return usage_error(kFromIcsUsage, "closures from-ics needs a FILE (or - for standard input)");
  if (args.positional.size() > 2) return usage_error(kFromIcsUsage, "closures from-ics takes one FILE");
  const std::optional<std::string> zone = args.get("tz");
  // An unknown zone is a mistake in the command, not in the file.
  if (zone) {
    if (const auto found = tenant::TimeZone::find(*zone); !found)
      return usage_error(kFromIcsUsage, "--tz: " + found.error());
  }

  const std::string& path = args.positional[1];
  const auto text = read_ics_file(path);
  if (!text) return fail(kExitInvalid, text.error());
  const std::string shown = path == "-" ? "standard input" : path;
  const auto converted = closures_from_ics(*text, zone);
  if (!converted) return fail(kExitInvalid, shown + ": " + converted.error());
  for (const std::string& w : converted->warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
  if (cJSON_GetArraySize(converted->closures.get()) == 0)
    return fail(kExitInvalid, converted->events == 0
                                  ? shown + ": holds no VEVENT"
                                  : shown + ": none of its " + std::to_string(converted->events) +
                                        " VEVENTs can be used (the warnings say why)");

  const tenant::JsonDoc root(cJSON_CreateObject());
  cJSON_AddItemReferenceToObject(root.get(), "closures", converted->closures.get());
  std::printf("%s\n", tenant::json_text(root.get()).c_str());
  return kExitOk;
}

}  // namespace

int cmd_closures(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "set") == 0) {
#ifdef HAVE_STORE
    return closures_set(argc, argv);
#else
    return usage_error(kClosuresUsage, "closures set writes to the database: this tenantctl is built without it");
#endif
  }
  // The usage shown is the sub-command's once it is named.
  const bool named = argc > 1 && std::strcmp(argv[1], "from-ics") == 0;
  const char* usage = named ? kFromIcsUsage : kClosuresUsage;
  const auto parsed = parse_args(argc, argv, {{"tz", true}});
  if (!parsed) return usage_error(usage, parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(usage);
  if (args.positional.empty()) return usage_error(kClosuresUsage, "closures needs a command: from-ics or set");
  if (args.positional[0] != "from-ics")
    return usage_error(kClosuresUsage, "unknown closures command " + tenant::quote_value(args.positional[0]));
  return from_ics(args);
}

}  // namespace tenantctl
