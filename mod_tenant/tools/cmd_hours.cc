#include "cli_args.hh"
#include "commands.hh"
namespace tenantctl {
int cmd_hours(int, char**) { return fail(kExitUsage, "hours: not built yet"); }
}
