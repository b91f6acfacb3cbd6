// Number normalisation: every form a To header or Request-URI takes, several
// numbering plans, and each kind of input that is not a telephone number.
//
// Expected numbers are worked out from the numbering plans:
//   FR: trunk prefix 0, international prefix 00, 9-digit national numbers
//       (06 76 53 00 19 -> +33 6 76 53 00 19).
//   US: trunk prefix 1, international prefix 011, 10-digit numbers
//       (212 736 3100 -> +1 212 736 3100); 7 digits is a local number.
//   GB: trunk prefix 0, 020 7946 0xxx and 07700 900xxx are Ofcom's ranges
//       reserved for drama (possible, never allocated).
//   DE: trunk prefix 0, Berlin area code 30, variable-length subscriber numbers.
#include <check.h>

#include <atomic>
#include <iterator>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/number/number.hh"
#include "test_support.hh"

using tenant::is_e164;
using tenant::normalize_number;

namespace {

void expect_number(std::string_view input, const char* country, const char* expected) {
  const auto result = normalize_number(input, country);
  ck_assert_msg(result.ok(), "'%.*s' (%s): unexpected error: %s", static_cast<int>(input.size()), input.data(),
                country, result.error().c_str());
  ck_assert_str_eq(result->c_str(), expected);
}

// The error must name the input and give the expected reason.
void expect_error(std::string_view input, const char* country, const char* reason_part) {
  const auto result = normalize_number(input, country);
  ck_assert_msg(!result.ok(), "'%.*s' (%s): expected an error, got %s", static_cast<int>(input.size()),
                input.data(), country, result.ok() ? result->c_str() : "");
  ck_assert_msg(result.error().find(reason_part) != std::string::npos, "error '%s' does not contain '%s'",
                result.error().c_str(), reason_part);
}

void expect_not_a_number(std::string_view input, const char* country, const char* reason_part) {
  expect_error(input, country, reason_part);
  const auto result = normalize_number(input, country);
  ck_assert_msg(result.error().rfind("not a telephone number: '", 0) == 0, "error '%s' does not start as expected",
                result.error().c_str());
}

}  // namespace

// ---------------------------------------------------------------- whole To header values

START_TEST(header_quoted_display_name_user_phone_and_tag) {
  expect_number("\"Agent\" <sip:+33676530019@pbx.example.com;user=phone>;tag=abc", "FR", "+33676530019");
}
END_TEST

START_TEST(header_unquoted_display_name) {
  expect_number("Agent <sip:+33676530019@pbx.example.com;user=phone>;tag=abc", "FR", "+33676530019");
}
END_TEST

START_TEST(header_without_display_name_national_user) {
  expect_number("<sip:0676530019@pbx.example.com>", "FR", "+33676530019");
}
END_TEST

START_TEST(header_with_several_parameters) {
  expect_number("\"Accueil Paris\" <tel:+33-1-44-55-66-77>;tag=1928301774;x-route=a", "US", "+33144556677");
}
END_TEST

START_TEST(header_with_escaped_quotes_in_display_name) {
  expect_number("\"Sales \\\"EU\\\"\" <sips:+4930123456@pbx.example.com;user=phone>;tag=z9", "FR", "+4930123456");
}
END_TEST

START_TEST(header_with_utf8_display_name) {
  expect_number("\"Jos\xc3\xa9\" <sip:+33676530019@pbx.example.com>", "FR", "+33676530019");
}
END_TEST

START_TEST(header_tel_with_phone_context_inside_brackets) {
  // The context +33 wins over the default country US.
  expect_number("<tel:0676530019;phone-context=+33>;tag=x", "US", "+33676530019");
}
END_TEST

START_TEST(header_sip_user_part_with_phone_context) {
  expect_number("<sip:2127363100;phone-context=+1@gw.example.com;user=phone>", "FR", "+12127363100");
}
END_TEST

START_TEST(header_surrounded_by_blanks) {
  expect_number("  <sip:+33676530019@pbx.example.com>;tag=1 \t", "FR", "+33676530019");
}
END_TEST

// ---------------------------------------------------------------- sip: and sips:

START_TEST(sip_e164_with_user_phone) {
  expect_number("sip:+33676530019@pbx.example.com;user=phone", "FR", "+33676530019");
}
END_TEST

START_TEST(sip_e164_without_user_phone) { expect_number("sip:+33676530019@pbx.example.com", "US", "+33676530019"); }
END_TEST

START_TEST(sip_national_user) { expect_number("sip:0676530019@pbx.example.com", "FR", "+33676530019"); }
END_TEST

START_TEST(sip_gb_national_user) { expect_number("sip:02079460000@gw.example.co.uk", "GB", "+442079460000"); }
END_TEST

START_TEST(sips_with_user_phone) {
  expect_number("sips:+33676530019@pbx.example.com;user=phone", "FR", "+33676530019");
}
END_TEST

START_TEST(sips_international_prefix) { expect_number("sips:0033676530019@pbx.example.com", "FR", "+33676530019"); }
END_TEST

START_TEST(sip_upper_case_scheme) { expect_number("SIP:+33676530019@PBX.EXAMPLE.COM", "FR", "+33676530019"); }
END_TEST

START_TEST(sip_percent_escaped_plus) { expect_number("sip:%2B33676530019@pbx.example.com", "FR", "+33676530019"); }
END_TEST

START_TEST(sip_with_port_and_uri_parameters) {
  expect_number("sip:+33676530019@pbx.example.com:5060;transport=udp;user=phone", "FR", "+33676530019");
}
END_TEST

START_TEST(sip_user_phone_with_visual_separators) {
  expect_number("sip:+1-212-736-3100@gw.example.com;user=phone", "FR", "+12127363100");
}
END_TEST

START_TEST(sip_user_part_with_number_portability_parameters) {
  // The routing number in rn= is not the called number.
  expect_number("sip:+33676530019;npdi;rn=+33612345678@gw.example.com;user=phone", "FR", "+33676530019");
}
END_TEST

START_TEST(sip_bare_uri_with_tag_parameter) {
  expect_number("sip:+33676530019@pbx.example.com;user=phone;tag=abc", "FR", "+33676530019");
}
END_TEST

// ---------------------------------------------------------------- tel:

START_TEST(tel_with_dashes) { expect_number("tel:+33-6-76-53-00-19", "US", "+33676530019"); }
END_TEST

START_TEST(tel_with_dots) { expect_number("tel:+1.212.736.3100", "FR", "+12127363100"); }
END_TEST

START_TEST(tel_with_parentheses) { expect_number("tel:+1(212)736-3100", "FR", "+12127363100"); }
END_TEST

START_TEST(tel_gb_and_de) {
  expect_number("tel:+44-20-7946-0000", "FR", "+442079460000");
  expect_number("tel:+49-30-1234567", "FR", "+49301234567");
}
END_TEST

START_TEST(tel_local_number_with_global_phone_context) {
  expect_number("tel:0676530019;phone-context=+33", "US", "+33676530019");
}
END_TEST

START_TEST(tel_local_number_with_area_code_context) {
  // RFC 3966: the context's digits come first, +1 212 then 736-3100.
  expect_number("tel:736-3100;phone-context=+1-212", "FR", "+12127363100");
}
END_TEST

START_TEST(tel_domain_context_uses_default_country) {
  expect_number("tel:(212)736-3100;phone-context=example.com", "US", "+12127363100");
}
END_TEST

START_TEST(tel_global_number_ignores_parameters) {
  expect_number("tel:+33676530019;ext=12;isub=3", "FR", "+33676530019");
  expect_number("tel:+33676530019;phone-context=+1", "FR", "+33676530019");
}
END_TEST

START_TEST(tel_percent_escaped_plus) { expect_number("tel:%2B33676530019", "FR", "+33676530019"); }
END_TEST

// ---------------------------------------------------------------- dial strings

START_TEST(fr_national) { expect_number("0676530019", "FR", "+33676530019"); }
END_TEST

START_TEST(fr_international_prefix_00) { expect_number("0033676530019", "FR", "+33676530019"); }
END_TEST

START_TEST(fr_spaced_e164) { expect_number("+33 6 76 53 00 19", "FR", "+33676530019"); }
END_TEST

