// The SIP service's load pool: jobs run on its threads, their completions on
// the loop thread, at most max_pending at once, and nothing lost or run
// twice. With a real sofia-sip event loop.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "sip/load_pool.hh"
#include "test_support.hh"

#include <sofia-sip/su.h>
#include <sofia-sip/su_wait.h>

namespace {

// A sofia-sip loop of the test's own.
struct Loop {
  su_root_t* root = nullptr;
  Loop() {
    ck_assert_int_eq(su_init(), 0);
    root = su_root_create(nullptr);
    ck_assert(root != nullptr);
  }
  ~Loop() {
    su_root_destroy(root);
    su_deinit();
  }
  // Runs the loop until done() or about 10 s have passed.
  template <class Done>
  bool run_until(Done done) {
    for (int i = 0; i < 1000 && !done(); ++i) su_root_step(root, 10);
    return done();
  }
};

// A gate the jobs wait at until the test opens it.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  int waiting = 0;
  void pass() {
    std::unique_lock<std::mutex> lock(mu);
    ++waiting;
    cv.notify_all();
    cv.wait(lock, [this] { return open; });
  }
  void wait_for(int n) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait_for(lock, std::chrono::seconds(10), [&] { return waiting >= n; });
  }
  void release() {
    std::lock_guard<std::mutex> lock(mu);
    open = true;
    cv.notify_all();
  }
};

}  // namespace

START_TEST(completions_run_on_the_loop_thread_and_the_bound_holds) {
  Loop loop;
  Gate gate;
  const std::thread::id loop_thread = std::this_thread::get_id();
  std::atomic<int> jobs_run{0};
  int completed = 0;  // touched on the loop thread only
  bool all_on_loop = true;
  {
    tenant::LoadPool pool(loop.root, 2, 3);
    ck_assert(pool.ok());
    const auto job = [&]() -> tenant::LoadPool::Completion {
      const bool on_loop = std::this_thread::get_id() == loop_thread;
      gate.pass();
      ++jobs_run;
      return [&, on_loop] {
        all_on_loop = all_on_loop && !on_loop && std::this_thread::get_id() == loop_thread;
        ++completed;
      };
    };
    for (int i = 0; i < 3; ++i) ck_assert(pool.submit(job));
    // Three in the pool (two running, one queued): a fourth is refused.
    ck_assert(!pool.submit(job));
    ck_assert_uint_eq(pool.pending(), 3);
    gate.wait_for(2);
    gate.release();
    ck_assert(loop.run_until([&] { return completed == 3; }));
    ck_assert_int_eq(jobs_run.load(), 3);
    ck_assert(all_on_loop);
    ck_assert_uint_eq(pool.pending(), 0);
    // Room again once delivered.
    ck_assert(pool.submit(job));
    ck_assert(loop.run_until([&] { return completed == 4; }));
  }
}
END_TEST

START_TEST(a_job_that_throws_leaves_the_pool_usable) {
  Loop loop;
  int completed = 0;
  {
    tenant::LoadPool pool(loop.root, 1, 2);
    ck_assert(pool.submit([]() -> tenant::LoadPool::Completion { throw std::runtime_error("boom"); }));
    ck_assert(pool.submit([&]() -> tenant::LoadPool::Completion { return [&] { ++completed; }; }));
    ck_assert(loop.run_until([&] { return completed == 1 && pool.pending() == 0; }));
  }
}
END_TEST

START_TEST(destroying_the_pool_drops_what_is_not_delivered) {
  Loop loop;
  std::atomic<int> started{0};
  int completed = 0;
  {
    tenant::LoadPool pool(loop.root, 1, 10);
    for (int i = 0; i < 10; ++i)
      ck_assert(pool.submit([&]() -> tenant::LoadPool::Completion {
        ++started;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        return [&] { ++completed; };
      }));
    // Gone before the loop ran: no completion runs, the threads are joined.
  }
  ck_assert_int_eq(completed, 0);
  ck_assert_int_le(started.load(), 10);
}
END_TEST

int main() {
  Suite* s = suite_create("load_pool");
  TCase* tc = tcase_create("core");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, completions_run_on_the_loop_thread_and_the_bound_holds);
  tcase_add_test(tc, a_job_that_throws_leaves_the_pool_usable);
  tcase_add_test(tc, destroying_the_pool_drops_what_is_not_delivered);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
