// One thing wrong (or worth a warning) in a tenant document, located by its
// JSON path: "features.refer.destinations[0].business_hours.duration_minutes".
#pragma once

#include <cjson/cJSON.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tenant {

struct Problem {
  enum class Severity { error, warning };

  Problem() = default;
  Problem(std::string path_, std::string message_, Severity severity_ = Severity::error,
          std::optional<std::size_t> destination_ = std::nullopt)
      : path(std::move(path_)), message(std::move(message_)), severity(severity_), destination(destination_) {}

  std::string path;
  std::string message;
  Severity severity = Severity::error;
  // The features.refer.destinations[i] the problem lies in, if any: what
  // decides whether it breaks one destination or the whole tenant.
  std::optional<std::size_t> destination;

  // "<path>: <message>" (warnings carry a "warning: " prefix on the message)
  std::string to_string() const;
};

using Problems = std::vector<Problem>;

bool has_errors(const Problems& problems);

// The first three problems on one line, "; " between them, then
// "(and N more)": for log lines and context messages. errors_only skips
// warnings.
std::string problems_summary(const Problems& problems, bool errors_only);

// Building paths: parent.key, or parent['odd key'] when the key is not a
// short plain name (keys come from the document and are shown as values
// are), and parent[index].
std::string member_path(const std::string& parent, std::string_view key);
std::string index_path(const std::string& parent, std::size_t index);

// At most this many problems are listed for one document; the rest are
// counted in one closing "... and N more problems" line, so that a hostile
// document cannot make a report grow with its size times its mistakes.
constexpr std::size_t kProblemLimit = 100;

// A value from a document or a command line as a message shows it: in single
// quotes, cut to kQuotedLimit bytes (at a character boundary, "..." marking
// the cut), \n \t \r and other control characters written as \n, \t, \r,
// \u00XX, bytes that are not UTF-8 as \xNN, so that a message is always one
// short line of valid UTF-8. The one place values are quoted.
constexpr std::size_t kQuotedLimit = 60;
std::string quote_value(std::string_view value);

// Offset of the first byte of text that does not begin a well-formed UTF-8
// sequence (overlong forms, surrogates and code points past U+10FFFF are not
// well-formed), or nullopt when all of text is UTF-8.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);

// text with every byte that does not begin a well-formed UTF-8 sequence
// replaced by U+FFFD: what any text from a document becomes before it goes
// into JSON output, which must be UTF-8 (RFC 8259 section 8.1). Validation
// refuses such strings, but an id the caller asked for, or one in an
// after-hours chain, is echoed as it came.
std::string utf8_or_replaced(std::string_view text);

// Adds text to a JSON object under key, through utf8_or_replaced: the one
// door document text takes into JSON output.
void add_json_text(cJSON* object, const char* key, std::string_view text);

}  // namespace tenant
