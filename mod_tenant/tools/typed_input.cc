#include "typed_input.hh"

#include "cli_args.hh"
#include "core/tenant/tenant_config.hh"
#include "core/tenant/typed_json.hh"

namespace tenantctl {

tenant::Expected<tenant::JsonDoc> read_typed_json(const std::string& path) {
  using Result = tenant::Expected<tenant::JsonDoc>;
  const auto text = read_input(path);
  if (!text) return Result::failure(text.error());
  const auto parsed = tenant::parse_json_text(*text);
  if (!parsed) return Result::failure((path == "-" ? std::string("standard input") : path) + ": " + parsed.error());
  return tenant::to_typed_json(parsed->get());
}

}  // namespace tenantctl
