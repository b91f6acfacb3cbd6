#include "test_server.hh"

#include <arpa/inet.h>
#include <fcntl.h>
#include <poll.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

namespace testing_store {

namespace {

using Clock = std::chrono::steady_clock;

bool executable(const std::string& path) { return !path.empty() && access(path.c_str(), X_OK) == 0; }

bool port_accepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// Waits for the child to exit, at most `bound`; true when it did.
bool wait_exit(pid_t pid, std::chrono::milliseconds bound) {
  const auto deadline = Clock::now() + bound;
  while (Clock::now() < deadline) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return false;
}

// Folders to remove at exit, for a test ended by a failed assertion before
// its server's destructor ran.
std::mutex cleanup_mu;
std::vector<std::string>* cleanup_dirs = nullptr;

void remove_dir(const std::string& dir) {
  if (dir.empty() || dir.rfind("/tmp/mod_tenant-ferretdb-", 0) != 0) return;
  const std::string cmd = "rm -rf '" + dir + "'";
  if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "could not remove %s\n", dir.c_str());
}

void cleanup_at_exit() {
  std::lock_guard<std::mutex> lock(cleanup_mu);
  if (!cleanup_dirs) return;
  for (const auto& d : *cleanup_dirs) remove_dir(d);
  cleanup_dirs->clear();
}

void register_cleanup(const std::string& dir) {
  std::lock_guard<std::mutex> lock(cleanup_mu);
  if (!cleanup_dirs) {
    cleanup_dirs = new std::vector<std::string>();
    std::atexit(cleanup_at_exit);
  }
  cleanup_dirs->push_back(dir);
}

void unregister_cleanup(const std::string& dir) {
  std::lock_guard<std::mutex> lock(cleanup_mu);
  if (!cleanup_dirs) return;
  for (auto it = cleanup_dirs->begin(); it != cleanup_dirs->end(); ++it)
    if (*it == dir) {
      cleanup_dirs->erase(it);
      break;
    }
}

}  // namespace

int free_loopback_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  int port = 0;
  socklen_t len = sizeof addr;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  close(fd);
  return port;
}

