// The transfer decision table (docs/transfer-decision.md), on tenants built
// in memory. Instants are chosen by hand around Monday 2026-03-30, the day
// after Europe/Paris moved to CEST (UTC+2):
//   "office"  Mon-Fri 09:00-17:00 Paris = 07:00Z-15:00Z that week
//   "evening" daily   17:00-21:00 Paris = 15:00Z-19:00Z
//   "tokyo"   daily   06:00-07:00 Tokyo (UTC+9, no DST) = 21:00Z-22:00Z the day before
#include <optional>
#include <string>
#include <vector>

#include "core/routing/transfer_decision.hh"
#include "core/routing/destination_rules.hh"
#include "core/hours/schedule.hh"
#include "core/tenant/tenant_config.hh"
#include "test_support.hh"

using tenant::BusinessHours;
using tenant::BusinessHoursSpec;
using tenant::decide_refer;
using tenant::Destination;
using tenant::ReferDecision;
using tenant::ReferOptions;
using tenant::refer_to_uri;
using tenant::Schedule;
using tenant::TenantConfig;

namespace {

const char kOffice[] = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0";
const char kEvening[] = "FREQ=DAILY;BYHOUR=17;BYMINUTE=0";
const char kTokyoMorning[] = "FREQ=DAILY;BYHOUR=6;BYMINUTE=0";

BusinessHours hours(const char* rrule, int duration_minutes, const char* tz = "Europe/Paris") {
  BusinessHoursSpec spec;
  spec.tz = tz;
  spec.rrule = rrule;
  spec.duration_minutes = duration_minutes;
  auto compiled = Schedule::compile(spec);
  ck_assert_msg(compiled.ok(), "schedule %s does not compile: %s", rrule, compiled.error().c_str());
  return BusinessHours{spec, compiled.value()};
}

Destination destination(const char* id, std::int64_t priority = 0) {
  Destination d;
  d.destination_id = id;
  d.label = std::string("label of ") + id;
  d.target_uri = std::string("sip:") + id + "@pbx.example.com";
  d.description_for_model = "test destination";
  d.priority = priority;
  return d;
}

Destination with_hours(Destination d, BusinessHours h) {
  d.business_hours = std::move(h);
  return d;
}

Destination with_after_hours(Destination d, const char* next) {
  d.after_hours_destination_id = std::string(next);
  return d;
}

TenantConfig tenant_with(std::vector<Destination> destinations) {
  TenantConfig t;
  t.id = t.tenant_id = "tenant-test-001";
  t.client_id = "testclient";
  t.display_name = "Test";
  t.status = "active";
  t.refer.enabled = true;
  t.refer.require_confirmation = true;
  t.refer.destinations = std::move(destinations);
  tenant::compile_availabilities(t);
  return t;
}

// The usual tenant: commercial (office hours) falls back to accueil
// (evening), which has no fallback; planning is always open.
TenantConfig office_tenant() {
  Destination commercial = with_after_hours(with_hours(destination("commercial", 1), hours(kOffice, 480)), "accueil");
  commercial.label = "Mme Gogny";
  commercial.target_uri = "tel:+33240000001";
  Destination accueil = with_hours(destination("accueil", 3), hours(kEvening, 240));
  Destination planning = destination("planning", 2);
  planning.target_uri = "tel:+33240000002";
  return tenant_with({commercial, accueil, planning});
}

std::string chain_of(const ReferDecision& d) {
  std::string out;
  for (const auto& hop : d.chain) {
    if (!out.empty()) out += ",";
    out += hop.destination_id + ":" + hop.status;
  }
  return out;
}

void assert_chosen(const ReferDecision& d, const char* id, const char* reason, const char* chain) {
  ck_assert_msg(d.ok, "refused: %s (%s)", d.error.c_str(), d.message.c_str());
  ck_assert_ptr_nonnull(d.destination);
  ck_assert_str_eq(d.destination->destination_id.c_str(), id);
  ck_assert_str_eq(d.reason.c_str(), reason);
  ck_assert_string_eq(chain_of(d), chain);
}

void assert_refused(const ReferDecision& d, const char* code, const char* chain) {
  ck_assert_msg(!d.ok, "expected a refusal, got %s",
                d.destination ? d.destination->destination_id.c_str() : "(no destination)");
  ck_assert_ptr_null(d.destination);
  ck_assert_str_eq(d.error.c_str(), code);
  ck_assert_msg(!d.message.empty(), "a refusal explains itself");
  ck_assert_string_eq(chain_of(d), chain);
}

std::optional<std::string> id(const char* text) { return std::string(text); }

}  // namespace

// ---------------------------------------------------------------- requested destination

