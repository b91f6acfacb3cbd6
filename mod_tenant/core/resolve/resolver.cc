#include "core/resolve/resolver.hh"

#include <algorithm>
#include <cstdio>

#include "core/util/json_doc.hh"
#include "core/tenant/phone_mapping.hh"
#include "core/util/problem.hh"

namespace tenant {

const char* cache_outcome_name(CacheOutcome outcome) {
  switch (outcome) {
    case CacheOutcome::hit: return "hit";
    case CacheOutcome::negative_hit: return "negative_hit";
    case CacheOutcome::miss: return "miss";
    case CacheOutcome::stale: return "stale";
    case CacheOutcome::error: return "error";
    case CacheOutcome::bypass: return "bypass";
  }
  return "error";
}

JsonDoc resolver_stats_object(const ResolverStats& s, const SourceHealth& health) {
  JsonDoc root(cJSON_CreateObject());
  cJSON* r = root.get();
  const std::pair<const char*, std::uint64_t> counts[] = {
      {"hits", s.hits},
      {"negative_hits", s.negative_hits},
      {"misses", s.misses},
      {"coalesced", s.coalesced},
      {"stale_serves", s.stale_serves},
      {"errors", s.errors},
      {"loads", s.loads},
      {"loads_in_flight", s.loads_in_flight},
      {"evictions", s.evictions},
      {"invalid_reports", s.invalid_reports},
      {"number_entries", s.number_entries},
      {"tenant_entries", s.tenant_entries},
      {"refreshes", s.refreshes},
      {"change_drops", s.change_drops},
  };
  for (const auto& [name, value] : counts) cJSON_AddNumberToObject(r, name, static_cast<double>(value));
  cJSON_AddNumberToObject(r, "load_ms_avg", s.load_ms_avg());
  cJSON_AddNumberToObject(r, "load_ms_max", s.load_ns_max / 1e6);
  cJSON* store = cJSON_AddObjectToObject(r, "store");
  cJSON_AddBoolToObject(store, "available", health.available);
  if (health.message.empty())
    cJSON_AddNullToObject(store, "message");
  else
    cJSON_AddStringToObject(store, "message", health.message.c_str());
  return root;
}

std::string resolver_stats_json(const ResolverStats& s, const SourceHealth& health) {
  return json_text(resolver_stats_object(s, health).get());
}

const char* resolution_name(const Resolution& r) {
  if (!r.context) return "error";
  if (r.context->status != TenantStatus::active) return tenant_status_name(r.context->status);
  if (r.context->stale || r.outcome == CacheOutcome::stale) return "stale";
  return r.outcome == CacheOutcome::hit ? "hit" : "miss";
}

bool looks_like_e164(std::string_view text) {
  if (text.size() < 3 || text.size() > 16 || text[0] != '+' || text[1] == '0') return false;
  return std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

using Clock = std::chrono::steady_clock;

// A document's version: a 64-bit FNV-1a hash of its compact JSON text. It
// changes whenever any field does, updated_at or not.
std::string document_version(const cJSON* doc) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const char c : json_text(doc)) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

std::shared_ptr<TenantContext> make_context(TenantStatus status, std::string number, std::string tenant_id,
                                            std::string message, MonotonicClock::time_point now) {
  auto c = std::make_shared<TenantContext>();
  c->status = status;
  c->number = std::move(number);
  c->tenant_id = std::move(tenant_id);
  c->message = std::move(message);
  c->loaded_at = now;
  return c;
}

void atomic_max(std::atomic<std::uint64_t>& target, std::uint64_t value) {
  std::uint64_t seen = target.load(std::memory_order_relaxed);
  while (seen < value && !target.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

}  // namespace

TenantResolver::TenantResolver(TenantSource& source, ResolverOptions options, const MonotonicClock& clock,
                               LogFunction log)
    : source_(source),
      options_(options),
      clock_(clock),
      log_(std::move(log)),
      numbers_(options.max_entries),
      tenants_(options.max_entries) {}

Resolution TenantResolver::resolve(std::string_view e164) {
  if (!looks_like_e164(e164)) {
    return {make_context(TenantStatus::unknown, std::string(), std::string(),
                         quote_value(e164) + " is not an E.164 number", clock_.now()),
            CacheOutcome::bypass};
  }
  return lookup(Kind::number, e164, true);
}

Resolution TenantResolver::resolve_tenant_id(std::string_view tenant_id) {
  if (tenant_id.empty())
    return {make_context(TenantStatus::unknown, std::string(), std::string(), "empty tenant id", clock_.now()),
            CacheOutcome::bypass};
  return lookup(Kind::tenant, tenant_id, true);
}

std::optional<Resolution> TenantResolver::resolve_if_cached(std::string_view e164) {
  if (!looks_like_e164(e164)) return resolve(e164);  // answered without the store
  return fresh_entry(Kind::number, e164, true);
}

std::optional<Resolution> TenantResolver::resolve_tenant_id_if_cached(std::string_view tenant_id) {
  if (tenant_id.empty()) return resolve_tenant_id(tenant_id);
  return fresh_entry(Kind::tenant, tenant_id, true);
}

std::optional<Resolution> TenantResolver::fresh_entry(Kind kind, std::string_view key, bool count) {
  auto entry = cache_for(kind).get(key);
  if (!entry || clock_.now() >= entry->fresh_until) return std::nullopt;
  if (count) (entry->negative ? negative_hits_ : hits_).add();
  return Resolution{std::move(entry->context), entry->negative ? CacheOutcome::negative_hit : CacheOutcome::hit};
}

Resolution TenantResolver::lookup(Kind kind, std::string_view key, bool count) {
  if (auto fresh = fresh_entry(kind, key, count)) return std::move(*fresh);
  if (count) misses_.fetch_add(1, std::memory_order_relaxed);

  const std::string key_text(key);
  const std::string flight_key = (kind == Kind::number ? "n:" : "t:") + key_text;
  bool joined = false;
  Resolution r = flights_.run(
      flight_key, options_.load_wait, [&] { return load_entry(kind, key_text); },
      [&] {
        errors_.fetch_add(1, std::memory_order_relaxed);
        return Resolution{make_context(TenantStatus::error, kind == Kind::number ? key_text : std::string(),
                                       kind == Kind::tenant ? key_text : std::string(),
                                       "gave up after " + std::to_string(options_.load_wait.count()) +
                                           " ms waiting for the lookup of " + key_text + " already in progress",
                                       clock_.now()),
                          CacheOutcome::error};
      },
      &joined);
  if (!r.context)  // the leader's load threw
    r = {make_context(TenantStatus::error, std::string(), std::string(), "lookup of " + key_text + " failed",
                      clock_.now()),
         CacheOutcome::error};
  if (joined && count) {
    coalesced_.fetch_add(1, std::memory_order_relaxed);
    if (r.outcome == CacheOutcome::stale) stale_serves_.fetch_add(1, std::memory_order_relaxed);
  }
  return r;
}

Resolution TenantResolver::load_entry(Kind kind, const std::string& key) {
  ResolverCache& cache = cache_for(kind);
  // Another caller may have stored a fresh entry between our cache miss and
  // this flight: use it rather than load again.
  if (auto entry = cache.get(key); entry && clock_.now() < entry->fresh_until)
    return {entry->context, entry->negative ? CacheOutcome::negative_hit : CacheOutcome::hit};

  std::uint64_t generation;
  {
    std::shared_lock<std::shared_mutex> lock(flush_mu_);
    generation = generation_;
  }
  loads_.fetch_add(1, std::memory_order_relaxed);
  loads_in_flight_.fetch_add(1, std::memory_order_relaxed);
  const auto started = Clock::now();
  Loaded loaded = kind == Kind::number ? load_number(key) : load_tenant(key);
  const auto elapsed =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - started).count());
  loads_in_flight_.fetch_sub(1, std::memory_order_relaxed);
  load_ns_total_.fetch_add(elapsed, std::memory_order_relaxed);
  loads_completed_.fetch_add(1, std::memory_order_relaxed);
  atomic_max(load_ns_max_, elapsed);

