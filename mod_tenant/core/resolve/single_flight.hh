// One load per key at a time, however many threads ask: the first caller for
// a key runs the load, the others wait (for a bounded time) and share its
// result.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

namespace tenant {

template <class Result>
class SingleFlight {
 public:
  // Runs load() for key, or waits for the run already in progress and
  // returns its result. A waiter that has waited wait_bound gets on_timeout()
  // instead. *joined tells the caller which of the two happened.
  template <class Load, class Timeout>
  Result run(const std::string& key, std::chrono::milliseconds wait_bound, Load&& load, Timeout&& on_timeout,
             bool* joined) {
    std::shared_ptr<Flight> flight;
    bool leader = false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto& slot = flights_[key];
      if (!slot) {
        slot = std::make_shared<Flight>();
        leader = true;
      }
      flight = slot;
    }
    if (joined) *joined = !leader;

    if (!leader) {
      std::unique_lock<std::mutex> lock(flight->mu);
      if (!flight->cv.wait_for(lock, wait_bound, [&] { return flight->done; })) return on_timeout();
      return flight->result;
    }

    // The leader always completes the flight, even when load() throws, so
    // that waiters are never left behind.
    struct Finisher {
      SingleFlight* self;
      const std::string& key;
      std::shared_ptr<Flight>& flight;
      ~Finisher() {
        {
          std::lock_guard<std::mutex> lock(self->mu_);
          self->flights_.erase(key);
        }
        {
          std::lock_guard<std::mutex> lock(flight->mu);
          flight->done = true;
        }
        flight->cv.notify_all();
      }
    } finisher{this, key, flight};

    Result result = load();
    {
      std::lock_guard<std::mutex> lock(flight->mu);
      flight->result = result;
    }
    return result;
  }

  std::size_t in_flight() const {
    std::lock_guard<std::mutex> lock(mu_);
    return flights_.size();
  }

 private:
  struct Flight {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    Result result{};
  };

  mutable std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
};

}  // namespace tenant