START_TEST(requested_open_in_business_hours) {
  const TenantConfig t = office_tenant();
  // 09:30 in Paris on a Monday.
  const auto d = decide_refer(t, id("commercial"), at("2026-03-30T07:30:00Z"));
  assert_chosen(d, "commercial", "open", "commercial:open");
  ck_assert_str_eq(d.refer_to.c_str(), "tel:+33240000001");
  ck_assert(!d.next_open);
}
END_TEST

START_TEST(requested_without_business_hours_is_always_open) {
  const TenantConfig t = office_tenant();
  // 03:00 on a Sunday in Paris: nothing with hours is open, planning has none.
  const auto d = decide_refer(t, id("planning"), at("2026-03-29T01:00:00Z"));
  assert_chosen(d, "planning", "open", "planning:open");
}
END_TEST

START_TEST(window_start_is_open_and_end_is_closed) {
  const TenantConfig t = office_tenant();
  // 09:00:00 Paris opens the window; 17:00:00 is already outside it, and the
  // evening desk (17:00-21:00) takes over at the same second.
  assert_chosen(decide_refer(t, id("commercial"), at("2026-03-30T07:00:00Z")), "commercial", "open",
                "commercial:open");
  assert_chosen(decide_refer(t, id("commercial"), at("2026-03-30T14:59:59Z")), "commercial", "open",
                "commercial:open");
  assert_chosen(decide_refer(t, id("commercial"), at("2026-03-30T15:00:00Z")), "accueil", "after_hours",
                "commercial:closed,accueil:open");
}
END_TEST

START_TEST(closed_requested_follows_after_hours_hop) {
  const TenantConfig t = office_tenant();
  // 18:00 in Paris: commercial closed since 17:00, accueil open until 21:00.
  const auto d = decide_refer(t, id("commercial"), at("2026-03-30T16:00:00Z"));
  assert_chosen(d, "accueil", "after_hours", "commercial:closed,accueil:open");
  ck_assert_str_eq(d.refer_to.c_str(), "sip:accueil@pbx.example.com");
}
END_TEST

START_TEST(chain_ending_closed_reports_requested_next_open) {
  const TenantConfig t = office_tenant();
  // 22:00 Monday in Paris: both closed, accueil has no fallback. The caller
  // asked for commercial, which opens Tuesday 09:00 CEST = 07:00Z, although
  // accueil would open first (Tuesday 17:00).
  const auto d = decide_refer(t, id("commercial"), at("2026-03-30T20:00:00Z"));
  assert_refused(d, "closed", "commercial:closed,accueil:closed");
  ck_assert(d.next_open.has_value());
  ck_assert_int_eq(*d.next_open, at("2026-03-31T07:00:00Z"));
}
END_TEST

START_TEST(closed_over_the_weekend_opens_monday) {
  const TenantConfig t = office_tenant();
  // Friday 2026-04-03 22:00 Paris -> Monday 2026-04-06 09:00 CEST.
  const auto d = decide_refer(t, id("commercial"), at("2026-04-03T20:00:00Z"));
  assert_refused(d, "closed", "commercial:closed,accueil:closed");
  ck_assert_int_eq(*d.next_open, at("2026-04-06T07:00:00Z"));
}
END_TEST

START_TEST(next_open_across_the_dst_change) {
  const TenantConfig t = office_tenant();
  // Friday 2026-03-27 22:00 CET (UTC+1) = 21:00Z. Paris springs forward on
  // Sunday, so Monday 09:00 is CEST: 07:00Z, not 08:00Z.
  const auto d = decide_refer(t, id("commercial"), at("2026-03-27T21:00:00Z"));
  assert_refused(d, "closed", "commercial:closed,accueil:closed");
  ck_assert_int_eq(*d.next_open, at("2026-03-30T07:00:00Z"));
  // And the Friday before, 09:30 CET = 08:30Z, commercial was open.
  assert_chosen(decide_refer(t, id("commercial"), at("2026-03-27T08:30:00Z")), "commercial", "open",
                "commercial:open");
}
END_TEST

START_TEST(closed_without_fallback) {
  TenantConfig t = office_tenant();
  t.refer.destinations[0].after_hours_destination_id.reset();
  const auto d = decide_refer(t, id("commercial"), at("2026-03-30T16:00:00Z"));
  assert_refused(d, "closed", "commercial:closed");
  ck_assert_int_eq(*d.next_open, at("2026-03-31T07:00:00Z"));
}
END_TEST

