// Turns what arrives in a To header or Request-URI into an E.164 number.
//
// Accepted: a whole header value ("Agent" <sip:+33...@host;user=phone>;tag=x),
// a sip:/sips:/tel: URI (RFC 3966 visual separators allowed), "+E.164", or a
// national/international digit string read with a default country.
// SIP syntax is parsed with sofia-sip, numbering plans come from
// libphonenumber: no country rules are written here.
#pragma once

#include <string>
#include <string_view>

#include "core/util/expected.hh"

namespace tenant {

// default_country: ISO 3166-1 alpha-2 region used for national forms ("FR").
// Returns "+33676530019", or an error that says why the input is not a number.
// Input longer than 256 bytes is refused unparsed; every accepted result
// satisfies is_e164(), so it normalises to itself.
Expected<std::string> normalize_number(std::string_view input, std::string_view default_country = "FR");

// The libphonenumber region for a default country ("fr" -> "FR"), or an error
// for a code it does not know. Hosts check their configured country with it
// once, at load, rather than on every call.
Expected<std::string> numbering_region(std::string_view country);

// True when the text is already canonical E.164: ^\+[1-9][0-9]{1,14}$, a
// possible number for its country code, and no trunk prefix kept after the
// country code (+33 0... is refused) unless the number is a valid one.
bool is_e164(std::string_view text);

}  // namespace tenant
