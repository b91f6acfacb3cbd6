// Number normalisation in four steps:
//   1. find the telephone-subscriber text: a whole To header value and a bare
//      URI are parsed with sofia-sip, anything else is read as a dial string;
//   2. check that text holds only digits, a leading '+' and visual separators,
//      so that libphonenumber never turns letters into digits (1-800-FLOWERS);
//   3. let libphonenumber apply the numbering plan and format E.164;
//   4. pass the result through e164_problem(), the one check every accepted
//      number meets (also is_e164()'s), so nothing that is not E.164 leaves.
//
// Sofia-sip's parsers only need an allocation home: su_init() prepares
// sockets, SIGPIPE and logging for the SIP stack, none of which parsing uses.
// Every call owns its home and PhoneNumberUtil is a thread-safe singleton, so
// normalize_number() may run on many threads at once.
#include "core/number/number.hh"

#include "core/util/problem.hh"
#include "core/util/ascii.hh"
#include "core/number/tel_text.hh"
#include "core/number/uri_param.hh"

#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/su_alloc.h>
#include <sofia-sip/url.h>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <phonenumbers/region_code.h>

#include <cstdio>
#include <optional>

namespace tenant {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;
using i18n::phonenumbers::RegionCode;

// A To header value is a few hundred bytes at most (display name, URI, tag);
// refusing longer raw input before any parsing bounds the work hostile text
// can cause. docs/numbers.md states this bound.
constexpr std::size_t kMaxInputLength = 256;

bool is_control(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}
bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

std::string escape_control(char c) {
  switch (c) {
    case '\0': return "\\0";
    case '\t': return "\\t";
    case '\n': return "\\n";
    case '\r': return "\\r";
    default: {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(c)));
      return hex;
    }
  }
}

// quote_value() cuts to 60 bytes and escapes control characters, so that a
// CR/LF smuggled into a header cannot forge extra log lines.
std::string not_a_number(std::string_view input, const std::string& reason) {
  return "not a telephone number: " + quote_value(input) + " (" + reason + ")";
}

