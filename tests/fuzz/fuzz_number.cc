// Number normalisation: any bytes, with a default country chosen by the
// first byte. Invariants: an accepted number is canonical E.164, normalises
// to itself (under any default country), and a refusal says why.
#include <cctype>
#include <string>

#include "core/number/number.hh"
#include "fuzz_support.hh"

namespace {

// The regions administrators configure most, one with no trunk prefix, one
// that shares +1, and codes libphonenumber does not know.
const char* const kCountries[] = {"FR", "DE", "US", "GB", "IT", "ES", "BE", "CH", "CA",
                                  "AT", "NL", "JP", "AU", "BR", "IN", "XX", "", "fr"};

bool plain_e164(const std::string& s) {
  if (s.size() < 3 || s.size() > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9') return false;
  for (std::size_t i = 1; i < s.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

}  // namespace

static void run_input(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  const char* country = kCountries[in.byte() % (sizeof kCountries / sizeof kCountries[0])];
  const std::string_view text = in.rest();

  const auto number = FUZZ_TIMED("normalize_number", tenant::normalize_number(text, country));
  if (!number) {
    FUZZ_CHECK(!number.error().empty(), "a refusal without a reason");
    return;
  }
  const std::string& e164 = number.value();
  FUZZ_CHECK(plain_e164(e164), "accepted '" + e164 + "', which is not ^\\+[1-9][0-9]{1,14}$");
  FUZZ_CHECK(tenant::is_e164(e164), "accepted '" + e164 + "', which is_e164 refuses");
  for (const char* other : {country, "FR", "US"}) {
    const auto again = tenant::normalize_number(e164, other);
    FUZZ_CHECK(again && again.value() == e164,
               "'" + e164 + "' does not normalise to itself with country '" + other +
                   "': " + (again ? again.value() : again.error()));
  }
  return;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FUZZ_WITHIN_TIME_BOUND([&] { run_input(data, size); });
  return 0;
}
