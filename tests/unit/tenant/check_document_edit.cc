// The edits tenantctl's write commands make, without a store: an override
// set and cleared on the tenant and on a destination, closures replaced,
// an unknown destination refused with the ids there are, what a write does
// to dates and updated_at, and the typed and relaxed spellings a document
// travels in. Each edited document is validated as the writer validates it.
//
// Instants are worked out by hand: 2026-03-02T14:30:00Z is 1772461800 s
// (the fixtures' updated_at), 2026-01-15T10:00:00Z is 1768471200 s, and
// 2099-01-01T00:00:00Z is 129 years of 365 days and 32 leap days after the
// epoch, 47117 days = 4070908800 s.
#include <optional>
#include <string>

#include "core/hours/instant.hh"
#include "core/tenant/document_edit.hh"
#include "core/tenant/document_stamp.hh"
#include "core/tenant/extended_json.hh"
#include "core/tenant/tenant_config.hh"
#include "core/tenant/typed_json.hh"
#include "core/util/json_doc.hh"
#include "test_support.hh"

using tenant::JsonDoc;

// Two texts built in the test, equal (each shown when they are not).
#define ck_assert_same_text(a, b)                                                       \
  do {                                                                                  \
    const std::string same_a_ = (a), same_b_ = (b);                                     \
    ck_assert_msg(same_a_ == same_b_, "[%s] vs [%s]", same_a_.c_str(), same_b_.c_str()); \
  } while (0)

namespace {

constexpr tenant::UnixMillis k2099 = 4070908800000LL;

const char kFeatures[] =
    R"({"refer":{"enabled":true,"destinations":[)"
    R"({"destination_id":"sales","label":"Sales","target_uri":"tel:+33140000000","description_for_model":"Sales",)"
    R"("business_hours":{"rrule":"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0","duration_minutes":480},)"
    R"("after_hours_destination_id":"voicemail"},)"
    R"({"destination_id":"voicemail","label":"la messagerie","target_uri":"sip:vm@pbx.example.com",)"
    R"("description_for_model":"Voicemail"}]}})";

JsonDoc parse(const std::string& text) {
  JsonDoc doc(cJSON_Parse(text.c_str()));
  ck_assert_msg(doc != nullptr, "test JSON does not parse: %s", text.c_str());
  return doc;
}

JsonDoc tenant_a() { return parse(fixtures::tenant_doc("tenant-a", "active", "Tenant", kFeatures)); }

std::string text(const cJSON* item) { return tenant::json_text(item); }

// The member at a dotted path of plain keys and [index] steps.
const cJSON* at_path(const cJSON* doc, const std::string& path) {
  const cJSON* item = doc;
  std::size_t pos = 0;
  while (item != nullptr && pos < path.size()) {
    if (path[pos] == '.') ++pos;
    if (path[pos] == '[') {
      const std::size_t close = path.find(']', pos);
      item = cJSON_GetArrayItem(item, std::stoi(path.substr(pos + 1, close - pos - 1)));
      pos = close + 1;
      continue;
    }
    const std::size_t end = path.find_first_of(".[", pos);
    const std::string key = path.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    item = cJSON_GetObjectItemCaseSensitive(item, key.c_str());
    pos = end == std::string::npos ? path.size() : end;
  }
  return item;
}

// Validated as the writer validates: no error, whatever the warnings.
tenant::TenantConfig valid(const cJSON* doc) {
  auto config = tenant::TenantConfig::from_tenant_doc(doc);
  ck_assert_msg(config.ok(), "%s", config.error().c_str());
  for (const auto& p : config->problems)
    ck_assert_msg(p.severity == tenant::Problem::Severity::warning, "edited document refused: %s",
                  p.to_string().c_str());
  return std::move(config.value());
}

tenant::OverrideValue closed(std::optional<tenant::UnixMillis> until, std::optional<std::string> label) {
  return tenant::OverrideValue{"closed", until, std::move(label)};
}

}  // namespace

