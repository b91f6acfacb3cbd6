#include "core/util/problem.hh"

namespace tenant {

std::string Problem::to_string() const {
  return path + ": " + (severity == Severity::warning ? "warning: " : "") + message;
}

bool has_errors(const Problems& problems) {
  for (const auto& p : problems)
    if (p.severity == Problem::Severity::error) return true;
  return false;
}

namespace {

// Length of the UTF-8 sequence starting at s[i], or 0 when it is not one
// (overlong forms, surrogates and code points past U+10FFFF included).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  std::size_t n = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (n == 3 && ((c == 0xE0 && byte(i + 1) < 0xA0) || (c == 0xED && byte(i + 1) > 0x9F))) return 0;
  if (n == 4 && ((c == 0xF0 && byte(i + 1) < 0x90) || (c == 0xF4 && byte(i + 1) > 0x8F))) return 0;
  return n;
}

}  // namespace

std::optional<std::size_t> invalid_utf8_at(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

std::string utf8_or_replaced(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (const auto bad = invalid_utf8_at(text)) {
    out.append(text.substr(0, *bad)).append("\xEF\xBF\xBD");  // U+FFFD
    text.remove_prefix(*bad + 1);
  }
  out.append(text);
  return out;
}

std::string member_path(const std::string& parent, std::string_view key) {
  bool plain = !key.empty() && key.size() <= kQuotedLimit;
  for (const char c : key)
    plain = plain && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                      c == '$' || c == '-');
  if (!plain) return parent + "[" + quote_value(key) + "]";
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

std::string quote_value(std::string_view value) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "'";
  std::size_t shown = 0;  // bytes of the value written so far
  for (std::size_t i = 0; i < value.size();) {
    const std::size_t n = utf8_length(value, i);
    const std::size_t take = n == 0 ? 1 : n;
    if (shown + take > kQuotedLimit) {
      out += "...";
      break;
    }
    const unsigned char c = static_cast<unsigned char>(value[i]);
    if (n == 0) {
      // Not text: the byte itself, so that the administrator can find it.
      out += std::string("\\x") + kHex[c >> 4] + kHex[c & 15];
    } else if (c < 0x20 || c == 0x7f) {
      if (c == '\n') out += "\\n";
      else if (c == '\t') out += "\\t";
      else if (c == '\r') out += "\\r";
      else out += std::string("\\u00") + kHex[c >> 4] + kHex[c & 15];
    } else {
      out.append(value.substr(i, take));
    }
    shown += take;
    i += take;
  }
  return out + "'";
}

std::string problems_summary(const Problems& problems, bool errors_only) {
  std::string out;
  std::size_t shown = 0, skipped = 0;
  for (const auto& p : problems) {
    if (errors_only && p.severity != Problem::Severity::error) continue;
    if (shown == 3) {
      ++skipped;
      continue;
    }
    if (!out.empty()) out += "; ";
    out += p.to_string();
    ++shown;
  }
  if (skipped) out += " (and " + std::to_string(skipped) + " more)";
  return out;
}

void add_json_text(cJSON* object, const char* key, std::string_view text) {
  cJSON_AddStringToObject(object, key, utf8_or_replaced(text).c_str());
}

}  // namespace tenant