std::optional<std::string> input_text_problem(std::string_view text) {
  for (char c : text) {
    if (is_control(c)) return "contains control character " + escape_control(c);
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- regions

std::string ascii_upper(std::string_view text) {
  std::string upper(text);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return upper;
}

// Administrators write "fr" as often as "FR"; libphonenumber wants upper case.
Expected<std::string> region_for(std::string_view country) {
  const std::string region = ascii_upper(country);
  const bool two_letters = region.size() == 2 && is_ascii_letter(region[0]) && is_ascii_letter(region[1]);
  if (!two_letters || PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(region) == 0) {
    return Expected<std::string>::failure("unknown default country " + quote_value(country) +
                                          " (expected a two-letter ISO 3166-1 code such as FR, US or GB)");
  }
  return region;
}

// ---------------------------------------------------------------- SIP syntax

// One allocation arena per call: everything sofia-sip allocates while parsing
// is released together, and no arena is ever shared between threads.
class SofiaHome {
 public:
  SofiaHome() { initialised_ = su_home_init(home_) == 0; }
  ~SofiaHome() { su_home_deinit(home_); }
  SofiaHome(const SofiaHome&) = delete;
  SofiaHome& operator=(const SofiaHome&) = delete;

  bool ok() const { return initialised_; }
  su_home_t* get() { return home_; }

 private:
  su_home_t home_[1] = {SU_HOME_INIT(home_)};
  bool initialised_ = false;
};

// The telephone number an input names, before any numbering plan applies.
struct Subscriber {
  std::string number;         // "+33-6-76-53-00-19", "0676530019"
  std::string phone_context;  // RFC 3966 phone-context, empty when absent
  std::string label;          // how a reason names it: "user part", "number", or "" for a dial string
  bool spaces_allowed = false;
};

std::string phone_context_of(const char* params) {
  if (params == nullptr) return {};
  return uri_param_value(params, "phone-context");
}

// With user=phone the user part is an RFC 3966 telephone-subscriber that may
// carry its own parameters (phone-context, npdi, rn): ';' ends the number.
Expected<Subscriber> subscriber_from_sip_user(const url_t& url) {
  if (url.url_user == nullptr || *url.url_user == '\0') {
    return Expected<Subscriber>::failure("URI has no user part");
  }
  const std::string user = url.url_user;
  const auto semicolon = user.find(';');
  Subscriber subscriber;
  subscriber.number = user.substr(0, semicolon);
  if (semicolon != std::string::npos) {
    subscriber.phone_context = uri_param_value(std::string_view(user).substr(semicolon + 1), "phone-context");
  }
  subscriber.label = "user part";
  return subscriber;
}

Expected<Subscriber> subscriber_from_tel(const url_t& url) {
  if (url.url_user == nullptr || *url.url_user == '\0') {
    return Expected<Subscriber>::failure("tel URI has no number");
  }
  Subscriber subscriber;
  subscriber.number = url.url_user;
  subscriber.phone_context = phone_context_of(url.url_params);
  subscriber.label = "number";
  return subscriber;
}

Expected<Subscriber> subscriber_from_url(const url_t& url) {
  switch (url.url_type) {
    case url_sip:
    case url_sips:
      return subscriber_from_sip_user(url);
    case url_tel:
      return subscriber_from_tel(url);
    default:
      break;
  }
  if (url.url_scheme == nullptr || *url.url_scheme == '\0') {
    return Expected<Subscriber>::failure("URI has no scheme; expected sip, sips or tel");
  }
  return Expected<Subscriber>::failure("scheme " + quote_value(url.url_scheme) + " is not sip, sips or tel");
}

// A whole header value: display name, <URI>, header parameters and tag.
Expected<Subscriber> subscriber_from_header(const std::string& text) {
  SofiaHome home;
  if (!home.ok()) return Expected<Subscriber>::failure("out of memory");
  const sip_to_t* to = sip_to_make(home.get(), text.c_str());
  if (to == nullptr) return Expected<Subscriber>::failure("malformed To header value");
  return subscriber_from_url(*to->a_url);
}

// A bare URI is read as a Request-URI: its parameters belong to the URI (a
// bare URI in a To header would hand them to the header instead, which breaks
// a tel: phone-context and a sip: user part carrying ';').
Expected<Subscriber> subscriber_from_uri(const std::string& text) {
  SofiaHome home;
  if (!home.ok()) return Expected<Subscriber>::failure("out of memory");
  const url_t* url = url_make(home.get(), text.c_str());
  if (url == nullptr || url->url_type == url_invalid) return Expected<Subscriber>::failure("malformed URI");
  return subscriber_from_url(*url);
}

Expected<Subscriber> subscriber_from_dial_string(const std::string& text) {
  if (text.find_first_of("@:") != std::string::npos) {
    return Expected<Subscriber>::failure("neither a number nor a sip:, sips: or tel: URI");
  }
  Subscriber subscriber;
  subscriber.number = text;
  subscriber.spaces_allowed = true;
  return subscriber;
}

// RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"
bool starts_with_uri_scheme(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || !is_ascii_letter(text[0])) return false;
  for (std::size_t i = 1; i < colon; ++i) {
    const char c = text[i];
    if (!is_ascii_letter(c) && !is_ascii_digit(c) && c != '+' && c != '-' && c != '.') return false;
  }
  return true;
}

bool looks_like_header(std::string_view text) { return text.front() == '"' || text.find('<') != std::string_view::npos; }

Expected<Subscriber> find_subscriber(const std::string& text) {
  if (looks_like_header(text)) return subscriber_from_header(text);
  if (starts_with_uri_scheme(text)) return subscriber_from_uri(text);
  return subscriber_from_dial_string(text);
}

// ---------------------------------------------------------------- dial text

// RFC 3966 visual separators; in a typed number also spaces and '/'.
bool is_dial_separator(char c, bool spaces_allowed) {
  return is_visual_separator(c) || (spaces_allowed && (c == ' ' || c == '/'));
}

std::string character_problem(std::string_view text, std::size_t at) {
  const char c = text[at];
  if (c == '+') return "has '+' after its first character";
  if (c == ' ') return "has a space";
  if (is_non_ascii(c)) return "has a non-ASCII character";
  if (c == '%') return "has an escaped character " + quote_value(text.substr(at, 3));
  return std::string("has character '") + c + "'";
}

// Only digits, a leading '+' and visual separators reach libphonenumber.
std::optional<std::string> dial_text_problem(std::string_view text, bool spaces_allowed) {
  for (char c : text) {
    if (is_ascii_letter(c)) return "has letters";
  }
  bool has_digit = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_ascii_digit(c)) {
      has_digit = true;
    } else if (!(c == '+' && i == 0) && !is_dial_separator(c, spaces_allowed)) {
      return character_problem(text, i);
    }
  }
  if (!has_digit) return "has no digits";
  return std::nullopt;
}

