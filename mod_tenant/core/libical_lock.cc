#include "libical_lock.hh"

namespace tenant {

std::mutex& libical_mutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace tenant
