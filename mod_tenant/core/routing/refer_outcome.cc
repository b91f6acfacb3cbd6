#include "core/routing/refer_outcome.hh"

#include <cstdlib>

namespace tenant {

namespace {

// "SIP/2.0 486 Busy Here" -> 486; anything else -> 0.
int sipfrag_status(const std::string& frag) {
  const std::string prefix = "SIP/2.0 ";
  if (frag.compare(0, prefix.size(), prefix) != 0 || frag.size() < prefix.size() + 3) return 0;
  int code = 0;
  for (std::size_t i = prefix.size(); i < prefix.size() + 3; ++i) {
    const char c = frag[i];
    if (c < '0' || c > '9') return 0;
    code = code * 10 + (c - '0');
  }
  return code >= 100 && code <= 699 ? code : 0;
}

int response_status(const std::string& text) {
  if (text.size() != 3) return 0;
  const int code = std::atoi(text.c_str());
  return code >= 100 && code <= 699 ? code : 0;
}

}  // namespace

ReferOutcome classify_refer(const std::string& refer_status, const std::string& notify_sipfrag) {
  using State = ReferOutcome::State;
  const int refer = response_status(refer_status);
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
