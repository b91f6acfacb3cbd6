// One thing wrong (or worth a warning) in a tenant document, located by its
// JSON path: "features.refer.destinations[0].business_hours.duration_minutes".
#pragma once

#include <string>
#include <vector>

namespace tenant {

struct Problem {
  enum class Severity { error, warning };
  std::string path;
  std::string message;
  Severity severity = Severity::error;

  // "<path>: <message>" (warnings carry a "warning: " prefix on the message)
  std::string to_string() const;
};

using Problems = std::vector<Problem>;

bool has_errors(const Problems& problems);

}  // namespace tenant
