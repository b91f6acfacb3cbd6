// The tenant model: the spec's defaults, what each kind of problem makes
// unusable, Extended JSON values, and reading documents from text.
#include <cjson/cJSON.h>

#include <fstream>
#include <sstream>
#include <string>

#include "core/util/problem.hh"
#include "core/tenant/tenant_config.hh"
#include "test_support.hh"

using tenant::Problem;
using tenant::TenantConfig;

namespace {

std::string read_example(const char* name) {
  const std::string path = std::string(TEST_SRCDIR) + "/conf/examples/" + name;
  std::ifstream in(path);
  ck_assert_msg(in.good(), "cannot read %s", path.c_str());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string dump(const tenant::Problems& problems) {
  std::string out;
  for (const auto& p : problems) out += "\n  " + p.to_string();
  return out.empty() ? " (none)" : out;
}

TenantConfig load(const std::string& text) {
  auto config = TenantConfig::from_json_text(text);
  ck_assert_msg(config.ok(), "document rejected: %s", config.error().c_str());
  return config.value();
}

// Only what the spec's $jsonSchema requires, nothing optional.
const char kMinimalDoc[] = R"({
  "_id": "tenant-test-009", "tenant_id": "tenant-test-009", "client_id": "minimal",
  "display_name": "Minimal", "summary_to": [], "timezone": "America/New_York", "status": "active",
  "schema_version": 1,
  "created_at": {"$date": "2026-01-15T10:00:00Z"}, "updated_at": {"$date": "2026-01-15T10:00:00Z"}
})";

// A tenant with three destinations, each of which a test breaks in turn.
std::string three_destinations(const std::string& first_uri, const std::string& second_extra,
                               const std::string& top_extra = "") {
  return R"({
    "_id": "tenant-test-010", "tenant_id": "tenant-test-010", "client_id": "three",
    "display_name": "Three", "summary_to": ["ops@three.example"], "timezone": "Europe/Paris",
    "status": "active", "schema_version": 1,
    "created_at": "2026-01-15T10:00:00Z", "updated_at": "2026-01-15T10:00:00Z",)" +
         top_extra + R"(
    "features": {"refer": {"enabled": true, "destinations": [
      {"destination_id": "first", "label": "One", "target_uri": )" +
         first_uri + R"(, "description_for_model": "d"},
      {"destination_id": "second", "label": "Two", "target_uri": "tel:+33140000002",
       "description_for_model": "d")" +
         second_extra + R"(},
      {"destination_id": "third", "label": "Three", "target_uri": "sip:third@pbx.example.com",
       "description_for_model": "d"}
    ]}}
  })";
}

bool has_error_at(const TenantConfig& config, const std::string& path) {
  for (const auto& p : config.problems)
    if (p.severity == Problem::Severity::error && p.path == path) return true;
  return false;
}

}  // namespace

// ------------------------------------------------------------------ reading values

