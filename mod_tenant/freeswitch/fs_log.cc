#include "fs_log.hh"

#include <switch.h>


namespace tenant {

LogFunction freeswitch_log() {
  return [](LogLevel level, std::string_view message) noexcept {
    switch_log_level_t fs_level = SWITCH_LOG_INFO;
    switch (level) {
      case LogLevel::debug: fs_level = SWITCH_LOG_DEBUG; break;
      case LogLevel::info: fs_level = SWITCH_LOG_INFO; break;
      case LogLevel::warning: fs_level = SWITCH_LOG_WARNING; break;
      case LogLevel::error: fs_level = SWITCH_LOG_ERROR; break;
    }
    // %.*s: no copy, so nothing here can fail.
    switch_log_printf(SWITCH_CHANNEL_LOG, fs_level, "mod_tenant: %.*s\n", static_cast<int>(message.size()),
                      message.data());
  };
}

}  // namespace tenant