// ---------------------------------------------------------------- overrides

START_TEST(override_on_the_tenant) {
  const JsonDoc doc = tenant_a();
  const std::string before = text(doc.get());
  const auto edited = tenant::with_override(doc.get(), std::nullopt, closed(k2099, std::string("la tempête")));
  ck_assert_msg(edited.ok(), "%s", edited.error().c_str());
  ck_assert_string_eq(text(at_path(edited->get(), "features.refer.override")),
                      R"({"state":"closed","until":{"$date":{"$numberLong":"4070908800000"}},"label":"la tempête"})");
  // Pure: the document read is left as it was.
  ck_assert_same_text(text(doc.get()), before);
  const auto config = valid(edited->get());
  ck_assert(config.refer.override_state.has_value());
  ck_assert_int_eq(*config.refer.override_state->until, 4070908800LL);
}
END_TEST

START_TEST(override_without_until_or_label) {
  const auto edited = tenant::with_override(tenant_a().get(), std::nullopt, {"open", std::nullopt, std::nullopt});
  ck_assert_msg(edited.ok(), "%s", edited.error().c_str());
  ck_assert_string_eq(text(at_path(edited->get(), "features.refer.override")),
                      R"({"state":"open","until":null,"label":null})");
  valid(edited->get());
}
END_TEST

START_TEST(override_creates_features_and_refer) {
  const JsonDoc bare = parse(fixtures::tenant_doc("tenant-b"));  // "features": {}
  const auto edited = tenant::with_override(bare.get(), std::nullopt, closed(std::nullopt, std::string("grève")));
  ck_assert_msg(edited.ok(), "%s", edited.error().c_str());
  ck_assert_string_eq(text(at_path(edited->get(), "features")),
                      R"({"refer":{"override":{"state":"closed","until":null,"label":"grève"}}})");
  valid(edited->get());

  JsonDoc none = parse(fixtures::tenant_doc("tenant-c"));
  cJSON_DeleteItemFromObjectCaseSensitive(none.get(), "features");
  const auto made = tenant::with_override(none.get(), std::nullopt, closed(std::nullopt, std::nullopt));
  ck_assert_msg(made.ok(), "%s", made.error().c_str());
  ck_assert_string_eq(text(at_path(made->get(), "features.refer.override.state")), R"("closed")");
  valid(made->get());
}
END_TEST

START_TEST(override_replaces_the_previous_one) {
  const auto first = tenant::with_override(tenant_a().get(), std::nullopt, closed(k2099, std::string("a")));
  ck_assert(first.ok());
  const auto second = tenant::with_override(first->get(), std::nullopt, {"open", std::nullopt, std::string("b")});
  ck_assert(second.ok());
  const cJSON* refer = at_path(second->get(), "features.refer");
  int overrides = 0;
  for (const cJSON* m = refer->child; m; m = m->next) overrides += std::string(m->string) == "override";
  ck_assert_int_eq(overrides, 1);
  ck_assert_string_eq(text(cJSON_GetObjectItemCaseSensitive(refer, "override")),
                      R"({"state":"open","until":null,"label":"b"})");
}
END_TEST

START_TEST(override_on_a_destination) {
  const JsonDoc doc = tenant_a();
  const auto edited = tenant::with_override(doc.get(), std::string("voicemail"), closed(k2099, std::string("travaux")));
  ck_assert_msg(edited.ok(), "%s", edited.error().c_str());
  ck_assert_string_eq(text(at_path(edited->get(), "features.refer.destinations[1].override")),
                      R"({"state":"closed","until":{"$date":{"$numberLong":"4070908800000"}},"label":"travaux"})");
  // Only that destination changed.
  ck_assert_ptr_null(at_path(edited->get(), "features.refer.override"));
  ck_assert_same_text(text(at_path(edited->get(), "features.refer.destinations[0]")),
                      text(at_path(doc.get(), "features.refer.destinations[0]")));
  const auto config = valid(edited->get());
  ck_assert(config.refer.destinations[1].override_state.has_value());
  ck_assert(config.refer.destinations[1].override_state->label == std::optional<std::string>("travaux"));
  ck_assert(!config.refer.destinations[0].override_state.has_value());
}
END_TEST

