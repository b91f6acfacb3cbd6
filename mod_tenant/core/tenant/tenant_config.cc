#include "core/tenant/tenant_config.hh"

#include <algorithm>
#include <cctype>
#include <climits>
#include <optional>
#include <string_view>
#include <vector>
#include <cstring>
#include <string>
#include <utility>

#include "core/tenant/document_fields.hh"
#include "core/tenant/extended_json.hh"
#include "core/util/json_doc.hh"
#include "core/util/problem.hh"
#include "core/tenant/validation.hh"

namespace tenant {

namespace {

// Where a (line, column) in text is, for parse errors: both counted from 1,
// columns in characters (a UTF-8 sequence is one column), as editors count.
std::string position_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// One linear pass over JSON text that follows its structure without
// building anything: how deep arrays and objects nest, where a string holds
// an escaped NUL, and whether an offset is where an object expects a key.
// It trusts nothing: on text that is not JSON it still ends, and only its
// first finding counts.
class JsonTextScan {
 public:
  // Stops at offset `stop` (or the end), at the first container nested
  // deeper than kMaxDepth, or at the first \u0000 escape.
  JsonTextScan(std::string_view text, std::size_t stop) {
    for (std::size_t i = 0; i < text.size() && i < stop; ++i) {
      const char c = text[i];
      if (c == '"') {
        std::size_t j = i + 1;
        bool nul = false;
        while (j < text.size() && text[j] != '"') {
          if (text[j] == '\\') {
            nul = nul || text.substr(j + 1, 5) == "u0000";
            ++j;
          }
          ++j;
        }
        const bool is_key = !frames_.empty() && !frames_.back().array && frames_.back().expect_key;
        if (is_key) {
          frames_.back().key = text.substr(i + 1, std::min(j, text.size()) - i - 1);
          frames_.back().expect_key = false;
        }
        if (nul) {
          nul_path_ = path();
          if (nul_path_.empty()) nul_path_ = "(document)";
          nul_in_key_ = is_key;
          return;
        }
        i = j;
      } else if (c == '{' || c == '[') {
        if (frames_.size() == kMaxDepth) {
          too_deep_at_ = i;
          return;
        }
        frames_.push_back({c == '[', true, 0, {}});
      } else if ((c == '}' || c == ']') && !frames_.empty()) {
        frames_.pop_back();
      } else if (c == ',' && !frames_.empty()) {
        ++frames_.back().index;
        frames_.back().expect_key = true;
      }
    }
  }

  // cJSON refuses containers nested deeper than this (CJSON_NESTING_LIMIT).
  static constexpr std::size_t kMaxDepth = CJSON_NESTING_LIMIT;

  std::optional<std::size_t> too_deep_at() const { return too_deep_at_; }
  const std::string& nul_path() const { return nul_path_; }
  bool nul_in_key() const { return nul_in_key_; }
  bool key_expected() const { return !frames_.empty() && !frames_.back().array && frames_.back().expect_key; }

 private:
  struct Frame {
    bool array;
    bool expect_key;     // objects: the next string is a key
    std::size_t index;   // arrays: the element being read
    std::string_view key;  // objects: the member being read (as written)
  };

  std::string path() const {
    std::string out;
    for (const Frame& f : frames_)
      out = f.array ? index_path(out, f.index) : f.expect_key ? out : member_path(out, f.key);
    return out;
  }