START_TEST(cycle_ends_the_chain) {
  // a -> b -> a, both on office hours: a cycle, not an endless loop.
  TenantConfig t = tenant_with({with_after_hours(with_hours(destination("desk_a"), hours(kOffice, 480)), "desk_b"),
                                with_after_hours(with_hours(destination("desk_b"), hours(kOffice, 480)), "desk_a")});
  const auto d = decide_refer(t, id("desk_a"), at("2026-03-30T20:00:00Z"));
  assert_refused(d, "closed", "desk_a:closed,desk_b:closed,desk_a:cycle");
  ck_assert_int_eq(*d.next_open, at("2026-03-31T07:00:00Z"));
}
END_TEST

START_TEST(self_reference_is_a_cycle) {
  TenantConfig t = tenant_with({with_after_hours(with_hours(destination("desk_a"), hours(kOffice, 480)), "desk_a")});
  const auto d = decide_refer(t, id("desk_a"), at("2026-03-30T20:00:00Z"));
  assert_refused(d, "closed", "desk_a:closed,desk_a:cycle");
}
END_TEST

START_TEST(cycle_after_an_open_hop_is_never_reached) {
  // a (closed) -> b (open) -> a: b takes the call before the cycle matters.
  TenantConfig t = tenant_with({with_after_hours(with_hours(destination("desk_a"), hours(kOffice, 480)), "desk_b"),
                                with_after_hours(destination("desk_b"), "desk_a")});
  assert_chosen(decide_refer(t, id("desk_a"), at("2026-03-30T20:00:00Z")), "desk_b", "after_hours",
                "desk_a:closed,desk_b:open");
}
END_TEST

START_TEST(long_chain_reaches_third_hop) {
  // office -> evening -> always open, at 22:00 Paris.
  TenantConfig t =
      tenant_with({with_after_hours(with_hours(destination("office"), hours(kOffice, 480)), "evening"),
                   with_after_hours(with_hours(destination("evening"), hours(kEvening, 240)), "night_line"),
                   destination("night_line")});
  assert_chosen(decide_refer(t, id("office"), at("2026-03-30T20:00:00Z")), "night_line", "after_hours",
                "office:closed,evening:closed,night_line:open");
}
END_TEST

START_TEST(requested_disabled) {
  TenantConfig t = office_tenant();
  t.refer.destinations[2].enabled = false;  // planning
  const auto d = decide_refer(t, id("planning"), at("2026-03-30T07:30:00Z"));
  assert_refused(d, "destination_disabled", "planning:disabled");
  ck_assert(!d.next_open);
}
END_TEST

START_TEST(disabled_hop_ends_the_chain) {
  // accueil is disabled: the chain stops there rather than skipping it.
  TenantConfig t = office_tenant();
  t.refer.destinations[1].enabled = false;
  t.refer.destinations[1].after_hours_destination_id = std::string("planning");
  const auto d = decide_refer(t, id("commercial"), at("2026-03-30T16:00:00Z"));
  assert_refused(d, "closed", "commercial:closed,accueil:disabled");
  ck_assert_int_eq(*d.next_open, at("2026-03-31T07:00:00Z"));
}
END_TEST

START_TEST(requested_unknown) {
  const TenantConfig t = office_tenant();
  const auto d = decide_refer(t, id("comptabilite"), at("2026-03-30T07:30:00Z"));
  assert_refused(d, "unknown_destination", "comptabilite:missing");
  ck_assert(!d.next_open);
}
END_TEST

START_TEST(missing_hop_ends_the_chain) {
  TenantConfig t = office_tenant();
  t.refer.destinations[0].after_hours_destination_id = std::string("voicemail");
  const auto d = decide_refer(t, id("commercial"), at("2026-03-30T16:00:00Z"));
  assert_refused(d, "closed", "commercial:closed,voicemail:missing");
  ck_assert_int_eq(*d.next_open, at("2026-03-31T07:00:00Z"));
}
END_TEST

START_TEST(requested_unusable) {
  TenantConfig t = office_tenant();
  t.refer.destinations[2].usable = false;  // planning, e.g. an unsafe target_uri
  const auto d = decide_refer(t, id("planning"), at("2026-03-30T07:30:00Z"));
  assert_refused(d, "invalid_destination", "planning:unusable");
}
END_TEST

START_TEST(unusable_hop_ends_the_chain) {
  TenantConfig t = office_tenant();
  t.refer.destinations[1].usable = false;  // accueil
  const auto d = decide_refer(t, id("commercial"), at("2026-03-30T16:00:00Z"));
  assert_refused(d, "closed", "commercial:closed,accueil:unusable");
}
END_TEST

START_TEST(hours_that_did_not_compile_make_a_destination_unusable) {
  // A hand-built config that kept hours without a schedule: the decision
  // cannot tell whether it is open, so it does not guess.
  TenantConfig t = office_tenant();
  t.refer.destinations[2].business_hours = BusinessHours{BusinessHoursSpec{}, nullptr};
  tenant::compile_availabilities(t);
  assert_refused(decide_refer(t, id("planning"), at("2026-03-30T07:30:00Z")), "invalid_destination",
                 "planning:unusable");
}
END_TEST

