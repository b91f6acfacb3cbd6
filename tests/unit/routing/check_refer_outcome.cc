// How the module reads mod_sofia's record of a REFER: sip_refer_status_code
// (the REFER's final response) and sip_refer_reply (the last NOTIFY's
// message/sipfrag body, RFC 3515).
#include "core/routing/refer_outcome.hh"
#include "test_support.hh"

using tenant::classify_refer;
using State = tenant::ReferOutcome::State;

START_TEST(nothing_yet_is_pending) {
  ck_assert(classify_refer("", "").state == State::pending);
  ck_assert(classify_refer("202", "").state == State::pending);  // accepted, no verdict yet
  ck_assert(classify_refer("202", "SIP/2.0 100 Trying\r\n").state == State::pending);
  ck_assert(classify_refer("202", "SIP/2.0 180 Ringing\r\n").state == State::pending);
}
END_TEST

START_TEST(declined_refer_fails_with_its_status) {
  const auto o = classify_refer("603", "");
  ck_assert(o.state == State::failed);
  ck_assert_int_eq(o.sip_status, 603);
  ck_assert_int_eq(classify_refer("405", "").sip_status, 405);
}
END_TEST

START_TEST(notify_verdicts) {
  const auto ok = classify_refer("202", "SIP/2.0 200 OK\r\n");
  ck_assert(ok.state == State::transferred);
  ck_assert_int_eq(ok.sip_status, 200);
  const auto busy = classify_refer("202", "SIP/2.0 486 Busy Here\r\n");
  ck_assert(busy.state == State::failed);
  ck_assert_int_eq(busy.sip_status, 486);
  // The NOTIFY can arrive before the 202 is recorded.
  ck_assert(classify_refer("", "SIP/2.0 200 OK").state == State::transferred);
}
END_TEST

START_TEST(a_body_that_is_no_sipfrag_is_no_success) {
  const auto o = classify_refer("202", "hello");
  ck_assert(o.state == State::failed);
  ck_assert_int_eq(o.sip_status, 0);
  ck_assert(classify_refer("202", "SIP/2.0 2x0 OK").state == State::failed);
}
END_TEST

int main() {
  Suite* s = suite_create("refer_outcome");
  TCase* tc = tcase_create("freeswitch");
  tcase_add_test(tc, nothing_yet_is_pending);
  tcase_add_test(tc, declined_refer_fails_with_its_status);
  tcase_add_test(tc, notify_verdicts);
  tcase_add_test(tc, a_body_that_is_no_sipfrag_is_no_success);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
