// The service's log: one line per message, with its level, to standard
// error (the default: journald and containers read it) or to syslog, and
// nothing below the configured level.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

#include "core/util/log.hh"

namespace tenant {

class DaemonLog {
 public:
  enum class Sink { stderr_lines, syslog };
  DaemonLog(Sink sink, LogLevel threshold);
  ~DaemonLog();
  DaemonLog(const DaemonLog&) = delete;
  DaemonLog& operator=(const DaemonLog&) = delete;

  void write(LogLevel level, std::string_view message);
  // A function for the core and the store, writing here.
  LogFunction function();

 private:
  Sink sink_;
  LogLevel threshold_;
  std::mutex mu_;  // lines from the loop and the load threads never interleave
};

}  // namespace tenant
