#include "core/routing/tenant_headers.hh"

#include <algorithm>
#include <cstddef>

#include "core/util/one_line.hh"
#include "core/util/problem.hh"

namespace tenant {

namespace {

constexpr std::size_t kHeaderValueLimit = 200;

// The vocabulary: the word export-headers uses, the inbound decision's
// variable, and the header a proxy or a bridge passes on to the agent. A
// row's index is its bit in a TenantHeaderSet.
struct HeaderRow {
  const char* word;
  const char* variable;
  const char* header;
};
constexpr HeaderRow kHeaders[] = {
    {"id", "tenant_id", "X-Tenant-Id"},
    {"client-id", "tenant_client_id", "X-Tenant-Client-Id"},
    {"number", "tenant_number", "X-Tenant-Number"},
    {"resolution", "tenant_resolution", "X-Tenant-Resolution"},
    {"timezone", "tenant_timezone", "X-Tenant-Timezone"},
    {"locale", "tenant_locale", "X-Tenant-Locale"},
};
constexpr std::size_t kHeaderCount = sizeof kHeaders / sizeof kHeaders[0];
static_assert(kEveryTenantHeader == (1u << kHeaderCount) - 1, "one bit per header");

constexpr TenantHeaderSet bit(std::size_t index) { return 1u << index; }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string expected_words() {
  std::string words;
  for (const auto& row : kHeaders) words += std::string(words.empty() ? "" : ", ") + row.word;
  return "must be none, all or a comma-separated list of " + words;
}

const std::string* find_value(const NamedValues& values, const char* name) {
  for (const auto& [key, value] : values)
    if (key == name) return &value;
  return nullptr;
}

}  // namespace

Expected<TenantHeaderSet> parse_tenant_header_set(std::string_view text) {
  using Result = Expected<TenantHeaderSet>;
  const std::string_view whole = trimmed(text);
  if (whole == "none") return kNoTenantHeader;
  if (whole == "all") return kEveryTenantHeader;
  if (whole.empty()) return Result::failure(expected_words() + ", got " + quote_value(text));
  TenantHeaderSet set = kNoTenantHeader;
  for (std::size_t from = 0; from <= text.size();) {
    const std::size_t comma = std::min(text.find(',', from), text.size());
    const std::string_view word = trimmed(text.substr(from, comma - from));
    std::size_t index = 0;
    while (index < kHeaderCount && word != kHeaders[index].word) ++index;
    if (index == kHeaderCount) {
      // "all" and "none" say everything alone; beside a word they would
      // contradict it or say nothing more.
      if (word == "all" || word == "none")
        return Result::failure(expected_words() + " (all and none stand alone), got " + quote_value(text));
      return Result::failure(expected_words() + ", got " + quote_value(word) +
                             (word.size() == text.size() ? "" : " in " + quote_value(text)));
    }
    set |= bit(index);
    from = comma + 1;
  }
  return set;
}

std::string tenant_header_set_text(TenantHeaderSet set) {
  set &= kEveryTenantHeader;
  if (set == kNoTenantHeader) return "none";
  if (set == kEveryTenantHeader) return "all";
  std::string out;
  for (std::size_t i = 0; i < kHeaderCount; ++i)
    if (set & bit(i)) out += std::string(out.empty() ? "" : ", ") + kHeaders[i].word;
  return out;
}

NamedValues tenant_headers(const NamedValues& variables, TenantHeaderSet set) {
  NamedValues out;
  if ((set & kEveryTenantHeader) == kNoTenantHeader) return out;
  out.reserve(kHeaderCount);
  for (std::size_t i = 0; i < kHeaderCount; ++i) {
    const std::string* value = (set & bit(i)) ? find_value(variables, kHeaders[i].variable) : nullptr;
    out.emplace_back(kHeaders[i].header, value ? header_safe(*value) : std::string());
  }
  return out;
}

std::string header_safe(std::string_view value) { return one_line(value, kHeaderValueLimit); }

}  // namespace tenant
