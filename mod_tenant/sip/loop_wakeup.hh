// A file descriptor pair that wakes the SIP loop (sofia-sip's su_root) from
// anywhere: another thread, or a signal handler (a write(2) is
// async-signal-safe). Each wake-up calls the handler on the loop thread with
// the bytes written since the last one.
#pragma once

#include <sofia-sip/su_wait.h>

#include <functional>
#include <string>

namespace tenant {

class LoopWakeup {
 public:
  using Handler = std::function<void(const std::string& bytes)>;
  LoopWakeup(su_root_t* root, Handler handler);
  ~LoopWakeup();
  LoopWakeup(const LoopWakeup&) = delete;
  LoopWakeup& operator=(const LoopWakeup&) = delete;

  bool ok() const { return registered_; }
  // Wakes the loop with one byte (never blocks: a full pipe already holds a
  // wake-up). Safe from any thread and from a signal handler.
  void wake(char byte) const noexcept;

 private:
  static int on_readable(su_root_magic_t*, su_wait_t* wait, su_wakeup_arg_t* arg);

  su_root_t* root_;
  Handler handler_;
  int fds_[2] = {-1, -1};
  su_wait_t wait_[1];
  bool created_ = false;     // wait_ holds a wait object
  bool registered_ = false;  // and the loop watches it
};

}  // namespace tenant
