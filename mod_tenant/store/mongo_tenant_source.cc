#include "mongo_tenant_source.hh"
#include "mongo_handles.hh"

#include <mongoc/mongoc.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "bson_to_json.hh"
#include "mongo_runtime.hh"

namespace tenant {

namespace {

// Caps a URI timeout at the bound, keeping a smaller value the URI sets.
void cap_timeout(mongoc_uri_t* uri, const char* option, std::int32_t bound_ms) {
  const std::int32_t current = mongoc_uri_get_option_as_int32(uri, option, 0);
  if (current <= 0 || current > bound_ms) mongoc_uri_set_option_as_int32(uri, option, bound_ms);
}

// "host:port,host:port/db", never the credentials.
std::string describe_uri(const mongoc_uri_t* uri, const std::string& database) {
  std::string hosts;
  for (const mongoc_host_list_t* h = mongoc_uri_get_hosts(uri); h; h = h->next) {
    if (!hosts.empty()) hosts += ",";
    hosts += h->host_and_port;
  }
  if (hosts.empty() && mongoc_uri_get_srv_hostname(uri)) hosts = mongoc_uri_get_srv_hostname(uri);
  return "mongodb://" + hosts + "/" + database;
}

// Errors that mean the server cannot be reached, as opposed to a query the
// server refused.
bool is_network_error(const bson_error_t& error) {
  return error.domain == MONGOC_ERROR_STREAM || error.domain == MONGOC_ERROR_SERVER_SELECTION ||
         error.domain == MONGOC_ERROR_PROTOCOL;
}


}  // namespace

Expected<std::shared_ptr<MongoTenantSource>> MongoTenantSource::create(const MongoSourceOptions& options) {
  using Result = Expected<std::shared_ptr<MongoTenantSource>>;
  mongo_runtime_init();
  if (options.log) mongo_runtime_set_log(options.log);
  if (options.database.empty() || options.mapping_collection.empty() || options.config_collection.empty())
    return Result::failure("database and collection names must not be empty");
  if (options.lookup_timeout.count() <= 0) return Result::failure("the lookup timeout must be positive");

  bson_error_t error;
  UriHandle owned_uri(mongoc_uri_new_with_error(options.uri.c_str(), &error));
  if (!owned_uri) return Result::failure(std::string("invalid MongoDB URI: ") + error.message);
  mongoc_uri_t* uri = owned_uri.get();

  const auto bound = static_cast<std::int32_t>(std::min<std::int64_t>(options.lookup_timeout.count(), INT32_MAX));
  cap_timeout(uri, MONGOC_URI_SERVERSELECTIONTIMEOUTMS, bound);
  cap_timeout(uri, MONGOC_URI_CONNECTTIMEOUTMS, bound);
  cap_timeout(uri, MONGOC_URI_SOCKETTIMEOUTMS, bound);
  cap_timeout(uri, MONGOC_URI_WAITQUEUETIMEOUTMS, bound);
  if (!mongoc_uri_get_appname(uri)) mongoc_uri_set_appname(uri, "mod_tenant");

  PoolHandle pool(mongoc_client_pool_new(uri));
  if (!pool) return Result::failure("cannot create a MongoDB client pool for this URI (TLS options?)");
  mongoc_client_pool_set_error_api(pool.get(), MONGOC_ERROR_API_VERSION_2);
  std::string description = describe_uri(uri, options.database);
  return std::shared_ptr<MongoTenantSource>(
      new MongoTenantSource(options, std::move(owned_uri), std::move(pool), std::move(description)));
}

void MongoTenantSource::UriRelease::operator()(_mongoc_uri_t* uri) const { mongoc_uri_destroy(uri); }
void MongoTenantSource::PoolRelease::operator()(_mongoc_client_pool_t* pool) const {
  mongoc_client_pool_destroy(pool);
}

MongoTenantSource::MongoTenantSource(MongoSourceOptions options, UriHandle uri, PoolHandle pool,
                                     std::string description)
    : options_(std::move(options)), uri_(std::move(uri)), pool_(std::move(pool)), description_(std::move(description)) {
  probe_ = std::thread([this] { probe_loop(); });
}

MongoTenantSource::~MongoTenantSource() {
  {
    std::lock_guard<std::mutex> lock(probe_mu_);
    stopping_ = true;
  }
  probe_cv_.notify_all();
  if (probe_.joinable()) probe_.join();
}

void MongoTenantSource::log(LogLevel level, const std::string& message) const {
  if (options_.log) options_.log(level, message);
}

std::string MongoTenantSource::unavailable_message() const {
  std::lock_guard<std::mutex> lock(state_mu_);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - down_since_);
  char since[32];
  std::snprintf(since, sizeof since, "%.1f s", ms.count() / 1000.0);
  return description_ + " unavailable for " + since + " (" + last_error_ + "); not waiting for it";
}

SourceHealth MongoTenantSource::health() const {
  if (!down_.load(std::memory_order_acquire)) return {};
  return {false, unavailable_message()};
}