  const auto now = clock_.now();
  if (loaded.failed) {
    errors_.fetch_add(1, std::memory_order_relaxed);
    if (auto entry = cache.get(key)) {
      if (now < entry->stale_until) {
        stale_serves_.fetch_add(1, std::memory_order_relaxed);
        auto stale = std::make_shared<TenantContext>(*entry->context);
        stale->stale = true;
        const std::string why = "stale: " + loaded.context->message;
        stale->message = stale->message.empty() ? why : stale->message + " (" + why + ")";
        return {std::move(stale), CacheOutcome::stale};
      }
      cache.erase(key);
    }
    return {loaded.context, CacheOutcome::error};
  }

  if (!loaded.context->stale) {
    CacheEntry entry;
    entry.context = loaded.context;
    entry.negative = loaded.negative;
    entry.fresh_until = now + (loaded.negative ? options_.negative_ttl : options_.ttl);
    if (loaded.fresh_cap && *loaded.fresh_cap < entry.fresh_until) entry.fresh_until = *loaded.fresh_cap;
    entry.stale_until = entry.fresh_until + options_.stale_window;
    std::shared_lock<std::shared_mutex> lock(flush_mu_);
    if (generation_ == generation) cache.put(key, std::move(entry));
  }
  return {loaded.context, loaded.context->stale ? CacheOutcome::stale : CacheOutcome::miss};
}

