#include "core/settings/host_settings.hh"

#include <algorithm>

#include "core/number/number.hh"
#include "core/number/sip_host.hh"
#include "core/routing/redirect_answer.hh"
#include "core/util/ascii.hh"

namespace tenant {

namespace {

std::optional<bool> boolean(const std::string& text) {
  if (text == "true" || text == "yes" || text == "on" || text == "1") return true;
  if (text == "false" || text == "no" || text == "off" || text == "0") return false;
  return std::nullopt;
}

using Taken = Expected<void>;

Taken refused(std::string why) { return Taken::failure(std::move(why)); }

// A whole number within [min, max] into a count; `unit` names it in
// the message ("a whole number of seconds from 1 to 3600"), or nothing.
template <class Count>
Taken set_count(Count& field, const std::string& value, long long min, long long max, const char* unit = nullptr) {
  auto v = parse_digits(value, min, max);
  if (!v)
    return refused("must be a whole number " + (unit ? "of " + std::string(unit) + " " : std::string()) + "from " +
                   std::to_string(min) + " to " + std::to_string(max) + ", got " + quote_value(value));
  field = static_cast<Count>(*v);
  return {};
}

// The same for a duration given in `Unit`s (std::chrono::seconds, ...).
template <class Unit, class Duration>
Taken set_duration(Duration& field, const std::string& value, long long min, long long max, const char* unit) {
  long long n = 0;
  if (auto taken = set_count(n, value, min, max, unit); !taken) return taken;
  field = std::chrono::duration_cast<Duration>(Unit(n));
  return {};
}

Taken set_bool(bool& field, const std::string& value) {
  auto v = boolean(value);
  if (!v) return refused("must be true or false, got " + quote_value(value));
  field = *v;
  return {};
}

Taken set_text(std::string& field, const std::string& value) {
  if (value.empty()) return refused("must not be empty");
  field = value;
  return {};
}

Taken set_action(InboundAction& field, const std::string& value) {
  auto a = parse_inbound_action(value);
  if (!a) return refused(a.error());
  field = *a;
  return {};
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

std::string seconds_text(std::chrono::milliseconds ms) { return std::to_string(ms.count() / 1000); }
std::string bool_text(bool b) { return b ? "true" : "false"; }

// Every parameter, declared once: its name, what it means, what a reload
// does with it, how a value is read and how the value in force is written,
// and for the store's, the tenantctl option. Parsing, `tenant status`, the
// documentation's table and tenantctl's store options all come from here.
const std::vector<HostSetting>& table() {
  using S = HostSettings;
  using V = const std::string&;
  static const std::vector<HostSetting> rows = {
      {"mongo-uri", "MongoDB URI: hosts, replica set, TLS, credentials, read preference",
       OnReload::reopens_store, [](S& s, V v) {
         if (v.compare(0, 10, "mongodb://") != 0 && v.compare(0, 14, "mongodb+srv://") != 0)
           return refused("must be a MongoDB URI (mongodb://... or mongodb+srv://...)");
         s.store.uri = v;
         return Taken();
       },
       [](const S& s) { return s.store.uri; }, "mongo-uri", "URI"},
      {"database", "database name", OnReload::reopens_store, [](S& s, V v) { return set_text(s.store.database, v); },
       [](const S& s) { return s.store.database; }, "db", "NAME"},
      {"mapping-collection", "number → tenant collection",
       OnReload::reopens_store, [](S& s, V v) { return set_text(s.store.mapping_collection, v); },
       [](const S& s) { return s.store.mapping_collection; }, "mapping-collection", "NAME"},
      {"config-collection", "tenant configuration collection",
       OnReload::reopens_store, [](S& s, V v) { return set_text(s.store.config_collection, v); },
       [](const S& s) { return s.store.config_collection; }, "config-collection", "NAME"},
      {"lookup-timeout-ms", "longest one lookup may wait for the store, per step, in milliseconds (10..60000): what a call waits at most",
       OnReload::reopens_store, [](S& s, V v) { return set_duration<std::chrono::milliseconds>(s.store.lookup_timeout, v, 10, 60'000, "milliseconds"); },
       [](const S& s) { return std::to_string(s.store.lookup_timeout.count()); }, "timeout", "MS"},
      {"cache-ttl-seconds", "how long a found tenant is cached",
       OnReload::reopens_store, [](S& s, V v) { return set_duration<std::chrono::seconds>(s.resolver.ttl, v, 1, 86'400, "seconds"); },
       [](const S& s) { return seconds_text(s.resolver.ttl); }},
      {"cache-negative-ttl-seconds", "how long an unknown number is cached",
       OnReload::reopens_store, [](S& s, V v) { return set_duration<std::chrono::seconds>(s.resolver.negative_ttl, v, 1, 86'400, "seconds"); },
       [](const S& s) { return seconds_text(s.resolver.negative_ttl); }},
      {"cache-max-entries", "cache bound (least recently used go first)",
       OnReload::reopens_store, [](S& s, V v) { return set_count(s.resolver.max_entries, v, 1, 10'000'000); },
       [](const S& s) { return std::to_string(s.resolver.max_entries); }},
      {"stale-if-error-seconds", "how long after expiry an entry is still served while the store fails",
       OnReload::reopens_store, [](S& s, V v) { return set_duration<std::chrono::seconds>(s.resolver.stale_window, v, 0, 7 * 86'400, "seconds"); },
       [](const S& s) { return seconds_text(s.resolver.stale_window); }},
      {"change-poll-seconds",
       "how often the cache is checked against the store for changed tenants and numbers (docs/store.md); 0 turns it off",
       OnReload::reopens_store, [](S& s, V v) { return set_duration<std::chrono::seconds>(s.change_feed.interval, v, 0, 3600, "seconds"); },
       [](const S& s) { return seconds_text(s.change_feed.interval); }},
      {"default-country",
       "ISO country for national numbers (`0676530019`); checked at load against libphonenumber's regions",
       OnReload::applied, [](S& s, V v) {
         auto region = numbering_region(v);
         if (!region) return refused(region.error());
         s.default_country = *region;
         return Taken();
       },
       [](const S& s) { return s.default_country; }},
      {"number-source",
       "where the called number is read: `to-user`, `request-uri`, `destination-number`, `variable:<name>`",
       OnReload::applied, [](S& s, V v) {
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
           return refused("must be to-user, request-uri, destination-number or variable:<name>, got " + quote_value(v));
         }
         return Taken();
       },
       [](const S& s) { return number_source_text(s.number_source); }},
      {"inbound-hook", "resolve every inbound SIP call before the dialplan",
       OnReload::applied, [](S& s, V v) { return set_bool(s.inbound_hook, v); },
       [](const S& s) { return bool_text(s.inbound_hook); }, nullptr, nullptr, static_cast<unsigned>(Host::freeswitch)},
      {"on-unknown", "number not in `phone-tenant-map`", OnReload::applied, [](S& s, V v) { return set_action(s.inbound.on_unknown, v); },
       [](const S& s) { return inbound_action_text(s.inbound.on_unknown); }},
      {"on-disabled", "tenant `status` is `disabled` (the spec: it does not receive calls)",
       OnReload::applied, [](S& s, V v) { return set_action(s.inbound.on_disabled, v); },
       [](const S& s) { return inbound_action_text(s.inbound.on_disabled); }},
      {"on-invalid", "the mapping or configuration is broken",
       OnReload::applied, [](S& s, V v) { return set_action(s.inbound.on_invalid, v); },
       [](const S& s) { return inbound_action_text(s.inbound.on_invalid); }},
      {"on-error", "the store did not answer and nothing was cached",
       OnReload::applied, [](S& s, V v) { return set_action(s.inbound.on_error, v); },
       [](const S& s) { return inbound_action_text(s.inbound.on_error); }},
      {"on-not-a-number", "the called party is not a telephone number",
       OnReload::applied, [](S& s, V v) { return set_action(s.inbound.on_not_a_number, v); },
       [](const S& s) { return inbound_action_text(s.inbound.on_not_a_number); }},
      {"export-headers",
       "the `X-Tenant-*` headers a resolved call carries to the leg it is bridged to (`sip_h_*` exported "
       "variables): `none`, `all`, or a comma-separated list of `id`, `client-id`, `number`, `resolution`, "
       "`timezone`, `locale`",
       OnReload::applied, [](S& s, V v) {
         auto set = parse_tenant_header_set(v);
         if (!set) return refused(set.error());
         s.export_headers = *set;
         return Taken();
       },
       [](const S& s) { return tenant_header_set_text(s.export_headers); }, nullptr, nullptr,
       static_cast<unsigned>(Host::freeswitch)},
      {"tel-sip-domain", "send `tel:+E164` targets as `sip:+E164@<domain>;user=phone`",
       OnReload::applied, [](S& s, V v) {
         // The same host[:port] rule as a destination's sip: target_uri: the
         // value becomes the host part of the Refer-To URI.
         if (!v.empty())
           if (const auto problem = sip_hostport_problem(v))
             return refused("must be a host name or address with an optional port: " + *problem);
         s.refer.tel_sip_domain = v;
         return Taken();
       },
       [](const S& s) { return s.refer.tel_sip_domain; }},
      {"refer-timeout-ms", "how long `tenant_refer` waits for the far end's verdict",
       OnReload::applied, [](S& s, V v) { return set_duration<std::chrono::milliseconds>(s.refer_timeout, v, 500, 120'000, "milliseconds"); },
       [](const S& s) { return std::to_string(s.refer_timeout.count()); }, nullptr, nullptr, static_cast<unsigned>(Host::freeswitch)},
      {"refer-failover", "after a failed transfer, try the next destination",
       OnReload::applied, [](S& s, V v) { return set_bool(s.refer_failover, v); },
       [](const S& s) { return bool_text(s.refer_failover); }},
      {"sip-listen", "where the service listens, `host:port`, on UDP and TCP", OnReload::needs_restart,
       [](S& s, V v) {
         if (const auto problem = sip_hostport_problem(v)) return refused("must be host:port: " + *problem);
         s.redirect.listen = v;
         return Taken();
       },
       [](const S& s) { return s.redirect.listen; }, nullptr, nullptr, static_cast<unsigned>(Host::sip_service)},
      {"agent-uri",
       "the `Contact` of a resolved call's 302: a `sip:`/`sips:` URI where `${number}` and `${tenant_id}` are "
       "replaced",
       OnReload::applied,
       [](S& s, V v) {
         if (const auto problem = agent_uri_template_problem(v)) return refused(*problem);
         s.redirect.agent_uri = v;
         return Taken();
       },
       [](const S& s) { return s.redirect.agent_uri; }, nullptr, nullptr, static_cast<unsigned>(Host::sip_service)},
      {"max-pending-loads", "store loads in flight at once (1..10000); a call beyond it is answered 503",
       OnReload::applied,
       [](S& s, V v) { return set_count(s.redirect.max_pending_loads, v, 1, 10'000); },
       [](const S& s) { return std::to_string(s.redirect.max_pending_loads); }, nullptr, nullptr,
       static_cast<unsigned>(Host::sip_service)},
      {"max-message-bytes", "largest SIP message accepted (1500..65535); a larger one is refused",
       OnReload::needs_restart,
       [](S& s, V v) { return set_count(s.redirect.max_message_bytes, v, 1500, 65'535); },
       [](const S& s) { return std::to_string(s.redirect.max_message_bytes); }, nullptr, nullptr,
       static_cast<unsigned>(Host::sip_service)},
      {"retry-after-seconds", "the `Retry-After` of a 503 (store down or too many loads), 1..3600",
       OnReload::applied,
       [](S& s, V v) { return set_duration<std::chrono::seconds>(s.redirect.retry_after, v, 1, 3600, "seconds"); },
       [](const S& s) { return std::to_string(s.redirect.retry_after.count()); }, nullptr, nullptr,
       static_cast<unsigned>(Host::sip_service)},
  };
  return rows;
}

}  // namespace

const std::vector<HostSetting>& host_settings_table() { return table(); }

HostSettings host_defaults(Host host) {
  HostSettings settings;
  if (host == Host::sip_service) settings.number_source.kind = NumberSource::Kind::request_uri_user;
  return settings;
}

HostSettings parse_host_settings(const SettingPairs& pairs, Problems& problems, Host host) {
  HostSettings settings = host_defaults(host);
  const auto& rows = table();
  for (const auto& pair : pairs) {
    const std::string& name = pair.first;
    const std::string& value = pair.second;
    const auto row = std::find_if(rows.begin(), rows.end(), [&](const HostSetting& r) { return name == r.name; });
    if (row == rows.end()) {
      problems.push_back({name, "unknown parameter (ignored)", Problem::Severity::warning});
      continue;
    }
    if (!row->read_by(host)) continue;
    if (const auto taken = row->parse(settings, value); !taken)
      problems.push_back({name, taken.error() + " (the default is kept)", Problem::Severity::error});
  }
  return settings;
}

bool reload_keeps_store(const HostSettings& before, const HostSettings& after) {
  for (const auto& row : table())
    if (row.on_reload == OnReload::reopens_store && row.format(before) != row.format(after)) return false;
  return true;
}

SettingPairs describe_host_settings(const HostSettings& s, Host host) {
  SettingPairs out;
  for (const auto& row : table())
    if (row.read_by(host)) out.emplace_back(row.name, row.format(s));
  return out;
}

std::string host_settings_markdown(Host host) {
  const HostSettings defaults = host_defaults(host);
  std::string out = std::string("| parameter | default | meaning | on ") +
                    (host == Host::freeswitch ? "reloadxml" : "SIGHUP") + " |\n|---|---|---|---|\n";
  for (const auto& row : table()) {
    if (!row.read_by(host)) continue;
    const std::string value = row.format(defaults);
    const char* reload = row.on_reload == OnReload::reopens_store   ? "store reopened, cache emptied"
                         : row.on_reload == OnReload::needs_restart ? "read at start only"
                                                                    : "new calls";
    out += std::string("| `") + row.name + "` | " + (value.empty() ? "(empty)" : "`" + value + "`") + " | " +
           row.help + " | " + reload + " |\n";
  }
  return out;
}

}  // namespace tenant
