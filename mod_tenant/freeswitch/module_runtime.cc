#include "module_runtime.hh"

#include <mutex>

#include "store/mongo_tenant_source.hh"

namespace tenant {

namespace {

std::mutex runtime_mu;
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
                                                   const LogFunction& log) {
  auto rt = std::make_shared<ModuleRuntime>();
  rt->settings = settings;
  rt->config_problems = std::move(problems);

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
  rt->resolver = std::make_unique<TenantResolver>(*rt->source, settings.resolver, MonotonicClock::system(), log);
  return rt;
}

std::shared_ptr<const ModuleRuntime> current_runtime() {
  std::lock_guard<std::mutex> lock(runtime_mu);
  return runtime;
}

void install_runtime(std::shared_ptr<const ModuleRuntime> next) {
  std::shared_ptr<const ModuleRuntime> previous;
  {
    std::lock_guard<std::mutex> lock(runtime_mu);
    previous = std::move(runtime);
    runtime = std::move(next);
  }
  // The old runtime (and its store connections) goes when its last call
  // lets go of it, outside the lock.
}

}  // namespace tenant
