// Running the built tenantctl from a Check suite: the command-line contract
// is tested through the real binary, its exit status and its two streams.
// Shared by every suite that does (check_tenantctl, check_tenantctl_tools,
// check_closures_from_ics).
#pragma once

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tenantctl_test {

struct Run {
  int status = -1;  // exit status, or 128 + signal
  std::string out;
  std::string err;
};

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.good()) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::abort();
  }
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// text with the first `from` replaced by `to`; a test document that lacks
// `from` stops the suite (the edit would silently test nothing).
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  if (at == std::string::npos) {
    std::fprintf(stderr, "test document lacks %s\n", from.c_str());
    std::abort();
  }
  return text.replace(at, from.size(), to);
}

// Removes a scratch folder and the files in it.
inline void remove_dir(const std::string& dir) {
  if (DIR* d = opendir(dir.c_str())) {
    while (const dirent* e = readdir(d)) {
      if (!std::strcmp(e->d_name, ".") || !std::strcmp(e->d_name, "..")) continue;
      unlink((dir + "/" + e->d_name).c_str());
    }
    closedir(d);
  }
  rmdir(dir.c_str());
}

// Success: exactly this on stdout, nothing on stderr.
inline void expect_output(const Run& r, const std::string& out) {
  ck_assert_msg(r.status == 0, "exit %d, stderr: %s", r.status, r.err.c_str());
  ck_assert_str_eq(r.out.c_str(), out.c_str());
  ck_assert_str_eq(r.err.c_str(), "");
}

inline bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// Runs TEST_BUILDDIR/tenantctl with args, feeding stdin_text on its
// standard input; output goes through files in dir so neither stream can
// block the other. in_child, when given, runs in the child just before
// execv (the pid it sees is the one tenantctl will have); after_exit gets
// that pid.
inline Run run_tenantctl(const std::string& dir, const std::vector<std::string>& args,
                         const std::string& stdin_text = "", void (*in_child)() = nullptr,
                         void (*after_exit)(pid_t) = nullptr) {
  static int counter = 0;
  const std::string base = dir + "/run" + std::to_string(getpid()) + "_" + std::to_string(counter++);
  const std::string in_path = base + ".in", out_path = base + ".out", err_path = base + ".err";
  write_file(in_path, stdin_text);

  std::string program = TEST_BUILDDIR "/tenantctl";
  std::vector<std::string> copies(args);
  std::vector<char*> argv{program.data()};
  for (auto& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0) {
    if (in_child != nullptr) in_child();
    const int in = open(in_path.c_str(), O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0) _exit(127);
    dup2(in, 0);
    dup2(out, 1);
    dup2(err, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int wstatus = 0;
  ck_assert_int_eq(waitpid(pid, &wstatus, 0), pid);
  if (after_exit != nullptr) after_exit(pid);
  Run r;
  r.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  for (const std::string& p : {in_path, out_path, err_path}) unlink(p.c_str());
  return r;
}

}  // namespace tenantctl_test
