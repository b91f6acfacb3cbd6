#include "core/number/sip_host.hh"

#include "core/util/problem.hh"
#include "core/util/ascii.hh"

namespace tenant {

namespace {

// '_' is not in RFC 3261's hostname but appears in container and lab host
// names that resolve, so it is taken like a letter.
bool is_label_char(char c) { return is_ascii_alnum(c) || c == '-' || c == '_'; }

// Why host is not a host name: it must be dot-separated labels that neither start nor end with '-' (RFC 3261
// domainlabel, RFC 1123), one trailing '.' allowed. An IPv4 address is such
// a name too.
std::optional<std::string> host_name_problem(std::string_view host) {
  if (host.empty()) return "has an empty host";
  if (host.size() > 253) return "has a host longer than 253 characters";
  std::string_view rest = host;
  if (rest.back() == '.') rest.remove_suffix(1);
  for (;;) {
    const std::size_t dot = rest.find('.');
    const std::string_view label = rest.substr(0, dot);
    if (label.empty()) return "has an invalid host " + quote_value(host) + " (an empty label)";
    if (label.front() == '-' || label.back() == '-')
      return "has an invalid host " + quote_value(host) + " (a label cannot start or end with '-')";
    if (dot == std::string_view::npos) return std::nullopt;
    rest.remove_prefix(dot + 1);
  }
}

std::optional<std::string> port_problem(std::string_view port) {
  if (!parse_digits(port, 1, 65535)) return "has an invalid port " + quote_value(port) + " (expected 1..65535)";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> sip_hostport_problem(std::string_view hostport) {
  if (hostport.empty()) return "has an empty host";
  std::size_t pos = 0;
  if (hostport[0] == '[') {
    const std::size_t close = hostport.find(']');
    if (close == std::string_view::npos || close == 1)
      return "has an unterminated or empty IPv6 host " + quote_value(hostport);
    for (std::size_t i = 1; i < close; ++i) {
      const char c = hostport[i];
      if (!is_ascii_hex(c) && c != ':' && c != '.')
        return "has an invalid IPv6 host " + quote_value(hostport.substr(0, close + 1));
    }
    pos = close + 1;
  } else {
    while (pos < hostport.size() && (is_label_char(hostport[pos]) || hostport[pos] == '.')) ++pos;
    if (pos == 0) return "has an invalid host " + quote_value(hostport);
    if (auto problem = host_name_problem(hostport.substr(0, pos))) return problem;
  }
  if (pos == hostport.size()) return std::nullopt;
  if (hostport[pos] != ':') return "has an invalid host " + quote_value(hostport);
  return port_problem(hostport.substr(pos + 1));
}

}  // namespace tenant
