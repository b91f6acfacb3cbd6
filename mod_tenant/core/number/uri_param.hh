// URI parameters (";name=value;..."), read the one way every part of the
// project reads them: names compare case-insensitively (RFC 3261 section
// 19.1.4, RFC 3966 section 3).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/util/ascii.hh"

namespace tenant {

// The value of parameter `name` in "npdi;rn=+33612;phone-context=+33", empty
// when absent or valueless. Written here rather than taken from sofia-sip's
// url_param(), which reads past the end of the string when the last
// parameter starts with the name but has no '=' ("phone-contextX"): every
// access below stays inside the view.
inline std::string uri_param_value(std::string_view params, std::string_view name) {
  for (;;) {
    const std::size_t end = params.find(';');
    const std::string_view param = params.substr(0, end);
    const std::size_t equals = param.find('=');
    if (ascii_iequal(param.substr(0, equals), name))
      return equals == std::string_view::npos ? std::string() : std::string(param.substr(equals + 1));
    if (end == std::string_view::npos) return {};
    params.remove_prefix(end + 1);
  }
}

}  // namespace tenant