START_TEST(fr_e164_read_with_other_default) { expect_number("+33676530019", "US", "+33676530019"); }
END_TEST

START_TEST(fr_national_significant_number_without_trunk_prefix) {
  expect_number("676530019", "FR", "+33676530019");
}
END_TEST

START_TEST(fr_trunk_prefix_in_parentheses_after_country_code) {
  expect_number("+33 (0)6 76 53 00 19", "FR", "+33676530019");
}
END_TEST

START_TEST(fr_country_code_without_plus) {
  // 11 digits cannot be a French national number (9 digits after the 0);
  // 33 is France's own code and 6 76 53 00 19 a possible French number.
  expect_number("33676530019", "FR", "+33676530019");
}
END_TEST

START_TEST(foreign_country_code_without_plus_is_refused) {
  // Only the default country's own code is recognised without '+' or 00:
  // for the US 33676530019 is an 11-digit national number, one too many.
  expect_not_a_number("33676530019", "US", "too long for country code +1 (US)");
  expect_not_a_number("442079460000", "FR", "too long for country code +33 (FR)");
}
END_TEST

START_TEST(us_national_with_punctuation) { expect_number("(212) 736-3100", "US", "+12127363100"); }
END_TEST

START_TEST(us_with_trunk_prefix_1) { expect_number("1 212 736 3100", "US", "+12127363100"); }
END_TEST

START_TEST(us_international_prefix_011) { expect_number("011 44 20 7946 0000", "US", "+442079460000"); }
END_TEST

START_TEST(gb_national) {
  expect_number("020 7946 0000", "GB", "+442079460000");
  expect_number("0044 20 7946 0000", "GB", "+442079460000");
}
END_TEST

START_TEST(gb_fictional_mobile_range_is_accepted) {
  // Possible length, never allocated: accepted on purpose.
  expect_number("07700 900123", "GB", "+447700900123");
}
END_TEST

START_TEST(de_national_forms) {
  expect_number("030 1234567", "DE", "+49301234567");
  expect_number("030/1234567", "DE", "+49301234567");
  expect_number("0049 30 1234567", "DE", "+49301234567");
  expect_number("+49 (30) 1234567", "FR", "+49301234567");
}
END_TEST

START_TEST(default_country_is_case_insensitive) { expect_number("0676530019", "fr", "+33676530019"); }
END_TEST

START_TEST(default_country_defaults_to_fr) {
  const auto result = normalize_number("06 76 53 00 19");
  ck_assert(result.ok());
  ck_assert_str_eq(result->c_str(), "+33676530019");
}
END_TEST

// ---------------------------------------------------------------- not telephone numbers

START_TEST(sip_user_with_letters_exact_message) {
  const auto result = normalize_number("sip:alice@example.com", "FR");
  ck_assert(!result.ok());
  ck_assert_str_eq(result.error().c_str(),
                   "not a telephone number: 'sip:alice@example.com' (user part 'alice' has letters)");
}
END_TEST

START_TEST(empty_input) {
  expect_not_a_number("", "FR", "(empty input)");
  expect_not_a_number("  \t ", "FR", "(empty input)");
}
END_TEST

START_TEST(letters) {
  expect_not_a_number("hello", "FR", "(has letters)");
  expect_not_a_number("06765300AB", "FR", "has letters");
  // libphonenumber would map vanity letters to digits; they are refused first.
  expect_not_a_number("1-800-FLOWERS", "US", "has letters");
  expect_not_a_number("tel:+33abc", "FR", "number '+33abc' has letters");
}
END_TEST

START_TEST(control_characters_are_refused_and_escaped) {
  expect_not_a_number("+33676530019\r\nX-Injected: 1", "FR", "contains control character \\r");
  const auto result = normalize_number("+33676530019\r\nX-Injected: 1", "FR");
  ck_assert_msg(result.error().find_first_of("\r\n") == std::string::npos, "raw CR/LF in: %s",
                result.error().c_str());
  expect_not_a_number("+3367\x01" "6530019", "FR", "contains control character \\x01");
  expect_not_a_number("+33\t676530019", "FR", "contains control character \\t");
  expect_not_a_number("<sip:+33676530019@h>\x7f", "FR", "contains control character \\x7f");
}
END_TEST

