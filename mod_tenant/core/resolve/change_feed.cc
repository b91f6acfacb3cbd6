#include "core/resolve/change_feed.hh"

#include <algorithm>

namespace tenant {

namespace {

// Names listed in a report line; the rest are counted.
constexpr std::size_t kNamesShown = 5;

std::string listed(const std::vector<std::string>& names, const char* one, const char* many) {
  std::string out = std::to_string(names.size()) + " " + (names.size() == 1 ? one : many) + " (";
  for (std::size_t i = 0; i < names.size() && i < kNamesShown; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > kNamesShown) out += ", ...";
  return out + ")";
}

}  // namespace

std::string change_report_text(const ChangeReport& r) {
  std::string out;
  if (r.flushed) out = "more documents changed at once than one query lists: the cache was emptied";
  if (!r.tenants.empty()) out += (out.empty() ? "" : "; ") + std::string("refreshed ") + listed(r.tenants, "tenant", "tenants");
  if (!r.numbers.empty()) out += (out.empty() ? "" : "; ") + std::string("dropped ") + listed(r.numbers, "number", "numbers");
  return out.empty() ? "no change" : out;
}

std::vector<std::pair<std::string, std::string>> change_event_fields(const ChangeReport& r) {
  const auto joined = [](const std::vector<std::string>& names) {
    constexpr std::size_t kMostNames = 100;  // an event stays a bounded size
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < kMostNames; ++i) out += (i ? "," : "") + names[i];
    return out;
  };
  return {{"Change-Summary", change_report_text(r)},
          {"Tenants-Refreshed", joined(r.tenants)},
          {"Numbers-Dropped", joined(r.numbers)},
          {"Cache-Flushed", r.flushed ? "true" : "false"}};
}

ChangeFeed::ChangeFeed(TenantResolver& resolver, TenantSource& source, ChangeFeedOptions options, LogFunction log,
                       OnChange on_change)
    : resolver_(resolver), source_(source), options_(options), log_(std::move(log)), on_change_(std::move(on_change)) {}

ChangeFeed::~ChangeFeed() { stop(); }

void ChangeFeed::poll_tenants(ChangeReport& report) {
  // The first poll learns where the store stands and what it holds within
  // the overlap, without acting on it: what the cache holds was read after.
  const bool first = !watermark_ms_;
  if (first) {
    ++report.queries;
    auto newest = source_.config_changes(std::nullopt, 1);
    if (!newest) {
      report.error = newest.error();
      return;
    }
    watermark_ms_ = newest->newest_ms.value_or(0);
  }
  ++report.queries;
  auto changes = source_.config_changes(*watermark_ms_ - options_.overlap.count(), options_.changes_per_query);
  if (!changes) {
    report.error = changes.error();
    return;
  }
  if (changes->truncated && !first) {
    resolver_.flush();
    seen_.clear();
    report.flushed = true;
  } else {
    for (const ConfigChange& c : changes->changes) {
      auto seen = seen_.find(c.tenant_id);
      if (seen != seen_.end() && seen->second == c.updated_at_ms) continue;
      if (first) {
        seen_[c.tenant_id] = c.updated_at_ms;
        continue;
      }
      const auto refresh = resolver_.refresh_tenant(c.tenant_id);
      if (refresh != TenantResolver::Refresh::not_cached) ++report.queries;
      if (refresh == TenantResolver::Refresh::failed) continue;  // seen again next poll
      seen_[c.tenant_id] = c.updated_at_ms;
      if (refresh == TenantResolver::Refresh::refreshed || refresh == TenantResolver::Refresh::removed)
        report.tenants.push_back(c.tenant_id);
    }
  }
  if (changes->newest_ms) watermark_ms_ = std::max(*watermark_ms_, *changes->newest_ms);
  // What has left the overlap is never asked for again.
  const std::int64_t oldest = *watermark_ms_ - options_.overlap.count();
  for (auto it = seen_.begin(); it != seen_.end();) it = it->second < oldest ? seen_.erase(it) : std::next(it);
}

void ChangeFeed::poll_numbers(ChangeReport& report) {
  const std::vector<std::string> numbers = resolver_.cached_numbers();
  const std::size_t batch = std::max<std::size_t>(options_.numbers_per_query, 1);
  for (std::size_t from = 0; from < numbers.size(); from += batch) {
    const std::vector<std::string> chunk(numbers.begin() + static_cast<std::ptrdiff_t>(from),
                                         numbers.begin() + static_cast<std::ptrdiff_t>(std::min(numbers.size(), from + batch)));
    ++report.queries;
    auto documents = source_.find_mappings(chunk);
    if (!documents) {
      report.error = documents.error();
      return;
    }
    for (std::string& dropped : resolver_.revalidate_numbers(chunk, *documents)) report.numbers.push_back(std::move(dropped));
  }
}

ChangeReport ChangeFeed::poll_once() {
  ChangeReport report;
  {
    std::lock_guard<std::mutex> lock(poll_mu_);
    if (const SourceHealth health = source_.health(); !health.available) {
      report.error = health.message;
      return report;
    }
    poll_tenants(report);
    if (report.error.empty()) poll_numbers(report);
  }
  if (report.changed()) {
    if (log_) log_(LogLevel::info, "store changes: " + change_report_text(report));
    if (on_change_) on_change_(report);
  }
  return report;
}

void ChangeFeed::start() {
  if (options_.interval.count() <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void ChangeFeed::stop() {
  {
    std::lock_guard<std::mutex> lock(thread_mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ChangeFeed::run() {
  std::string last_error;
  std::unique_lock<std::mutex> lock(thread_mu_);
  while (!stopping_) {
    lock.unlock();
    // A thread of its own: nothing may escape it (std::terminate would take
    // the host down). A failed poll is tried again next interval.
    try {
      const ChangeReport report = poll_once();
      // An error is logged when it starts and when it changes, not every interval.
      if (report.error != last_error && log_)
        log_(report.error.empty() ? LogLevel::info : LogLevel::warning,
             report.error.empty() ? "change feed: polling again" : "change feed: " + report.error);
      last_error = report.error;
    } catch (...) {
    }
    lock.lock();
    wake_.wait_for(lock, options_.interval, [this] { return stopping_; });
  }
}

}  // namespace tenant
