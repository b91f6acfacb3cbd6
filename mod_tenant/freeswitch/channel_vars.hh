// Writing channel variables: an empty value clears the variable, so a value
// left by an earlier resolution or transfer never survives a new one.
#pragma once

#include <switch.h>

#include <string>

namespace tenant {

inline void set_channel_var(switch_channel_t* channel, const char* name, const std::string& value) {
  switch_channel_set_variable(channel, name, value.empty() ? nullptr : value.c_str());
}

inline std::string channel_var(switch_channel_t* channel, const char* name) {
  const char* value = switch_channel_get_variable(channel, name);
  return value ? value : "";
}

}  // namespace tenant
