// Store loads off the SIP loop. A few threads run the jobs (a job may wait
// on the store, at most the lookup timeout per step); each job's result is
// then handed back to the loop thread, which alone touches SIP
// transactions. At most max_pending jobs are queued or running: past that,
// submit() refuses and the caller answers 503 at once, so a store that hangs
// costs a bounded amount of memory and never delays what the cache answers.
#pragma once

#include <sofia-sip/su_wait.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "sip/loop_wakeup.hh"

namespace tenant {

class LoadPool {
 public:
  // What runs on the loop once a job is done.
  using Completion = std::function<void()>;
  // What runs on a load thread; returns its completion.
  using Job = std::function<Completion()>;

  LoadPool(su_root_t* root, std::size_t threads, std::size_t max_pending);
  // Stops taking jobs, lets running ones end, joins the threads. Jobs not
  // started and completions not yet run are dropped.
  ~LoadPool();
  LoadPool(const LoadPool&) = delete;
  LoadPool& operator=(const LoadPool&) = delete;

  // False (and nothing queued) when max_pending jobs are in the pool.
  bool submit(Job job);
  void set_max_pending(std::size_t max_pending);
  std::size_t pending() const;
  bool ok() const { return wakeup_.ok(); }

 private:
  void run();
  void deliver();

  LoopWakeup wakeup_;
  mutable std::mutex mu_;
  std::condition_variable ready_;
  std::deque<Job> jobs_;
  std::deque<Completion> done_;
  std::size_t in_pool_ = 0;  // queued, running, or done and not yet delivered
  std::size_t max_pending_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tenant
