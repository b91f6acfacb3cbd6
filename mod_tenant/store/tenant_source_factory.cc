#include "tenant_source_factory.hh"

#include <string>
#include <utility>

namespace tenant {

namespace {

// Stands in for a store that could not be set up.
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

MongoSourceOptions mongo_source_options(const StoreSettings& settings, const LogFunction& log) {
  MongoSourceOptions options;
  static_cast<StoreSettings&>(options) = settings;
  options.log = log;
  return options;
}

std::shared_ptr<TenantSource> open_tenant_source(const StoreSettings& settings, const LogFunction& log) {
  auto source = MongoTenantSource::create(mongo_source_options(settings, log));
  if (source) return *source;
  if (log) log(LogLevel::error, "mongo-uri: " + source.error() + "; lookups will fail until it is fixed");
  return std::make_shared<UnavailableSource>("mongo-uri: " + source.error());
}

}  // namespace tenant
