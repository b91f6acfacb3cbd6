#include "sip/loop_wakeup.hh"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace tenant {

LoopWakeup::LoopWakeup(su_root_t* root, Handler handler) : root_(root), handler_(std::move(handler)) {
  if (pipe2(fds_, O_NONBLOCK | O_CLOEXEC) != 0) return;
  if (su_wait_create(wait_, fds_[0], SU_WAIT_IN) != 0) return;
  created_ = true;
  registered_ = su_root_register(root_, wait_, on_readable, this, 0) >= 0;
}

LoopWakeup::~LoopWakeup() {
  // Unregistering leaves the wait object to its owner; destroying it does
  // not close the pipe, which is closed below.
  if (registered_) su_root_unregister(root_, wait_, on_readable, this);
  if (created_) su_wait_destroy(wait_);
  for (const int fd : fds_)
    if (fd >= 0) close(fd);
}

void LoopWakeup::wake(char byte) const noexcept {
  const int saved = errno;  // a signal handler must leave errno as it was
  if (fds_[1] >= 0) {
    const ssize_t written = write(fds_[1], &byte, 1);
    (void)written;  // EAGAIN: the pipe is full of wake-ups already
  }
  errno = saved;
}

int LoopWakeup::on_readable(su_root_magic_t*, su_wait_t*, su_wakeup_arg_t* arg) {
  auto* self = static_cast<LoopWakeup*>(arg);
  std::string bytes;
  char buf[256];
  for (;;) {
    const ssize_t n = read(self->fds_[0], buf, sizeof buf);
    if (n <= 0) break;
    bytes.append(buf, static_cast<std::size_t>(n));
  }
  if (!bytes.empty()) self->handler_(bytes);
  return 0;
}

}  // namespace tenant