START_TEST(an_unrelated_broken_destination_does_not_matter) {
  TenantConfig t = office_tenant();
  t.refer.destinations[2].usable = false;  // planning
  assert_chosen(decide_refer(t, id("commercial"), at("2026-03-30T07:30:00Z")), "commercial", "open",
                "commercial:open");
}
END_TEST

// ---------------------------------------------------------------- tenant-level refusals

START_TEST(refer_disabled) {
  TenantConfig t = office_tenant();
  t.refer.enabled = false;
  assert_refused(decide_refer(t, id("planning"), at("2026-03-30T07:30:00Z")), "refer_disabled", "");
  assert_refused(decide_refer(t, std::nullopt, at("2026-03-30T07:30:00Z")), "refer_disabled", "");
}
END_TEST

START_TEST(tenant_level_errors_refuse_everything) {
  TenantConfig t = office_tenant();
  t.tenant_level_errors = true;
  assert_refused(decide_refer(t, id("planning"), at("2026-03-30T07:30:00Z")), "invalid_config", "");
  assert_refused(decide_refer(t, std::nullopt, at("2026-03-30T07:30:00Z")), "invalid_config", "");
}
END_TEST

// ---------------------------------------------------------------- no destination requested

START_TEST(priority_picks_lowest_open) {
  const TenantConfig t = office_tenant();
  // 09:30 Monday: commercial (priority 1) open.
  const auto d = decide_refer(t, std::nullopt, at("2026-03-30T07:30:00Z"));
  assert_chosen(d, "commercial", "priority", "commercial:open");
}
END_TEST

START_TEST(priority_skips_closed_and_records_them) {
  const TenantConfig t = office_tenant();
  // 18:00 Monday: commercial (1) closed, planning (2) always open; accueil
  // (3) is open too but comes later.
  const auto d = decide_refer(t, std::nullopt, at("2026-03-30T16:00:00Z"));
  assert_chosen(d, "planning", "priority", "commercial:closed,planning:open");
  ck_assert_str_eq(d.refer_to.c_str(), "tel:+33240000002");
}
END_TEST

START_TEST(priority_does_not_follow_after_hours) {
  // Without a requested id the order is the priority list, not commercial's
  // fallback: accueil (priority 3) is only reached after planning (2).
  TenantConfig t = office_tenant();
  t.refer.destinations[2].enabled = false;
  const auto d = decide_refer(t, std::nullopt, at("2026-03-30T16:00:00Z"));
  assert_chosen(d, "accueil", "priority", "commercial:closed,planning:disabled,accueil:open");
}
END_TEST

START_TEST(priority_ties_keep_document_order) {
  TenantConfig t = tenant_with({destination("second_tier", 2), destination("first_b", 1), destination("first_a", 1)});
  assert_chosen(decide_refer(t, std::nullopt, at("2026-03-30T07:30:00Z")), "first_b", "priority", "first_b:open");
  t.refer.destinations[1].enabled = false;
  assert_chosen(decide_refer(t, std::nullopt, at("2026-03-30T07:30:00Z")), "first_a", "priority",
                "first_b:disabled,first_a:open");
}
END_TEST

START_TEST(priority_default_zero_and_negative) {
  // priority defaults to 0; a negative one comes before it.
  TenantConfig t = tenant_with({destination("zero"), destination("minus", -5)});
  assert_chosen(decide_refer(t, std::nullopt, at("2026-03-30T07:30:00Z")), "minus", "priority", "minus:open");
}
END_TEST

START_TEST(priority_skips_unusable) {
  TenantConfig t = tenant_with({destination("broken", 0), destination("fine", 1)});
  t.refer.destinations[0].usable = false;
  assert_chosen(decide_refer(t, std::nullopt, at("2026-03-30T07:30:00Z")), "fine", "priority",
                "broken:unusable,fine:open");
}
END_TEST

START_TEST(nothing_open_reports_earliest_opening) {
  // 22:00 Monday in Paris = 05:00 Tuesday in Tokyo. Office opens Tuesday
  // 07:00Z; the Tokyo desk opens at 06:00 JST = 21:00Z, an hour from now.
  TenantConfig t = tenant_with({with_hours(destination("office", 0), hours(kOffice, 480)),
                                with_hours(destination("tokyo_desk", 1), hours(kTokyoMorning, 60, "Asia/Tokyo"))});
  const auto d = decide_refer(t, std::nullopt, at("2026-03-30T20:00:00Z"));
  assert_refused(d, "closed", "office:closed,tokyo_desk:closed");
  ck_assert(d.next_open.has_value());
  ck_assert_int_eq(*d.next_open, at("2026-03-30T21:00:00Z"));

  // Half an hour into the Tokyo window it takes the call.
  assert_chosen(decide_refer(t, std::nullopt, at("2026-03-30T21:30:00Z")), "tokyo_desk", "priority",
                "office:closed,tokyo_desk:open");
}
END_TEST

