// Text from a document or a resolution made one bounded line of valid UTF-8:
// what a SIP header value (routing/tenant_headers.hh) and an AI model's tool
// definition (routing/transfer_tool.hh) may carry. A line break in a
// document's text must not start a header of its own, nor a line the model
// reads as another entry, and no document may make either grow without end.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tenant {

// text with the bytes that are not UTF-8 replaced (utf8_or_replaced),
// control characters (CR, LF, TAB, DEL, ...) as spaces, and at most
// max_bytes kept, cut at a character boundary.
std::string one_line(std::string_view text, std::size_t max_bytes);

}  // namespace tenant
