// tenantctl's sub-commands. Each one translates arguments into a core call
// and the core's answer into the output contract of docs/tenantctl.md.
#pragma once

namespace tenantctl {

// Exit statuses, fixed by the command-line contract.
constexpr int kExitOk = 0;
constexpr int kExitInvalid = 1;  // invalid input or refused decision
constexpr int kExitUsage = 2;

struct Command {
  const char* name;
  const char* summary;
  int (*run)(int argc, char** argv);  // argv[0] is the sub-command name
};

int cmd_normalize(int argc, char** argv);
int cmd_hours(int argc, char** argv);
int cmd_validate(int argc, char** argv);
int cmd_refer(int argc, char** argv);
int cmd_calendar(int argc, char** argv);
int cmd_closures(int argc, char** argv);
int cmd_tools(int argc, char** argv);

#ifdef HAVE_STORE
int cmd_lookup(int argc, char** argv);
int cmd_db(int argc, char** argv);
int cmd_tenant(int argc, char** argv);
int cmd_number(int argc, char** argv);
int cmd_override(int argc, char** argv);
// `closures set`, which cmd_closures hands over: it needs the store.
int closures_set(int argc, char** argv);
#endif

}  // namespace tenantctl
