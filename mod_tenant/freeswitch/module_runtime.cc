#include "module_runtime.hh"

#include <atomic>

#include "store/mongo_tenant_source.hh"

namespace tenant {

namespace {

// Read on every call: an atomic shared_ptr, no lock.
std::shared_ptr<const ModuleRuntime> runtime;

// Stands in for a store that could not be set up: every lookup fails at
// once with the reason, so the resolver answers "error" without waiting.
class UnavailableSource final : public TenantSource {
 public:
  explicit UnavailableSource(std::string why) : why_(std::move(why)) {}
  SourceDocument find_mapping(const std::string&) override { return SourceDocument::failure(why_); }
  SourceDocument find_tenant_config(const std::string&) override { return SourceDocument::failure(why_); }
  SourceHealth health() const override { return {false, why_}; }
  std::string describe() const override { return "(no store: " + why_ + ")"; }

 private:
  std::string why_;
};

}  // namespace

std::shared_ptr<const ModuleRuntime> build_runtime(const HostSettings& settings, Problems problems,
                                                   const LogFunction& log,
                                                   const std::shared_ptr<const ModuleRuntime>& previous) {
  auto rt = std::make_shared<ModuleRuntime>();
  rt->settings = settings;
  rt->config_problems = std::move(problems);
  if (previous && previous->settings.store == settings.store && previous->settings.resolver == settings.resolver) {
    rt->source = previous->source;
    rt->resolver = previous->resolver;
    return rt;
  }

  MongoSourceOptions options;
  options.uri = settings.store.uri;
  options.database = settings.store.database;
  options.mapping_collection = settings.store.mapping_collection;
  options.config_collection = settings.store.config_collection;
  options.lookup_timeout = settings.store.lookup_timeout;
  options.log = log;
  auto source = MongoTenantSource::create(options);
  if (source) {
    rt->source = *source;
  } else {
    if (log) log(LogLevel::error, "mongo-uri: " + source.error() + "; lookups will fail until it is fixed");
    rt->source = std::make_shared<UnavailableSource>("mongo-uri: " + source.error());
  }
  rt->resolver = std::make_shared<TenantResolver>(*rt->source, settings.resolver, MonotonicClock::system(), log);
  return rt;
}

std::shared_ptr<const ModuleRuntime> current_runtime() { return std::atomic_load(&runtime); }

void install_runtime(std::shared_ptr<const ModuleRuntime> next) {
  // The old runtime (and its store connections, unless the new one shares
  // them) goes when its last call lets go of it.
  std::atomic_exchange(&runtime, std::move(next));
}

}  // namespace tenant