ProcessResult run_process(const std::vector<std::string>& argv, int timeout_ms, const std::string& stdin_text) {
  ProcessResult result;
  const auto started = Clock::now();
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (pipe(out_pipe) != 0 || pipe(err_pipe) != 0 || pipe(in_pipe) != 0) return result;
  const pid_t pid = fork();
  if (pid < 0) return result;
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]}) close(fd);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (!stdin_text.empty()) {
    ssize_t n = write(in_pipe[1], stdin_text.data(), stdin_text.size());
    (void)n;
  }
  close(in_pipe[1]);

  const auto deadline = started + std::chrono::milliseconds(timeout_ms);
  bool out_open = true, err_open = true, timed_out = false;
  char buf[4096];
  while (out_open || err_open) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
    if (!out_open) fds[0].fd = -1;
    if (!err_open) fds[1].fd = -1;
    if (poll(fds, 2, static_cast<int>(left)) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        (i == 0 ? out_open : err_open) = false;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  if (timed_out) ::kill(pid, SIGKILL);
  int status = 0;
  const auto reap_deadline = Clock::now() + std::chrono::seconds(5);
  bool reaped = false;
  while (!reaped && Clock::now() < reap_deadline) {
    reaped = waitpid(pid, &status, WNOHANG) == pid;
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  if (!reaped) {
    ::kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
  }
  if (!timed_out && reaped && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  result.ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  return result;
}

namespace {

// A binary that answers --version: `go install` alone builds one that panics
// at start (see scripts/install-ferretdb.sh), which must not be picked.
bool ferretdb_works(const std::string& path) {
  if (!executable(path)) return false;
  return run_process({path, "--version"}, 10000).exit_code == 0;
}

}  // namespace

std::string find_ferretdb() {
  static std::string found;
  static bool searched = false;
  if (searched) return found;
  searched = true;
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("FERRETDB")) candidates.push_back(env);
  const char* home = std::getenv("HOME");
  if (home) candidates.push_back(std::string(home) + "/.local/bin/ferretdb");
  if (const char* path = std::getenv("PATH")) {
    std::stringstream ss(path);
    std::string dir;
    while (std::getline(ss, dir, ':'))
      if (!dir.empty()) candidates.push_back(dir + "/ferretdb");
  }
  candidates.push_back("/usr/local/bin/ferretdb");
  if (home) candidates.push_back(std::string(home) + "/go/bin/ferretdb");
  for (const auto& c : candidates)
    if (ferretdb_works(c)) return found = c;
  return found;
}

void require_server_or_exit(const char* suite) {
  const char* mongo_uri = std::getenv("MONGO_URI");
  if (mongo_uri && *mongo_uri) {
    std::printf("%s: running against MONGO_URI (tests that stop the server are skipped)\n", suite);
    return;
  }
  if (!find_ferretdb().empty()) return;
  const char* mode = std::getenv("TENANT_INTEGRATION");
  std::fprintf(stderr,
               "%s: FerretDB not found: run scripts/install-ferretdb.sh (or set FERRETDB=/path/to/ferretdb, "
               "or MONGO_URI to use a MongoDB server)\n",
               suite);
  std::exit(mode && std::strcmp(mode, "skip") == 0 ? 77 : 1);
}

TestServer::TestServer() {
  const char* mongo_uri = std::getenv("MONGO_URI");
  if (mongo_uri && *mongo_uri) {
    external_ = true;
    uri_ = mongo_uri;
    return;
  }
  binary_ = find_ferretdb();
  char tmpl[] = "/tmp/mod_tenant-ferretdb-XXXXXX";
  if (mkdtemp(tmpl)) dir_ = tmpl;
  register_cleanup(dir_);
  mkdir((dir_ + "/data").c_str(), 0700);
  mkdir((dir_ + "/state").c_str(), 0700);
  port_ = free_loopback_port();
  uri_ = "mongodb://127.0.0.1:" + std::to_string(port_);
}

TestServer::~TestServer() {
  kill();
  unregister_cleanup(dir_);
  remove_dir(dir_);
}

std::string TestServer::uri_with(const std::string& options) const {
  if (options.empty()) return uri_;
  // Append to the query string, adding "/?" when the URI has none.
  const auto scheme_end = uri_.find("://");
  const auto slash = uri_.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (uri_.find('?') != std::string::npos) return uri_ + "&" + options;
  if (slash == std::string::npos) return uri_ + "/?" + options;
  return uri_ + "?" + options;
}

std::string TestServer::fresh_database(const char* label) {
  return std::string("mt_") + label + "_" + std::to_string(getpid()) + "_" + std::to_string(++databases_);
}

bool TestServer::start(std::string& error) {
  if (external_) return true;
  if (pid_ > 0) return true;
  if (binary_.empty()) {
    error = "FerretDB not found (scripts/install-ferretdb.sh)";
    return false;
  }
  const std::string log_path = dir_ + "/ferretdb.log";
  const std::string args[] = {
      binary_,
      "--handler=sqlite",
      "--sqlite-url=file:" + dir_ + "/data/",
      "--state-dir=" + dir_ + "/state",
      "--listen-addr=127.0.0.1:" + std::to_string(port_),
      "--telemetry=disable",
      "--debug-addr=-",
      "--log-level=warn",
  };
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid < 0) {
    error = std::string("fork: ") + std::strerror(errno);
    return false;
  }
  if (pid == 0) {
    const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    const int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, 0);
    // Our own process group, so that a kill reaches only FerretDB; and gone
    // with the test process even when a failed assertion ends it early.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  pid_ = pid;
  const auto deadline = Clock::now() + std::chrono::seconds(20);
  while (Clock::now() < deadline) {
    if (port_accepts(port_)) return true;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error = "FerretDB exited at start: " + log_tail();
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill();
  error = "FerretDB did not accept connections within 20 s: " + log_tail();
  return false;
}

void TestServer::stop() {
  if (external_ || pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  if (!wait_exit(pid_, std::chrono::seconds(5))) {
    ::kill(pid_, SIGKILL);
    wait_exit(pid_, std::chrono::seconds(5));
  }
  pid_ = -1;
}

void TestServer::kill() {
  if (external_ || pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  wait_exit(pid_, std::chrono::seconds(5));
  pid_ = -1;
}

void TestServer::freeze() {
  if (external_ || pid_ <= 0) return;
  ::kill(pid_, SIGSTOP);
}

void TestServer::thaw() {
  if (external_ || pid_ <= 0) return;
  ::kill(pid_, SIGCONT);
}

std::string TestServer::log_tail() const {
  std::ifstream in(dir_ + "/ferretdb.log");
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (all.size() > 2000) all = all.substr(all.size() - 2000);
  return all;
}

}  // namespace testing_store