std::string labelled(const std::string& label, std::string_view text, const std::string& problem) {
  if (label.empty()) return problem;
  return label + " " + quote_value(text) + " " + problem;
}

// A local number (no '+') with a global phone-context ("+33", "+1-212") is
// the context's digits followed by the number (RFC 3966 section 5.1.5). A
// domain-name context says nothing about the numbering plan and is ignored:
// the default country applies.
Expected<std::string> dial_text_of(const Subscriber& subscriber) {
  if (auto problem = dial_text_problem(subscriber.number, subscriber.spaces_allowed)) {
    return Expected<std::string>::failure(labelled(subscriber.label, subscriber.number, *problem));
  }
  const bool local = subscriber.number[0] != '+';
  const bool global_context = !subscriber.phone_context.empty() && subscriber.phone_context[0] == '+';
  if (!local || !global_context) return subscriber.number;
  if (auto problem = dial_text_problem(subscriber.phone_context, false)) {
    return Expected<std::string>::failure(labelled("phone-context", subscriber.phone_context, *problem));
  }
  return subscriber.phone_context + subscriber.number;
}

// ---------------------------------------------------------------- numbering plan

std::string country_code_name(int country_code) {
  std::string region;
  PhoneNumberUtil::GetInstance()->GetRegionCodeForCountryCode(country_code, &region);
  std::string name = "country code +" + std::to_string(country_code);
  // Non-geographic codes (+800, +882) have region "001".
  if (!region.empty() && region != RegionCode::GetUnknown() && region != "001") name += " (" + region + ")";
  return name;
}

std::string parse_error_reason(PhoneNumberUtil::ErrorType error) {
  switch (error) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR: return "unknown country code";
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD: return "too short after the international prefix";
    case PhoneNumberUtil::TOO_SHORT_NSN: return "too short";
    case PhoneNumberUtil::TOO_LONG_NSN: return "too long";
    // The characters were checked before parsing, so what libphonenumber
    // still rejects as "not a number" is a single digit.
    default: return "too few digits";
  }
}

std::string impossibility_reason(PhoneNumberUtil::ValidationResult result, int country_code) {
  switch (result) {
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
      return "a local number without its area code, " + country_code_name(country_code);
    case PhoneNumberUtil::INVALID_COUNTRY_CODE: return "unknown country code +" + std::to_string(country_code);
    case PhoneNumberUtil::TOO_SHORT: return "too short for " + country_code_name(country_code);
    case PhoneNumberUtil::TOO_LONG: return "too long for " + country_code_name(country_code);
    default: return "length not possible for " + country_code_name(country_code);
  }
}

// What the numbering plan makes of the dial text, formatted E.164. Whether
// that result may be accepted is e164_problem()'s decision alone.
Expected<std::string> e164_of(const std::string& dial_text, const std::string& region) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  const auto parse_error = util.Parse(dial_text, region, &number);
  if (parse_error != PhoneNumberUtil::NO_PARSING_ERROR) {
    return Expected<std::string>::failure(parse_error_reason(parse_error));
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  return e164;
}

