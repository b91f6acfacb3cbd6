// The RRULE as an administrator wrote it, checked part by part before it goes
// to libical, so that an error names the part at fault and the RFC 5545
// restriction it breaks. libical alone only says "malformed".
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "expected.hh"

namespace tenant {

struct RruleParts {
  std::string canonical;                    // "FREQ=...;..." without an "RRULE:" prefix
  std::string freq;                         // "WEEKLY", ...
  std::map<std::string, std::string> parts;  // NAME -> VALUE, names upper-case
  bool has(const char* name) const { return parts.count(name) != 0; }
};

Expected<RruleParts> parse_rrule_text(std::string_view rrule);

}  // namespace tenant
