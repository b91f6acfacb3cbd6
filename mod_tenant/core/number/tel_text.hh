// Characters of a telephone number as RFC 3966 writes it: the one home for
// what separates digits, read by the number normaliser, the target_uri rule
// and the tel: to SIP rewrite alike.
#pragma once

namespace tenant {

// RFC 3966 section 3 visual-separator: "-" / "." / "(" / ")". They carry
// no meaning and are dropped when the number is read.
constexpr bool is_visual_separator(char c) { return c == '-' || c == '.' || c == '(' || c == ')'; }

}  // namespace tenant
