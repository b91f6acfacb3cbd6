#include "bridge_headers.hh"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "channel_vars.hh"

namespace tenant {

namespace {

// Whether the comma-separated list names `item`.
bool listed(std::string_view list, std::string_view item) {
  for (std::size_t from = 0; from <= list.size();) {
    const std::size_t comma = std::min(list.find(',', from), list.size());
    if (list.substr(from, comma - from) == item) return true;
    from = comma + 1;
  }
  return false;
}

}  // namespace

void export_bridge_headers(switch_channel_t* channel, const NamedValues& headers) {
  for (const auto& [header, value] : headers) {
    const std::string own = "sip_h_" + header;
    // "nolocal:": FreeSWITCH copies the variable onto every leg this channel
    // originates (export_vars), where mod_sofia sends sip_h_* variables as
    // headers of the INVITE, but not onto this channel's own sip_h_*, which
    // mod_sofia adds to the requests it sends the caller (a REFER, a 302).
    const std::string exported = "nolocal:" + own;
    // The same header in the caller's INVITE is this channel's sip_h_*, and
    // mod_sofia copies every sip_h_* onto a new leg too: the agent must not
    // take the caller's word for the tenant.
    set_channel_var(channel, own.c_str(), "");
    if (value.empty() || listed(channel_var(channel, SWITCH_EXPORT_VARS_VARIABLE), exported)) {
      // Already exported by an earlier resolution of the call: the new value
      // (or none) replaces the old, and export_vars names it once.
      set_channel_var(channel, exported.c_str(), value);
    } else {
      switch_channel_export_variable(channel, exported.c_str(), value.c_str(), SWITCH_EXPORT_VARS_VARIABLE);
    }
  }
}

}  // namespace tenant