START_TEST(spec_example_is_read) {
  const TenantConfig c = load(read_example("tenant-prod-001.json"));
  ck_assert_msg(c.problems.empty(), "problems:%s", dump(c.problems).c_str());
  ck_assert(!c.tenant_level_errors);
  ck_assert_str_eq(c.id.c_str(), "tenant-prod-001");
  ck_assert_str_eq(c.tenant_id.c_str(), "tenant-prod-001");
  ck_assert_str_eq(c.client_id.c_str(), "axeoservices");
  ck_assert_str_eq(c.display_name.c_str(), "AXEO Services - La Baule");
  ck_assert_uint_eq(c.summary_to.size(), 2);
  ck_assert(c.reply_to.has_value());
  ck_assert_str_eq(c.timezone.c_str(), "Europe/Paris");
  ck_assert(c.locale == std::string("fr-FR"));
  ck_assert(c.active());
  ck_assert_int_eq(c.schema_version, 1);
  ck_assert_int_eq(c.tools_config_version, 1);
  ck_assert(c.created_at == at("2026-01-15T10:00:00Z"));
  ck_assert(c.updated_at == at("2026-03-02T14:30:00Z"));
  ck_assert(c.refer.enabled);
  ck_assert(!c.refer.require_confirmation);
  ck_assert(!c.refer.handoff_phrase);
  ck_assert_uint_eq(c.refer.destinations.size(), 2);
  const auto& commercial = c.refer.destinations[0];
  ck_assert_str_eq(commercial.destination_id.c_str(), "commercial");
  ck_assert_str_eq(commercial.label.c_str(), "Mme Gogny");
  ck_assert_str_eq(commercial.target_uri.c_str(), "tel:+33240000001");
  ck_assert_str_eq(commercial.description_for_model.c_str(), "For sales, quotes, and new client inquiries");
  ck_assert(commercial.enabled);
  ck_assert_int_eq(commercial.priority, 1);
  ck_assert(!commercial.business_hours);
  ck_assert(!commercial.after_hours_destination_id);
  ck_assert(commercial.usable);
  ck_assert_int_eq(c.refer.destinations[1].priority, 2);
  ck_assert(c.find_destination("planning") == &c.refer.destinations[1]);
  ck_assert(c.find_destination("nobody") == nullptr);
}
END_TEST

START_TEST(business_hours_example_is_compiled) {
  const TenantConfig c = load(read_example("tenant-test-001.json"));
  ck_assert_msg(c.problems.empty(), "problems:%s", dump(c.problems).c_str());
  const tenant::Destination* sales = c.find_destination("sales");
  ck_assert(sales != nullptr && sales->business_hours && sales->business_hours->schedule);
  ck_assert_str_eq(sales->business_hours->spec.tz.c_str(), "Europe/Paris");
  ck_assert_int_eq(sales->business_hours->spec.duration_minutes, 480);
  ck_assert(sales->after_hours_destination_id == std::string("voicemail"));
  const auto& schedule = *sales->business_hours->schedule;
  // Monday 2026-03-30 in Paris (CEST, UTC+2): open 09:00-17:00 local.
  ck_assert(!schedule.is_open(at("2026-03-30T06:59:59Z")));
  ck_assert(schedule.is_open(at("2026-03-30T07:00:00Z")));
  ck_assert(schedule.is_open(at("2026-03-30T14:59:59Z")));
  ck_assert(!schedule.is_open(at("2026-03-30T15:00:00Z")));
  // Saturday: closed.
  ck_assert(!schedule.is_open(at("2026-04-04T10:00:00Z")));
  // support opens 08:00 in Cayenne (UTC-3, no DST): 11:00Z, for 9 hours.
  const auto& support = *c.find_destination("support")->business_hours->schedule;
  ck_assert(!support.is_open(at("2026-03-30T10:59:59Z")));
  ck_assert(support.is_open(at("2026-03-30T11:00:00Z")));
  ck_assert(!support.is_open(at("2026-03-30T20:00:00Z")));
  ck_assert(!c.find_destination("comptabilite")->enabled);
  const tenant::Destination* voicemail = c.find_destination("voicemail");
  ck_assert(!voicemail->business_hours);
  ck_assert(!voicemail->after_hours_destination_id);
  ck_assert(c.refer.handoff_phrase == std::string("Je vous transfère, merci de patienter un instant."));
}
END_TEST

START_TEST(disabled_tenant_is_not_active) {
  const TenantConfig c = load(read_example("tenant-test-002.json"));
  ck_assert_msg(c.problems.empty(), "problems:%s", dump(c.problems).c_str());
  ck_assert(!c.active());
  ck_assert_str_eq(c.status.c_str(), "disabled");
  ck_assert(!c.refer.enabled);
}
END_TEST

// ------------------------------------------------------------------ defaults