START_TEST(clear_override) {
  const auto set = tenant::with_override(tenant_a().get(), std::nullopt, closed(k2099, std::string("x")));
  const auto both = tenant::with_override(set->get(), std::string("sales"), closed(std::nullopt, std::nullopt));
  ck_assert(both.ok());

  const auto tenant_cleared = tenant::without_override(both->get(), std::nullopt);
  ck_assert_msg(tenant_cleared.ok(), "%s", tenant_cleared.error().c_str());
  ck_assert_ptr_null(at_path(tenant_cleared->get(), "features.refer.override"));
  ck_assert_ptr_nonnull(at_path(tenant_cleared->get(), "features.refer.destinations[0].override"));
  valid(tenant_cleared->get());

  const auto all_cleared = tenant::without_override(tenant_cleared->get(), std::string("sales"));
  ck_assert(all_cleared.ok());
  // Back to the document before any override.
  ck_assert_same_text(text(all_cleared->get()), text(tenant_a().get()));

  // Nothing to clear: the same document, features not made up.
  const JsonDoc bare = parse(fixtures::tenant_doc("tenant-b"));
  const auto unchanged = tenant::without_override(bare.get(), std::nullopt);
  ck_assert(unchanged.ok());
  ck_assert_same_text(text(unchanged->get()), text(bare.get()));
}
END_TEST

START_TEST(unknown_destination_names_the_known_ones) {
  const JsonDoc doc = tenant_a();
  const char* expected = "no destination 'salse' in tenant 'tenant-a'; its destinations are 'sales', 'voicemail'";
  const auto set = tenant::with_override(doc.get(), std::string("salse"), closed(std::nullopt, std::nullopt));
  ck_assert(!set.ok());
  ck_assert_string_eq(set.error(), expected);
  const auto cleared = tenant::without_override(doc.get(), std::string("salse"));
  ck_assert(!cleared.ok());
  ck_assert_string_eq(cleared.error(), expected);
  const JsonDoc list = parse("[]");
  const auto closures = tenant::with_closures(doc.get(), std::string("salse"), list.get());
  ck_assert(!closures.ok());
  ck_assert_string_eq(closures.error(), expected);

  // A tenant without destinations says so; no destination is made up.
  const JsonDoc bare = parse(fixtures::tenant_doc("tenant-b"));
  const auto none = tenant::with_override(bare.get(), std::string("sales"), closed(std::nullopt, std::nullopt));
  ck_assert(!none.ok());
  ck_assert_string_eq(none.error(), "no destination 'sales' in tenant 'tenant-b', which has no destinations");
}
END_TEST

START_TEST(a_broken_refer_is_not_written_over) {
  const JsonDoc doc = parse(fixtures::tenant_doc("tenant-b", "active", "Tenant", R"({"refer":true})"));
  const auto edited = tenant::with_override(doc.get(), std::nullopt, closed(std::nullopt, std::nullopt));
  ck_assert(!edited.ok());
  ck_assert_string_eq(edited.error(),
                      "features.refer must be an object, got boolean: correct the document first (tenantctl tenant "
                      "get, then tenant put)");
}
END_TEST

// The edit itself judges nothing; the whole document's validation refuses
// what the module could not read (the writer never skips it).
START_TEST(an_edit_the_validator_refuses) {
  const auto edited = tenant::with_override(tenant_a().get(), std::nullopt, {"shut", std::nullopt, std::string("")});
  ck_assert(edited.ok());
  const auto config = tenant::TenantConfig::from_tenant_doc(edited->get());
  ck_assert(config.ok());
  std::string errors;
  for (const auto& p : config->problems)
    if (p.severity == tenant::Problem::Severity::error) errors += p.to_string() + "\n";
  ck_assert_string_eq(errors,
                      "features.refer.override.state: must be \"open\" or \"closed\", got string 'shut'\n"
                      "features.refer.override.label: must not be empty (it is spoken to the caller)\n");
}
END_TEST