START_TEST(nothing_open_ignores_disabled_destinations_for_next_open) {
  // The Tokyo desk would open first but is disabled: the answer is office's.
  TenantConfig t = tenant_with({with_hours(destination("office", 0), hours(kOffice, 480)),
                                with_hours(destination("tokyo_desk", 1), hours(kTokyoMorning, 60, "Asia/Tokyo"))});
  t.refer.destinations[1].enabled = false;
  const auto d = decide_refer(t, std::nullopt, at("2026-03-30T20:00:00Z"));
  assert_refused(d, "closed", "office:closed,tokyo_desk:disabled");
  ck_assert_int_eq(*d.next_open, at("2026-03-31T07:00:00Z"));
}
END_TEST

START_TEST(no_candidate_at_all) {
  TenantConfig t = tenant_with({destination("only")});
  t.refer.destinations[0].enabled = false;
  auto d = decide_refer(t, std::nullopt, at("2026-03-30T07:30:00Z"));
  assert_refused(d, "closed", "only:disabled");
  ck_assert(!d.next_open);

  d = decide_refer(tenant_with({}), std::nullopt, at("2026-03-30T07:30:00Z"));
  assert_refused(d, "closed", "");
  ck_assert(!d.next_open);
}
END_TEST

START_TEST(rule_that_has_ended_never_opens) {
  // COUNT=1 from the default DTSTART: one window on 2024-01-01, none since.
  TenantConfig t = tenant_with({with_hours(destination("once"), hours("FREQ=DAILY;COUNT=1;BYHOUR=9;BYMINUTE=0", 60))});
  auto d = decide_refer(t, std::nullopt, at("2026-03-30T07:30:00Z"));
  assert_refused(d, "closed", "once:closed");
  ck_assert(!d.next_open);
  d = decide_refer(t, id("once"), at("2026-03-30T07:30:00Z"));
  assert_refused(d, "closed", "once:closed");
  ck_assert(!d.next_open);
}
END_TEST

// ---------------------------------------------------------------- what the decision carries

START_TEST(decision_carries_refer_settings) {
  TenantConfig t = office_tenant();
  t.refer.handoff_phrase = std::string("Je vous passe le service.");
  t.refer.require_confirmation = false;
  const auto d = decide_refer(t, id("planning"), at("2026-03-30T07:30:00Z"));
  ck_assert(d.ok);
  ck_assert(d.handoff_phrase.has_value());
  ck_assert_str_eq(d.handoff_phrase->c_str(), "Je vous passe le service.");
  ck_assert(!d.require_confirmation);

  t.refer.handoff_phrase.reset();
  t.refer.require_confirmation = true;
  const auto d2 = decide_refer(t, id("planning"), at("2026-03-30T07:30:00Z"));
  ck_assert(!d2.handoff_phrase.has_value());
  ck_assert(d2.require_confirmation);
}
END_TEST

START_TEST(tel_rewrite_applies_to_decisions) {
  const TenantConfig t = office_tenant();
  ReferOptions options;
  options.tel_sip_domain = "gw.example.net";
  const auto d = decide_refer(t, id("commercial"), at("2026-03-30T07:30:00Z"), options);
  ck_assert(d.ok);
  ck_assert_str_eq(d.refer_to.c_str(), "sip:+33240000001@gw.example.net;user=phone");
  ck_assert_str_eq(d.destination->target_uri.c_str(), "tel:+33240000001");
}
END_TEST

// ---------------------------------------------------------------- Refer-To

START_TEST(refer_to_keeps_uris_by_default) {
  const ReferOptions keep;
  ck_assert_string_eq(refer_to_uri("tel:+33240000001", keep), "tel:+33240000001");
  ck_assert_string_eq(refer_to_uri("tel:+33-2-40-00-00-01", keep), "tel:+33-2-40-00-00-01");
  ck_assert_string_eq(refer_to_uri("sip:agent@pbx.example.com", keep), "sip:agent@pbx.example.com");
}
END_TEST