TenantResolver::Loaded TenantResolver::load_number(const std::string& number) {
  Loaded out;
  const auto now = clock_.now();
  SourceDocument found = source_.find_mapping(number);
  if (found.status == LookupStatus::error) {
    out.failed = true;
    out.context = make_context(TenantStatus::error, number, std::string(),
                               "phone-tenant-map lookup of " + number + " failed: " + found.message, now);
    return out;
  }
  if (found.status == LookupStatus::not_found) {
    out.negative = true;
    out.context = make_context(TenantStatus::unknown, number, std::string(), number + " is not in phone-tenant-map", now);
    return out;
  }

  auto mapping = parse_phone_mapping(found.doc.get());
  if (!mapping) {
    const std::string message = "phone-tenant-map document for " + number + " is invalid: " + mapping.error();
    report_once("phone-tenant-map " + number, document_version(found.doc.get()), LogLevel::error, message);
    out.context = make_context(TenantStatus::invalid, number, std::string(), message, now);
    return out;
  }

  const std::string tenant_id = mapping->tenant_id;
  Resolution tenant = lookup(Kind::tenant, tenant_id, false);
  const TenantContext& t = *tenant.context;
  if (tenant.outcome == CacheOutcome::error) {
    out.failed = true;
    out.context = make_context(TenantStatus::error, number, tenant_id, t.message, now);
    return out;
  }

  auto c = number_context(number, *mapping, t, out.negative);
  if (auto entry = tenants_.get(tenant_id); entry && entry->context == tenant.context)
    out.fresh_cap = entry->fresh_until;
  out.context = std::move(c);
  return out;
}

std::shared_ptr<TenantContext> TenantResolver::number_context(const std::string& number, const PhoneMapping& mapping,
                                                              const TenantContext& t, bool& negative) const {
  auto c = make_context(t.status, number, mapping.tenant_id, t.message, clock_.now());
  c->mapping = mapping;
  c->config = t.config;
  c->version = t.version;
  c->stale = t.stale;
  negative = false;
  if (t.status == TenantStatus::unknown) {
    // Step 1 of the spec creates the mapping before the configuration: retry
    // soon rather than keep the number broken for a full TTL.
    c->status = TenantStatus::invalid;
    c->message = number + " maps to tenant " + mapping.tenant_id + ", which has no tenant_config document";
    negative = true;
  }
  return c;
}

