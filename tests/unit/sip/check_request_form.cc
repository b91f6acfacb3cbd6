// What the SIP service reads from a request (sip/request_form.hh), on
// requests parsed by sofia-sip as the service receives them.
#include <string>

#include "sip/request_form.hh"
#include "test_support.hh"

// After the C++ headers: sofia-sip's parser header defines macros
// (_CR and the like) that the standard library's own names collide with.
#include <sofia-sip/msg.h>
#include <sofia-sip/sip_parser.h>

namespace {

// An owned sofia-sip message parsed from text (CRLF line ends added).
struct Parsed {
  msg_t* msg = nullptr;
  explicit Parsed(const std::string& request) {
    std::string text;
    for (std::size_t from = 0; from < request.size();) {
      const std::size_t end = request.find('\n', from);
      text += request.substr(from, end - from) + "\r\n";
      from = end == std::string::npos ? request.size() : end + 1;
    }
    text += "\r\n";
    msg = msg_make(sip_default_mclass(), 0, text.data(), static_cast<isize_t>(text.size()));
    ck_assert(msg != nullptr);
  }
  ~Parsed() { msg_destroy(msg); }
  const sip_t& sip() const { return *sip_object(msg); }
};

std::string request(const std::string& uri, const std::string& extra = "") {
  return "INVITE " + uri + " SIP/2.0\nVia: SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1\n" +
         "From: <sip:caller@example.com>;tag=1\nTo: <sip:+33100000009@example.com>\nCall-ID: c1\n" +
         "CSeq: 1 INVITE\nMax-Forwards: 70\n" + extra + "Content-Length: 0";
}

const tenant::NumberSource kRequestUri{tenant::NumberSource::Kind::request_uri_user, ""};
const tenant::NumberSource kToUser{tenant::NumberSource::Kind::to_user, ""};

}  // namespace

START_TEST(inbound_number_from_the_request_uri_or_the_to_user) {
  const Parsed p(request("sip:+33676530019@pbx.example.com;user=phone"));
  tenant::RequestForm form = tenant::read_request_form(p.sip(), kRequestUri);
  ck_assert(!form.transfer);
  ck_assert_string_eq(form.called, "+33676530019");
  form = tenant::read_request_form(p.sip(), kToUser);
  ck_assert_string_eq(form.called, "+33100000009");
  // Escapes in the user part are decoded (%2B is '+').
  const Parsed escaped(request("sip:%2B33676530019@pbx.example.com"));
  ck_assert_string_eq(tenant::read_request_form(escaped.sip(), kRequestUri).called, "+33676530019");
}
END_TEST

START_TEST(transfer_by_request_uri) {
  const Parsed p(request("sip:sales@redirect.example.com;tenant=tenant-prod-001"));
  const tenant::RequestForm form = tenant::read_request_form(p.sip(), kRequestUri);
  ck_assert(form.transfer);
  ck_assert_string_eq(form.tenant_id, "tenant-prod-001");
  ck_assert(form.destination_id && *form.destination_id == "sales");
  // No user part: by priority.
  const Parsed any(request("sip:redirect.example.com;TENANT=tenant-prod-001"));
  const tenant::RequestForm by_priority = tenant::read_request_form(any.sip(), kRequestUri);
  ck_assert(by_priority.transfer);
  ck_assert_string_eq(by_priority.tenant_id, "tenant-prod-001");
  ck_assert(!by_priority.destination_id);
}
END_TEST

START_TEST(transfer_by_headers) {
  const Parsed p(request("sip:anything@redirect.example.com",
                         "X-Tenant-Id:  tenant-prod-001 \nx-tenant-destination: support\n"));
  const tenant::RequestForm form = tenant::read_request_form(p.sip(), kRequestUri);
  ck_assert(form.transfer);
  ck_assert_string_eq(form.tenant_id, "tenant-prod-001");
  ck_assert(form.destination_id && *form.destination_id == "support");
  // X-Tenant-Id alone (an agent's INVITE carrying its tenant on) is an
  // inbound call.
  const Parsed inbound(request("sip:+33676530019@pbx.example.com", "X-Tenant-Id: tenant-prod-001\n"));
  ck_assert(!tenant::read_request_form(inbound.sip(), kRequestUri).transfer);
}
END_TEST

int main() {
  Suite* s = suite_create("request_form");
  TCase* tc = tcase_create("core");
  tcase_add_test(tc, inbound_number_from_the_request_uri_or_the_to_user);
  tcase_add_test(tc, transfer_by_request_uri);
  tcase_add_test(tc, transfer_by_headers);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
