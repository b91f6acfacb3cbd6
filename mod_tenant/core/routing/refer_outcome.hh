// What the far end said about a REFER, from what mod_sofia records on the
// channel: the REFER's own final response (sip_refer_status_code) and the
// message/sipfrag of the last NOTIFY (sip_refer_reply, "SIP/2.0 200 OK").
// No FreeSWITCH types: the rules are tested on their own.
#pragma once

#include <string>

namespace tenant {

struct ReferOutcome {
  enum class State { pending, transferred, failed };
  State state = State::pending;
  int sip_status = 0;  // the status that decided it (0 while pending)
};

// refer_status: the REFER's final response code as text, "" if none yet.
// notify_sipfrag: the last NOTIFY body, "" if none yet.
ReferOutcome classify_refer(const std::string& refer_status, const std::string& notify_sipfrag);

}  // namespace tenant
