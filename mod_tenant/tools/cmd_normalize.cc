// tenantctl normalize: the E.164 number a To header, URI or digit string
// stands for, as the inbound hook would compute it.
#include <cctype>
#include <cstdio>
#include <string>

#include "cli_args.hh"
#include "commands.hh"
#include "core/number/number.hh"

namespace tenantctl {

namespace {

const char kNormalizeUsage[] =
    "usage: tenantctl normalize [--country CC] INPUT\n"
    "\n"
    "Prints the E.164 form of INPUT, alone on one line.\n"
    "\n"
    "INPUT is what arrives in a To header or Request-URI:\n"
    "  a whole header value    '\"Agent\" <sip:0240000001@pbx.example;user=phone>;tag=1'\n"
    "  a sip:, sips: or tel: URI  sip:+33240000001@pbx.example  tel:+33-2-40-00-00-01\n"
    "  +E.164 or national digits  +33240000001  0240000001  0033240000001\n"
    "at most 256 bytes. The result is E.164 (+, at most 15 digits), a possible\n"
    "number for its country, without the national trunk prefix.\n"
    "\n"
    "options:\n"
    "  --country CC   ISO 3166-1 alpha-2 country for national forms (default FR)\n"
    "  --help         show this text\n"
    "\n"
    "exit status: 0 printed a number, 1 INPUT is not a telephone number,\n"
    "2 usage error.\n";

}  // namespace

int cmd_normalize(int argc, char** argv) {
  const auto parsed = parse_args(argc, argv, {{"country", true}});
  if (!parsed) return usage_error(kNormalizeUsage, parsed.error());
  const ParsedArgs& args = *parsed;
  if (args.help) return print_help(kNormalizeUsage);
  if (args.positional.empty()) return usage_error(kNormalizeUsage, "normalize needs an INPUT");
  if (args.positional.size() > 1)
    return usage_error(kNormalizeUsage, "normalize takes one INPUT (quote a header value that has spaces)");

  const auto number = tenant::normalize_number(args.positional[0], args.get("country").value_or("FR"));
  if (!number) return fail(kExitInvalid, number.error());
  std::printf("%s\n", number->c_str());
  return kExitOk;
}

}  // namespace tenantctl