void MongoTenantSource::mark_down(const std::string& why) {
  bool was_down;
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    last_error_ = why;
    was_down = down_.exchange(true, std::memory_order_acq_rel);
    if (!was_down) down_since_ = std::chrono::steady_clock::now();
  }
  if (!was_down)
    log(LogLevel::error, description_ + " unreachable: " + why + "; lookups fail at once until it answers again");
  probe_cv_.notify_all();
}

void MongoTenantSource::mark_up() {
  std::chrono::steady_clock::time_point since;
  {
    std::lock_guard<std::mutex> lock(state_mu_);
    if (!down_.exchange(false, std::memory_order_acq_rel)) return;
    since = down_since_;
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since);
  log(LogLevel::info, description_ + " reachable again after " + std::to_string(ms.count()) + " ms");
}

Expected<void> MongoTenantSource::ping() {
  PooledClient client(pool_.get());
  if (!client.get()) return Expected<void>::failure("no free connection in the pool");
  Bson cmd;
  BSON_APPEND_INT32(cmd.get(), "ping", 1);
  bson_error_t error;
  if (!mongoc_client_command_simple(client.get(), "admin", cmd.get(), nullptr, nullptr, &error))
    return Expected<void>::failure(error.message);
  return {};
}

void MongoTenantSource::probe_loop() {
  std::unique_lock<std::mutex> lock(probe_mu_);
  while (!stopping_) {
    probe_cv_.wait_for(lock, options_.probe_interval, [this] { return stopping_; });
    if (stopping_) return;
    if (!down_.load(std::memory_order_acquire)) continue;
    lock.unlock();
    // A thread of its own: nothing may escape it (std::terminate would take
    // the host down). A failed probe is simply tried again next interval.
    try {
      if (const auto answered = ping()) {
        mark_up();
      } else {
        std::lock_guard<std::mutex> state(state_mu_);
        last_error_ = answered.error();
      }
    } catch (...) {
    }
    lock.lock();
  }
}

SourceDocument MongoTenantSource::find_one(const std::string& collection, const char* field, const std::string& value,
                                           const std::string& what) {
  if (down_.load(std::memory_order_acquire)) return SourceDocument::failure(unavailable_message());

  PooledClient client(pool_.get());
  if (!client.get())
    return SourceDocument::failure("no free connection in the MongoDB pool after " +
                                   std::to_string(options_.lookup_timeout.count()) + " ms");

  const MongoCollection coll(
      mongoc_client_get_collection(client.get(), options_.database.c_str(), collection.c_str()));
  Bson filter;
  bson_append_utf8(filter.get(), field, -1, value.data(), static_cast<int>(value.size()));
  Bson opts;
  BSON_APPEND_INT64(opts.get(), "limit", 2);
  const MongoCursor cursor(mongoc_collection_find_with_opts(coll.get(), filter.get(), opts.get(), nullptr));

  JsonDoc first;
  int count = 0;
  const bson_t* doc = nullptr;
  while (mongoc_cursor_next(cursor.get(), &doc)) {
    if (count == 0) first = bson_to_json(doc);
    ++count;
  }
  bson_error_t error;
  const bool failed = mongoc_cursor_error(cursor.get(), &error);

  if (failed) {
    if (is_network_error(error)) mark_down(error.message);
    return SourceDocument::failure(description_ + ": " + what + ": " + error.message);
  }
  if (count > 1)
    return SourceDocument::failure(collection + " has several documents with " + field + " " + value +
                                   " (run tenantctl db check)");
  if (count == 0) return SourceDocument::not_found();
  return SourceDocument::found(std::move(first));
}

SourceDocument MongoTenantSource::find_mapping(const std::string& e164) {
  return find_one(options_.mapping_collection, "phone_number", e164, "find in " + options_.mapping_collection);
}

SourceDocument MongoTenantSource::find_tenant_config(const std::string& tenant_id) {
  SourceDocument by_id = find_one(options_.config_collection, "_id", tenant_id, "find in " + options_.config_collection);
  if (by_id.status != LookupStatus::not_found) return by_id;
  // A document inserted without _id = tenant_id: found here, so that
  // validation can say what is wrong with it instead of "not found".
  return find_one(options_.config_collection, "tenant_id", tenant_id, "find in " + options_.config_collection);
}

