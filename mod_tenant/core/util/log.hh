// Where the core and the store send what an administrator should read. The
// host (FreeSWITCH, tenantctl, a test) provides the function; the core never
// writes to stderr itself.
#pragma once

#include <functional>
#include <string_view>

namespace tenant {

enum class LogLevel { debug, info, warning, error };

using LogFunction = std::function<void(LogLevel level, std::string_view message)>;

inline const char* log_level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warning: return "warning";
    case LogLevel::error: return "error";
  }
  return "info";
}

}  // namespace tenant
