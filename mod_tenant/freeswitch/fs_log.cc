#include "fs_log.hh"

#include <switch.h>

#include <string>

namespace tenant {

LogFunction freeswitch_log() {
  return [](LogLevel level, std::string_view message) {
    switch_log_level_t fs_level = SWITCH_LOG_INFO;
    switch (level) {
      case LogLevel::debug: fs_level = SWITCH_LOG_DEBUG; break;
      case LogLevel::info: fs_level = SWITCH_LOG_INFO; break;
      case LogLevel::warning: fs_level = SWITCH_LOG_WARNING; break;
      case LogLevel::error: fs_level = SWITCH_LOG_ERROR; break;
    }
    const std::string text(message);
    switch_log_printf(SWITCH_CHANNEL_LOG, fs_level, "mod_tenant: %s\n", text.c_str());
  };
}

}  // namespace tenant
