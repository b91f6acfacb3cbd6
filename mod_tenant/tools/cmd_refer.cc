#include "cli_args.hh"
#include "commands.hh"
namespace tenantctl {
int cmd_refer(int, char**) { return fail(kExitUsage, "refer: not built yet"); }
}
