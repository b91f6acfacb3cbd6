// The X-Tenant-* headers that carry a call's tenant to the AI agent, made
// from the variables of its inbound decision: the SIP redirect service's 302
// (redirect_answer.hh) and the leg FreeSWITCH bridges to the agent (the
// export-headers setting) take their names and values from here, so the two
// never differ. Also the one rule that makes a value header-safe.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/expected.hh"

namespace tenant {

// Name/value pairs (InboundDecision::variables, headers).
using NamedValues = std::vector<std::pair<std::string, std::string>>;

// A choice among the headers, one bit each in the order of the vocabulary:
// id, client-id, number, resolution, timezone, locale (X-Tenant-Id,
// X-Tenant-Client-Id, X-Tenant-Number, X-Tenant-Resolution,
// X-Tenant-Timezone, X-Tenant-Locale).
using TenantHeaderSet = unsigned;
constexpr TenantHeaderSet kNoTenantHeader = 0;
constexpr TenantHeaderSet kEveryTenantHeader = 0x3F;

// export-headers' value: "none", "all", or a comma-separated list of the
// vocabulary's words (blanks around a word allowed). Anything else is
// refused in the settings' words, naming the word that is not one.
Expected<TenantHeaderSet> parse_tenant_header_set(std::string_view text);

// "none", "all", or the chosen words in the vocabulary's order, ", " between.
std::string tenant_header_set_text(TenantHeaderSet set);

// The headers for an inbound decision's variables. For an empty set,
// nothing: the host leaves the leg as it is. Otherwise every header of the
// vocabulary, in its order, with its value made header-safe when the set
// holds it and the decision has one, else empty. A host writes them all, an
// empty value removing the header, so that a header of one of these names
// the caller sent, or an earlier resolution of the call left, never reaches
// the agent as if the module had set it.
NamedValues tenant_headers(const NamedValues& variables, TenantHeaderSet set);

// A value as a header may carry it: one line (control characters such as CR
// and LF become spaces), valid UTF-8, at most 200 bytes (cut at a character).
std::string header_safe(std::string_view value);

}  // namespace tenant
