#include "core/tenant/destination_ids.hh"

#include "core/util/problem.hh"

namespace tenant {

std::string unknown_destination_message(std::string_view tenant_id, const std::vector<std::string>& known,
                                        std::string_view asked) {
  std::string message = "no destination " + quote_value(asked) + " in tenant " + quote_value(tenant_id);
  if (known.empty()) return message + ", which has no destinations";
  message += "; its destinations are ";
  for (std::size_t i = 0; i < known.size() && i < kDestinationIdsNamed; ++i)
    message += (i ? ", " : "") + quote_value(known[i]);
  if (known.size() > kDestinationIdsNamed)
    message += " (and " + std::to_string(known.size() - kDestinationIdsNamed) + " more)";
  return message;
}

}  // namespace tenant
