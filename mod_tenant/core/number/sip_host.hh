// The host[:port] part of a SIP URI (RFC 3261 section 25.1): the one rule for
// a destination's target_uri and for the tel-sip-domain a tel: target is
// rewritten with, so that a host refused in one is refused in the other.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tenant {

// Why hostport ("pbx.example.com", "10.0.0.5:5080", "[2001:db8::1]:5060")
// is not a host with an optional port, phrased to follow the name of the
// field ("has an invalid port '65536' (expected 1..65535)"), or nullopt.
std::optional<std::string> sip_hostport_problem(std::string_view hostport);

}  // namespace tenant