START_TEST(refer_to_rewrites_global_tel) {
  ReferOptions o;
  o.tel_sip_domain = "gw.example.net";
  ck_assert_string_eq(refer_to_uri("tel:+33240000001", o), "sip:+33240000001@gw.example.net;user=phone");
  // RFC 3966 visual separators are not part of the number.
  ck_assert_string_eq(refer_to_uri("tel:+33-2-40-00-00-01", o), "sip:+33240000001@gw.example.net;user=phone");
  ck_assert_string_eq(refer_to_uri("tel:+1-(212)-736.3100", o), "sip:+12127363100@gw.example.net;user=phone");
  // The scheme is case-insensitive.
  ck_assert_string_eq(refer_to_uri("TEL:+33240000001", o), "sip:+33240000001@gw.example.net;user=phone");
  // Parameters travel in the user part (RFC 3261 19.1.6).
  ck_assert_string_eq(refer_to_uri("tel:+33240000001;ext=12", o),
                   "sip:+33240000001;ext=12@gw.example.net;user=phone");
  // A port in the domain is kept.
  o.tel_sip_domain = "10.0.0.5:5080";
  ck_assert_string_eq(refer_to_uri("tel:+33240000001", o), "sip:+33240000001@10.0.0.5:5080;user=phone");
}
END_TEST

START_TEST(refer_to_keeps_what_it_cannot_rewrite) {
  ReferOptions o;
  o.tel_sip_domain = "gw.example.net";
  // A local number means nothing without its phone-context.
  ck_assert_string_eq(refer_to_uri("tel:7042;phone-context=example.com", o),
                   "tel:7042;phone-context=example.com");
  ck_assert_string_eq(refer_to_uri("tel:0240000001", o), "tel:0240000001");
  // Not E.164: no digits, a leading zero, more than 15 digits, letters.
  ck_assert_string_eq(refer_to_uri("tel:+", o), "tel:+");
  ck_assert_string_eq(refer_to_uri("tel:+0240000001", o), "tel:+0240000001");
  ck_assert_string_eq(refer_to_uri("tel:+3324000000123456", o), "tel:+3324000000123456");
  ck_assert_string_eq(refer_to_uri("tel:+33abc", o), "tel:+33abc");
  // A parameter that cannot sit in a SIP user part.
  ck_assert_string_eq(refer_to_uri("tel:+33240000001;x=[1]", o), "tel:+33240000001;x=[1]");
  // sip: and sips: are already what mod_sofia sends.
  ck_assert_string_eq(refer_to_uri("sip:agent@pbx.example.com", o), "sip:agent@pbx.example.com");
  ck_assert_string_eq(refer_to_uri("sips:+33240000001@pbx.example.com;user=phone", o),
                   "sips:+33240000001@pbx.example.com;user=phone");
}
END_TEST

// ---------------------------------------------------------------- JSON

START_TEST(json_of_a_transfer) {
  TenantConfig t = office_tenant();
  t.refer.require_confirmation = false;
  const auto d = decide_refer(t, id("commercial"), at("2026-03-30T16:00:00Z"));
  ck_assert_string_eq(tenant::refer_decision_json(d),
                   "{\"ok\":true,\"destination_id\":\"accueil\",\"label\":\"label of accueil\","
                   "\"target_uri\":\"sip:accueil@pbx.example.com\",\"refer_to\":\"sip:accueil@pbx.example.com\","
                   "\"reason\":\"after_hours\",\"chain\":[{\"destination_id\":\"commercial\",\"status\":\"closed\","
                   "\"closed_by\":\"hours\"},{\"destination_id\":\"accueil\",\"status\":\"open\"}],"
                   "\"handoff_phrase\":null,\"require_confirmation\":false,\"closed_by\":\"hours\",\"closed_label\":null}");

  t.refer.handoff_phrase = std::string("Un instant, je transfère \"votre\" appel.");
  ReferOptions o;
  o.tel_sip_domain = "gw.example.net";
  const auto d2 = decide_refer(t, id("commercial"), at("2026-03-30T07:30:00Z"), o);
  ck_assert_string_eq(tenant::refer_decision_json(d2),
                   "{\"ok\":true,\"destination_id\":\"commercial\",\"label\":\"Mme Gogny\","
                   "\"target_uri\":\"tel:+33240000001\",\"refer_to\":\"sip:+33240000001@gw.example.net;user=phone\","
                   "\"reason\":\"open\",\"chain\":[{\"destination_id\":\"commercial\",\"status\":\"open\"}],"
                   "\"handoff_phrase\":\"Un instant, je transfère \\\"votre\\\" appel.\","
                   "\"require_confirmation\":false,\"closed_by\":null,\"closed_label\":null}");
}
END_TEST