START_TEST(nul_inside_input) {
  const std::string with_nul("+3367\0" "6530019", 13);
  expect_not_a_number(with_nul, "FR", "contains control character \\0");
  expect_not_a_number(std::string("sip:+33676530019@h\0evil", 23), "FR", "contains control character \\0");
}
END_TEST

START_TEST(other_schemes) {
  expect_not_a_number("mailto:alice@example.com", "FR", "scheme 'mailto' is not sip, sips or tel");
  expect_not_a_number("http://example.com/", "FR", "scheme 'http' is not sip, sips or tel");
  expect_not_a_number("urn:service:sos", "FR", "scheme 'urn' is not sip, sips or tel");
  expect_not_a_number("\"Agent\" <mailto:alice@example.com>", "FR", "scheme 'mailto' is not sip, sips or tel");
}
END_TEST

START_TEST(uri_without_user_part) {
  expect_not_a_number("sip:pbx.example.com", "FR", "URI has no user part");
  expect_not_a_number("sip:@pbx.example.com", "FR", "URI has no user part");
  expect_not_a_number("<sips:pbx.example.com>;tag=1", "FR", "URI has no user part");
  expect_not_a_number("tel:", "FR", "tel URI has no number");
}
END_TEST

START_TEST(malformed_header) {
  expect_not_a_number("\"Agent <sip:+33676530019@pbx.example.com>", "FR", "malformed To header value");
  expect_not_a_number("Agent <sip:+33676530019@pbx.example.com", "FR", "malformed To header value");
  expect_not_a_number("<>", "FR", "malformed To header value");
  expect_not_a_number("<0676530019>", "FR", "URI has no scheme");
}
END_TEST

START_TEST(malformed_uri) {
  expect_not_a_number("sip:+33676530019@", "FR", "malformed URI");
  expect_not_a_number("sip:+33 676530019@pbx.example.com", "FR", "user part '+33 676530019' has a space");
}
END_TEST

START_TEST(address_without_scheme) {
  expect_not_a_number("alice@example.com", "FR", "neither a number nor a sip:, sips: or tel: URI");
  expect_not_a_number("0676530019@pbx.example.com", "FR", "neither a number nor a sip:, sips: or tel: URI");
}
END_TEST

START_TEST(service_codes_and_stray_characters) {
  expect_not_a_number("sip:*21#@pbx.example.com", "FR", "user part '*21#' has character '*'");
  expect_not_a_number("+33+676530019", "FR", "has '+' after its first character");
  expect_not_a_number("sip:+3367%00530019@pbx.example.com", "FR", "has an escaped character '%00'");
  expect_not_a_number("\xef\xbc\x90\xef\xbc\x96", "FR", "has a non-ASCII character");
  expect_not_a_number("-()-", "FR", "has no digits");
  expect_not_a_number("tel:0676530019;phone-context=+3x", "FR", "phone-context '+3x' has letters");
}
END_TEST

START_TEST(too_short_and_too_long) {
  expect_not_a_number("0123", "FR", "too short for country code +33 (FR)");
  expect_not_a_number("+33 1 23", "DE", "too short for country code +33 (FR)");
  expect_not_a_number("112", "FR", "too short");
  expect_not_a_number("7", "FR", "too few digits");
  expect_not_a_number("00", "FR", "too short after the international prefix");
  expect_not_a_number("+33 6 76 53 00 19 12", "FR", "too long for country code +33 (FR)");
  expect_not_a_number("tel:+1-212-736-3100-99", "FR", "too long for country code +1 (US)");
}
END_TEST

START_TEST(local_number_without_area_code) {
  expect_not_a_number("736-3100", "US", "a local number without its area code, country code +1 (US)");
}
END_TEST

START_TEST(unknown_country_code) {
  expect_not_a_number("+999 123456", "FR", "unknown country code");
  expect_not_a_number("00999123456", "FR", "unknown country code");
}
END_TEST

