#include "core/hours/libical_lock.hh"

namespace tenant {

std::mutex& libical_zone_mutex() {
  static std::mutex mutex;
  return mutex;
}

std::mutex& libical_rule_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace tenant
