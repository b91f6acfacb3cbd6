// tenantctl: the administrator's command line for mod_tenant's core.
// The forms and outputs are a contract other tools rely on (docs/tenantctl.md).
#include <cstdio>
#include <cstring>

#include "commands.hh"
#ifdef HAVE_STORE
#include "store/mongo_runtime.hh"
#endif

namespace {

#ifdef HAVE_STORE
// mongo-c-driver initialises itself from a library constructor as soon as
// tenantctl is loaded, even for commands that never open a store, and warns
// on stderr when it cannot create its shared-memory counters. The functions
// of an executable's .preinit_array run before any library's constructor,
// so the driver's messages go through the project's log from its very first
// one (tenantctl shows them only with TENANTCTL_DEBUG set).
void route_driver_log_early(int, char**, char**) { tenant::mongo_runtime_route_log(); }
__attribute__((section(".preinit_array"), used)) void (*const kRouteDriverLogEarly)(int, char**, char**) =
    route_driver_log_early;
#endif

using tenantctl::Command;

const Command kCommands[] = {
    {"normalize", "print the E.164 form of a number, URI or To header", tenantctl::cmd_normalize},
    {"hours", "evaluate business hours at an instant", tenantctl::cmd_hours},
    {"validate", "check a tenant_config document", tenantctl::cmd_validate},
    {"refer", "preview the transfer decision for a tenant", tenantctl::cmd_refer},
    {"calendar", "show when each destination is open over a run of days", tenantctl::cmd_calendar},
    {"closures", "turn an iCalendar file into a closures list, or set a tenant's", tenantctl::cmd_closures},
    {"tools", "print the transfer tool for an AI model", tenantctl::cmd_tools},
#ifdef HAVE_STORE
    {"lookup", "resolve a number through the database", tenantctl::cmd_lookup},
    {"db", "set up, seed and check the database", tenantctl::cmd_db},
    {"tenant", "print a tenant_config document, or write one back safely", tenantctl::cmd_tenant},
    {"number", "map, move or unmap a phone number", tenantctl::cmd_number},
    {"override", "close or open a tenant or destination whatever its calendar", tenantctl::cmd_override},
#endif
};

void print_usage(FILE* out) {
  std::fprintf(out, "usage: tenantctl COMMAND [ARGS...]\n\ncommands:\n");
  for (const auto& c : kCommands) std::fprintf(out, "  %-10s %s\n", c.name, c.summary);
  std::fprintf(out, "\n'tenantctl COMMAND --help' describes each command.\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "error: no command given\n");
    print_usage(stderr);
    return tenantctl::kExitUsage;
  }
  if (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    print_usage(stdout);
    return tenantctl::kExitOk;
  }
  for (const auto& c : kCommands)
    if (!std::strcmp(argv[1], c.name)) return c.run(argc - 1, argv + 1);
  std::fprintf(stderr, "error: unknown command '%s'\n", argv[1]);
  print_usage(stderr);
  return tenantctl::kExitUsage;
}
