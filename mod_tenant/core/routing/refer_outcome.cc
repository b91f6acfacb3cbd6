#include "core/routing/refer_outcome.hh"

#include <string_view>

#include "core/util/ascii.hh"

namespace tenant {

namespace {

// Three digits, a SIP status 100..699; anything else -> 0.
int status_code(std::string_view digits) {
  if (digits.size() != 3) return 0;
  return static_cast<int>(parse_digits(digits, 100, 699).value_or(0));
}

// "SIP/2.0 486 Busy Here" -> 486; anything else -> 0.
int sipfrag_status(const std::string& frag) {
  const std::string_view prefix = "SIP/2.0 ";
  if (frag.compare(0, prefix.size(), prefix) != 0) return 0;
  return status_code(std::string_view(frag).substr(prefix.size(), 3));
}

}  // namespace

ReferOutcome classify_refer(const std::string& refer_status, const std::string& notify_sipfrag) {
  using State = ReferOutcome::State;
  const int refer = status_code(refer_status);
  if (refer >= 300) return {State::failed, refer};  // the REFER itself was declined
  if (!notify_sipfrag.empty()) {
    const int frag = sipfrag_status(notify_sipfrag);
    if (frag >= 200 && frag < 300) return {State::transferred, frag};
    if (frag >= 300) return {State::failed, frag};
    if (frag == 0) return {State::failed, 0};  // a NOTIFY body that is no sipfrag: not a success
  }
  return {State::pending, 0};
}

}  // namespace tenant
