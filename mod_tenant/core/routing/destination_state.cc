#include "core/routing/destination_state.hh"

namespace tenant {

bool destination_usable(const Destination& d) { return d.usable && d.availability; }

bool destination_open(const Destination& d, UnixSeconds at) { return d.availability->is_open(at); }

AvailabilityState destination_state(const Destination& d, UnixSeconds at) { return d.availability->state_at(at); }

std::optional<UnixSeconds> destination_next_open(const Destination& d, UnixSeconds at) {
  return d.availability->next_open(at);
}

std::optional<UnixSeconds> destination_next_change(const Destination& d, UnixSeconds at) {
  return d.availability->next_change(at);
}

PriorityOrder::PriorityOrder(const std::vector<Destination>& destinations) : destinations_(destinations) {
  const std::size_t n = destinations.size();
  if (n > inline_.size()) {
    heap_ = std::make_unique<std::uint32_t[]>(n);
    order_ = heap_.get();
  } else {
    order_ = inline_.data();
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t priority = destinations[i].priority;
    std::size_t j = i;
    for (; j > 0 && destinations[order_[j - 1]].priority > priority; --j) order_[j] = order_[j - 1];
    order_[j] = static_cast<std::uint32_t>(i);
  }
}

}  // namespace tenant
