#include "sip/load_pool.hh"

namespace tenant {

LoadPool::LoadPool(su_root_t* root, std::size_t threads, std::size_t max_pending)
    : wakeup_(root, [this](const std::string&) { deliver(); }), max_pending_(max_pending) {
  for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

LoadPool::~LoadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    jobs_.clear();
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
}

bool LoadPool::submit(Job job) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_ || in_pool_ >= max_pending_) return false;
    ++in_pool_;
    jobs_.push_back(std::move(job));
  }
  ready_.notify_one();
  return true;
}

void LoadPool::set_max_pending(std::size_t max_pending) {
  std::lock_guard<std::mutex> lock(mu_);
  max_pending_ = max_pending;
}

std::size_t LoadPool::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return in_pool_;
}

void LoadPool::run() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      ready_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    // A thread of its own: nothing may escape it. A job that throws is
    // answered by nobody here; the caller's completion is what answers, so
    // a job catches what it must report.
    Completion completion;
    try {
      completion = job();
    } catch (...) {
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      done_.push_back(std::move(completion));
    }
    wakeup_.wake('d');
  }
}

void LoadPool::deliver() {
  std::deque<Completion> done;
  {
    std::lock_guard<std::mutex> lock(mu_);
    done.swap(done_);
    in_pool_ -= done.size();
  }
  for (auto& completion : done)
    if (completion) completion();
}

}  // namespace tenant
