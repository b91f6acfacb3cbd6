// What one destination is at an instant, and the order destinations are
// offered in: the one home for both, read by the transfer rules
// (destination_rules.cc) and the list given to AI models
// (destination_list.cc), so that the two never disagree on what is open.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/hours/instant.hh"
#include "core/tenant/tenant_config.hh"

namespace tenant {

// A destination a decision may choose at all: free of configuration errors,
// with its availability compiled (compile_availabilities). One whose
// business hours or closures did not compile cannot say whether it is open.
bool destination_usable(const Destination& d);

// Open at `at`, by the precedence rule of availability.hh (override,
// closures, openings, business hours). d must be usable.
bool destination_open(const Destination& d, UnixSeconds at);

// The same, with the step that decided and its label ("closure", "Noël").
AvailabilityState destination_state(const Destination& d, UnixSeconds at);

// The first instant at or after `at` when d is really open (`at` itself when
// it is open now: closures and overrides are skipped), nullopt when it does
// not open within the horizon. d must be usable.
std::optional<UnixSeconds> destination_next_open(const Destination& d, UnixSeconds at);

// The next instant after `at` when d opens or closes, nullopt when it never
// changes (always open, or a rule that has ended). d must be usable.
std::optional<UnixSeconds> destination_next_change(const Destination& d, UnixSeconds at);

// Destinations in priority order (lower first, ties in document order).
// Tenants have a handful of destinations: the order is an insertion sort
// (stable, and the fastest sort at this size) on the stack, so the call path
// does not allocate for it.
class PriorityOrder {
 public:
  explicit PriorityOrder(const std::vector<Destination>& destinations);
  PriorityOrder(const PriorityOrder&) = delete;
  PriorityOrder& operator=(const PriorityOrder&) = delete;

  std::size_t size() const { return destinations_.size(); }
  const Destination& operator[](std::size_t i) const { return destinations_[order_[i]]; }

 private:
  const std::vector<Destination>& destinations_;
  std::array<std::uint32_t, 32> inline_;
  std::unique_ptr<std::uint32_t[]> heap_;
  std::uint32_t* order_ = nullptr;
};

}  // namespace tenant
