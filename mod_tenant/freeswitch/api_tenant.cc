#include "api_tenant.hh"

#include <sstream>
#include <string>
#include <vector>

#include "core/routing/destination_list.hh"
#include "core/routing/effective_calendar.hh"
#include "core/util/json_doc.hh"
#include "core/number/number.hh"
#include "core/routing/transfer_decision.hh"
#include "core/routing/transfer_tool.hh"
#include "callback_guard.hh"
#include "module_runtime.hh"

namespace tenant {

namespace {

std::vector<std::string> split_words(const char* cmd) {
  std::vector<std::string> words;
  std::istringstream in(cmd ? cmd : "");
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// Numbers start with '+' or a digit; tenant ids (tenant-prod-001) with a letter.
bool is_number_argument(const std::string& key) {
  return !key.empty() && (key[0] == '+' || (key[0] >= '0' && key[0] <= '9'));
}

// A tenant id, or a number that resolves to one.
Resolution find_tenant(const HostRuntime& rt, const std::string& key) {
  if (is_number_argument(key)) {
    if (auto e164 = normalize_number(key, rt.settings.default_country)) return rt.resolver->resolve(*e164);
  }
  return rt.resolver->resolve_tenant_id(key);
}

std::string error_line(const std::string& why) { return "-ERR " + why; }

std::string stats_json(const HostRuntime& rt) {
  return resolver_stats_json(rt.resolver->stats(), rt.resolver->source_health());
}

std::string status_json(const HostRuntime& rt) { return host_status_json(rt, Host::freeswitch); }

// The optional [<instant>] at w[i]; without it, now.
Expected<UnixSeconds> instant_or_now(const std::vector<std::string>& w, std::size_t i) {
  if (i >= w.size()) return static_cast<UnixSeconds>(switch_epoch_time_now(nullptr));
  return parse_decision_instant(w[i]);
}

// [<destination_id>] [<instant>]: an argument that reads as an instant is one.
struct ReferArgs {
  std::optional<std::string> destination;
  UnixSeconds at;
};
Expected<ReferArgs> split_refer_args(const std::vector<std::string>& w, std::size_t from) {
  ReferArgs out{std::nullopt, static_cast<UnixSeconds>(switch_epoch_time_now(nullptr))};
  for (std::size_t i = from; i < w.size(); ++i) {
    if (auto t = parse_decision_instant(w[i])) {
      out.at = *t;
    } else if (!out.destination && w[i].find(':') == std::string::npos) {
      out.destination = w[i];
    } else {
      return Expected<ReferArgs>::failure(
          out.destination ? "one destination_id at most, then an instant; " + t.error() : t.error());
    }
  }
  return out;
}

std::string run(const std::vector<std::string>& w) {
  const auto rt = current_runtime();
  if (!rt) return error_line("mod_tenant is not running");
  const std::string verb = w.empty() ? "" : w[0];

  if (verb == "lookup" && w.size() == 2) {
    const auto e164 = normalize_number(w[1], rt->settings.default_country);
    if (!e164) return error_line(e164.error());
    const Resolution r = rt->resolver->resolve(*e164);
    JsonDoc json = tenant_context_object(*r.context);
    // The answer's provenance, next to the context's own fields.
    cJSON_AddStringToObject(json.get(), "cache", cache_outcome_name(r.outcome));
    return json_text(json.get());
  }
  if (verb == "config" && w.size() == 2) {
    const Resolution r = rt->resolver->resolve_tenant_id(w[1]);
    return tenant_context_json(*r.context);
  }
  if (verb == "destinations" && (w.size() == 2 || w.size() == 3)) {
    const Resolution r = find_tenant(*rt, w[1]);
    if (!r.context->config) return error_line(r.context->message.empty() ? "no such tenant" : r.context->message);
    const auto at = instant_or_now(w, 2);
    if (!at) return error_line(at.error());
    return destination_list_json(*r.context->config, *at);
  }
  if (verb == "tools" && (w.size() == 2 || w.size() == 3)) {
    const Resolution r = find_tenant(*rt, w[1]);
    if (!r.context->config) return error_line(r.context->message.empty() ? "no such tenant" : r.context->message);
    const auto at = instant_or_now(w, 2);
    if (!at) return error_line(at.error());
    // Nothing open, or transfers refused: the reason, and no tool to offer.
    auto json = transfer_tool_json(*r.context, *at);
    return json ? json.value() : error_line(json.error());
  }
  if (verb == "refer" && w.size() >= 2 && w.size() <= 4) {
    const auto args = split_refer_args(w, 2);
    if (!args) return error_line(args.error());
    const Resolution r = find_tenant(*rt, w[1]);
    return refer_decision_json(decide_transfer(r.context.get(), args->destination, {}, args->at, rt->settings.refer));
  }
  if (verb == "calendar" && (w.size() == 4 || w.size() == 5)) {
    const auto days = parse_calendar_days(w[3]);
    if (!days) return error_line(days.error());
    const Resolution r = find_tenant(*rt, w[1]);
    if (!r.context->config) return error_line(r.context->message.empty() ? "no such tenant" : r.context->message);
    const std::optional<std::string> destination = w.size() == 5 ? std::optional<std::string>(w[4]) : std::nullopt;
    auto json = effective_calendar_json(*r.context->config, destination, w[2], *days);
    return json ? json.value() : error_line(json.error());
  }
  if (verb == "cache" && w.size() == 2 && w[1] == "stats") return stats_json(*rt);
  if (verb == "cache" && (w.size() == 2 || w.size() == 3) && w[1] == "flush") {
    std::size_t flushed = 0;
    if (w.size() == 2) {
      flushed = rt->resolver->flush();
    } else if (is_number_argument(w[2])) {
      const auto e164 = normalize_number(w[2], rt->settings.default_country);
      if (!e164) return error_line(e164.error());
      flushed = rt->resolver->flush_number(*e164) ? 1 : 0;
    } else {
      flushed = rt->resolver->flush_tenant(w[2]);
    }
    return "{\"flushed\":" + std::to_string(flushed) + "}";
  }
  if (verb == "status" && w.size() == 1) return status_json(*rt);
  return error_line(std::string("usage: ") + kApiSyntax);
}

}  // namespace

switch_status_t tenant_api(const char* cmd, switch_core_session_t*, switch_stream_handle_t* stream) {
  const std::string out = guarded("tenant API", std::string(), [&] { return run(split_words(cmd)); });
  if (out.empty()) {  // the failure is in the log
    stream->write_function(stream, "-ERR internal error\n");
    return SWITCH_STATUS_SUCCESS;
  }
  stream->write_function(stream, "%s\n", out.c_str());
  return SWITCH_STATUS_SUCCESS;
}

void add_api_completion() {
  for (const char* line : {"add tenant lookup", "add tenant config", "add tenant destinations", "add tenant refer",
                           "add tenant calendar", "add tenant tools",
                           "add tenant cache stats", "add tenant cache flush", "add tenant status"})
    switch_console_set_complete(line);
}

void remove_api_completion() { switch_console_set_complete("del tenant"); }

}  // namespace tenant
