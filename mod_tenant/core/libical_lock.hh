// libical keeps process-wide state that is not safe for concurrent use: zone
// objects expand their transitions lazily and the error state is shared.
// Every call into libical that touches zones or parses rules holds this lock;
// the results are copied into immutable structures that need no lock.
#pragma once

#include <mutex>

namespace tenant {

std::mutex& libical_mutex();

}  // namespace tenant