START_TEST(unknown_default_country) {
  for (const char* country : {"XX", "", "FRA", "ZZ", "001", "F1"}) {
    const auto result = normalize_number("0676530019", country);
    ck_assert_msg(!result.ok(), "country '%s' accepted", country);
    ck_assert_msg(result.error().rfind("unknown default country '", 0) == 0, "error: %s", result.error().c_str());
  }
  // Even a number that needs no default country: the configuration is wrong.
  expect_error("+33676530019", "XX", "unknown default country 'XX'");
}
END_TEST

START_TEST(overlong_input_is_refused_and_quoted_briefly) {
  const std::string huge(5000, '1');
  const auto result = normalize_number(huge, "FR");
  ck_assert(!result.ok());
  ck_assert_msg(result.error().find("longer than 256 bytes") != std::string::npos, "%s", result.error().c_str());
  ck_assert_msg(result.error().size() < 200, "error is %zu bytes", result.error().size());
}
END_TEST

// docs/numbers.md: raw input longer than 256 bytes is refused before any
// parsing; a message quotes at most 60 bytes of it, control characters escaped.
START_TEST(input_length_bound_is_256_bytes) {
  // A header value of exactly 256 bytes is still read: 58 bytes of URI and
  // tag plus a display name padded to fill the rest.
  const std::string tail = "\" <sip:+33676530019@pbx.example.com;user=phone>;tag=abc";
  const std::string at_bound = "\"" + std::string(256 - 1 - tail.size(), 'a') + tail;
  ck_assert_uint_eq(at_bound.size(), 256);
  expect_number(at_bound, "FR", "+33676530019");

  const std::string over_bound = "\"" + std::string(257 - 1 - tail.size(), 'a') + tail;
  ck_assert_uint_eq(over_bound.size(), 257);
  expect_not_a_number(over_bound, "FR", "longer than 256 bytes");
}
END_TEST

START_TEST(overlong_input_is_quoted_to_60_bytes_with_controls_escaped) {
  // 60 bytes shown: "\r\n" (2 bytes, escaped to 4 characters) and 58 digits.
  const std::string input = "\r\n" + std::string(298, '1');
  const auto result = normalize_number(input, "FR");
  ck_assert(!result.ok());
  const std::string expected =
      "not a telephone number: '\\r\\n" + std::string(58, '1') + "...' (longer than 256 bytes)";
  ck_assert_str_eq(result.error().c_str(), expected.c_str());
}
END_TEST

START_TEST(quoted_input_is_cut_to_60_bytes) {
  // Refused for its letters, not its length: the quote is still cut.
  const std::string input = std::string(100, 'x');
  const auto result = normalize_number(input, "FR");
  ck_assert(!result.ok());
  const std::string expected = "not a telephone number: '" + std::string(60, 'x') + "...' (has letters)";
  ck_assert_str_eq(result.error().c_str(), expected.c_str());
}
END_TEST

// ---------------------------------------------------------------- URI parameters

// sofia-sip's url_param() read past the end of the parameter string when the
// last parameter began with "phone-context" but had no '='. Run under
// valgrind or ASan, these inputs showed the over-read; the answers must stay.
START_TEST(parameter_named_like_phone_context_without_value) {
  expect_number("tel:0676530019;phone-contextX", "FR", "+33676530019");
  expect_number("tel:0676530019;phone-context", "FR", "+33676530019");
  expect_number("tel:0676530019;isub=12;phone-contextX", "FR", "+33676530019");
  expect_number("<tel:0676530019;phone-contextX>", "FR", "+33676530019");
  expect_number("sip:0676530019;phone-contextX@pbx.example.com;user=phone", "FR", "+33676530019");
  expect_number("\"A\" <sip:0676530019;phone-contextX@pbx.example.com;user=phone>;tag=1", "FR", "+33676530019");
  expect_number("sip:0676530019;phone-context@pbx.example.com;user=phone", "FR", "+33676530019");
}
END_TEST