Expected<ConfigChanges> MongoTenantSource::config_changes(std::optional<std::int64_t> since_ms, std::size_t limit) {
  using Result = Expected<ConfigChanges>;
  if (down_.load(std::memory_order_acquire)) return Result::failure(unavailable_message());
  PooledClient client(pool_.get());
  if (!client.get()) return Result::failure("no free connection in the MongoDB pool");
  const MongoCollection coll(
      mongoc_client_get_collection(client.get(), options_.database.c_str(), options_.config_collection.c_str()));
  // {updated_at: {$gte: since}} sorted by updated_at (the index db init
  // creates), only the fields the feed needs; one more than the limit says
  // whether there were more. Without since: the newest document alone.
  Bson filter, opts;
  if (since_ms) {
    bson_t range;
    BSON_APPEND_DOCUMENT_BEGIN(filter.get(), "updated_at", &range);
    BSON_APPEND_DATE_TIME(&range, "$gte", *since_ms);
    bson_append_document_end(filter.get(), &range);
  }
  bson_t sort, projection;
  BSON_APPEND_DOCUMENT_BEGIN(opts.get(), "sort", &sort);
  BSON_APPEND_INT32(&sort, "updated_at", since_ms ? 1 : -1);
  bson_append_document_end(opts.get(), &sort);
  BSON_APPEND_DOCUMENT_BEGIN(opts.get(), "projection", &projection);
  BSON_APPEND_INT32(&projection, "_id", 1);
  BSON_APPEND_INT32(&projection, "tenant_id", 1);
  BSON_APPEND_INT32(&projection, "updated_at", 1);
  bson_append_document_end(opts.get(), &projection);
  BSON_APPEND_INT64(opts.get(), "limit", since_ms ? static_cast<std::int64_t>(limit) + 1 : 1);
  const MongoCursor cursor(mongoc_collection_find_with_opts(coll.get(), filter.get(), opts.get(), nullptr));

  ConfigChanges out;
  const bson_t* doc = nullptr;
  while (mongoc_cursor_next(cursor.get(), &doc)) {
    bson_iter_t it;
    if (!bson_iter_init_find(&it, doc, "updated_at") || !BSON_ITER_HOLDS_DATE_TIME(&it)) continue;
    const std::int64_t updated = bson_iter_date_time(&it);
    out.newest_ms = std::max(out.newest_ms.value_or(updated), updated);
    if (!since_ms) continue;
    if (out.changes.size() == limit) {
      out.truncated = true;
      break;
    }
    std::string id;
    for (const char* field : {"tenant_id", "_id"})
      if (id.empty() && bson_iter_init_find(&it, doc, field) && BSON_ITER_HOLDS_UTF8(&it)) id = bson_iter_utf8(&it, nullptr);
    if (!id.empty()) out.changes.push_back({std::move(id), updated});
  }
  bson_error_t error;
  if (mongoc_cursor_error(cursor.get(), &error)) {
    if (is_network_error(error)) mark_down(error.message);
    return Result::failure(description_ + ": changes in " + options_.config_collection + ": " + error.message);
  }
  return out;
}

Expected<std::vector<JsonDoc>> MongoTenantSource::find_mappings(const std::vector<std::string>& numbers) {
  using Result = Expected<std::vector<JsonDoc>>;
  if (down_.load(std::memory_order_acquire)) return Result::failure(unavailable_message());
  std::vector<JsonDoc> out;
  if (numbers.empty()) return out;
  PooledClient client(pool_.get());
  if (!client.get()) return Result::failure("no free connection in the MongoDB pool");
  const MongoCollection coll(
      mongoc_client_get_collection(client.get(), options_.database.c_str(), options_.mapping_collection.c_str()));
  // {phone_number: {$in: [...]}}: typed strings, one by one, as every query.
  Bson filter;
  bson_t in_doc, list;
  BSON_APPEND_DOCUMENT_BEGIN(filter.get(), "phone_number", &in_doc);
  BSON_APPEND_ARRAY_BEGIN(&in_doc, "$in", &list);
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const std::string key = std::to_string(i);
    bson_append_utf8(&list, key.c_str(), -1, numbers[i].data(), static_cast<int>(numbers[i].size()));
  }
  bson_append_array_end(&in_doc, &list);
  bson_append_document_end(filter.get(), &in_doc);
  const MongoCursor cursor(mongoc_collection_find_with_opts(coll.get(), filter.get(), nullptr, nullptr));
  const bson_t* doc = nullptr;
  while (mongoc_cursor_next(cursor.get(), &doc)) out.push_back(bson_to_json(doc));
  bson_error_t error;
  if (mongoc_cursor_error(cursor.get(), &error)) {
    if (is_network_error(error)) mark_down(error.message);
    return Result::failure(description_ + ": batch lookup in " + options_.mapping_collection + ": " + error.message);
  }
  return out;
}

Expected<void> MongoTenantSource::for_each_document(const std::string& collection,
                                                    const std::function<void(JsonDoc)>& each) {
  PooledClient client(pool_.get());
  if (!client.get()) return Expected<void>::failure("no free connection in the MongoDB pool");
  const MongoCollection coll(
      mongoc_client_get_collection(client.get(), options_.database.c_str(), collection.c_str()));
  Bson filter;
  const MongoCursor cursor(mongoc_collection_find_with_opts(coll.get(), filter.get(), nullptr, nullptr));
  const bson_t* doc = nullptr;
  while (mongoc_cursor_next(cursor.get(), &doc)) each(bson_to_json(doc));
  bson_error_t error;
  if (mongoc_cursor_error(cursor.get(), &error))
    return Expected<void>::failure(description_ + ": reading " + collection + ": " + error.message);
  return {};
}

}  // namespace tenant
