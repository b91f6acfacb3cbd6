// The MongoDB-wire server the integration tests talk to: a FerretDB process
// started for the test (SQLite handler, data in a temporary folder, a free
// loopback port, no telemetry, no debug listener), or, when MONGO_URI is set,
// that server (then the tests that stop or kill the server are skipped).
//
// Every wait here is bounded; the destructor kills the process and removes
// its folder.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace testing_store {

struct ProcessResult {
  int exit_code = -1;  // -1: killed after the timeout or could not start
  std::string out;
  std::string err;
  double ms = 0;
};

// Runs argv[0] with its arguments (no shell), standard input from stdin_text,
// killing it after timeout_ms.
ProcessResult run_process(const std::vector<std::string>& argv, int timeout_ms, const std::string& stdin_text = "");

class TestServer {
 public:
  TestServer();
  ~TestServer();
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;

  // External server (MONGO_URI): start/stop/kill do nothing and return true.
  bool external() const { return external_; }

  // mongodb://127.0.0.1:PORT (or MONGO_URI). The port is chosen at
  // construction, so the URI is known before the server first starts.
  const std::string& uri() const { return uri_; }
  // The URI with extra options appended ("serverSelectionTimeoutMS=300").
  std::string uri_with(const std::string& options) const;

  // A database name unique to this process and call, for test isolation on a
  // shared server.
  std::string fresh_database(const char* label);

  // Starts FerretDB and waits until it accepts connections (at most 20 s).
  bool start(std::string& error);
  // SIGTERM, then SIGKILL after 5 s.
  void stop();
  // SIGKILL, as a crash would.
  void kill();
  // SIGSTOP: the kernel still accepts connections on the listening socket,
  // but nothing reads or answers, as with a server hung on a lock or a disk.
  // thaw() (SIGCONT) lets it run again.
  void freeze();
  void thaw();
  bool running() const { return pid_ > 0; }

  // Last lines of the server's log, for failure messages.
  std::string log_tail() const;

 private:
  bool external_ = false;
  std::string binary_;
  std::string dir_;
  int port_ = 0;
  std::string uri_;
  pid_t pid_ = -1;
  int databases_ = 0;
};

// The first FerretDB that starts (answers --version) of: $FERRETDB,
// ~/.local/bin (where scripts/install-ferretdb.sh puts it), PATH,
// /usr/local/bin, ~/go/bin. Empty when none does.
std::string find_ferretdb();

// Checks that FerretDB (or MONGO_URI) is available; otherwise explains how to
// install it and exits: 77 (skipped) when TENANT_INTEGRATION=skip, else 1.
void require_server_or_exit(const char* suite);

// A free TCP port on 127.0.0.1 (bound and released).
int free_loopback_port();

}  // namespace testing_store
