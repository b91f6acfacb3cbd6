// The core's and the store's messages, into FreeSWITCH's log.
#pragma once

#include "core/util/log.hh"

namespace tenant {

LogFunction freeswitch_log();

}  // namespace tenant