// ---------------------------------------------------------------- closures

START_TEST(closures_on_the_tenant_and_a_destination) {
  // What `tenantctl closures from-ics` prints.
  const JsonDoc file = parse(R"({"closures":[{"date":"2026-12-25","label":"Noël"},)"
                             R"({"start":"2026-08-03T00:00:00","end":"2026-08-17T00:00:00","label":"Congés d'été"}]})");
  const auto list = tenant::closures_of(file.get());
  ck_assert_msg(list.ok(), "%s", list.error().c_str());

  const auto tenant_wide = tenant::with_closures(tenant_a().get(), std::nullopt, list->get());
  ck_assert_msg(tenant_wide.ok(), "%s", tenant_wide.error().c_str());
  ck_assert_same_text(text(at_path(tenant_wide->get(), "features.refer.closures")),
                      text(at_path(file.get(), "closures")));
  ck_assert_int_eq(valid(tenant_wide->get()).refer.closures.size(), 2);

  // A bare array, on one destination, replacing what it had.
  const JsonDoc bare = parse(R"([{"date":"2026-12-24","label":"l'inventaire"}])");
  const auto bare_list = tenant::closures_of(bare.get());
  ck_assert(bare_list.ok());
  const auto first = tenant::with_closures(tenant_wide->get(), std::string("sales"), list->get());
  const auto second = tenant::with_closures(first->get(), std::string("sales"), bare_list->get());
  ck_assert(second.ok());
  ck_assert_string_eq(text(at_path(second->get(), "features.refer.destinations[0].closures")),
                      R"([{"date":"2026-12-24","label":"l'inventaire"}])");
  const auto config = valid(second->get());
  ck_assert_int_eq(config.refer.destinations[0].closures.size(), 1);
  ck_assert_int_eq(config.refer.destinations[1].closures.size(), 0);

  // An empty list clears them.
  const JsonDoc empty = parse("[]");
  const auto cleared = tenant::with_closures(second->get(), std::nullopt, empty.get());
  ck_assert_string_eq(text(at_path(cleared->get(), "features.refer.closures")), "[]");
}
END_TEST

START_TEST(closures_input_shapes) {
  const JsonDoc no_list = parse(R"({"closure":[]})");
  const auto a = tenant::closures_of(no_list.get());
  ck_assert(!a.ok());
  ck_assert_string_eq(a.error(),
                      "expected {\"closures\": [...]} (as tenantctl closures from-ics prints it) or a JSON array, got "
                      "an object without \"closures\"");
  const JsonDoc not_array = parse(R"({"closures":{"date":"2026-12-25"}})");
  const auto b = tenant::closures_of(not_array.get());
  ck_assert(!b.ok());
  ck_assert_string_eq(b.error(), "\"closures\" must be a JSON array, got object");
  const JsonDoc number = parse("7");
  ck_assert(!tenant::closures_of(number.get()).ok());
}
END_TEST

// ---------------------------------------------------------------- what every write does

START_TEST(updated_at_only_increases) {
  constexpr tenant::UnixMillis now = 1772461800000LL;
  ck_assert_int_eq(tenant::next_updated_at(std::nullopt, now), now);
  ck_assert_int_eq(tenant::next_updated_at(now - 5000, now), now);
  // Two writes within one millisecond, and a writer whose clock runs behind.
  ck_assert_int_eq(tenant::next_updated_at(now, now), now + 1);
  ck_assert_int_eq(tenant::next_updated_at(k2099, now), k2099 + 1);
}
END_TEST

START_TEST(stamped_dates_are_bson_dates) {
  // Dates as a person writes them: plain RFC 3339 strings, an offset, a
  // fraction; the override's until on a destination too.
  JsonDoc doc = tenant_a();
  cJSON_ReplaceItemInObjectCaseSensitive(doc.get(), "created_at", cJSON_CreateString("2026-01-15T11:00:00.250+01:00"));
  const auto edited = tenant::with_override(doc.get(), std::string("sales"), closed(std::nullopt, std::nullopt));
  cJSON_ReplaceItemInObjectCaseSensitive(const_cast<cJSON*>(at_path(edited->get(), "features.refer.destinations[0].override")),
                                         "until", cJSON_CreateString("2099-01-01T00:00:00Z"));
  const JsonDoc stamped = tenant::stamped_for_store(edited->get(), 1772461800123LL, std::nullopt);
  ck_assert_string_eq(text(at_path(stamped.get(), "created_at")), R"({"$date":{"$numberLong":"1768471200250"}})");
  ck_assert_string_eq(text(at_path(stamped.get(), "updated_at")), R"({"$date":{"$numberLong":"1772461800123"}})");
  ck_assert_string_eq(text(at_path(stamped.get(), "features.refer.destinations[0].override.until")),
                      R"({"$date":{"$numberLong":"4070908800000"}})");
  // Keys keep their places.
  ck_assert_string_eq(cJSON_GetArrayItem(stamped.get(), cJSON_GetArraySize(stamped.get()) - 1)->string, "updated_at");
  valid(stamped.get());

  // A new document without created_at gets one; one with it keeps it.
  JsonDoc fresh = tenant_a();
  cJSON_DeleteItemFromObjectCaseSensitive(fresh.get(), "created_at");
  cJSON_DeleteItemFromObjectCaseSensitive(fresh.get(), "updated_at");
  const JsonDoc inserted = tenant::stamped_for_store(fresh.get(), 1772461800000LL, 1772461800000LL);
  ck_assert_string_eq(text(at_path(inserted.get(), "created_at")), R"({"$date":{"$numberLong":"1772461800000"}})");
  ck_assert_string_eq(text(at_path(inserted.get(), "updated_at")), R"({"$date":{"$numberLong":"1772461800000"}})");
  const JsonDoc kept = tenant::stamped_for_store(tenant_a().get(), 1772461800000LL, 1L);
  ck_assert_string_eq(text(at_path(kept.get(), "created_at")), R"({"$date":{"$numberLong":"1768471200000"}})");
}
END_TEST

START_TEST(same_apart_from_updated_at) {
  const JsonDoc a = tenant_a();
  const JsonDoc b = tenant::stamped_for_store(a.get(), k2099, std::nullopt);
  ck_assert(tenant::same_apart_from_updated_at(a.get(), b.get()));
  const auto edited = tenant::with_override(a.get(), std::nullopt, closed(std::nullopt, std::nullopt));
  ck_assert(!tenant::same_apart_from_updated_at(a.get(), edited->get()));
}
END_TEST

START_TEST(dates_to_the_millisecond) {
  const JsonDoc forms = parse(R"([{"$date":"2026-03-02T16:30:00.25+02:00"},{"$date":{"$numberLong":"1772461800250"}},)"
                              R"({"$date":1772461800250},"2026-03-02T14:30:00.250999Z"])");
  for (const cJSON* item = forms->child; item; item = item->next) {
    const auto millis = tenant::json_date_millis(item);
    ck_assert_msg(millis.has_value(), "%s", text(item).c_str());
    ck_assert_int_eq(*millis, 1772461800250LL);
  }
  ck_assert_string_eq(tenant::format_rfc3339_millis_utc(1772461800250LL), "2026-03-02T14:30:00.250Z");
  ck_assert_string_eq(tenant::format_rfc3339_millis_utc(-1), "1969-12-31T23:59:59.999Z");
  ck_assert_int_eq(*tenant::parse_rfc3339_millis("1969-12-31T23:59:59.999Z"), -1);
}
END_TEST

// ---------------------------------------------------------------- typed and relaxed spellings

START_TEST(typed_from_what_people_write) {
  const JsonDoc written = parse(R"({"a":1,"b":3000000000,"c":1.5,"d":{"$numberDouble":"2.0"},)"
                                R"("e":{"$date":"2026-03-02T16:30:00.250+02:00"},"f":[480,"x",null,true],)"
                                R"("g":{"$numberLong":"7"},"h":{"$oid":"65f1a0c2e4b0a1b2c3d4e5f6"}})");
  const JsonDoc typed = tenant::to_typed_json(written.get());
  ck_assert_string_eq(text(typed.get()),
                      R"({"a":{"$numberInt":"1"},"b":{"$numberLong":"3000000000"},"c":1.5,"d":2,)"
                      R"("e":{"$date":{"$numberLong":"1772461800250"}},"f":[{"$numberInt":"480"},"x",null,true],)"
                      R"("g":{"$numberLong":"7"},"h":{"$oid":"65f1a0c2e4b0a1b2c3d4e5f6"}})");
}
END_TEST

START_TEST(relaxed_keeps_every_type) {
  // As bson_to_json reads a stored document: the double 2 is a plain number.
  const JsonDoc typed = parse(R"({"a":{"$numberInt":"1"},"b":{"$numberLong":"5"},"c":2,"d":1.5,)"
                              R"("e":{"$date":{"$numberLong":"1772461800250"}},)"
                              R"("f":{"$date":{"$numberLong":"-86400000"}},"g":[{"$numberInt":"-3"}]})");
  const JsonDoc relaxed = tenant::to_relaxed_json(typed.get());
  ck_assert_string_eq(text(relaxed.get()),
                      R"({"a":1,"b":{"$numberLong":"5"},"c":{"$numberDouble":"2.0"},"d":1.5,)"
                      R"("e":{"$date":"2026-03-02T14:30:00.250Z"},"f":{"$date":{"$numberLong":"-86400000"}},"g":[-3]})");
  // Edited as text and read back, it is the document it was.
  const JsonDoc again = tenant::to_typed_json(parse(text(relaxed.get())).get());
  ck_assert_same_text(text(again.get()), text(typed.get()));

  // And a whole tenant document, through both.
  const JsonDoc doc = tenant::to_typed_json(tenant_a().get());
  const JsonDoc round = tenant::to_typed_json(parse(text(tenant::to_relaxed_json(doc.get()).get())).get());
  ck_assert_same_text(text(round.get()), text(doc.get()));
  valid(round.get());
}
END_TEST

int main() {
  Suite* s = suite_create("document_edit");
  TCase* overrides = tcase_create("overrides");
  tcase_add_test(overrides, override_on_the_tenant);
  tcase_add_test(overrides, override_without_until_or_label);
  tcase_add_test(overrides, override_creates_features_and_refer);
  tcase_add_test(overrides, override_replaces_the_previous_one);
  tcase_add_test(overrides, override_on_a_destination);
  tcase_add_test(overrides, clear_override);
  tcase_add_test(overrides, unknown_destination_names_the_known_ones);
  tcase_add_test(overrides, a_broken_refer_is_not_written_over);
  tcase_add_test(overrides, an_edit_the_validator_refuses);
  suite_add_tcase(s, overrides);
  TCase* closures = tcase_create("closures");
  tcase_add_test(closures, closures_on_the_tenant_and_a_destination);
  tcase_add_test(closures, closures_input_shapes);
  suite_add_tcase(s, closures);
  TCase* writes = tcase_create("writes");
  tcase_add_test(writes, updated_at_only_increases);
  tcase_add_test(writes, stamped_dates_are_bson_dates);
  tcase_add_test(writes, same_apart_from_updated_at);
  tcase_add_test(writes, dates_to_the_millisecond);
  tcase_add_test(writes, typed_from_what_people_write);
  tcase_add_test(writes, relaxed_keeps_every_type);
  suite_add_tcase(s, writes);
  return run_suite(s);
}