  std::vector<Frame> frames_;
  std::optional<std::size_t> too_deep_at_;
  std::string nul_path_;
  bool nul_in_key_ = false;
};

}  // namespace

const Destination* TenantConfig::find_destination(std::string_view destination_id) const {
  for (const auto& d : refer.destinations)
    if (d.destination_id == destination_id) return &d;
  return nullptr;
}

Expected<TenantConfig> TenantConfig::from_tenant_doc(const cJSON* doc) {
  if (!cJSON_IsObject(doc))
    return Expected<TenantConfig>::failure("a tenant_config document must be a JSON object, got " +
                                           (doc == nullptr ? std::string("nothing") : json_type_name(doc)));
  TenantConfig config;
  CompiledSchedules schedules;
  ErrorSites sites;
  config.problems = validate_tenant_doc(doc, &schedules, &sites);

  // The model reads leniently, through the rows validation judged by: a
  // value of the right type is taken, anything else leaves the default.
  read_fields(tenant_fields(), doc, config);
  for (std::size_t i = 0; i < schedules.size() && i < config.refer.destinations.size(); ++i)
    if (auto& hours = config.refer.destinations[i].business_hours) hours->schedule = schedules[i];

  config.tenant_level_errors = sites.tenant_level;
  for (std::size_t i = 0; i < sites.destinations.size() && i < config.refer.destinations.size(); ++i)
    if (sites.destinations[i]) config.refer.destinations[i].usable = false;
  compile_availabilities(config);
  return config;
}

void compile_availabilities(TenantConfig& config) {
  for (std::size_t i = 0; i < config.refer.destinations.size(); ++i) {
    Destination& d = config.refer.destinations[i];
    d.availability = nullptr;
    // Broken hours cannot say when the destination is open: it stays
    // without an availability, and so unusable. A tenant-level error (its
    // closures, its override, its timezone) refuses every transfer anyway,
    // and was reported once, where it is.
    if (config.tenant_level_errors || !d.usable || (d.business_hours && !d.business_hours->schedule)) continue;
    AvailabilitySpec spec;
    spec.zone = d.business_hours ? d.business_hours->spec.tz : config.timezone;
    if (d.business_hours) spec.hours = d.business_hours->schedule;
    spec.closures = d.closures;
    spec.closures.insert(spec.closures.end(), config.refer.closures.begin(), config.refer.closures.end());
    spec.openings = d.openings;
    if (d.override_state) spec.overrides.push_back(*d.override_state);
    if (config.refer.override_state) spec.overrides.push_back(*config.refer.override_state);
    auto compiled = Availability::compile(spec);
    if (!compiled) {
      // Validation compiled every entry on its own, so only a zone can fail
      // here (a tenant timezone already reported); kept as a refusal rather
      // than an answer the calendar cannot give.
      d.usable = false;
      config.problems.push_back({member_path(index_path("features.refer.destinations", i), "closures"),
                                 compiled.error(), Problem::Severity::error, i});
      continue;
    }
    d.availability = compiled.value();
  }
}

Expected<JsonDoc> parse_json_text(std::string_view text) {
  using Result = Expected<JsonDoc>;
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos)
    return Result::failure("invalid JSON at " + position_of(text, nul) + ": a NUL byte");
  // Named before cJSON meets it: cJSON would only stop, and its error points
  // into the brackets without saying why.
  if (const auto deep = JsonTextScan(text, text.size()).too_deep_at())
    return Result::failure("invalid JSON at " + position_of(text, *deep) + ": nested more than " +
                           std::to_string(JsonTextScan::kMaxDepth) + " levels deep (the JSON reader's limit)");
  // cJSON wants the terminating NUL inside the length it is given.
  const std::string copy(text);
  const char* end = nullptr;
  cJSON* doc = cJSON_ParseWithLengthOpts(copy.c_str(), copy.size() + 1, &end, 1);
  if (doc == nullptr) {
    std::size_t offset = copy.size();
    if (end != nullptr && end >= copy.c_str() && end <= copy.c_str() + copy.size())
      offset = static_cast<std::size_t>(end - copy.c_str());
    // Where an object expects a key and finds no '"', cJSON reports the
    // byte after the one at fault; point at that byte itself.
    if (offset > 0 && offset <= copy.size() && copy[offset - 1] != '"' &&
        !std::isspace(static_cast<unsigned char>(copy[offset - 1])) && JsonTextScan(text, offset - 1).key_expected())
      --offset;
    std::string near;
    if (offset >= copy.size()) {
      near = "unexpected end of input";
    } else {
      const std::string_view rest = std::string_view(copy).substr(offset, 20);
      near = "near " + quote_value(rest.substr(0, rest.find('\n')));
    }
    return Result::failure("invalid JSON at " + position_of(text, offset) + ": " + near +
                           (copy.find("ISODate(") != std::string::npos
                                ? " (mongosh ISODate(...) is not JSON; write {\"$date\": \"...\"})"
                                : ""));
  }
  JsonDoc owned(doc);
  // cJSON turns \u0000 into a NUL that silently ends the string
  // ("tenant-test-001\u0000x" would read as "tenant-test-001"): refused.
  if (const JsonTextScan scan(text, text.size()); !scan.nul_path().empty())
    return Result::failure(scan.nul_path() + ": " + (scan.nul_in_key() ? "a key" : "a string") +
                           " must not contain NUL (\\u0000)");
  return Result(std::move(owned));
}

Expected<TenantConfig> TenantConfig::from_json_text(std::string_view text) {
  const auto doc = parse_json_text(text);
  if (!doc) return Expected<TenantConfig>::failure(doc.error());
  return from_tenant_doc(doc->get());
}

}  // namespace tenant
