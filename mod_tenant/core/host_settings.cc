#include "host_settings.hh"

#include "number.hh"
#include "sip_host.hh"

#include <functional>
#include <map>

namespace tenant {

namespace {

std::optional<long long> whole_number(const std::string& text, long long min, long long max) {
  if (text.empty() || text.size() > 12) return std::nullopt;
  long long v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < min || v > max) return std::nullopt;
  return v;
}

std::optional<bool> boolean(const std::string& text) {
  if (text == "true" || text == "yes" || text == "on" || text == "1") return true;
  if (text == "false" || text == "no" || text == "off" || text == "0") return false;
  return std::nullopt;
}

struct Setter {
  // Returns "" when the value was taken, else what is wrong with it.
  std::function<std::string(HostSettings&, const std::string&)> apply;
};

std::string set_ms(std::chrono::milliseconds& field, const std::string& value, long long min, long long max,
                   long long unit_ms, const char* unit) {
  auto v = whole_number(value, min, max);
  if (!v)
    return "must be a whole number of " + std::string(unit) + " from " + std::to_string(min) + " to " +
           std::to_string(max) + ", got " + quote_value(value);
  field = std::chrono::milliseconds(*v * unit_ms);
  return "";
}

std::string set_bool(bool& field, const std::string& value) {
  auto v = boolean(value);
  if (!v) return "must be true or false, got " + quote_value(value);
  field = *v;
  return "";
}

std::string set_text(std::string& field, const std::string& value) {
  if (value.empty()) return "must not be empty";
  field = value;
  return "";
}

std::string set_action(InboundAction& field, const std::string& value) {
  auto a = parse_inbound_action(value);
  if (!a) return a.error();
  field = *a;
  return "";
}

const std::map<std::string, Setter>& setters() {
  static const std::map<std::string, Setter> table = {
      {"mongo-uri", {[](HostSettings& s, const std::string& v) {
         if (v.compare(0, 10, "mongodb://") != 0 && v.compare(0, 14, "mongodb+srv://") != 0)
           return std::string("must be a MongoDB URI (mongodb://... or mongodb+srv://...)");
         s.store.uri = v;
         return std::string();
       }}},
      {"database", {[](HostSettings& s, const std::string& v) { return set_text(s.store.database, v); }}},
      {"mapping-collection",
       {[](HostSettings& s, const std::string& v) { return set_text(s.store.mapping_collection, v); }}},
      {"config-collection",
       {[](HostSettings& s, const std::string& v) { return set_text(s.store.config_collection, v); }}},
      {"lookup-timeout-ms", {[](HostSettings& s, const std::string& v) {
         return set_ms(s.store.lookup_timeout, v, 10, 60'000, 1, "milliseconds");
       }}},
      {"cache-ttl-seconds", {[](HostSettings& s, const std::string& v) {
         return set_ms(s.resolver.ttl, v, 1, 86'400, 1000, "seconds");
       }}},
      {"cache-negative-ttl-seconds", {[](HostSettings& s, const std::string& v) {
         return set_ms(s.resolver.negative_ttl, v, 1, 86'400, 1000, "seconds");
       }}},
      {"cache-max-entries", {[](HostSettings& s, const std::string& v) {
         auto n = whole_number(v, 1, 10'000'000);
         if (!n) return "must be a whole number from 1 to 10000000, got " + quote_value(v);
         s.resolver.max_entries = static_cast<std::size_t>(*n);
         return std::string();
       }}},
      {"stale-if-error-seconds", {[](HostSettings& s, const std::string& v) {
         return set_ms(s.resolver.stale_window, v, 0, 7 * 86'400, 1000, "seconds");
       }}},
      {"default-country", {[](HostSettings& s, const std::string& v) {
         auto region = numbering_region(v);
         if (!region) return region.error();
         s.default_country = *region;
         return std::string();
       }}},
      {"number-source", {[](HostSettings& s, const std::string& v) {
         using Kind = NumberSource::Kind;
         if (v == "to-user") {
           s.number_source = {Kind::to_user, ""};
         } else if (v == "request-uri") {
           s.number_source = {Kind::request_uri_user, ""};
         } else if (v == "destination-number") {
           s.number_source = {Kind::destination_number, ""};
         } else if (v.compare(0, 9, "variable:") == 0 && v.size() > 9) {
           s.number_source = {Kind::variable, v.substr(9)};
         } else {
           return "must be to-user, request-uri, destination-number or variable:<name>, got " + quote_value(v);
         }
         return std::string();
       }}},
      {"inbound-hook", {[](HostSettings& s, const std::string& v) { return set_bool(s.inbound_hook, v); }}},
      {"on-unknown", {[](HostSettings& s, const std::string& v) { return set_action(s.inbound.on_unknown, v); }}},
      {"on-disabled", {[](HostSettings& s, const std::string& v) { return set_action(s.inbound.on_disabled, v); }}},
      {"on-invalid", {[](HostSettings& s, const std::string& v) { return set_action(s.inbound.on_invalid, v); }}},
      {"on-error", {[](HostSettings& s, const std::string& v) { return set_action(s.inbound.on_error, v); }}},
      {"on-not-a-number",
       {[](HostSettings& s, const std::string& v) { return set_action(s.inbound.on_not_a_number, v); }}},
      {"tel-sip-domain", {[](HostSettings& s, const std::string& v) {
         // The same host[:port] rule as a destination's sip: target_uri: the
         // value becomes the host part of the Refer-To URI.
         if (!v.empty())
           if (const auto problem = sip_hostport_problem(v))
             return "must be a host name or address with an optional port: " + *problem;
         s.refer.tel_sip_domain = v;
         return std::string();
       }}},
      {"refer-timeout-ms", {[](HostSettings& s, const std::string& v) {
         return set_ms(s.refer_timeout, v, 500, 120'000, 1, "milliseconds");
       }}},
      {"refer-failover", {[](HostSettings& s, const std::string& v) { return set_bool(s.refer_failover, v); }}},
  };
  return table;
}

std::string number_source_text(const NumberSource& source) {
  switch (source.kind) {
    case NumberSource::Kind::to_user: return "to-user";
    case NumberSource::Kind::request_uri_user: return "request-uri";
    case NumberSource::Kind::destination_number: return "destination-number";
    case NumberSource::Kind::variable: return "variable:" + source.variable;
  }
  return "to-user";
}

}  // namespace

HostSettings parse_host_settings(const SettingPairs& pairs, Problems& problems) {
  HostSettings settings;
  for (const auto& [name, value] : pairs) {
    auto it = setters().find(name);
    if (it == setters().end()) {
      problems.push_back({name, "unknown parameter (ignored)", Problem::Severity::warning});
      continue;
    }
    const std::string error = it->second.apply(settings, value);
    if (!error.empty()) problems.push_back({name, error + " (the default is kept)", Problem::Severity::error});
  }
  return settings;
}

SettingPairs describe_host_settings(const HostSettings& s) {
  const auto secs = [](std::chrono::milliseconds ms) { return std::to_string(ms.count() / 1000); };
  return {
      {"mongo-uri", s.store.uri},
      {"database", s.store.database},
      {"mapping-collection", s.store.mapping_collection},
      {"config-collection", s.store.config_collection},
      {"lookup-timeout-ms", std::to_string(s.store.lookup_timeout.count())},
      {"cache-ttl-seconds", secs(s.resolver.ttl)},
      {"cache-negative-ttl-seconds", secs(s.resolver.negative_ttl)},
      {"cache-max-entries", std::to_string(s.resolver.max_entries)},
      {"stale-if-error-seconds", secs(s.resolver.stale_window)},
      {"default-country", s.default_country},
      {"number-source", number_source_text(s.number_source)},
      {"inbound-hook", s.inbound_hook ? "true" : "false"},
      {"on-unknown", inbound_action_text(s.inbound.on_unknown)},
      {"on-disabled", inbound_action_text(s.inbound.on_disabled)},
      {"on-invalid", inbound_action_text(s.inbound.on_invalid)},
      {"on-error", inbound_action_text(s.inbound.on_error)},
      {"on-not-a-number", inbound_action_text(s.inbound.on_not_a_number)},
      {"tel-sip-domain", s.refer.tel_sip_domain},
      {"refer-timeout-ms", std::to_string(s.refer_timeout.count())},
      {"refer-failover", s.refer_failover ? "true" : "false"},
  };
}

}  // namespace tenant
