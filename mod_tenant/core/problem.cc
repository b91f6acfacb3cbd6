#include "problem.hh"

namespace tenant {

std::string Problem::to_string() const {
  return path + ": " + (severity == Severity::warning ? "warning: " : "") + message;
}

bool has_errors(const Problems& problems) {
  for (const auto& p : problems)
    if (p.severity == Problem::Severity::error) return true;
  return false;
}

}  // namespace tenant