START_TEST(json_of_a_refusal) {
  const TenantConfig t = office_tenant();
  const auto closed = decide_refer(t, id("commercial"), at("2026-03-30T20:00:00Z"));
  const std::string json = tenant::refer_decision_json(closed);
  const std::string head = "{\"ok\":false,\"error\":\"closed\",\"next_open\":\"2026-03-31T07:00:00Z\",\"message\":";
  ck_assert_msg(json.compare(0, head.size(), head) == 0, "got %s", json.c_str());
  const std::string tail =
      ",\"chain\":[{\"destination_id\":\"commercial\",\"status\":\"closed\",\"closed_by\":\"hours\"},"
      "{\"destination_id\":\"accueil\",\"status\":\"closed\",\"closed_by\":\"hours\"}],"
      "\"closed_by\":\"hours\",\"closed_label\":null}";
  ck_assert_msg(json.size() > tail.size() && json.compare(json.size() - tail.size(), tail.size(), tail) == 0,
                "got %s", json.c_str());

  const auto unknown = decide_refer(t, id("nope"), at("2026-03-30T07:30:00Z"));
  const std::string json2 = tenant::refer_decision_json(unknown);
  const std::string head2 = "{\"ok\":false,\"error\":\"unknown_destination\",\"next_open\":null,\"message\":";
  ck_assert_msg(json2.compare(0, head2.size(), head2) == 0, "got %s", json2.c_str());
}
END_TEST

// Retries after a failed transfer (office_tenant, Monday 2026-03-30):
// at 08:00Z commercial is open, accueil closed (opens 15:00Z), planning open.
START_TEST(failover_goes_on_along_the_chain_then_by_priority) {
  const TenantConfig t = office_tenant();
  const std::vector<std::string> tried = {"commercial"};
  const auto d = tenant::decide_refer_after_failure(t, id("commercial"), tried, at("2026-03-30T08:00:00Z"));
  assert_chosen(d, "planning", "failover", "commercial:failed,accueil:closed,planning:open");
}
END_TEST

START_TEST(failover_follows_after_hours_hop_of_closed_request) {
  // 16:00Z: commercial is closed, its fallback accueil was tried and failed.
  const TenantConfig t = office_tenant();
  const std::vector<std::string> tried = {"accueil"};
  const auto d = tenant::decide_refer_after_failure(t, id("commercial"), tried, at("2026-03-30T16:00:00Z"));
  assert_chosen(d, "planning", "failover", "commercial:closed,accueil:failed,planning:open");
}
END_TEST

START_TEST(failover_never_offers_a_tried_destination_twice) {
  const TenantConfig t = office_tenant();
  const std::vector<std::string> tried = {"commercial", "planning"};
  const auto d = tenant::decide_refer_after_failure(t, id("commercial"), tried, at("2026-03-30T08:00:00Z"));
  assert_refused(d, "closed", "commercial:failed,accueil:closed,planning:failed");
  ck_assert(d.next_open.has_value());
  ck_assert_int_eq(*d.next_open, at("2026-03-30T15:00:00Z"));  // accueil, 17:00 CEST
}
END_TEST

START_TEST(failover_with_everything_tried) {
  const TenantConfig t = office_tenant();
  const std::vector<std::string> tried = {"commercial", "accueil", "planning"};
  const auto d = tenant::decide_refer_after_failure(t, id("commercial"), tried, at("2026-03-30T16:00:00Z"));
  assert_refused(d, "transfer_failed", "commercial:failed,accueil:failed,planning:failed");
}
END_TEST

START_TEST(failover_without_requested_id_starts_from_the_failed_one) {
  const TenantConfig t = office_tenant();
  const std::vector<std::string> tried = {"commercial"};
  const auto d = tenant::decide_refer_after_failure(t, std::nullopt, tried, at("2026-03-30T08:00:00Z"));
  assert_chosen(d, "planning", "failover", "commercial:failed,accueil:closed,planning:open");
  // Nothing tried yet: the ordinary decision.
  const auto first = tenant::decide_refer_after_failure(t, std::nullopt, {}, at("2026-03-30T08:00:00Z"));
  assert_chosen(first, "commercial", "priority", "commercial:open");
}
END_TEST

// A call's tenant must be active to be transferred (transfer_decision.hh).
START_TEST(call_refer_needs_an_active_tenant) {
  auto config = std::make_shared<TenantConfig>(office_tenant());
  tenant::TenantContext ctx;
  ctx.tenant_id = config->tenant_id;
  ctx.config = config;
  const auto at_open = at("2026-03-30T08:00:00Z");

  ctx.status = tenant::TenantStatus::active;
  assert_chosen(tenant::decide_transfer(&ctx, id("commercial"), {}, at_open, {}), "commercial", "open",
                "commercial:open");

  const struct {
    tenant::TenantStatus status;
    const char* code;
  } refusals[] = {{tenant::TenantStatus::disabled, "tenant_disabled"},
                  {tenant::TenantStatus::unknown, "unknown_tenant"},
                  {tenant::TenantStatus::invalid, "invalid_config"},
                  {tenant::TenantStatus::error, "tenant_unavailable"}};
  for (const auto& r : refusals) {
    ctx.status = r.status;
    const auto d = tenant::decide_transfer(&ctx, id("commercial"), {}, at_open, {});
    assert_refused(d, r.code, "");
  }
  assert_refused(tenant::decide_transfer(nullptr, std::nullopt, {}, at_open, {}), "unknown_tenant", "");
}
END_TEST

