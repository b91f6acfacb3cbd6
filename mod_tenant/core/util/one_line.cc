#include "core/util/one_line.hh"

#include "core/util/problem.hh"

namespace tenant {

std::string one_line(std::string_view text, std::size_t max_bytes) {
  std::string out = utf8_or_replaced(text);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  if (out.size() > max_bytes) {
    std::size_t cut = max_bytes;
    // Valid UTF-8 by now: back off the continuation bytes of the character
    // the bound falls in.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

}  // namespace tenant
