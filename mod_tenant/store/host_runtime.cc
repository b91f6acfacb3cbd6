#include "store/host_runtime.hh"

#include "core/util/json_doc.hh"
#include "store/tenant_source_factory.hh"

namespace tenant {

std::shared_ptr<const HostRuntime> build_host_runtime(const HostSettings& settings, Problems problems,
                                                      const LogFunction& log,
                                                      const std::shared_ptr<const HostRuntime>& previous,
                                                      ChangeFeed::OnChange on_change) {
  auto rt = std::make_shared<HostRuntime>();
  rt->settings = settings;
  rt->config_problems = std::move(problems);
  if (previous && reload_keeps_store(previous->settings, settings)) {
    rt->source = previous->source;
    rt->resolver = previous->resolver;
    rt->feed = previous->feed;
    return rt;
  }
  rt->source = open_tenant_source(settings.store, log);
  rt->resolver = std::make_shared<TenantResolver>(*rt->source, settings.resolver, MonotonicClock::system(), log);
  if (settings.change_feed.interval.count() > 0) {
    rt->feed = std::make_shared<ChangeFeed>(*rt->resolver, *rt->source, settings.change_feed, log, std::move(on_change));
    rt->feed->start();
  }
  return rt;
}

std::string host_status_json(const HostRuntime& rt, Host host) { return json_text(host_status_object(rt, host).get()); }

JsonDoc host_status_object(const HostRuntime& rt, Host host) {
  const SourceHealth health = rt.resolver->source_health();
  JsonDoc root(cJSON_CreateObject());
  cJSON* r = root.get();
  cJSON_AddStringToObject(r, "store", rt.source->describe().c_str());
  cJSON_AddBoolToObject(r, "store_reachable", health.available);
  if (health.message.empty())
    cJSON_AddNullToObject(r, "last_error");
  else
    cJSON_AddStringToObject(r, "last_error", health.message.c_str());
  cJSON* settings = cJSON_AddObjectToObject(r, "settings");
  for (const auto& [name, value] : describe_host_settings(rt.settings, host))
    cJSON_AddStringToObject(settings, name.c_str(), value.c_str());
  cJSON* problems = cJSON_AddArrayToObject(r, "config_problems");
  for (const auto& p : rt.config_problems) cJSON_AddItemToArray(problems, cJSON_CreateString(p.to_string().c_str()));
  cJSON_AddItemToObject(r, "cache", resolver_stats_object(rt.resolver->stats(), health).release());
  return root;
}

}  // namespace tenant
