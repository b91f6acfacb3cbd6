#include "cli_args.hh"
#include "commands.hh"
namespace tenantctl {
int cmd_normalize(int, char**) { return fail(kExitUsage, "normalize: not built yet"); }
}