START_TEST(failover_setting_tenant_overrides_host) {
  TenantConfig t = office_tenant();
  ck_assert(!tenant::failover_enabled(t, false));
  ck_assert(tenant::failover_enabled(t, true));
  t.refer.failover = false;
  ck_assert(!tenant::failover_enabled(t, true));
  t.refer.failover = true;
  ck_assert(tenant::failover_enabled(t, false));
}
END_TEST

Suite* destination_rules_suite() {
  Suite* s = suite_create("destination_rules");

  TCase* requested = tcase_create("requested");
  tcase_add_test(requested, requested_open_in_business_hours);
  tcase_add_test(requested, requested_without_business_hours_is_always_open);
  tcase_add_test(requested, window_start_is_open_and_end_is_closed);
  tcase_add_test(requested, closed_requested_follows_after_hours_hop);
  tcase_add_test(requested, chain_ending_closed_reports_requested_next_open);
  tcase_add_test(requested, closed_over_the_weekend_opens_monday);
  tcase_add_test(requested, next_open_across_the_dst_change);
  tcase_add_test(requested, closed_without_fallback);
  tcase_add_test(requested, cycle_ends_the_chain);
  tcase_add_test(requested, self_reference_is_a_cycle);
  tcase_add_test(requested, cycle_after_an_open_hop_is_never_reached);
  tcase_add_test(requested, long_chain_reaches_third_hop);
  tcase_add_test(requested, requested_disabled);
  tcase_add_test(requested, disabled_hop_ends_the_chain);
  tcase_add_test(requested, requested_unknown);
  tcase_add_test(requested, missing_hop_ends_the_chain);
  tcase_add_test(requested, requested_unusable);
  tcase_add_test(requested, unusable_hop_ends_the_chain);
  tcase_add_test(requested, hours_that_did_not_compile_make_a_destination_unusable);
  tcase_add_test(requested, an_unrelated_broken_destination_does_not_matter);
  suite_add_tcase(s, requested);

  TCase* failover = tcase_create("failover");
  tcase_add_test(failover, failover_goes_on_along_the_chain_then_by_priority);
  tcase_add_test(failover, failover_follows_after_hours_hop_of_closed_request);
  tcase_add_test(failover, failover_never_offers_a_tried_destination_twice);
  tcase_add_test(failover, failover_with_everything_tried);
  tcase_add_test(failover, failover_without_requested_id_starts_from_the_failed_one);
  tcase_add_test(failover, call_refer_needs_an_active_tenant);
  tcase_add_test(failover, failover_setting_tenant_overrides_host);
  suite_add_tcase(s, failover);

  TCase* tenant_level = tcase_create("tenant_level");
  tcase_add_test(tenant_level, refer_disabled);
  tcase_add_test(tenant_level, tenant_level_errors_refuse_everything);
  suite_add_tcase(s, tenant_level);

  TCase* priority = tcase_create("priority");
  tcase_add_test(priority, priority_picks_lowest_open);
  tcase_add_test(priority, priority_skips_closed_and_records_them);
  tcase_add_test(priority, priority_does_not_follow_after_hours);
  tcase_add_test(priority, priority_ties_keep_document_order);
  tcase_add_test(priority, priority_default_zero_and_negative);
  tcase_add_test(priority, priority_skips_unusable);
  tcase_add_test(priority, nothing_open_reports_earliest_opening);
  tcase_add_test(priority, nothing_open_ignores_disabled_destinations_for_next_open);
  tcase_add_test(priority, no_candidate_at_all);
  tcase_add_test(priority, rule_that_has_ended_never_opens);
  suite_add_tcase(s, priority);

  TCase* output = tcase_create("output");
  tcase_add_test(output, decision_carries_refer_settings);
  tcase_add_test(output, tel_rewrite_applies_to_decisions);
  tcase_add_test(output, refer_to_keeps_uris_by_default);
  tcase_add_test(output, refer_to_rewrites_global_tel);
  tcase_add_test(output, refer_to_keeps_what_it_cannot_rewrite);
  tcase_add_test(output, json_of_a_transfer);
  tcase_add_test(output, json_of_a_refusal);
  suite_add_tcase(s, output);
  return s;
}

int main() { return run_suite(destination_rules_suite()); }