TenantResolver::Loaded TenantResolver::load_tenant(const std::string& tenant_id) {
  Loaded out;
  const auto now = clock_.now();
  SourceDocument found = source_.find_tenant_config(tenant_id);
  if (found.status == LookupStatus::error) {
    out.failed = true;
    out.context = make_context(TenantStatus::error, std::string(), tenant_id,
                               "tenant_config lookup of " + tenant_id + " failed: " + found.message, now);
    return out;
  }
  if (found.status == LookupStatus::not_found) {
    out.negative = true;
    out.context =
        make_context(TenantStatus::unknown, std::string(), tenant_id, "tenant " + tenant_id + " has no tenant_config document", now);
    return out;
  }

  const std::string version = document_version(found.doc.get());
  auto config = TenantConfig::from_tenant_doc(found.doc.get());
  if (!config) {
    const std::string message = "tenant_config document of " + tenant_id + " is invalid: " + config.error();
    report_once("tenant_config " + tenant_id, version, LogLevel::error, message);
    auto c = make_context(TenantStatus::invalid, std::string(), tenant_id, message, now);
    c->version = version;
    out.context = std::move(c);
    return out;
  }

  auto shared = std::make_shared<const TenantConfig>(std::move(config.value()));
  const ConfigStanding standing = judge_config(*shared, tenant_id);
  auto c = make_context(standing.status, std::string(), tenant_id, standing.message, now);
  c->config = shared;
  c->version = version;
  const std::string subject = "tenant_config " + tenant_id;
  if (shared->tenant_level_errors) {
    report_once(subject, version, LogLevel::error, c->message);
  } else if (has_errors(shared->problems)) {
    // Only some destinations are broken: the tenant stays usable, the
    // transfer decision refuses those destinations.
    report_once(subject, version, LogLevel::warning,
                "tenant_config of " + tenant_id + " has broken destinations: " +
                    problems_summary(shared->problems, true));
  } else if (!shared->problems.empty()) {
    report_once(subject, version, LogLevel::warning,
                "tenant_config of " + tenant_id + ": " + problems_summary(shared->problems, false));
  }
  out.context = std::move(c);
  return out;
}

void TenantResolver::report_once(const std::string& subject, const std::string& version, LogLevel level,
                                 const std::string& message) {
  {
    std::lock_guard<std::mutex> lock(reported_mu_);
    auto& seen = reported_versions_[subject];
    if (seen == version) return;
    seen = version;
    // Forget old reports rather than grow without bound; the worst outcome
    // is one more log line for a document still broken.
    if (reported_versions_.size() > options_.max_entries * 2) {
      reported_versions_.clear();
      reported_versions_[subject] = version;
    }
  }
  invalid_reports_.fetch_add(1, std::memory_order_relaxed);
  if (log_) log_(level, message + " [version " + version + "]");
}

TenantResolver::Refresh TenantResolver::refresh_tenant(const std::string& tenant_id) {
  const auto cached = tenants_.peek(tenant_id);
  const auto belongs = [&tenant_id](const TenantContext& c) { return !c.number.empty() && c.tenant_id == tenant_id; };
  if (!cached && numbers_.count_if(belongs) == 0) return Refresh::not_cached;

  loads_.fetch_add(1, std::memory_order_relaxed);
  const Loaded loaded = load_tenant(tenant_id);
  if (loaded.failed) {
    errors_.fetch_add(1, std::memory_order_relaxed);
    return Refresh::failed;
  }
  const TenantContext& fresh = *loaded.context;
  if (cached && !cached->negative && !fresh.version.empty() && cached->context->version == fresh.version)
    return Refresh::unchanged;

  const auto now = clock_.now();
  std::unique_lock<std::shared_mutex> lock(flush_mu_);
  ++generation_;  // a load that read the old document must not store it
  refreshes_.fetch_add(1, std::memory_order_relaxed);
  if (fresh.status == TenantStatus::unknown) {  // the document is gone
    tenants_.erase(tenant_id);
    numbers_.erase_if(belongs);
    return Refresh::removed;
  }
  CacheEntry entry;
  entry.context = loaded.context;
  entry.fresh_until = now + options_.ttl;
  entry.stale_until = entry.fresh_until + options_.stale_window;
  tenants_.put(tenant_id, std::move(entry));
  numbers_.update_if(belongs, [&](const CacheEntry& old) {
    CacheEntry e = old;
    if (old.context->mapping) e.context = number_context(old.context->number, *old.context->mapping, fresh, e.negative);
    return e;
  });
  return Refresh::refreshed;
}

