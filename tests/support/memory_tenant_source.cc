#include "memory_tenant_source.hh"

#include <algorithm>

#include "core/tenant/extended_json.hh"

#include <chrono>

namespace tenant {

namespace {

// A held lookup gives up after this long, so a test that forgets to
// release() fails instead of hanging.
constexpr std::chrono::seconds kHoldBound{10};

bool is_json(std::string_view text) {
  JsonDoc doc(cJSON_ParseWithLength(text.data(), text.size()));
  return doc != nullptr;
}

}  // namespace

bool MemoryTenantSource::put_mapping(const std::string& e164, std::string_view json_text) {
  if (!is_json(json_text)) return false;
  std::lock_guard<std::mutex> lock(mu_);
  mappings_[e164] = std::string(json_text);
  return true;
}

bool MemoryTenantSource::put_tenant_config(const std::string& tenant_id, std::string_view json_text) {
  if (!is_json(json_text)) return false;
  std::lock_guard<std::mutex> lock(mu_);
  configs_[tenant_id] = std::string(json_text);
  return true;
}

void MemoryTenantSource::remove_mapping(const std::string& e164) {
  std::lock_guard<std::mutex> lock(mu_);
  mappings_.erase(e164);
}

void MemoryTenantSource::remove_tenant_config(const std::string& tenant_id) {
  std::lock_guard<std::mutex> lock(mu_);
  configs_.erase(tenant_id);
}

void MemoryTenantSource::set_failure(std::string message) {
  std::lock_guard<std::mutex> lock(mu_);
  failure_ = std::move(message);
  failing_ = true;
}

void MemoryTenantSource::clear_failure() {
  std::lock_guard<std::mutex> lock(mu_);
  failing_ = false;
  failure_.clear();
}

void MemoryTenantSource::hold() {
  std::lock_guard<std::mutex> lock(mu_);
  held_ = true;
}

void MemoryTenantSource::release() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    held_ = false;
  }
  released_.notify_all();
}

std::uint64_t MemoryTenantSource::mapping_lookups() const {
  std::lock_guard<std::mutex> lock(mu_);
  return mapping_lookups_;
}

std::uint64_t MemoryTenantSource::config_lookups() const {
  std::lock_guard<std::mutex> lock(mu_);
  return config_lookups_;
}

std::uint64_t MemoryTenantSource::change_queries() const {
  std::lock_guard<std::mutex> lock(mu_);
  return change_queries_;
}

Expected<ConfigChanges> MemoryTenantSource::config_changes(std::optional<std::int64_t> since_ms, std::size_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  ++change_queries_;
  if (failing_) return Expected<ConfigChanges>::failure(failure_);
  ConfigChanges out;
  std::vector<ConfigChange> all;
  for (const auto& [id, text] : configs_) {
    JsonDoc doc(cJSON_Parse(text.c_str()));
    const auto updated = json_date(cJSON_GetObjectItemCaseSensitive(doc.get(), "updated_at"));
    if (!updated) continue;
    const std::int64_t ms = *updated * 1000;
    out.newest_ms = std::max(out.newest_ms.value_or(ms), ms);
    if (since_ms && ms >= *since_ms) all.push_back({id, ms});
  }
  std::sort(all.begin(), all.end(), [](const ConfigChange& a, const ConfigChange& b) { return a.updated_at_ms < b.updated_at_ms; });
  out.truncated = all.size() > limit;
  if (out.truncated) all.resize(limit);
  out.changes = std::move(all);
  return out;
}

Expected<std::vector<JsonDoc>> MemoryTenantSource::find_mappings(const std::vector<std::string>& numbers) {
  std::lock_guard<std::mutex> lock(mu_);
  ++change_queries_;
  if (failing_) return Expected<std::vector<JsonDoc>>::failure(failure_);
  std::vector<JsonDoc> out;
  for (const std::string& n : numbers)
    if (auto it = mappings_.find(n); it != mappings_.end()) out.emplace_back(cJSON_Parse(it->second.c_str()));
  return out;
}

int MemoryTenantSource::waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_;
}

SourceDocument MemoryTenantSource::find(const std::map<std::string, std::string>& docs, const std::string& key,
                                        std::uint64_t& counter) {
  std::unique_lock<std::mutex> lock(mu_);
  ++counter;
  if (held_) {
    ++waiting_;
    const bool released = released_.wait_for(lock, kHoldBound, [this] { return !held_; });
    --waiting_;
    if (!released) return SourceDocument::failure("memory source: held lookup was never released");
  }
  if (failing_) return SourceDocument::failure(failure_);
  const auto it = docs.find(key);
  if (it == docs.end()) return SourceDocument::not_found();
  return SourceDocument::found(JsonDoc(cJSON_ParseWithLength(it->second.data(), it->second.size())));
}

SourceDocument MemoryTenantSource::find_mapping(const std::string& e164) {
  return find(mappings_, e164, mapping_lookups_);
}

SourceDocument MemoryTenantSource::find_tenant_config(const std::string& tenant_id) {
  return find(configs_, tenant_id, config_lookups_);
}

SourceHealth MemoryTenantSource::health() const {
  std::lock_guard<std::mutex> lock(mu_);
  if (failing_) return {false, failure_};
  return {};
}

}  // namespace tenant
