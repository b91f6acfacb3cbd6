// A destination id that names nothing in a tenant, said one way by every
// command that takes one (tenantctl calendar, override, closures; the
// module's tenant calendar): the ids the tenant does have, so that a typo
// is fixed without opening the document.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tenant {

// At most this many of the tenant's ids are named, so that the message
// stays one readable line.
constexpr std::size_t kDestinationIdsNamed = 10;

// "no destination 'salse' in tenant 'tenant-prod-001'; its destinations are
// 'commercial', 'planning'" (or "..., which has no destinations").
std::string unknown_destination_message(std::string_view tenant_id, const std::vector<std::string>& known,
                                        std::string_view asked);

}  // namespace tenant
