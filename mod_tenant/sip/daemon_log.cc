#include "sip/daemon_log.hh"

#include <syslog.h>

#include <cstdio>

#include "core/util/problem.hh"

namespace tenant {

DaemonLog::DaemonLog(Sink sink, LogLevel threshold) : sink_(sink), threshold_(threshold) {
  if (sink_ == Sink::syslog) openlog("tenant-redirectd", LOG_PID, LOG_DAEMON);
}

DaemonLog::~DaemonLog() {
  if (sink_ == Sink::syslog) closelog();
}

void DaemonLog::write(LogLevel level, std::string_view message) {
  if (level < threshold_) return;
  // Messages carry values from SIP messages and documents: one line each.
  std::string line(message);
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  std::lock_guard<std::mutex> lock(mu_);
  if (sink_ == Sink::syslog) {
    const int priority = level == LogLevel::error     ? LOG_ERR
                         : level == LogLevel::warning ? LOG_WARNING
                         : level == LogLevel::info    ? LOG_INFO
                                                      : LOG_DEBUG;
    syslog(priority, "%s", line.c_str());
  } else {
    std::fprintf(stderr, "tenant-redirectd: %s: %s\n", log_level_name(level), line.c_str());
    std::fflush(stderr);
  }
}

LogFunction DaemonLog::function() {
  return [this](LogLevel level, std::string_view message) { write(level, message); };
}

}  // namespace tenant
