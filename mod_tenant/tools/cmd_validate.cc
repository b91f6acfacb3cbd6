#include "cli_args.hh"
#include "commands.hh"
namespace tenantctl {
int cmd_validate(int, char**) { return fail(kExitUsage, "validate: not built yet"); }
}