// ITU-T E.164: '+', a country code that does not start with 0, at most 15
// digits in all (^\+[1-9][0-9]{1,14}$).
std::optional<std::string> e164_syntax_problem(std::string_view text) {
  if (text.size() < 2 || text[0] != '+') return "not written as + and digits";
  for (char c : text.substr(1)) {
    if (!is_ascii_digit(c)) return "not written as + and digits";
  }
  if (text[1] == '0') return "a country code cannot start with 0";
  const std::size_t digits = text.size() - 1;
  if (digits < 2) return "too few digits";
  if (digits > 15) return "has " + std::to_string(digits) + " digits; E.164 allows at most 15";
  return std::nullopt;
}

// The country's trunk prefix ("0" in FR, "1" in the US), empty when it has
// none or the code is not geographic.
std::string trunk_prefix_of(int country_code) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::string region;
  util.GetRegionCodeForCountryCode(country_code, &region);
  // Asking for a region without metadata makes libphonenumber log a warning.
  if (region.empty() || region == RegionCode::GetUnknown() || region == "001") return {};
  std::string prefix;
  util.GetNddPrefixForRegion(region, true, &prefix);
  return prefix;
}

// The one gate every accepted number passes. "Possible" (a plausible length
// for the country) rather than "valid" (a range allocated today): metadata
// ages faster than numbering plans, and administrators test with fictional
// ranges such as Ofcom's 07700 900xxx. The exception is a number that still
// starts with its country's trunk prefix: libphonenumber keeps the prefix
// when stripping it leaves too few digits ("067653001" in FR gives
// +33067653001), and such a number is only taken when it is a valid one
// (Russia's +7 800 toll-free range starts with its trunk prefix 8).
std::optional<std::string> e164_problem(std::string_view text) {
  if (auto problem = e164_syntax_problem(text)) return problem;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber number;
  const auto parse_error = util.Parse(std::string(text), RegionCode::GetUnknown(), &number);
  if (parse_error != PhoneNumberUtil::NO_PARSING_ERROR) return parse_error_reason(parse_error);
  const auto possibility = util.IsPossibleNumberWithReason(number);
  if (possibility != PhoneNumberUtil::IS_POSSIBLE) return impossibility_reason(possibility, number.country_code());
  std::string national;
  util.GetNationalSignificantNumber(number, &national);
  const std::string trunk = trunk_prefix_of(number.country_code());
  if (!trunk.empty() && national.compare(0, trunk.size(), trunk) == 0 && !util.IsValidNumber(number)) {
    return "the national number after " + country_code_name(number.country_code()) + " starts with the trunk prefix " +
           trunk + ", which is dialled only inside the country";
  }
  // Canonical means formatting gives the text back ("+330676530019" parses,
  // the trunk 0 dropped, but is not how the number is written), so that an
  // accepted number normalises to itself.
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  if (e164 != text) return "not canonical E.164 (written " + e164 + ")";
  return std::nullopt;
}

// The reason is bare ("has letters"); the caller names the input.
Expected<std::string> e164_from_input(std::string_view input, const std::string& region) {
  if (input.size() > kMaxInputLength) {
    return Expected<std::string>::failure("longer than " + std::to_string(kMaxInputLength) + " bytes");
  }
  const std::string_view text = trim_blanks(input);
  if (text.empty()) return Expected<std::string>::failure("empty input");
  if (auto problem = input_text_problem(text)) return Expected<std::string>::failure(*problem);

  const auto subscriber = find_subscriber(std::string(text));
  if (!subscriber) return Expected<std::string>::failure(subscriber.error());
  const auto dial_text = dial_text_of(*subscriber);
  if (!dial_text) return dial_text;
  return e164_of(*dial_text, region);
}

}  // namespace

Expected<std::string> numbering_region(std::string_view country) { return region_for(country); }

Expected<std::string> normalize_number(std::string_view input, std::string_view default_country) {
  const auto region = region_for(default_country);
  if (!region) return region;
  auto e164 = e164_from_input(input, *region);
  if (!e164) return Expected<std::string>::failure(not_a_number(input, e164.error()));
  // Every accepted path ends here, whatever the input's form.
  if (auto problem = e164_problem(*e164)) return Expected<std::string>::failure(not_a_number(input, *problem));
  return e164;
}

bool is_e164(std::string_view text) { return !e164_problem(text).has_value(); }

}  // namespace tenant
