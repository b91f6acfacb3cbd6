// What a SIP request asks the redirect service, read from the request and
// nothing more (docs/sip-redirect.md): an inbound call's called number, or a
// transfer of a tenant's call to one of its destinations.
//
//   transfer: Request-URI sip:<destination_id>@host;tenant=<tenant_id>
//             (the form an agent puts in the Refer-To it gives the caller),
//             or any Request-URI with X-Tenant-Id and X-Tenant-Destination;
//   inbound:  anything else; the called number is the Request-URI user, or
//             the To user (number-source).
#pragma once

#include <sofia-sip/sip.h>

#include <optional>
#include <string>

#include "core/settings/host_settings.hh"

namespace tenant {

struct RequestForm {
  bool transfer = false;
  std::string called;                         // inbound: the text decide_inbound reads
  std::string tenant_id;                      // transfer
  std::optional<std::string> destination_id;  // transfer: none -> by priority
};

RequestForm read_request_form(const sip_t& sip, const NumberSource& source);

// The value of the first header named `name` (case-insensitive) that
// sofia-sip did not know, if any.
std::optional<std::string> extension_header(const sip_t& sip, const char* name);

}  // namespace tenant