std::vector<std::string> TenantResolver::revalidate_numbers(const std::vector<std::string>& numbers,
                                                            const std::vector<JsonDoc>& documents) {
  std::unordered_map<std::string, std::vector<const cJSON*>> found;
  for (const JsonDoc& doc : documents) {
    const cJSON* number = cJSON_GetObjectItemCaseSensitive(doc.get(), "phone_number");
    if (cJSON_IsString(number) && number->valuestring) found[number->valuestring].push_back(doc.get());
  }
  std::vector<std::string> changed;
  for (const std::string& number : numbers) {
    const auto cached = numbers_.peek(number);
    if (!cached) continue;
    const std::optional<PhoneMapping>& had = cached->context->mapping;
    const bool had_none = !had && cached->context->status == TenantStatus::unknown;
    const auto rows = found.find(number);
    bool same;
    if (rows == found.end()) {
      same = had_none;
    } else if (rows->second.size() > 1) {
      same = false;  // now ambiguous: the next load says so
    } else {
      const auto now = parse_phone_mapping(rows->second.front());
      same = now ? had && had->tenant_id == now->tenant_id && had->client_id == now->client_id
                 : !had && !had_none;  // still a broken document
    }
    if (!same) changed.push_back(number);
  }
  if (!changed.empty()) {
    std::unique_lock<std::shared_mutex> lock(flush_mu_);
    ++generation_;
    for (const std::string& number : changed) numbers_.erase(number);
    change_drops_.fetch_add(changed.size(), std::memory_order_relaxed);
  }
  return changed;
}

std::size_t TenantResolver::flush() {
  std::unique_lock<std::shared_mutex> lock(flush_mu_);
  ++generation_;
  return numbers_.clear() + tenants_.clear();
}

bool TenantResolver::flush_number(std::string_view e164) {
  std::unique_lock<std::shared_mutex> lock(flush_mu_);
  ++generation_;
  return numbers_.erase(e164);
}

std::size_t TenantResolver::flush_tenant(std::string_view tenant_id) {
  std::unique_lock<std::shared_mutex> lock(flush_mu_);
  ++generation_;
  std::size_t removed = tenants_.erase(tenant_id) ? 1 : 0;
  removed += numbers_.erase_if([&](const TenantContext& c) { return c.tenant_id == tenant_id; });
  return removed;
}

ResolverStats TenantResolver::stats() const {
  ResolverStats s;
  s.hits = hits_.load();
  s.negative_hits = negative_hits_.load();
  s.misses = misses_.load(std::memory_order_relaxed);
  s.coalesced = coalesced_.load(std::memory_order_relaxed);
  s.stale_serves = stale_serves_.load(std::memory_order_relaxed);
  s.errors = errors_.load(std::memory_order_relaxed);
  s.loads = loads_.load(std::memory_order_relaxed);
  s.loads_in_flight = loads_in_flight_.load(std::memory_order_relaxed);
  s.evictions = numbers_.evictions() + tenants_.evictions();
  s.invalid_reports = invalid_reports_.load(std::memory_order_relaxed);
  s.number_entries = numbers_.size();
  s.tenant_entries = tenants_.size();
  s.load_ns_total = load_ns_total_.load(std::memory_order_relaxed);
  s.load_ns_max = load_ns_max_.load(std::memory_order_relaxed);
  s.loads_completed = loads_completed_.load(std::memory_order_relaxed);
  s.refreshes = refreshes_.load(std::memory_order_relaxed);
  s.change_drops = change_drops_.load(std::memory_order_relaxed);
  return s;
}

}  // namespace tenant
