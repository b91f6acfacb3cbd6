// A tenant document, any bytes: parse, validation, and the transfer decision
// for every destination it names at three instants (a DST change, Christmas,
// an ordinary lunchtime). Invariants: the report is bounded (problem count
// and line length) and valid UTF-8; a decision costs bounded CPU, its JSON
// is valid UTF-8 that parses, a transfer goes to an enabled, usable
// destination that is open at that instant (by its whole calendar:
// overrides, closures, openings, hours), and a destination refused as
// closed is open at the next_open it was given.
#include <cjson/cJSON.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/util/json_doc.hh"
#include "core/util/problem.hh"
#include "core/routing/destination_rules.hh"
#include "core/routing/transfer_decision.hh"
#include "core/routing/transfer_tool.hh"
#include "core/tenant/tenant_config.hh"
#include "core/tenant/tenant_context.hh"
#include "fuzz_support.hh"

namespace {

const tenant::UnixSeconds kInstants[] = {
    1774747800,  // 2026-03-29T01:30:00Z, Paris springs forward at 01:00Z
    1798189200,  // 2026-12-25T09:00:00Z
    1781604000,  // 2026-06-16T10:00:00Z
};

// Longest problem line: a path of bounded depth whose keys are quoted and
// cut, and a message quoting a few cut values.
constexpr std::size_t kLongestProblem = 2048;

// Through the hosts' one entry point: the tenant is judged first (status,
// tenant-level errors), then the destination rules.
void check_decision(const tenant::TenantContext& context, const std::optional<std::string>& requested,
                    const std::vector<std::string>& tried, tenant::UnixSeconds at) {
  const tenant::TenantConfig& config = *context.config;
  const tenant::ReferOptions options{"pbx.example.net"};
  const auto decision =
      FUZZ_TIMED("decide_transfer", tenant::decide_transfer(&context, requested, tried, at, options));
  const std::string json = tenant::refer_decision_json(decision);
  FUZZ_CHECK(!tenant::invalid_utf8_at(json), "decision JSON is not UTF-8: " + tenant::quote_value(json));
  tenant::JsonDoc parsed(cJSON_Parse(json.c_str()));
  FUZZ_CHECK(parsed && cJSON_IsObject(parsed.get()), "decision JSON does not parse: " + tenant::quote_value(json));
  if (!decision.ok) {
    FUZZ_CHECK(!decision.error.empty(), "a refusal without a code");
    // "Closed until next_open": the destination asked for is really open then.
    const tenant::Destination* asked = requested ? config.find_destination(*requested) : nullptr;
    if (decision.error == "closed" && decision.next_open && asked && tried.empty())
      FUZZ_CHECK(FUZZ_TIMED("next_open", asked->availability->is_open(*decision.next_open)),
                 "'" + asked->destination_id + "' is not open at its next_open " +
                     tenant::format_rfc3339_utc(*decision.next_open));
    return;
  }
  const tenant::Destination* d = decision.destination;
  FUZZ_CHECK(d != nullptr, "a transfer without a destination");
  FUZZ_CHECK(!config.tenant_level_errors, "a transfer for a tenant with tenant-level errors");
  FUZZ_CHECK(config.status == "active", "a transfer for a tenant that is not active");
  FUZZ_CHECK(config.refer.enabled, "a transfer with refer disabled");
  FUZZ_CHECK(d->enabled && d->usable, "a transfer to disabled or broken '" + d->destination_id + "'");
  // Open by the effective calendar: hours, closures, openings, overrides.
  FUZZ_CHECK(d->availability && d->availability->is_open(at),
             "a transfer to '" + d->destination_id + "', closed at " + tenant::format_rfc3339_utc(at));
  FUZZ_CHECK(!decision.refer_to.empty(), "a transfer without a Refer-To");
  for (const auto& id : tried) FUZZ_CHECK(d->destination_id != id, "a retry offered '" + id + "' again");
}

// The transfer tool an AI model is given: valid UTF-8 JSON whose enum holds
// only destinations open at the instant, or a refusal with a reason.
void check_tool(const tenant::TenantContext& context, tenant::UnixSeconds at) {
  const auto tool = FUZZ_TIMED("transfer_tool_json", tenant::transfer_tool_json(context, at));
  if (!tool) {
    FUZZ_CHECK(!tool.error().empty(), "a tool refused without a reason");
    return;
  }
  FUZZ_CHECK(!tenant::invalid_utf8_at(*tool), "tool JSON is not UTF-8: " + tenant::quote_value(*tool));
  tenant::JsonDoc parsed(cJSON_Parse(tool->c_str()));
  FUZZ_CHECK(parsed != nullptr, "tool JSON does not parse: " + tenant::quote_value(*tool));
  const cJSON* ids = cJSON_GetObjectItemCaseSensitive(
      cJSON_GetObjectItemCaseSensitive(
          cJSON_GetObjectItemCaseSensitive(
              cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(parsed.get(), "function"), "parameters"),
              "properties"),
          "destination_id"),
      "enum");
  FUZZ_CHECK(cJSON_IsArray(ids) && ids->child != nullptr, "a tool without destinations: " + tenant::quote_value(*tool));
  for (const cJSON* id = ids->child; id != nullptr; id = id->next) {
    const tenant::Destination* d = cJSON_IsString(id) ? context.config->find_destination(id->valuestring) : nullptr;
    FUZZ_CHECK(d && d->enabled && d->availability && d->availability->is_open(at),
               "the tool offers a destination that is not open: " + tenant::quote_value(*tool));
  }
}

}  // namespace

static void run_input(const std::uint8_t* data, std::size_t size) {
  const auto config = tenant::TenantConfig::from_json_text({reinterpret_cast<const char*>(data), size});
  if (!config) {
    FUZZ_CHECK(!config.error().empty(), "a refusal without a reason");
    FUZZ_CHECK(config.error().size() < 1024 && !tenant::invalid_utf8_at(config.error()),
               "parse error is long or not UTF-8: " + tenant::quote_value(config.error()));
    return;
  }
  const tenant::Problems& problems = config->problems;
  FUZZ_CHECK(problems.size() <= tenant::kProblemLimit + 1,
             std::to_string(problems.size()) + " problems listed for one document");
  for (const auto& p : problems) {
    const std::string line = p.to_string();
    FUZZ_CHECK(line.size() <= kLongestProblem, "a problem line of " + std::to_string(line.size()) + " bytes");
    FUZZ_CHECK(!tenant::invalid_utf8_at(line) && line.find('\n') == std::string::npos,
               "a problem line that is not one line of UTF-8: " + tenant::quote_value(line));
  }

  // Every destination by id, plus none (priority order) and one unknown id.
  std::vector<std::optional<std::string>> requests{std::nullopt, std::string("no_such_destination")};
  for (const auto& d : config->refer.destinations) requests.emplace_back(d.destination_id);
  const auto context = tenant::context_for_config(std::make_shared<const tenant::TenantConfig>(config.value()));
  for (const tenant::UnixSeconds at : kInstants) {
    for (const auto& requested : requests) {
      check_decision(*context, requested, {}, at);
      if (requested && !config->refer.destinations.empty())
        check_decision(*context, requested, {config->refer.destinations.front().destination_id}, at);
    }
    check_tool(*context, at);
  }
  return;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FUZZ_WITHIN_TIME_BOUND([&] { run_input(data, size); });
  return 0;
}