START_TEST(parameter_names_compare_whole_and_case_insensitively) {
  // RFC 3966: parameter names are case-insensitive.
  expect_number("tel:736-3100;Phone-Context=+1-212", "US", "+12127363100");
  expect_number("tel:736-3100;PHONE-CONTEXT=+1-212", "FR", "+12127363100");
  expect_number("sip:736-3100;PHONE-CONTEXT=+1-212@gw.example.com;user=phone", "FR", "+12127363100");
  // A longer name is another parameter: the number stays a local one.
  expect_not_a_number("tel:736-3100;phone-contextX=+1-212", "US", "a local number without its area code");
  expect_not_a_number("tel:736-3100;x-phone-context=+1-212", "US", "a local number without its area code");
}
END_TEST

// ---------------------------------------------------------------- the E.164 gate

START_TEST(more_than_15_digits_is_refused) {
  // +49 30 123456789012: 2 + 14 = 16 digits, one more than E.164 allows.
  expect_not_a_number("+4930123456789012", "FR", "has 16 digits; E.164 allows at most 15");
  expect_not_a_number("tel:+49-30-123456789012", "FR", "has 16 digits");
  // DE dials abroad with 00; 011... is a national number (trunk 0, then
  // 11442079460000): +49 and 14 digits, 16 in all.
  expect_not_a_number("011 44 20 7946 0000", "DE", "has 16 digits");
}
END_TEST

START_TEST(trunk_prefix_after_country_code_is_refused) {
  // 067653001: FR trunk 0, then 8 digits, too few for a French number; the
  // 0 must not survive as +33 0...
  expect_not_a_number("067653001", "FR", "starts with the trunk prefix 0");
  expect_not_a_number("+33067653001", "FR", "starts with the trunk prefix 0");
  expect_not_a_number("+33 0 6 76 53 00 1", "US", "starts with the trunk prefix 0");
  expect_not_a_number("tel:+33067653001", "FR", "starts with the trunk prefix 0");
  // A number whose leading digit is the trunk prefix but that is valid there:
  // Russia's trunk prefix is 8 and 8 800 is its toll-free range.
  expect_number("+7 800 123-45-67", "FR", "+78001234567");
  // Italy has no trunk prefix; its leading 0 belongs to the number.
  expect_number("+39 06 1234 5678", "FR", "+390612345678");
}
END_TEST

START_TEST(accepted_numbers_normalise_to_themselves) {
  const struct {
    const char* input;
    const char* country;
  } cases[] = {
      {"0676530019", "FR"},
      {"\"Agent\" <sip:0676530019@pbx.example.com;user=phone>;tag=1", "FR"},
      {"tel:736-3100;phone-context=+1-212", "FR"},
      {"(212) 736-3100", "US"},
      {"011 44 20 7946 0000", "US"},
      {"030 1234567", "DE"},
      {"07700 900123", "GB"},
      {"33676530019", "FR"},
      {"+39 06 1234 5678", "FR"},
      {"sips:0033676530019@pbx.example.com", "FR"},
  };
  for (const auto& c : cases) {
    const auto first = normalize_number(c.input, c.country);
    ck_assert_msg(first.ok(), "'%s': %s", c.input, first.error().c_str());
    ck_assert_msg(is_e164(*first), "'%s' gave '%s', not canonical E.164", c.input, first->c_str());
    for (const char* country : {c.country, "US", "FR"}) {
      const auto again = normalize_number(*first, country);
      ck_assert_msg(again.ok(), "'%s' (%s): %s", first->c_str(), country, again.error().c_str());
      ck_assert_str_eq(again->c_str(), first->c_str());
    }
  }
}
END_TEST

// ---------------------------------------------------------------- is_e164

START_TEST(is_e164_accepts_canonical_numbers) {
  ck_assert(is_e164("+33676530019"));
  ck_assert(is_e164("+12127363100"));
  ck_assert(is_e164("+442079460000"));
  ck_assert(is_e164("+49301234567"));
  ck_assert(is_e164("+447700900123"));  // fictional but possible
}
END_TEST