START_TEST(defaults_when_optional_fields_are_absent) {
  const TenantConfig c = load(kMinimalDoc);
  ck_assert_msg(c.problems.empty(), "problems:%s", dump(c.problems).c_str());
  ck_assert(!c.reply_to);
  ck_assert(!c.locale);
  ck_assert_int_eq(c.tools_config_version, 1);
  ck_assert(!c.refer.enabled);
  ck_assert(c.refer.require_confirmation);
  ck_assert(!c.refer.handoff_phrase);
  ck_assert(c.refer.destinations.empty());
}
END_TEST

START_TEST(timezone_defaults_to_paris_but_is_required) {
  std::string text = kMinimalDoc;
  text.replace(text.find(R"("timezone": "America/New_York",)"), 31, "");
  const TenantConfig c = load(text);
  ck_assert_str_eq(c.timezone.c_str(), "Europe/Paris");
  // The $jsonSchema requires it all the same.
  ck_assert(has_error_at(c, "timezone"));
  ck_assert(c.tenant_level_errors);
}
END_TEST

START_TEST(refer_and_destination_defaults) {
  const TenantConfig c = load(R"({
    "_id": "t-1", "tenant_id": "t-1", "client_id": "c", "display_name": "D", "summary_to": [],
    "timezone": "UTC", "status": "active", "schema_version": 1, "tools_config_version": 3,
    "created_at": "2026-01-15T10:00:00Z", "updated_at": "2026-01-15T10:00:00Z",
    "features": {"refer": {"destinations": [
      {"destination_id": "desk", "label": "the desk", "target_uri": "tel:+12127363100",
       "description_for_model": "Everything",
       "business_hours": {"rrule": "FREQ=DAILY;BYHOUR=9;BYMINUTE=0", "duration_minutes": 60}}]}}
  })");
  ck_assert_msg(c.problems.empty(), "problems:%s", dump(c.problems).c_str());
  ck_assert_int_eq(c.tools_config_version, 3);
  ck_assert(!c.refer.enabled);
  ck_assert(c.refer.require_confirmation);
  ck_assert_uint_eq(c.refer.destinations.size(), 1);
  const auto& desk = c.refer.destinations[0];
  ck_assert(desk.enabled);
  ck_assert_int_eq(desk.priority, 0);
  ck_assert(!desk.after_hours_destination_id);
  ck_assert(desk.business_hours.has_value());
  ck_assert_str_eq(desk.business_hours->spec.tz.c_str(), "Europe/Paris");
  ck_assert(!desk.business_hours->spec.dtstart);
  // The default zone is used: 09:00 Paris in January is 08:00Z.
  ck_assert(desk.business_hours->schedule->is_open(at("2026-01-15T08:00:00Z")));
  ck_assert(!desk.business_hours->schedule->is_open(at("2026-01-15T09:00:00Z")));
}
END_TEST

START_TEST(extended_json_values) {
  const TenantConfig c = load(R"({
    "_id": "t-1", "tenant_id": "t-1", "client_id": "c", "display_name": "D", "summary_to": ["a@b.example"],
    "timezone": "Europe/Paris", "status": "active", "schema_version": {"$numberInt": "2"},
    "tools_config_version": {"$numberLong": "4"},
    "created_at": {"$date": {"$numberLong": "1768471200000"}}, "updated_at": {"$date": 1768471260000},
    "features": {"refer": {"enabled": true, "destinations": [
      {"destination_id": "desk", "label": "L", "target_uri": "tel:+33140000000", "description_for_model": "d",
       "priority": {"$numberLong": "-5"},
       "business_hours": {"rrule": "FREQ=DAILY;BYHOUR=9", "duration_minutes": {"$numberInt": "90"},
                          "dtstart": "2026-01-05T09:00:00"}}]}}
  })");
  ck_assert_msg(c.problems.empty(), "problems:%s", dump(c.problems).c_str());
  ck_assert_int_eq(c.schema_version, 2);
  ck_assert_int_eq(c.tools_config_version, 4);
  ck_assert(c.created_at == at("2026-01-15T10:00:00Z"));
  ck_assert(c.updated_at == at("2026-01-15T10:01:00Z"));
  ck_assert_int_eq(c.refer.destinations[0].priority, -5);
  ck_assert_int_eq(c.refer.destinations[0].business_hours->spec.duration_minutes, 90);
  ck_assert(c.refer.destinations[0].business_hours->spec.dtstart == std::string("2026-01-05T09:00:00"));
}
END_TEST

