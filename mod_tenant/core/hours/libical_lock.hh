// libical's zone objects expand their transitions lazily and are not safe to
// share between threads while they do (libical PR 1029): every call that
// touches a zone holds the zone lock, and the results are copied into
// immutable tables that need no lock. Loading a zone takes up to a hundred
// milliseconds, so it has a lock of its own.
//
// Recurrence iterators are private objects and libical keeps its error state
// per thread (Debian builds it with pthreads); rule calls still take the rule
// lock, out of caution about the library's internals, but hold it only for
// bounded work (rrule_reach.hh), a few milliseconds at most.
#pragma once

#include <mutex>

namespace tenant {

std::mutex& libical_zone_mutex();
std::mutex& libical_rule_mutex();

}  // namespace tenant