START_TEST(is_e164_refuses_everything_else) {
  ck_assert(!is_e164(""));
  ck_assert(!is_e164("+"));
  ck_assert(!is_e164("+3"));
  ck_assert(!is_e164("33676530019"));
  ck_assert(!is_e164("0676530019"));
  ck_assert(!is_e164("+033676530019"));
  ck_assert(!is_e164("+33 676530019"));
  ck_assert(!is_e164("+33-676530019"));
  ck_assert(!is_e164("+330676530019"));     // trunk 0 kept: not canonical
  ck_assert(!is_e164("+3367653001912"));    // too long for France
  ck_assert(!is_e164("+33123"));            // too short for France
  ck_assert(!is_e164("+999123456"));        // no such country code
  ck_assert(!is_e164("+1234567890123456"));  // 16 digits
  ck_assert(!is_e164("+33676530019\n"));
  ck_assert(!is_e164(std::string_view("+33676530019\0", 13)));
  ck_assert(!is_e164("tel:+33676530019"));
  ck_assert(!is_e164("+4930123456789012"));  // 16 digits, possible length for DE
  ck_assert(!is_e164("+33067653001"));       // trunk 0 after +33
}
END_TEST

// ---------------------------------------------------------------- threads

namespace {

struct Case {
  const char* input;
  const char* country;
  const char* expected;  // nullptr: an error
};

const Case kConcurrentCases[] = {
    {"\"Agent\" <sip:+33676530019@pbx.example.com;user=phone>;tag=abc", "FR", "+33676530019"},
    {"(212) 736-3100", "US", "+12127363100"},
    {"tel:+44-20-7946-0000", "FR", "+442079460000"},
    {"030 1234567", "DE", "+49301234567"},
    {"sips:0033676530019@pbx.example.com", "FR", "+33676530019"},
    {"sip:alice@example.com", "FR", nullptr},
    {"0123", "FR", nullptr},
};

bool case_holds(const Case& c) {
  const auto result = normalize_number(c.input, c.country);
  if (c.expected == nullptr) return !result.ok();
  return result.ok() && *result == c.expected;
}

}  // namespace