START_TEST(target_uri_scheme_is_lower_cased) {
  const TenantConfig c = load(three_destinations(R"("SIP:First@PBX.example.com")", ""));
  ck_assert_msg(c.problems.empty(), "problems:%s", dump(c.problems).c_str());
  // Only the scheme: the rest of a URI may be case-sensitive (user part).
  ck_assert_str_eq(c.refer.destinations[0].target_uri.c_str(), "sip:First@PBX.example.com");
}
END_TEST

// ------------------------------------------------------------------ what a problem makes unusable

START_TEST(broken_destination_leaves_others_usable) {
  const TenantConfig c = load(three_destinations(R"("sip:first@pbx.example.com?Route=x")", ""));
  ck_assert(has_error_at(c, "features.refer.destinations[0].target_uri"));
  ck_assert(!c.tenant_level_errors);
  ck_assert(!c.refer.destinations[0].usable);
  ck_assert(c.refer.destinations[1].usable);
  ck_assert(c.refer.destinations[2].usable);
}
END_TEST

START_TEST(missing_after_hours_target_makes_destination_unusable) {
  const TenantConfig c = load(three_destinations(
      R"("tel:+33140000001")",
      R"(, "business_hours": {"rrule": "FREQ=DAILY;BYHOUR=9", "duration_minutes": 60},
         "after_hours_destination_id": "fourth")"));
  ck_assert(has_error_at(c, "features.refer.destinations[1].after_hours_destination_id"));
  ck_assert(!c.tenant_level_errors);
  ck_assert(c.refer.destinations[0].usable);
  ck_assert(!c.refer.destinations[1].usable);
  ck_assert(c.refer.destinations[2].usable);
}
END_TEST

START_TEST(self_reference_makes_destination_unusable) {
  const TenantConfig c = load(three_destinations(
      R"("tel:+33140000001")",
      R"(, "business_hours": {"rrule": "FREQ=DAILY;BYHOUR=9", "duration_minutes": 60},
         "after_hours_destination_id": "second")"));
  ck_assert(!c.refer.destinations[1].usable);
  ck_assert(c.refer.destinations[0].usable && c.refer.destinations[2].usable);
  ck_assert(!c.tenant_level_errors);
}
END_TEST

START_TEST(duplicate_ids_make_both_unusable) {
  std::string text = three_destinations(R"("tel:+33140000001")", "");
  text.replace(text.find(R"("third")"), 7, R"("first")");
  const TenantConfig c = load(text);
  ck_assert(!c.refer.destinations[0].usable);
  ck_assert(c.refer.destinations[1].usable);
  ck_assert(!c.refer.destinations[2].usable);
  ck_assert(!c.tenant_level_errors);
}
END_TEST

START_TEST(hours_that_do_not_compile_make_destination_unusable) {
  const TenantConfig c = load(three_destinations(
      R"("tel:+33140000001")", R"(, "business_hours": {"rrule": "FREQ=SOMETIMES", "duration_minutes": 60})"));
  ck_assert(has_error_at(c, "features.refer.destinations[1].business_hours.rrule"));
  const auto& second = c.refer.destinations[1];
  ck_assert(!second.usable);
  // Broken hours are still hours, never "always open".
  ck_assert(second.business_hours.has_value());
  ck_assert(!second.business_hours->schedule);
  ck_assert(c.refer.destinations[0].usable && c.refer.destinations[2].usable);
  ck_assert(!c.tenant_level_errors);
}
END_TEST

START_TEST(business_hours_of_the_wrong_type_are_not_always_open) {
  const TenantConfig c = load(three_destinations(R"("tel:+33140000001")", R"(, "business_hours": "9-17")"));
  const auto& second = c.refer.destinations[1];
  ck_assert(!second.usable);
  ck_assert(second.business_hours.has_value() && !second.business_hours->schedule);
  ck_assert(!c.tenant_level_errors);
}
END_TEST

START_TEST(non_object_entry_keeps_indexes_aligned) {
  std::string text = three_destinations(R"("tel:+33140000001")", "");
  // Put a stray string in front: the broken entry is destinations[0].
  text.replace(text.find(R"("destinations": [)"), 17, R"("destinations": ["oops", )");
  const TenantConfig c = load(text);
  ck_assert(has_error_at(c, "features.refer.destinations[0]"));
  ck_assert_uint_eq(c.refer.destinations.size(), 4);
  ck_assert(!c.refer.destinations[0].usable);
  ck_assert(c.refer.destinations[0].destination_id.empty());
  ck_assert(c.find_destination("first") == &c.refer.destinations[1]);
  ck_assert(c.refer.destinations[1].usable && c.refer.destinations[2].usable && c.refer.destinations[3].usable);
  ck_assert(!c.tenant_level_errors);
}
END_TEST

START_TEST(warnings_make_nothing_unusable) {
  const TenantConfig c = load(three_destinations(
      R"("tel:+33140000001")", R"(, "business_hours": {"rrule": "FREQ=WEEKLY;BYDAY=MO", "duration_minutes": 60},
         "colour": "blue")"));
  ck_assert_msg(!tenant::has_errors(c.problems), "problems:%s", dump(c.problems).c_str());
  ck_assert_uint_eq(c.problems.size(), 2);  // no BYHOUR; unknown field
  for (const auto& d : c.refer.destinations) ck_assert(d.usable);
  ck_assert(!c.tenant_level_errors);
}
END_TEST

START_TEST(tenant_level_errors) {
  // Errors outside any one destination; every destination stays usable on
  // its own, the tenant flag is what refuses transfers.
  for (const char* extra :
       {R"("display_name": 5,)", R"("reply_to": 5,)", R"("locale": {},)", R"("metadata": [],)"}) {
    std::string text = three_destinations(R"("tel:+33140000001")", "", extra);
    // The later key would be a duplicate of display_name; drop the original.
    if (std::string(extra).find("display_name") != std::string::npos)
      text.replace(text.find(R"("display_name": "Three",)"), 24, "");
    const TenantConfig c = load(text);
    ck_assert_msg(c.tenant_level_errors, "%s:%s", extra, dump(c.problems).c_str());
    for (const auto& d : c.refer.destinations) ck_assert(d.usable);
  }
  // A broken refer section is tenant-level too.
  const TenantConfig bad_refer = load(R"({"_id": "t-1", "tenant_id": "t-1", "client_id": "c", "display_name": "D",
    "summary_to": [], "timezone": "UTC", "status": "active", "schema_version": 1,
    "created_at": "2026-01-15T10:00:00Z", "updated_at": "2026-01-15T10:00:00Z",
    "features": {"refer": {"enabled": true, "destinations": {"first": {}}}}})");
  ck_assert(has_error_at(bad_refer, "features.refer.destinations"));
  ck_assert(bad_refer.tenant_level_errors);
  ck_assert(bad_refer.refer.destinations.empty());
  // An unknown status is an error, and the tenant is not active.
  std::string text = kMinimalDoc;
  text.replace(text.find(R"("active")"), 8, R"("Active")");
  const TenantConfig bad_status = load(text);
  ck_assert(bad_status.tenant_level_errors);
  ck_assert(!bad_status.active());
}
END_TEST

// ------------------------------------------------------------------ from_json_text

START_TEST(text_that_is_not_a_document) {
  const auto syntax = TenantConfig::from_json_text("{\n  \"_id\": \"t-1\",\n  \"tenant_id\": ,\n}");
  ck_assert(!syntax.ok());
  ck_assert_msg(syntax.error().find("line 3") != std::string::npos, "%s", syntax.error().c_str());
  const auto array = TenantConfig::from_json_text("[]");
  ck_assert(!array.ok());
  ck_assert_msg(array.error().find("object") != std::string::npos, "%s", array.error().c_str());
  const auto empty = TenantConfig::from_json_text("");
  ck_assert(!empty.ok());
  ck_assert_msg(empty.error().find("end of input") != std::string::npos, "%s", empty.error().c_str());
  const auto trailing = TenantConfig::from_json_text(std::string(kMinimalDoc) + " x");
  ck_assert(!trailing.ok());
  const auto nul = TenantConfig::from_json_text(std::string("{}\0{}", 5));
  ck_assert(!nul.ok());
  const auto shell = TenantConfig::from_json_text(R"({"created_at": ISODate("2026-01-15T10:00:00Z")})");
  ck_assert(!shell.ok());
  ck_assert_msg(shell.error().find("$date") != std::string::npos, "%s", shell.error().c_str());
  ck_assert(!TenantConfig::from_tenant_doc(nullptr).ok());
}
END_TEST

START_TEST(an_object_always_gives_a_model) {
  // Nothing right at all: still a model, with every problem recorded.
  const TenantConfig c = load("{}");
  ck_assert(c.tenant_level_errors);
  ck_assert_uint_eq(c.problems.size(), 10);  // the ten required fields
  ck_assert_str_eq(c.timezone.c_str(), "Europe/Paris");
  ck_assert(!c.active());
}
END_TEST

// The error of text that must be refused, failing the test if it is accepted.
static std::string refusal(const std::string& text) {
  const auto config = TenantConfig::from_json_text(text);
  ck_assert_msg(!config.ok(), "accepted: %.80s", text.c_str());
  return config.error();
}

static void expect_refusal(const std::string& text, const std::string& expected) {
  const std::string got = refusal(text);
  ck_assert_msg(got == expected, "got <%s>, expected <%s>", got.c_str(), expected.c_str());
}

START_TEST(nul_in_a_string_is_refused_with_its_path) {
  // cJSON decodes \u0000 to a NUL that ends its C string: the id would read
  // as "tenant-test-009" and equal _id.
  const std::string doc = kMinimalDoc;
  const std::string id = "\"tenant_id\": \"tenant-test-009\"";
  std::string with_nul = doc;
  with_nul.replace(with_nul.find(id), id.size(), "\"tenant_id\": \"tenant-test-009\\u0000x\"");
  expect_refusal(with_nul, "tenant_id: a string must not contain NUL (\\u0000)");
  expect_refusal(three_destinations("\"tel:+33140000001\\u0000;x=1\"", ""),
                 "features.refer.destinations[0].target_uri: a string must not contain NUL (\\u0000)");
  expect_refusal(three_destinations("\"tel:+33140000001\"", ", \"x\\u0000\": 1"),
                 "features.refer.destinations[1]['x\\u0000']: a key must not contain NUL (\\u0000)");
  // An escaped backslash before "u0000" is six ordinary characters.
  std::string escaped = doc;
  const std::string name = "\"display_name\": \"Minimal\"";
  escaped.replace(escaped.find(name), name.size(), "\"display_name\": \"a\\\\u0000\"");
  ck_assert_string_eq(load(escaped).display_name, "a\\u0000");
}
END_TEST

START_TEST(nesting_limit_is_named) {
  // cJSON reads at most CJSON_NESTING_LIMIT (1000) levels. The document is
  // level 1, so metadata may hold 999 nested arrays and not 1000.
  const auto nested = [](int arrays) {
    std::string doc = kMinimalDoc;
    doc.insert(doc.rfind('}'), ", \"metadata\": " + std::string(arrays, '[') + std::string(arrays, ']'));
    return doc;
  };
  ck_assert(TenantConfig::from_json_text(nested(999)).ok());
  const std::string error = refusal(nested(1000));
  ck_assert_msg(error.find("nested more than 1000 levels deep") != std::string::npos, "%s", error.c_str());
  // 1,001 arrays from the first byte: the 1,001st '[' is in column 1001.
  expect_refusal(std::string(1001, '[') + std::string(1001, ']'),
                 "invalid JSON at line 1, column 1001: nested more than 1000 levels deep (the JSON reader's limit)");
  // Objects count the same: each {"a": is five characters.
  std::string objects;
  for (int i = 0; i < 1001; ++i) objects += "{\"a\":";
  expect_refusal(objects,
                 "invalid JSON at line 1, column 5001: nested more than 1000 levels deep (the JSON reader's limit)");
  // Brackets inside strings are text.
  std::string brackets_in_text = kMinimalDoc;
  brackets_in_text.replace(brackets_in_text.find("\"Minimal\""), 9, "\"" + std::string(2000, '[') + "\"");
  ck_assert(TenantConfig::from_json_text(brackets_in_text).ok());
}
END_TEST

START_TEST(syntax_error_columns_are_exact) {
  // Columns counted by hand, from 1, one per character.
  expect_refusal("{\"a\": 1,}", "invalid JSON at line 1, column 9: near '}'");
  expect_refusal("{\n  \"a\": 1,\n  x}", "invalid JSON at line 3, column 3: near 'x}'");
  expect_refusal("{,}", "invalid JSON at line 1, column 2: near ',}'");
  expect_refusal("{\"a\": tru}", "invalid JSON at line 1, column 7: near 'tru}'");
  expect_refusal("{ \"a\" 1}", "invalid JSON at line 1, column 7: near '1}'");
  expect_refusal("[1,2x]", "invalid JSON at line 1, column 5: near 'x]'");
  expect_refusal("{\"\xc3\xa9\": x}", "invalid JSON at line 1, column 7: near 'x}'");
  // What is shown near the error is escaped like any echoed value.
  expect_refusal("{\"a\": x\x01}", "invalid JSON at line 1, column 7: near 'x\\u0001}'");
}
END_TEST

Suite* tenant_config_suite() {
  Suite* s = suite_create("tenant_config");

  TCase* reading = tcase_create("reading");
  tcase_add_test(reading, spec_example_is_read);
  tcase_add_test(reading, business_hours_example_is_compiled);
  tcase_add_test(reading, disabled_tenant_is_not_active);
  tcase_add_test(reading, extended_json_values);
  tcase_add_test(reading, target_uri_scheme_is_lower_cased);
  suite_add_tcase(s, reading);

  TCase* defaults = tcase_create("defaults");
  tcase_add_test(defaults, defaults_when_optional_fields_are_absent);
  tcase_add_test(defaults, timezone_defaults_to_paris_but_is_required);
  tcase_add_test(defaults, refer_and_destination_defaults);
  suite_add_tcase(s, defaults);

  TCase* usable = tcase_create("usable");
  tcase_add_test(usable, broken_destination_leaves_others_usable);
  tcase_add_test(usable, missing_after_hours_target_makes_destination_unusable);
  tcase_add_test(usable, self_reference_makes_destination_unusable);
  tcase_add_test(usable, duplicate_ids_make_both_unusable);
  tcase_add_test(usable, hours_that_do_not_compile_make_destination_unusable);
  tcase_add_test(usable, business_hours_of_the_wrong_type_are_not_always_open);
  tcase_add_test(usable, non_object_entry_keeps_indexes_aligned);
  tcase_add_test(usable, warnings_make_nothing_unusable);
  tcase_add_test(usable, tenant_level_errors);
  suite_add_tcase(s, usable);

  TCase* text = tcase_create("text");
  tcase_add_test(text, text_that_is_not_a_document);
  tcase_add_test(text, an_object_always_gives_a_model);
  tcase_add_test(text, nul_in_a_string_is_refused_with_its_path);
  tcase_add_test(text, nesting_limit_is_named);
  tcase_add_test(text, syntax_error_columns_are_exact);
  suite_add_tcase(s, text);
  return s;
}

int main() { return run_suite(tenant_config_suite()); }