START_TEST(concurrent_normalisation_agrees) {
  constexpr int kThreads = 4;
  constexpr int kRounds = 300;
  std::atomic<int> failures{0};
  std::atomic<int> checked{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < kRounds; ++round) {
        // Each thread walks the cases from a different starting point so
        // different inputs are in flight at the same moment.
        for (std::size_t i = 0; i < std::size(kConcurrentCases); ++i) {
          const Case& c = kConcurrentCases[(i + static_cast<std::size_t>(t)) % std::size(kConcurrentCases)];
          if (!case_holds(c)) ++failures;
          ++checked;
        }
        if (!is_e164("+33676530019") || is_e164("+330676530019")) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  ck_assert_int_eq(checked.load(), kThreads * kRounds * static_cast<int>(std::size(kConcurrentCases)));
  ck_assert_int_eq(failures.load(), 0);
}
END_TEST

// ---------------------------------------------------------------- suite

namespace {

Suite* number_suite() {
  Suite* suite = suite_create("number");

  TCase* header = tcase_create("to_header");
  tcase_add_test(header, header_quoted_display_name_user_phone_and_tag);
  tcase_add_test(header, header_unquoted_display_name);
  tcase_add_test(header, header_without_display_name_national_user);
  tcase_add_test(header, header_with_several_parameters);
  tcase_add_test(header, header_with_escaped_quotes_in_display_name);
  tcase_add_test(header, header_with_utf8_display_name);
  tcase_add_test(header, header_tel_with_phone_context_inside_brackets);
  tcase_add_test(header, header_sip_user_part_with_phone_context);
  tcase_add_test(header, header_surrounded_by_blanks);
  suite_add_tcase(suite, header);

  TCase* sip = tcase_create("sip_uri");
  tcase_add_test(sip, sip_e164_with_user_phone);
  tcase_add_test(sip, sip_e164_without_user_phone);
  tcase_add_test(sip, sip_national_user);
  tcase_add_test(sip, sip_gb_national_user);
  tcase_add_test(sip, sips_with_user_phone);
  tcase_add_test(sip, sips_international_prefix);
  tcase_add_test(sip, sip_upper_case_scheme);
  tcase_add_test(sip, sip_percent_escaped_plus);
  tcase_add_test(sip, sip_with_port_and_uri_parameters);
  tcase_add_test(sip, sip_user_phone_with_visual_separators);
  tcase_add_test(sip, sip_user_part_with_number_portability_parameters);
  tcase_add_test(sip, sip_bare_uri_with_tag_parameter);
  suite_add_tcase(suite, sip);

  TCase* tel = tcase_create("tel_uri");
  tcase_add_test(tel, tel_with_dashes);
  tcase_add_test(tel, parameter_named_like_phone_context_without_value);
  tcase_add_test(tel, parameter_names_compare_whole_and_case_insensitively);
  tcase_add_test(tel, tel_with_dots);
  tcase_add_test(tel, tel_with_parentheses);
  tcase_add_test(tel, tel_gb_and_de);
  tcase_add_test(tel, tel_local_number_with_global_phone_context);
  tcase_add_test(tel, tel_local_number_with_area_code_context);
  tcase_add_test(tel, tel_domain_context_uses_default_country);
  tcase_add_test(tel, tel_global_number_ignores_parameters);
  tcase_add_test(tel, tel_percent_escaped_plus);
  suite_add_tcase(suite, tel);

  TCase* dial = tcase_create("dial_string");
  tcase_add_test(dial, fr_national);
  tcase_add_test(dial, fr_international_prefix_00);
  tcase_add_test(dial, fr_spaced_e164);
  tcase_add_test(dial, fr_e164_read_with_other_default);
  tcase_add_test(dial, fr_national_significant_number_without_trunk_prefix);
  tcase_add_test(dial, fr_trunk_prefix_in_parentheses_after_country_code);
  tcase_add_test(dial, fr_country_code_without_plus);
  tcase_add_test(dial, foreign_country_code_without_plus_is_refused);
  tcase_add_test(dial, us_national_with_punctuation);
  tcase_add_test(dial, us_with_trunk_prefix_1);
  tcase_add_test(dial, us_international_prefix_011);
  tcase_add_test(dial, gb_national);
  tcase_add_test(dial, gb_fictional_mobile_range_is_accepted);
  tcase_add_test(dial, de_national_forms);
  tcase_add_test(dial, default_country_is_case_insensitive);
  tcase_add_test(dial, default_country_defaults_to_fr);
  suite_add_tcase(suite, dial);

  TCase* invalid = tcase_create("not_a_number");
  tcase_add_test(invalid, sip_user_with_letters_exact_message);
  tcase_add_test(invalid, empty_input);
  tcase_add_test(invalid, letters);
  tcase_add_test(invalid, control_characters_are_refused_and_escaped);
  tcase_add_test(invalid, nul_inside_input);
  tcase_add_test(invalid, other_schemes);
  tcase_add_test(invalid, uri_without_user_part);
  tcase_add_test(invalid, malformed_header);
  tcase_add_test(invalid, malformed_uri);
  tcase_add_test(invalid, address_without_scheme);
  tcase_add_test(invalid, service_codes_and_stray_characters);
  tcase_add_test(invalid, too_short_and_too_long);
  tcase_add_test(invalid, local_number_without_area_code);
  tcase_add_test(invalid, unknown_country_code);
  tcase_add_test(invalid, unknown_default_country);
  tcase_add_test(invalid, overlong_input_is_refused_and_quoted_briefly);
  tcase_add_test(invalid, input_length_bound_is_256_bytes);
  tcase_add_test(invalid, overlong_input_is_quoted_to_60_bytes_with_controls_escaped);
  tcase_add_test(invalid, quoted_input_is_cut_to_60_bytes);
  tcase_add_test(invalid, more_than_15_digits_is_refused);
  tcase_add_test(invalid, trunk_prefix_after_country_code_is_refused);
  tcase_add_test(invalid, accepted_numbers_normalise_to_themselves);
  suite_add_tcase(suite, invalid);

  TCase* e164 = tcase_create("is_e164");
  tcase_add_test(e164, is_e164_accepts_canonical_numbers);
  tcase_add_test(e164, is_e164_refuses_everything_else);
  suite_add_tcase(suite, e164);

  TCase* threads = tcase_create("threads");
  tcase_set_timeout(threads, 60);
  tcase_add_test(threads, concurrent_normalisation_agrees);
  suite_add_tcase(suite, threads);

  return suite;
}

}  // namespace

int main() { return run_suite(number_suite()); }
