// Full validation of tenant_config documents: one failing document per rule,
// each problem located by its exact JSON path; Extended JSON forms; the
// spec's example documents; inputs that must not crash anything.
#include <cjson/cJSON.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/tenant/document_fields.hh"
#include "core/tenant/extended_json.hh"
#include "core/util/problem.hh"
#include "core/tenant/tenant_config.hh"
#include "core/tenant/validation.hh"
#include "test_support.hh"

using tenant::Problem;
using tenant::Problems;

namespace {

// A valid document with every kind of field, the rules' starting point:
// the spec's example tenant plus a destination with business hours and an
// after-hours fallback.
const char kValidDoc[] = R"({
  "_id": "tenant-prod-001",
  "tenant_id": "tenant-prod-001",
  "client_id": "axeoservices",
  "display_name": "AXEO Services - La Baule",
  "summary_to": ["direction@axeoservices.example", "planning@axeoservices.example"],
  "reply_to": "contact@axeoservices.example",
  "timezone": "Europe/Paris",
  "locale": "fr-FR",
  "status": "active",
  "features": {
    "refer": {
      "enabled": true,
      "require_confirmation": false,
      "handoff_phrase": null,
      "destinations": [
        {
          "destination_id": "commercial",
          "label": "Mme Gogny",
          "target_uri": "tel:+33240000001",
          "description_for_model": "For sales, quotes, and new client inquiries",
          "enabled": true,
          "priority": 1
        },
        {
          "destination_id": "sales",
          "label": "l'équipe commerciale",
          "target_uri": "tel:+33140000000",
          "description_for_model": "For sales and quotes",
          "enabled": true,
          "priority": 2,
          "business_hours": {
            "tz": "Europe/Paris",
            "rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0",
            "duration_minutes": 480,
            "windows": [{"rrule": "FREQ=WEEKLY;BYDAY=SA;BYHOUR=9;BYMINUTE=0", "duration_minutes": 180}]
          },
          "after_hours_destination_id": "voicemail"
        },
        {
          "destination_id": "voicemail",
          "label": "la messagerie",
          "target_uri": "sip:voicemail@pbx.example.com",
          "description_for_model": "Leave a message",
          "priority": 3
        }
      ]
    }
  },
  "metadata": {},
  "schema_version": 1,
  "created_at": {"$date": "2026-01-15T10:00:00Z"},
  "updated_at": {"$date": "2026-03-02T14:30:00Z"}
})";

const char kDest[] = "features.refer.destinations";

cJSON* parse(const std::string& text) {
  cJSON* doc = cJSON_Parse(text.c_str());
  ck_assert_msg(doc != nullptr, "test JSON does not parse: %s", text.c_str());
  return doc;
}

// The member that "a.b[2].c" names, or null; create_last adds nothing.
cJSON* lookup(cJSON* root, const std::string& path, cJSON** parent_out = nullptr, std::string* key_out = nullptr) {
  cJSON* node = root;
  cJSON* parent = nullptr;
  std::string key;
  std::size_t pos = 0;
  while (pos < path.size() && node != nullptr) {
    parent = node;
    if (path[pos] == '[') {
      const std::size_t close = path.find(']', pos);
      const int index = std::stoi(path.substr(pos + 1, close - pos - 1));
      key = path.substr(pos, close - pos + 1);
      node = cJSON_GetArrayItem(node, index);
      pos = close + 1;
    } else {
      if (path[pos] == '.') ++pos;
      std::size_t end = path.find_first_of(".[", pos);
      if (end == std::string::npos) end = path.size();
      key = path.substr(pos, end - pos);
      node = cJSON_GetObjectItemCaseSensitive(node, key.c_str());
      pos = end;
    }
  }
  if (parent_out) *parent_out = pos >= path.size() ? parent : nullptr;
  if (key_out) *key_out = key;
  return node;
}

// Sets path (an object member, created if absent, or an array element) to
// the JSON value in json.
void set(cJSON* root, const std::string& path, const std::string& json) {
  cJSON* parent = nullptr;
  std::string key;
  cJSON* existing = lookup(root, path, &parent, &key);
  ck_assert_msg(parent != nullptr, "test path does not exist: %s", path.c_str());
  cJSON* value = parse(json);
  if (cJSON_IsArray(parent)) {
    ck_assert_msg(existing != nullptr, "no such element: %s", path.c_str());
    cJSON_ReplaceItemInArray(parent, std::stoi(key.substr(1)), value);
  } else if (existing != nullptr) {
    cJSON_ReplaceItemInObjectCaseSensitive(parent, key.c_str(), value);
  } else {
    cJSON_AddItemToObject(parent, key.c_str(), value);
  }
}

void remove(cJSON* root, const std::string& path) {
  cJSON* parent = nullptr;
  std::string key;
  ck_assert_msg(lookup(root, path, &parent, &key) != nullptr, "test path does not exist: %s", path.c_str());
  if (cJSON_IsArray(parent))
    cJSON_DeleteItemFromArray(parent, std::stoi(key.substr(1)));
  else
    cJSON_DeleteItemFromObjectCaseSensitive(parent, key.c_str());
}

std::string dump(const Problems& problems) {
  std::string out;
  for (const auto& p : problems) out += "\n  " + p.to_string();
  return out.empty() ? " (none)" : out;
}

std::size_t count(const Problems& problems, Problem::Severity severity) {
  std::size_t n = 0;
  for (const auto& p : problems) n += p.severity == severity;
  return n;
}

// The problems of the valid document after edit(doc).
template <class Edit>
Problems problems_after(Edit edit) {
  cJSON* doc = parse(kValidDoc);
  edit(doc);
  Problems problems = tenant::validate_tenant_doc(doc);
  cJSON_Delete(doc);
  return problems;
}

// Exactly one error, at path, whose message mentions each of the words.
void assert_single_error(const Problems& problems, const std::string& path, std::initializer_list<const char*> words) {
  ck_assert_msg(count(problems, Problem::Severity::error) == 1, "expected one error at %s, got:%s", path.c_str(),
                dump(problems).c_str());
  for (const auto& p : problems) {
    if (p.severity != Problem::Severity::error) continue;
    ck_assert_msg(p.path == path, "expected the error at %s, got:%s", path.c_str(), dump(problems).c_str());
    for (const char* word : words)
      ck_assert_msg(p.message.find(word) != std::string::npos, "message of %s does not mention '%s': %s",
                    path.c_str(), word, p.message.c_str());
  }
}

// An error (among others) at path whose message mentions word.
void assert_has_error(const Problems& problems, const std::string& path, const char* word) {
  for (const auto& p : problems)
    if (p.severity == Problem::Severity::error && p.path == path && p.message.find(word) != std::string::npos) return;
  ck_abort_msg("expected an error at %s mentioning '%s', got:%s", path.c_str(), word, dump(problems).c_str());
}

void assert_warning(const Problems& problems, const std::string& path, const char* word) {
  ck_assert_msg(!tenant::has_errors(problems), "expected no errors, got:%s", dump(problems).c_str());
  for (const auto& p : problems)
    if (p.severity == Problem::Severity::warning && p.path == path && p.message.find(word) != std::string::npos)
      return;
  ck_abort_msg("expected a warning at %s mentioning '%s', got:%s", path.c_str(), word, dump(problems).c_str());
}

void assert_clean(const Problems& problems, const char* what) {
  ck_assert_msg(problems.empty(), "%s: expected no problems, got:%s", what, dump(problems).c_str());
}

std::string read_example(const char* name) {
  const std::string path = std::string(TEST_SRCDIR) + "/conf/examples/" + name;
  std::ifstream in(path);
  ck_assert_msg(in.good(), "cannot read %s", path.c_str());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string dest(int index, const char* field = nullptr) {
  std::string p = std::string(kDest) + "[" + std::to_string(index) + "]";
  return field ? p + "." + field : p;
}

}  // namespace

// ------------------------------------------------------------------ examples

START_TEST(valid_document_is_clean) { assert_clean(problems_after([](cJSON*) {}), "the base document"); }
END_TEST

START_TEST(spec_examples_are_clean) {
  for (const char* name : {"tenant-prod-001.json", "tenant-prod-002.json", "tenant-test-001.json",
                           "tenant-test-002.json"}) {
    cJSON* doc = parse(read_example(name));
    assert_clean(tenant::validate_tenant_doc(doc), name);
    cJSON_Delete(doc);
  }
}
END_TEST

// The spec's "Creating a New Tenant" shape as mongosh would hand it over
// through mongoexport --jsonFormat=canonical.
START_TEST(canonical_extended_json_is_clean) {
  const char* text = R"({
    "_id": "tenant-prod-002", "tenant_id": "tenant-prod-002", "client_id": "newclient",
    "display_name": "New Client Inc.", "summary_to": ["admin@newclient.example"], "reply_to": null,
    "timezone": "Europe/Paris", "locale": "fr-FR", "status": "active",
    "features": {"refer": {"enabled": true, "require_confirmation": true, "destinations": [
      {"destination_id": "accueil", "label": "l'accueil", "target_uri": "tel:+33140000000",
       "description_for_model": "Anything else", "enabled": true, "priority": {"$numberInt": "0"},
       "business_hours": {"rrule": "FREQ=DAILY;BYHOUR=8;BYMINUTE=30", "duration_minutes": {"$numberLong": "600"}}}]}},
    "metadata": {}, "schema_version": {"$numberInt": "1"},
    "created_at": {"$date": {"$numberLong": "1773651600000"}},
    "updated_at": {"$date": {"$numberLong": "1773651600000"}}
  })";
  cJSON* doc = parse(text);
  assert_clean(tenant::validate_tenant_doc(doc), "canonical Extended JSON");
  cJSON_Delete(doc);
}
END_TEST

START_TEST(plain_json_dates_and_legacy_millis_are_dates) {
  assert_clean(problems_after([](cJSON* d) {
                 set(d, "created_at", R"("2026-01-15T11:00:00+01:00")");
                 set(d, "updated_at", R"({"$date": 1772461800000})");
               }),
               "RFC 3339 string and legacy millisecond $date");
}
END_TEST

// ------------------------------------------------------------------ the document itself

START_TEST(document_must_be_an_object) {
  cJSON* array = parse("[1, 2]");
  const Problems problems = tenant::validate_tenant_doc(array);
  cJSON_Delete(array);
  assert_single_error(problems, "(document)", {"object", "array"});
  assert_single_error(tenant::validate_tenant_doc(nullptr), "(document)", {"object"});
}
END_TEST

// ------------------------------------------------------------------ required fields and types

static const char* const kRequired[] = {"_id",      "tenant_id", "client_id",      "display_name", "summary_to",
                                        "timezone", "status",    "schema_version", "created_at",   "updated_at"};

START_TEST(each_required_field_is_required) {
  const std::string field = kRequired[_i];
  // Without tenant_id, _id = tenant_id cannot be judged: still one error.
  assert_single_error(problems_after([&](cJSON* d) { remove(d, field); }), field, {"missing"});
}
END_TEST

struct WrongType {
  const char* path;
  const char* json;
  const char* expected_word;  // what the message must say was expected
  const char* found_word;     // and what it found
};

static const WrongType kWrongTypes[] = {
    {"_id", R"({"$oid": "65f1a0c2e4b0a1b2c3d4e5f6"})", "string", "objectId"},
    {"client_id", "42", "string", "number 42"},
    {"display_name", "null", "string", "null"},
    {"summary_to", R"("ops@example.com")", "array", "string"},
    {"summary_to[1]", "7", "string", "number 7"},
    {"reply_to", "false", "string or null", "boolean false"},
    {"timezone", "1", "string", "number 1"},
    {"locale", "[]", "string or null", "array"},
    {"status", R"("paused")", "\"active\" or \"disabled\"", "'paused'"},
    {"status", "true", "\"active\" or \"disabled\"", "boolean true"},
    {"features", "[]", "object", "array"},
    {"metadata", R"("none")", "object", "string"},
    {"schema_version", R"("1")", "integer", "string '1'"},
    {"schema_version", "1.5", "integer", "number 1.5"},
    {"schema_version", R"({"$numberInt": "one"})", "integer", "'one'"},
    {"schema_version", R"({"$numberInt": "3000000000"})", "integer", "3000000000"},
    {"schema_version", R"({"$numberLong": "3000000000"})", "32-bit", "3000000000"},
    {"schema_version", R"({"$numberDouble": "1.5"})", "integer", "double"},
    {"created_at", R"("yesterday")", "date", "'yesterday'"},
    {"created_at", R"({"$date": "2026-13-01T00:00:00Z"})", "date", "2026-13-01"},
    {"created_at", R"({"$date": {"$numberLong": "abc"}})", "date", "abc"},
    {"updated_at", "1772461800000", "date", "number"},
    {"updated_at", R"({"$timestamp": {"t": 1, "i": 1}})", "date", "timestamp"},
    {"tools_config_version", R"("2")", "integer", "string"},
};

START_TEST(each_top_level_type_is_checked) {
  const WrongType& w = kWrongTypes[_i];
  assert_single_error(problems_after([&](cJSON* d) { set(d, w.path, w.json); }), w.path,
                      {w.expected_word, w.found_word});
}
END_TEST

START_TEST(id_must_equal_tenant_id) {
  assert_single_error(problems_after([](cJSON* d) { set(d, "_id", R"("tenant-prod-01")"); }), "_id",
                      {"tenant_id", "'tenant-prod-001'", "'tenant-prod-01'"});
}
END_TEST

START_TEST(identifiers_are_not_blank) {
  // _id follows tenant_id, so only the tenant_id rule fires.
  assert_single_error(problems_after([](cJSON* d) {
                        set(d, "tenant_id", R"("")");
                        set(d, "_id", R"("")");
                      }),
                      "tenant_id", {"empty"});
  assert_single_error(problems_after([](cJSON* d) { set(d, "client_id", R"("axeo services")"); }), "client_id",
                      {"whitespace"});
}
END_TEST

START_TEST(timezone_must_be_iana) {
  assert_single_error(problems_after([](cJSON* d) { set(d, "timezone", R"("Europe/Pariss")"); }), "timezone",
                      {"IANA", "Europe/Pariss"});
  assert_single_error(problems_after([](cJSON* d) { set(d, "timezone", R"("../../etc/passwd")"); }), "timezone",
                      {"IANA"});
  assert_single_error(problems_after([](cJSON* d) { set(d, "timezone", R"("")"); }), "timezone", {"IANA"});
}
END_TEST

START_TEST(duplicate_keys_are_errors) {
  const char* text = R"({"_id": "t-1", "tenant_id": "t-1", "client_id": "c", "display_name": "D",
    "summary_to": [], "timezone": "UTC", "status": "active", "status": "disabled", "schema_version": 1,
    "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"})";
  cJSON* doc = parse(text);
  const Problems problems = tenant::validate_tenant_doc(doc);
  cJSON_Delete(doc);
  assert_single_error(problems, "status", {"more than once"});
}
END_TEST

START_TEST(summary_to_entries_that_are_not_addresses_warn) {
  const Problems problems = problems_after([](cJSON* d) { set(d, "summary_to[0]", R"("[email protected]")"); });
  assert_warning(problems, "summary_to[0]", "email");
}
END_TEST

// ------------------------------------------------------------------ features.refer

START_TEST(refer_section_types) {
  assert_single_error(problems_after([](cJSON* d) { set(d, "features.refer", "true"); }), "features.refer",
                      {"object", "boolean true"});
  assert_single_error(problems_after([](cJSON* d) { set(d, "features.refer.enabled", R"("yes")"); }),
                      "features.refer.enabled", {"true or false", "'yes'"});
  assert_single_error(problems_after([](cJSON* d) { set(d, "features.refer.require_confirmation", "1"); }),
                      "features.refer.require_confirmation", {"true or false", "number 1"});
  assert_single_error(problems_after([](cJSON* d) { set(d, "features.refer.handoff_phrase", "5"); }),
                      "features.refer.handoff_phrase", {"string or null", "number 5"});
  assert_single_error(problems_after([](cJSON* d) { set(d, kDest, "{}"); }), kDest, {"array", "object"});
  assert_single_error(problems_after([](cJSON* d) { set(d, dest(0), R"("commercial")"); }), dest(0),
                      {"destination object", "string"});
}
END_TEST

START_TEST(refer_enabled_without_destinations_warns) {
  assert_warning(problems_after([](cJSON* d) { set(d, kDest, "[]"); }), kDest, "no destinations");
  // Disabled refer with no destinations is the spec's new-tenant shape: silent.
  assert_clean(problems_after([](cJSON* d) {
                 set(d, kDest, "[]");
                 set(d, "features.refer.enabled", "false");
               }),
               "refer disabled, no destinations");
}
END_TEST

START_TEST(misspelt_fields_are_named_with_the_field_meant) {
  // At the top level only a likely misspelling is reported (other fields are
  // the application's): one edit from "timezone", a case change of "status",
  // a swap of two letters in "display_name".
  Problems problems = problems_after([](cJSON* d) { set(d, "timezon", R"("UTC")"); });
  assert_warning(problems, "timezon", "did you mean 'timezone'?");
  problems = problems_after([](cJSON* d) { set(d, "Status", R"("active")"); });
  assert_warning(problems, "Status", "did you mean 'status'?");
  problems = problems_after([](cJSON* d) { set(d, "dispaly_name", R"("x")"); });
  assert_warning(problems, "dispaly_name", "did you mean 'display_name'?");
  // Three edits from anything known: the application's own field.
  assert_clean(problems_after([](cJSON* d) { set(d, "timeout", "5"); }), "a field three edits from timezone");
  // Inside a destination every unknown key is reported, with the field
  // meant when there is one.
  problems = problems_after([](cJSON* d) { set(d, dest(0, "priorty"), "1"); });
  assert_warning(problems, dest(0, "priorty"), "did you mean 'priority'?");
  problems = problems_after([](cJSON* d) { set(d, dest(1, "business_hours.duration"), "60"); });
  assert_warning(problems, dest(1, "business_hours.duration"), "unknown field");
  for (const auto& p : problems)
    ck_assert_msg(p.message.find("did you mean") == std::string::npos, "no field is near 'duration': %s",
                  p.to_string().c_str());
  problems = problems_after([](cJSON* d) { set(d, "features.refr", "{}"); });
  assert_warning(problems, "features.refr", "did you mean 'refer'?");
}
END_TEST

START_TEST(near_miss_lookups_are_bounded) {
  // 300 top-level keys, each one letter longer than "timezone": only the
  // first 200 are compared with the table's fields (the look is bounded per
  // document), so 200 warnings: 100 listed, 100 counted, 100 never looked at.
  cJSON* doc = parse(kValidDoc);
  for (int i = 0; i < 300; ++i) {
    char key[32];
    std::snprintf(key, sizeof key, "timezone%c%c", 'a' + i / 26 % 26, 'a' + i % 26);
    // Two letters more: within two edits of "timezone".
    cJSON_AddNumberToObject(doc, key, i);
  }
  const Problems problems = tenant::validate_tenant_doc(doc);
  cJSON_Delete(doc);
  ck_assert_uint_eq(problems.size(), 101);
  const std::string last = problems.back().to_string();
  ck_assert_str_eq(last.c_str(), "(document): warning: ... and 100 more problems (only the first 100 are listed)");
}
END_TEST

START_TEST(unknown_destination_fields_warn) {
  assert_warning(problems_after([](cJSON* d) { set(d, dest(0, "bussiness_hours"), "{}"); }),
                 dest(0, "bussiness_hours"), "unknown");
  assert_warning(problems_after([](cJSON* d) { set(d, dest(1, "business_hours.timezone"), R"("UTC")"); }),
                 dest(1, "business_hours.timezone"), "unknown");
  // Other features and top-level fields are the application's business.
  assert_clean(problems_after([](cJSON* d) {
                 set(d, "features.recording", "{}");
                 set(d, "billing_code", R"("X1")");
               }),
               "unknown feature and top-level field");
}
END_TEST

// ------------------------------------------------------------------ destination fields

START_TEST(destination_required_fields) {
  for (const char* field : {"destination_id", "label", "target_uri", "description_for_model"}) {
    const Problems problems = problems_after([&](cJSON* d) { remove(d, dest(0, field)); });
    assert_single_error(problems, dest(0, field), {"missing"});
  }
}
END_TEST

START_TEST(destination_field_types) {
  assert_single_error(problems_after([](cJSON* d) { set(d, dest(0, "label"), "3"); }), dest(0, "label"),
                      {"string", "number 3"});
  assert_single_error(problems_after([](cJSON* d) { set(d, dest(0, "label"), R"("")"); }), dest(0, "label"),
                      {"empty"});
  assert_single_error(problems_after([](cJSON* d) { set(d, dest(0, "description_for_model"), "{}"); }),
                      dest(0, "description_for_model"), {"string", "object"});
  assert_single_error(problems_after([](cJSON* d) { set(d, dest(0, "target_uri"), "null"); }),
                      dest(0, "target_uri"), {"URI", "null"});
  assert_single_error(problems_after([](cJSON* d) { set(d, dest(0, "enabled"), R"("true")"); }),
                      dest(0, "enabled"), {"true or false", "string"});
  assert_single_error(problems_after([](cJSON* d) { set(d, dest(0, "priority"), "1.5"); }), dest(0, "priority"),
                      {"integer", "1.5"});
  assert_single_error(problems_after([](cJSON* d) { set(d, dest(0, "priority"), R"("1")"); }),
                      dest(0, "priority"), {"integer", "string"});
  assert_single_error(problems_after([](cJSON* d) { set(d, dest(0, "priority"), "1e400"); }), dest(0, "priority"),
                      {"integer", "too large"});
}
END_TEST

static const char* const kBadDestinationIds[] = {
    "\"Sales\"",  // upper case
    "\"s\"",      // too short: a letter then at least one more
    "\"1sales\"", // must start with a letter
    "\"after-hours\"",
    "\"sales \"",
    "\"\"",
    "\"abcdefghijklmnopqrstuvwxyzabcdefghijklmnop\"",  // 42 characters: one too many
};

START_TEST(destination_id_pattern) {
  const Problems problems =
      problems_after([&](cJSON* d) { set(d, dest(0, "destination_id"), kBadDestinationIds[_i]); });
  assert_single_error(problems, dest(0, "destination_id"), {"^[a-z][a-z0-9_]{1,40}$"});
}
END_TEST

START_TEST(destination_id_pattern_bounds_are_accepted) {
  assert_clean(problems_after([](cJSON* d) {
                 set(d, dest(0, "destination_id"), R"("a1")");
                 set(d, dest(2, "destination_id"), R"("abcdefghijklmnopqrstuvwxyzabcdefghijklmno")");  // 41
                 set(d, dest(1, "after_hours_destination_id"), R"("abcdefghijklmnopqrstuvwxyzabcdefghijklmno")");
               }),
               "ids of 2 and 41 characters");
}
END_TEST

START_TEST(destination_id_must_be_unique) {
  const Problems problems = problems_after([](cJSON* d) { set(d, dest(2, "destination_id"), R"("commercial")"); });
  // Reported once, on the second copy, with the count and the first copy.
  // The sales fallback now names nothing.
  ck_assert_msg(count(problems, Problem::Severity::error) == 2, "got:%s", dump(problems).c_str());
  assert_has_error(problems, dest(2, "destination_id"), "unique");
  assert_has_error(problems, dest(2, "destination_id"), "'commercial' is used by 2 destinations (first at [0])");
  assert_has_error(problems, dest(1, "after_hours_destination_id"), "voicemail");
  // Both copies are unusable all the same: neither can be told from the other.
  cJSON* doc = parse(kValidDoc);
  set(doc, dest(2, "destination_id"), R"("commercial")");
  const auto config = tenant::TenantConfig::from_tenant_doc(doc);
  cJSON_Delete(doc);
  ck_assert(config.ok());
  ck_assert(!config->refer.destinations[0].usable);
  ck_assert(!config->refer.destinations[2].usable);
  ck_assert(!config->tenant_level_errors);
}
END_TEST

// ------------------------------------------------------------------ target_uri

static const char* const kBadUris[][2] = {
    {"\"http://example.com/transfer\"", "tel:, sip: or sips:"},
    {"\"+33140000000\"", "tel:, sip: or sips:"},
    {"\"\"", "empty"},
    {"\"sip:\"", "nothing after"},
    {"\"tel:\"", "nothing after"},
    {"\"sips:\"", "nothing after"},
    // A 20-digit port once overflowed the port reader (undefined behaviour).
    {"\"sip:sales@pbx.example.com:66666666666666666666\"", "invalid port"},
    {"\"sip:sales@pbx.example.com?Subject=urgent\"", "headers"},
    {"\"sip:sales@pbx.example.com?X-Evil=1&Route=%3Csip:attacker%3E\"", "headers"},
    {"\"tel:+33140000000?x=1\"", "'?'"},
    {"\"tel:+33 1 40 00 00 00\"", "whitespace"},
    {"\"sip:sales@pbx.example.com\\r\\nX-Injected: 1\"", "control"},
    {"\"sip:sales@pbx.example.com\\tX\"", "control"},
    {"\"sip:caf\\u00e9@pbx.example.com\"", "ASCII"},
    {"\"sip:sales@pbx.example.com>;x=<sip:evil@x\"", "'>'"},
    {"\"sip:@pbx.example.com\"", "user part"},
    {"\"sip:sales@\"", "host"},
    {"\"sip:a@b@pbx.example.com\"", "'@'"},
    {"\"sip:sales@pbx.example.com:99999\"", "port"},
    {"\"sip:sales@[2001:db8::1\"", "IPv6"},
    {"\"tel:call-me\"", "invalid character"},
    {"\"tel:33+140000000\"", "'+'"},
    {"\"tel:---\"", "no digits"},
};

START_TEST(target_uri_must_be_safe) {
  const char* json = kBadUris[_i][0];
  const char* word = kBadUris[_i][1];
  const Problems problems = problems_after([&](cJSON* d) { set(d, dest(0, "target_uri"), json); });
  assert_single_error(problems, dest(0, "target_uri"), {word});
}
END_TEST

START_TEST(target_uri_accepted_forms) {
  for (const char* uri : {"tel:+33140000000", "tel:+1-212-736-3100", "tel:7042;phone-context=example.com",
                          "sip:sales@pbx.example.com", "sip:+33140000000@gw.example.com;user=phone",
                          "sips:support@pbx.example.com:5061;transport=tls", "sip:1000@10.0.0.5",
                          "sip:agent@[2001:db8::1]:5060", "sip:pbx.example.com", "SIP:Sales@PBX.example.com",
                          "sip:*98@pbx.example.com"}) {
    ck_assert_msg(!tenant::target_uri_problem(uri), "%s rejected: %s", uri,
                  tenant::target_uri_problem(uri).value_or("").c_str());
  }
  ck_assert(tenant::target_uri_scheme("SIPS:x@y") == "sips");
  ck_assert(tenant::target_uri_scheme("mailto:x@y").empty());
}
END_TEST

// ------------------------------------------------------------------ business hours

START_TEST(business_hours_shape) {
  const std::string hours = dest(1, "business_hours");
  assert_single_error(problems_after([&](cJSON* d) { set(d, hours, R"("9-17")"); }), hours,
                      {"object", "string '9-17'"});
  assert_single_error(problems_after([&](cJSON* d) { remove(d, hours + ".rrule"); }), hours + ".rrule",
                      {"missing"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, hours + ".rrule", "5"); }), hours + ".rrule",
                      {"RRULE", "number 5"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, hours + ".rrule", R"("")"); }), hours + ".rrule",
                      {"empty"});
  assert_single_error(problems_after([&](cJSON* d) { remove(d, hours + ".duration_minutes"); }),
                      hours + ".duration_minutes", {"missing"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, hours + ".tz", "2"); }), hours + ".tz",
                      {"IANA", "number 2"});
  // null business hours: always open, and then a fallback has no effect.
  assert_warning(problems_after([&](cJSON* d) { set(d, hours, "null"); }), dest(1, "after_hours_destination_id"),
                 "no effect");
}
END_TEST

START_TEST(duration_minutes_range) {
  const std::string path = dest(1, "business_hours.duration_minutes");
  // The exact line DESIGN.md gives as the example of a problem.
  const Problems zero = problems_after([&](cJSON* d) { set(d, path, "0"); });
  assert_single_error(zero, path, {"must be 1..1440, got 0"});
  const std::string line = zero[0].to_string();
  ck_assert_str_eq(line.c_str(),
                   "features.refer.destinations[1].business_hours.duration_minutes: must be 1..1440, got 0");
  assert_single_error(problems_after([&](cJSON* d) { set(d, path, "1441"); }), path, {"1..1440", "1441"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, path, "-30"); }), path, {"1..1440", "-30"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, path, "90.5"); }), path, {"integer", "90.5"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, path, R"("480")"); }), path, {"integer", "string"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, path, R"({"$numberLong": "99999999999999999999"})"); }),
                      path, {"integer"});
  assert_clean(problems_after([&](cJSON* d) { set(d, path, "1"); }), "1 minute");
  assert_clean(problems_after([&](cJSON* d) { set(d, path, R"({"$numberInt": "1440"})"); }), "1440 minutes");
}
END_TEST

START_TEST(business_hours_tz_must_be_iana) {
  const std::string path = dest(1, "business_hours.tz");
  assert_single_error(problems_after([&](cJSON* d) { set(d, path, R"("CET+1")"); }), path, {"IANA", "CET+1"});
  assert_clean(problems_after([&](cJSON* d) { set(d, path, R"("America/New_York")"); }), "America/New_York");
  // Absent: Europe/Paris.
  assert_clean(problems_after([&](cJSON* d) { remove(d, path); }), "default zone");
}
END_TEST

START_TEST(dtstart_is_a_local_datetime) {
  const std::string path = dest(1, "business_hours.dtstart");
  for (const char* bad : {R"("2024-01-01")", R"("2024-01-01T09:00:00Z")", R"("2024-01-01T09:00:00+01:00")",
                          R"("2024-02-30T09:00:00")", R"("2024-01-01T24:00:00")", R"("2024-01-01 09:00:00")",
                          "20240101"}) {
    assert_single_error(problems_after([&](cJSON* d) { set(d, path, bad); }), path, {"YYYY-MM-DDTHH:MM:SS"});
  }
  assert_clean(problems_after([&](cJSON* d) { set(d, path, R"("2024-01-01T09:00:00")"); }), "dtstart");
  assert_clean(problems_after([&](cJSON* d) { set(d, path, "null"); }), "dtstart null");
}
END_TEST

START_TEST(rrule_must_compile) {
  const std::string path = dest(1, "business_hours.rrule");
  for (const char* bad : {R"("FREQ=WEEK;BYDAY=MO")", R"("BYDAY=MO,TU")", R"("FREQ=WEEKLY;BYDAY=XX;BYHOUR=9")",
                          R"("FREQ=DAILY;BYHOUR=25")", R"("not a rule")"}) {
    const Problems problems = problems_after([&](cJSON* d) { set(d, path, bad); });
    ck_assert_msg(count(problems, Problem::Severity::error) == 1, "%s: got:%s", bad, dump(problems).c_str());
    bool under_hours = false;
    for (const auto& p : problems)
      under_hours = under_hours || (p.severity == Problem::Severity::error &&
                                    p.path.rfind(dest(1, "business_hours"), 0) == 0 && !p.message.empty());
    ck_assert_msg(under_hours, "%s: error not under business_hours:%s", bad, dump(problems).c_str());
  }
}
END_TEST

START_TEST(windows_are_checked_where_they_are) {
  const std::string w0 = dest(1, "business_hours.windows[0]");
  assert_single_error(problems_after([&](cJSON* d) { set(d, w0 + ".rrule", R"("FREQ=WEEK")"); }), w0 + ".rrule",
                      {"FREQ"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, w0 + ".duration_minutes", "0"); }),
                      w0 + ".duration_minutes", {"1..1440"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, w0, R"("14:00-18:00")"); }), w0, {"window object"});
  assert_warning(problems_after([&](cJSON* d) { set(d, w0 + ".tz", R"("UTC")"); }), w0 + ".tz", "unknown field");
  // A window's rule without BYHOUR gets the main rule's advice, at its path.
  assert_warning(problems_after([&](cJSON* d) { set(d, w0 + ".rrule", R"("FREQ=WEEKLY;BYDAY=SA")"); }),
                 w0 + ".rrule", "BYHOUR");
  // At most kMaxWindows (10): eleven are refused as a whole.
  std::string eleven = "[";
  for (int i = 0; i < 11; ++i)
    eleven += std::string(i ? "," : "") + R"({"rrule": "FREQ=DAILY;BYHOUR=1", "duration_minutes": 1})";
  eleven += "]";
  assert_single_error(problems_after([&](cJSON* d) { set(d, dest(1, "business_hours.windows"), eleven); }),
                      dest(1, "business_hours.windows"), {"11 windows", "10"});
}
END_TEST

START_TEST(rule_without_byhour_warns) {
  // The spec's own example: opens at 00:00 local, which is rarely meant.
  const std::string path = dest(1, "business_hours.rrule");
  const Problems problems =
      problems_after([&](cJSON* d) { set(d, path, R"("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR")"); });
  assert_warning(problems, path, "00:00");
  ck_assert_int_eq(count(problems, Problem::Severity::warning), 1);
}
END_TEST

// ------------------------------------------------------------------ after_hours_destination_id

START_TEST(after_hours_reference) {
  const std::string path = dest(1, "after_hours_destination_id");
  assert_single_error(problems_after([&](cJSON* d) { set(d, path, R"("voicemial")"); }), path,
                      {"another destination", "'voicemial'", "'voicemail'"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, path, R"("sales")"); }), path,
                      {"another destination", "not this one"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, path, "3"); }), path, {"string or null", "number 3"});
  assert_clean(problems_after([&](cJSON* d) { set(d, path, "null"); }), "no fallback");
  // A fallback that is disabled is allowed, but pointless.
  assert_warning(problems_after([&](cJSON* d) { set(d, dest(2, "enabled"), "false"); }), path, "disabled");
}
END_TEST

// ------------------------------------------------------------------ every problem, not the first

START_TEST(every_problem_is_reported) {
  const Problems problems = problems_after([](cJSON* d) {
    remove(d, "display_name");
    set(d, "status", R"("on")");
    set(d, dest(0, "target_uri"), R"("sip:x@y?h=1")");
    set(d, dest(1, "business_hours.duration_minutes"), "0");
    set(d, dest(2, "destination_id"), R"("Voicemail")");
  });
  assert_has_error(problems, "display_name", "missing");
  assert_has_error(problems, "status", "active");
  assert_has_error(problems, dest(0, "target_uri"), "headers");
  assert_has_error(problems, dest(1, "business_hours.duration_minutes"), "1..1440");
  assert_has_error(problems, dest(2, "destination_id"), "^[a-z]");
  assert_has_error(problems, dest(1, "after_hours_destination_id"), "voicemail");
  ck_assert_msg(count(problems, Problem::Severity::error) == 6, "got:%s", dump(problems).c_str());
  // Reported in the spec's field order, destinations in list order.
  ck_assert_str_eq(problems[0].path.c_str(), "display_name");
  ck_assert_str_eq(problems[1].path.c_str(), "status");
  ck_assert(problems[2].path == dest(0, "target_uri"));
}
END_TEST


// ------------------------------------------------------------------ closures, openings, overrides

namespace {

const char kRefer[] = "features.refer";

// The problems of the valid document after edit(doc), judged at `now`.
template <class Edit>
Problems problems_at(const char* now, Edit edit) {
  cJSON* doc = parse(kValidDoc);
  edit(doc);
  Problems problems = tenant::validate_tenant_doc(doc, nullptr, nullptr, at(now));
  cJSON_Delete(doc);
  return problems;
}

}  // namespace

START_TEST(calendar_entries_are_valid_in_each_form) {
  const std::string closures = std::string(kRefer) + ".closures";
  assert_clean(problems_after([&](cJSON* d) {
                 set(d, closures, R"([{"date": "2099-12-25", "label": "Noël"},
                   {"start": "2099-08-03T00:00:00", "end": "2099-08-17T00:00:00", "label": "Congés"},
                   {"rrule": "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1", "duration_minutes": 1440, "label": null},
                   {"rrule": "FREQ=WEEKLY;BYDAY=WE", "duration_minutes": 720, "dtstart": "2024-01-03T12:00:00",
                    "exdates": ["2099-12-23"], "tz": "America/Cayenne"}])");
                 set(d, dest(1, "openings"), R"([{"date": "2099-12-19"}])");
                 set(d, dest(1, "closures"), R"([{"date": "2099-12-24", "label": "Réveillon"}])");
                 set(d, dest(1, "override"), R"({"state": "closed", "until": null, "label": "Tempête"})");
               }),
               "every form");
}
END_TEST

START_TEST(calendar_entry_shapes) {
  const std::string c0 = std::string(kRefer) + ".closures[0]";
  const auto with_entry = [&](const char* json) {
    return problems_after([&](cJSON* d) { set(d, std::string(kRefer) + ".closures", std::string("[") + json + "]"); });
  };
  assert_single_error(with_entry(R"("2026-12-25")"), c0, {"entry object", "string '2026-12-25'"});
  assert_single_error(with_entry(R"({"label": "Noël"})"), c0, {"needs one of", "date", "rrule"});
  assert_single_error(with_entry(R"({"date": "2099-12-25", "rrule": "FREQ=YEARLY", "duration_minutes": 1440})"), c0,
                      {"mixes date with rrule"});
  assert_single_error(with_entry(R"({"start": "2099-08-03T00:00:00"})"), c0 + ".end", {"missing"});
  assert_single_error(with_entry(R"({"end": "2099-08-03T00:00:00"})"), c0 + ".start", {"missing"});
  assert_single_error(with_entry(R"({"rrule": "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1"})"), c0 + ".duration_minutes",
                      {"missing", "1..527040"});
  assert_single_error(with_entry(R"({"date": "2099-12-25", "dtstart": "2024-01-01T00:00:00"})"), c0 + ".dtstart",
                      {"rrule"});
  assert_single_error(with_entry(R"({"date": "2099-12-25", "exdates": ["2099-12-25"]})"), c0 + ".exdates",
                      {"rrule"});
  assert_single_error(with_entry(R"({"date": "25/12/2099"})"), c0 + ".date", {"YYYY-MM-DD", "'25/12/2099'"});
  assert_single_error(with_entry(R"({"date": "2099-02-30"})"), c0 + ".date", {"not a real date"});
  assert_single_error(with_entry(R"({"start": "2099-08-17T00:00:00", "end": "2099-08-03T00:00:00"})"), c0 + ".end",
                      {"must be after start"});
  assert_single_error(with_entry(R"({"start": "2099-08-03", "end": "2099-08-17T00:00:00"})"), c0 + ".start",
                      {"YYYY-MM-DDTHH:MM:SS"});
  assert_single_error(with_entry(R"({"rrule": "FREQ=YEARLY", "duration_minutes": 0})"), c0 + ".duration_minutes",
                      {"1..527040", "got 0"});
  assert_single_error(with_entry(R"({"rrule": "FREQ=YEARLY", "duration_minutes": 527041})"),
                      c0 + ".duration_minutes", {"1..527040"});
  assert_single_error(with_entry(R"({"rrule": "FREQ=YEARLI", "duration_minutes": 60})"), c0 + ".rrule", {"FREQ"});
  assert_single_error(with_entry(R"({"rrule": "FREQ=WEEKLY", "duration_minutes": 60, "exdates": ["tomorrow"]})"),
                      c0 + ".exdates[0]", {"YYYY-MM-DD"});
  assert_single_error(with_entry(R"({"date": "2099-12-25", "tz": "Europe/Pariss"})"), c0 + ".tz", {"Europe/Pariss"});
  assert_single_error(with_entry(R"({"date": "2099-12-25", "label": ""})"), c0 + ".label", {"must not be empty"});
  assert_warning(with_entry(R"({"date": "2099-12-25", "lable": "Noël"})"), c0 + ".lable", "did you mean 'label'");
}
END_TEST

START_TEST(calendar_lists_are_bounded) {
  std::string many = "[";
  for (int i = 0; i < 101; ++i) many += std::string(i ? "," : "") + R"({"date": "2099-12-25"})";
  many += "]";
  assert_single_error(problems_after([&](cJSON* d) { set(d, dest(1, "closures"), many); }), dest(1, "closures"),
                      {"101 entries", "100"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, dest(1, "openings"), many); }), dest(1, "openings"),
                      {"101 entries", "100"});
  std::string dates = "[";
  for (int i = 0; i < 101; ++i) dates += std::string(i ? "," : "") + R"("2099-12-25")";
  dates += "]";
  assert_has_error(problems_after([&](cJSON* d) {
                     set(d, dest(1, "closures"),
                         R"([{"rrule": "FREQ=YEARLY", "duration_minutes": 60, "exdates": )" + dates + "}]");
                   }),
                   dest(1, "closures[0].exdates"), "100");
}
END_TEST

START_TEST(override_shape) {
  const std::string o = dest(1, "override");
  assert_single_error(problems_after([&](cJSON* d) { set(d, o, R"({"state": "shut"})"); }), o + ".state",
                      {"\"open\" or \"closed\"", "'shut'"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, o, R"({"until": null})"); }), o + ".state", {"missing"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, o, R"({"state": "closed", "until": "tomorrow"})"); }),
                      o + ".until", {"date"});
  assert_single_error(problems_after([&](cJSON* d) { set(d, o, R"("closed")"); }), o, {"object", "or null"});
  assert_clean(problems_after([&](cJSON* d) { set(d, o, "null"); }), "no override");
}
END_TEST

START_TEST(calendar_warnings_need_the_clock) {
  // Judged on 2026-12-07: Christmas 2025 is over; Christmas 2026 is not.
  const std::string c0 = std::string(kRefer) + ".closures[0]";
  assert_warning(problems_at("2026-12-07T12:00:00Z",
                             [&](cJSON* d) { set(d, std::string(kRefer) + ".closures", R"([{"date": "2025-12-25"}])"); }),
                 c0, "never applies again");
  assert_clean(problems_at("2026-12-07T12:00:00Z",
                           [&](cJSON* d) { set(d, std::string(kRefer) + ".closures", R"([{"date": "2026-12-25"}])"); }),
               "a closure to come");
  // A rule counted to its end is over too; an open-ended one never is.
  assert_warning(problems_at("2026-12-07T12:00:00Z",
                             [&](cJSON* d) {
                               set(d, dest(1, "closures"),
                                   R"([{"rrule": "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=1;COUNT=2", "duration_minutes": 1440}])");
                             }),
                 dest(1, "closures[0]"), "never applies again");
  // An override whose until has passed.
  assert_warning(problems_at("2026-12-07T12:00:00Z",
                             [&](cJSON* d) {
                               set(d, dest(1, "override"), R"({"state": "closed", "until": "2026-12-06T00:00:00Z"})");
                             }),
                 dest(1, "override.until"), "no longer applies");
  // Two overrides in force at once: the destination's decides.
  const Problems both = problems_at("2026-12-07T12:00:00Z", [&](cJSON* d) {
    set(d, std::string(kRefer) + ".override", R"({"state": "closed", "until": "2026-12-08T00:00:00Z"})");
    set(d, dest(1, "override"), R"({"state": "open", "until": null})");
  });
  assert_warning(both, dest(1, "override"), "overlaps");
  // Not when the tenant's is over.
  assert_warning(problems_at("2026-12-09T12:00:00Z",
                             [&](cJSON* d) {
                               set(d, std::string(kRefer) + ".override",
                                   R"({"state": "closed", "until": "2026-12-08T00:00:00Z"})");
                               set(d, dest(1, "override"), R"({"state": "open", "until": null})");
                             }),
                 std::string(kRefer) + ".override.until", "no longer applies");
}
END_TEST

START_TEST(a_fallback_behind_a_closure_has_an_effect) {
  // commercial (destinations[0]) has no business hours: a fallback of its
  // own is pointless, unless a closure or an override can close it.
  const auto with_fallback = [](const std::function<void(cJSON*)>& more) {
    return problems_after([&](cJSON* d) {
      set(d, dest(0, "after_hours_destination_id"), R"("voicemail")");
      more(d);
    });
  };
  assert_warning(with_fallback([](cJSON*) {}), dest(0, "after_hours_destination_id"), "never closed");
  for (const auto& edit : std::vector<std::function<void(cJSON*)>>{
           [](cJSON* d) { set(d, dest(0, "closures"), R"([{"date": "2099-12-25"}])"); },
           [](cJSON* d) { set(d, dest(0, "override"), R"({"state": "closed"})"); },
           [](cJSON* d) { set(d, std::string(kRefer) + ".closures", R"([{"date": "2099-12-25"}])"); },
           [](cJSON* d) { set(d, std::string(kRefer) + ".override", R"({"state": "closed"})"); }})
    for (const auto& p : with_fallback(edit))
      ck_assert_msg(p.message.find("never closed") == std::string::npos, "%s", p.to_string().c_str());
}
END_TEST

START_TEST(calendar_errors_break_what_they_apply_to) {
  // A tenant-wide closure that cannot be read: every transfer is refused,
  // since a holiday it cannot honour would be a wrong answer.
  cJSON* doc = parse(kValidDoc);
  set(doc, std::string(kRefer) + ".closures", R"([{"date": "2099-13-01", "label": "?"}])");
  char* text = cJSON_PrintUnformatted(doc);
  cJSON_Delete(doc);
  auto tenant_level = tenant::TenantConfig::from_json_text(text);
  cJSON_free(text);
  ck_assert(tenant_level.ok());
  ck_assert(tenant_level->tenant_level_errors);
  // A destination's own closure: only that destination.
  doc = parse(kValidDoc);
  set(doc, dest(1, "closures"), R"([{"rrule": "FREQ=NEVER", "duration_minutes": 60}])");
  text = cJSON_PrintUnformatted(doc);
  cJSON_Delete(doc);
  auto one = tenant::TenantConfig::from_json_text(text);
  cJSON_free(text);
  ck_assert(one.ok());
  ck_assert(!one->tenant_level_errors);
  ck_assert(!one->refer.destinations[1].usable);
  ck_assert(one->refer.destinations[0].usable && one->refer.destinations[2].usable);
}
END_TEST

// ------------------------------------------------------------------ the field tables

// Every row of every table drives the validator: a value of another type is
// an error at the row's path saying what the row expects, and a required
// row's absence is an error. (Values chosen by type: an array is of no row's
// type but array, a string of no array row's.)
template <class Model>
void each_row_judges_type_and_presence(const tenant::FieldTable<Model>& table, const std::string& parent) {
  for (const auto& row : table) {
    const std::string path = parent.empty() ? row.key : parent + "." + row.key;
    const char* wrong = row.type == tenant::FieldType::array ? R"("x")" : "[1]";
    Problems problems = problems_after([&](cJSON* d) { set(d, path, wrong); });
    assert_has_error(problems, path, (std::string("must be ") + row.expected).c_str());
    cJSON* doc = parse(kValidDoc);
    const bool present = lookup(doc, path) != nullptr;
    cJSON_Delete(doc);
    if (!present) continue;
    problems = problems_after([&](cJSON* d) { remove(d, path); });
    if (row.presence == tenant::FieldPresence::required) {
      assert_has_error(problems, path, "required field is missing");
    } else {
      for (const auto& p : problems)
        ck_assert_msg(p.path != path || p.severity != Problem::Severity::error, "%s is optional, got %s",
                      path.c_str(), p.to_string().c_str());
    }
  }
}

START_TEST(every_row_judges_type_and_presence) {
  each_row_judges_type_and_presence(tenant::tenant_fields(), "");
  each_row_judges_type_and_presence(tenant::features_fields(), "features");
  each_row_judges_type_and_presence(tenant::refer_fields(), "features.refer");
  each_row_judges_type_and_presence(tenant::destination_fields(), dest(1));
  each_row_judges_type_and_presence(tenant::business_hours_fields(), dest(1, "business_hours"));
  each_row_judges_type_and_presence(tenant::window_fields(), dest(1, "business_hours.windows[0]"));
}
END_TEST

// The keys of the field table under the docs heading that starts with
// `heading`: its rows "| `key` | ...", up to the next heading.
std::vector<std::string> documented_fields(const std::string& heading) {
  const std::string path = std::string(TEST_SRCDIR) + "/docs/tenant-documents.md";
  std::ifstream in(path);
  ck_assert_msg(in.good(), "cannot read %s", path.c_str());
  std::vector<std::string> keys;
  bool inside = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#", 0) == 0) {
      if (inside) break;
      inside = line.rfind(heading, 0) == 0;
      continue;
    }
    if (inside && line.rfind("| `", 0) == 0) keys.push_back(line.substr(3, line.find('`', 3) - 3));
  }
  ck_assert_msg(!keys.empty(), "no field table under '%s' in %s", heading.c_str(), path.c_str());
  return keys;
}

// The docs list exactly the table's rows, in the table's order.
template <class Model>
void rows_are_documented(const tenant::FieldTable<Model>& table, const std::string& heading) {
  std::vector<std::string> rows;
  for (const auto& row : table) rows.emplace_back(row.key);
  const std::vector<std::string> documented = documented_fields(heading);
  std::string a, b;
  for (const auto& k : rows) a += k + " ";
  for (const auto& k : documented) b += k + " ";
  ck_assert_msg(a == b, "%s: the field table holds [%s], docs/tenant-documents.md lists [%s]", heading.c_str(),
                a.c_str(), b.c_str());
}

START_TEST(every_row_is_documented) {
  rows_are_documented(tenant::tenant_fields(), "### Tenant");
  rows_are_documented(tenant::refer_fields(), "### Transfers: `features.refer`");
  rows_are_documented(tenant::destination_fields(), "### A destination");
  rows_are_documented(tenant::business_hours_fields(), "### Business hours");
  rows_are_documented(tenant::window_fields(), "### A window");
  rows_are_documented(tenant::calendar_entry_fields(), "### A closure or an opening");
  rows_are_documented(tenant::override_fields(), "### An override");
}
END_TEST

// ------------------------------------------------------------------ Extended JSON readers

START_TEST(json_integer_forms) {
  const auto integer = [](const char* json) {
    cJSON* item = parse(json);
    const auto value = tenant::json_integer(item);
    cJSON_Delete(item);
    return value;
  };
  ck_assert(integer("42") == 42);
  ck_assert(integer("-7") == -7);
  ck_assert(integer("1e3") == 1000);
  ck_assert(integer(R"({"$numberInt": "-2147483648"})") == -2147483648LL);
  ck_assert(!integer(R"({"$numberInt": "2147483648"})"));
  ck_assert(integer(R"({"$numberLong": "9223372036854775807"})") == INT64_MAX);
  ck_assert(integer(R"({"$numberLong": "-9223372036854775808"})") == INT64_MIN);
  ck_assert(!integer(R"({"$numberLong": "9223372036854775808"})"));
  ck_assert(!integer(R"({"$numberLong": ""})"));
  ck_assert(!integer(R"({"$numberLong": "-"})"));
  ck_assert(!integer(R"({"$numberLong": "12a"})"));
  ck_assert(!integer(R"({"$numberLong": 12})"));
  ck_assert(integer(R"({"$numberDouble": "3.0"})") == 3);
  ck_assert(!integer(R"({"$numberDouble": "Infinity"})"));
  ck_assert(!integer(R"({"$numberDouble": "NaN"})"));
  ck_assert(!integer(R"({"$numberInt": "1", "extra": 2})"));
  ck_assert(!integer("1.25"));
  ck_assert(!integer("1e300"));
  ck_assert(!integer("true"));
  ck_assert(!integer(R"("5")"));
  ck_assert(!tenant::json_integer(nullptr));
  cJSON* nan = cJSON_CreateNumber(std::nan(""));
  ck_assert(!tenant::json_integer(nan));
  cJSON_Delete(nan);
}
END_TEST

START_TEST(json_date_forms) {
  const auto date = [](const char* json) {
    cJSON* item = parse(json);
    const auto value = tenant::json_date(item);
    cJSON_Delete(item);
    return value;
  };
  const tenant::UnixSeconds jan15 = at("2026-01-15T10:00:00Z");
  // 2026-01-15T10:00:00Z: 20468 days after the epoch, plus ten hours.
  ck_assert(jan15 == 20468LL * 86400 + 10 * 3600);
  ck_assert(date(R"({"$date": "2026-01-15T10:00:00Z"})") == jan15);
  ck_assert(date(R"({"$date": "2026-01-15T10:00:00.000Z"})") == jan15);
  ck_assert(date(R"({"$date": "2026-01-15T11:00:00+01:00"})") == jan15);
  ck_assert(date(R"({"$date": {"$numberLong": "1768471200000"}})") == jan15);
  ck_assert(date(R"({"$date": {"$numberLong": "1768471200999"}})") == jan15);
  ck_assert(date(R"({"$date": 1768471200000})") == jan15);
  ck_assert(date(R"("2026-01-15T10:00:00Z")") == jan15);
  // Before the epoch milliseconds round toward the past.
  ck_assert(date(R"({"$date": {"$numberLong": "-1"}})") == -1);
  ck_assert(date(R"({"$date": {"$numberLong": "-62135596800000"}})") == at("0001-01-01T00:00:00Z"));
  ck_assert(!date(R"({"$date": {"$numberLong": "-62135596800001"}})"));
  ck_assert(!date(R"({"$date": {"$numberLong": "9223372036854775807"}})"));
  ck_assert(!date(R"({"$date": 1e300})"));
  ck_assert(!date(R"({"$date": "2026-01-15"})"));
  ck_assert(!date(R"({"$date": true})"));
  ck_assert(!date("1768471200000"));
  ck_assert(!date(R"({"date": "2026-01-15T10:00:00Z"})"));
}
END_TEST

START_TEST(json_object_id_and_type_names) {
  cJSON* oid = parse(R"({"$oid": "65F1A0C2E4B0A1B2C3D4E5F6"})");
  const std::string hex = tenant::json_object_id(oid).value_or("");
  ck_assert_str_eq(hex.c_str(), "65f1a0c2e4b0a1b2c3d4e5f6");
  ck_assert(tenant::json_type_name(oid) == "objectId");
  cJSON_Delete(oid);
  cJSON* bad = parse(R"({"$oid": "65f1a0c2"})");
  ck_assert(!tenant::json_object_id(bad));
  cJSON_Delete(bad);

  const char* const kNames[][2] = {
      {"null", "null"},   {"true", "boolean"},  {"1", "number"},
      {"\"x\"", "string"}, {"[]", "array"},     {"{}", "object"},
      {R"({"$numberInt": "1"})", "int"},        {R"({"$numberLong": "1"})", "long"},
      {R"({"$numberDouble": "1.5"})", "double"}, {R"({"$date": "2026-01-01T00:00:00Z"})", "date"},
      {R"({"$date": "x", "y": 1})", "object"},  {R"({"$unknownThing": 1})", "object"},
  };
  for (const auto& n : kNames) {
    cJSON* item = parse(n[0]);
    ck_assert_msg(tenant::json_type_name(item) == n[1], "%s: %s", n[0], tenant::json_type_name(item).c_str());
    cJSON_Delete(item);
  }
}
END_TEST

// ------------------------------------------------------------------ inputs that must not crash

START_TEST(every_field_of_the_wrong_type) {
  // Every member replaced, at every level, by each kind of wrong value.
  for (const char* wrong : {"null", "true", "-1e308", "[[[]]]", R"({"$numberLong": "x"})", R"("\u0001")"}) {
    cJSON* doc = parse(kValidDoc);
    for (const std::string& path :
         {std::string("_id"), std::string("tenant_id"), std::string("client_id"), std::string("display_name"),
          std::string("summary_to"), std::string("reply_to"), std::string("timezone"), std::string("locale"),
          std::string("status"), std::string("schema_version"), std::string("created_at"),
          std::string("updated_at"), dest(1, "business_hours.tz"), dest(1, "business_hours.rrule"),
          dest(1, "business_hours.duration_minutes"), dest(1, "after_hours_destination_id"),
          dest(1, "destination_id"), dest(1, "label"), dest(1, "target_uri"), dest(1, "description_for_model"),
          dest(1, "enabled"), dest(1, "priority"), dest(1, "business_hours"), dest(0), dest(2),
          std::string("features.refer.handoff_phrase"), std::string("features.refer.enabled"),
          std::string("features.refer.require_confirmation"), std::string(kDest), std::string("features.refer"),
          std::string("features"), std::string("metadata")})
      set(doc, path, wrong);
    const Problems problems = tenant::validate_tenant_doc(doc);
    ck_assert_msg(tenant::has_errors(problems), "%s everywhere: no errors", wrong);
    const auto config = tenant::TenantConfig::from_tenant_doc(doc);
    ck_assert(config.ok());
    ck_assert(config->tenant_level_errors);
    cJSON_Delete(doc);
  }
}
END_TEST

START_TEST(deep_nesting_and_huge_values) {
  // Nesting just under cJSON's limit, in a field the validator does not read
  // and in one it does.
  std::string deep;
  for (int i = 0; i < 900; ++i) deep += "[";
  for (int i = 0; i < 900; ++i) deep += "]";
  assert_single_error(problems_after([&](cJSON* d) {
                        set(d, "metadata.deep", deep);
                        set(d, "display_name", deep);
                      }),
                      "display_name", {"string", "array"});
  // Too deep for the parser: a parse error, not a crash.
  std::string too_deep;
  for (int i = 0; i < 5000; ++i) too_deep += "{\"a\":";
  const auto parsed = tenant::TenantConfig::from_json_text(too_deep);
  ck_assert(!parsed.ok());
  // Huge strings are echoed back cut short.
  const std::string long_zone(100000, 'Z');
  const Problems problems = problems_after([&](cJSON* d) { set(d, "timezone", "\"" + long_zone + "\""); });
  assert_single_error(problems, "timezone", {"IANA", "..."});
  ck_assert_uint_lt(problems[0].message.size(), 300);
  // Numbers beyond double range, negative zero, NaN built in memory.
  assert_single_error(problems_after([](cJSON* d) { set(d, "schema_version", "-1e999"); }), "schema_version",
                      {"integer"});
  assert_clean(problems_after([](cJSON* d) { set(d, dest(0, "priority"), "-0"); }), "priority -0");
  cJSON* doc = parse(kValidDoc);
  cJSON_ReplaceItemInObjectCaseSensitive(doc, "schema_version", cJSON_CreateNumber(std::nan("")));
  const Problems nan_problems = tenant::validate_tenant_doc(doc);
  cJSON_Delete(doc);
  assert_single_error(nan_problems, "schema_version", {"integer", "NaN"});
}
END_TEST

START_TEST(mutated_text_never_crashes) {
  // A fixed pseudo-random walk over single-byte edits of the valid document.
  const std::string base = kValidDoc;
  std::uint32_t state = 12345;
  const auto next = [&]() {
    state = state * 1103515245u + 12345u;
    return state >> 8;
  };
  static const char kBytes[] = "{}[]\":,0-9e.tfn\\ \x01\x7f\xff$";
  for (int round = 0; round < 3000; ++round) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(next() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t pos = next() % text.size();
      switch (next() % 3) {
        case 0: text[pos] = kBytes[next() % (sizeof kBytes - 1)]; break;
        case 1: text.erase(pos, 1 + next() % 8); break;
        default: text.insert(pos, 1, kBytes[next() % (sizeof kBytes - 1)]); break;
      }
    }
    const auto config = tenant::TenantConfig::from_json_text(text);
    if (config.ok()) (void)tenant::has_errors(config->problems);
  }
}
END_TEST

// ------------------------------------------------------------------ bounded reports

// A destination with every required field and nothing else, id as given.
// Exact text, with both sides shown when they differ.
static void expect_text(const std::string& got, const std::string& expected) {
  ck_assert_msg(got == expected, "got <%s>, expected <%s>", got.c_str(), expected.c_str());
}

static cJSON* minimal_destination(const char* id) {
  cJSON* d = cJSON_CreateObject();
  cJSON_AddStringToObject(d, "destination_id", id);
  cJSON_AddStringToObject(d, "label", "Sales");
  cJSON_AddStringToObject(d, "target_uri", "tel:+33240000001");
  cJSON_AddStringToObject(d, "description_for_model", "Sales");
  return d;
}

// The valid document with its destinations replaced by `list`.
static cJSON* doc_with_destinations(cJSON* list) {
  cJSON* doc = parse(kValidDoc);
  cJSON* refer = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "features"), "refer");
  cJSON_ReplaceItemInObjectCaseSensitive(refer, "destinations", list);
  return doc;
}

START_TEST(duplicate_ids_are_reported_once_with_a_count) {
  // 100 copies of one id (the most a tenant may have): one line, on the
  // second copy, naming the count and the first copy (it used to be one line
  // per copy naming every other).
  cJSON* list = cJSON_CreateArray();
  for (int i = 0; i < 100; ++i) cJSON_AddItemToArray(list, minimal_destination("sales"));
  cJSON* doc = doc_with_destinations(list);
  const Problems problems = tenant::validate_tenant_doc(doc);
  ck_assert_msg(problems.size() == 1, "got %zu problems", problems.size());
  expect_text(problems[0].to_string(),
                   "features.refer.destinations[1].destination_id: must be unique within the tenant: 'sales' is "
                   "used by 100 destinations (first at [0])");
  // Every copy is unusable all the same, and only they are.
  const auto config = tenant::TenantConfig::from_tenant_doc(doc);
  cJSON_Delete(doc);
  ck_assert(config.ok());
  ck_assert(!config->tenant_level_errors);
  ck_assert_uint_eq(config->refer.destinations.size(), 100);
  for (const auto& d : config->refer.destinations) ck_assert(!d.usable);
}
END_TEST

START_TEST(problems_know_their_destination) {
  // The location is recorded where the problem is found, not read back from
  // the path's text: a bad byte found by the walk over every string, a rule
  // of the destination's own, and a tenant-level problem.
  cJSON* list = cJSON_CreateArray();
  cJSON_AddItemToArray(list, minimal_destination("sales"));
  cJSON* second = minimal_destination("support");
  cJSON_ReplaceItemInObjectCaseSensitive(second, "label", cJSON_CreateString("Support\xff"));
  cJSON_AddItemToArray(list, second);
  cJSON_AddItemToArray(list, minimal_destination("Bad Id"));
  cJSON* doc = doc_with_destinations(list);
  cJSON_ReplaceItemInObjectCaseSensitive(doc, "client_id", cJSON_CreateString(""));
  const Problems problems = tenant::validate_tenant_doc(doc);
  cJSON_Delete(doc);
  bool label = false, id = false, client = false;
  for (const auto& p : problems) {
    if (p.path == "features.refer.destinations[1].label") label = p.destination == std::optional<std::size_t>(1);
    if (p.path == "features.refer.destinations[2].destination_id") id = p.destination == std::optional<std::size_t>(2);
    if (p.path == "client_id") client = !p.destination.has_value();
  }
  ck_assert_msg(label && id && client, "label %d, id %d, client_id %d", label, id, client);
}
END_TEST

START_TEST(more_destinations_than_a_tenant_may_have) {
  // 101 distinct, valid destinations, each with a rule of its own: one
  // error on the list, no rule compiled, and the tenant refuses transfers.
  cJSON* list = cJSON_CreateArray();
  for (int i = 0; i < 101; ++i) {
    const std::string id = "d" + std::to_string(1000 + i);
    cJSON* d = minimal_destination(id.c_str());
    cJSON* hours = cJSON_AddObjectToObject(d, "business_hours");
    cJSON_AddStringToObject(hours, "tz", "Europe/Paris");
    const std::string rule = "FREQ=DAILY;BYHOUR=9;BYMINUTE=" + std::to_string(i % 60) + ";BYSECOND=" + std::to_string(i / 60);
    cJSON_AddStringToObject(hours, "rrule", rule.c_str());
    cJSON_AddNumberToObject(hours, "duration_minutes", 60);
    cJSON_AddItemToArray(list, d);
  }
  cJSON* doc = doc_with_destinations(list);
  const Problems problems = tenant::validate_tenant_doc(doc);
  ck_assert_msg(problems.size() == 1, "got %zu problems", problems.size());
  expect_text(problems[0].to_string(),
              "features.refer.destinations: holds 101 destinations, more than the 100 a tenant may have: every "
              "transfer is refused until the list is shortened");
  const auto config = tenant::TenantConfig::from_tenant_doc(doc);
  cJSON_Delete(doc);
  ck_assert(config.ok());
  ck_assert(config->tenant_level_errors);
  for (const auto& d : config->refer.destinations) ck_assert(d.business_hours && d.business_hours->schedule == nullptr);
  // One fewer is read as usual.
  cJSON* shorter = cJSON_CreateArray();
  for (int i = 0; i < 100; ++i) cJSON_AddItemToArray(shorter, minimal_destination(("d" + std::to_string(1000 + i)).c_str()));
  cJSON* ok_doc = doc_with_destinations(shorter);
  ck_assert_uint_eq(tenant::validate_tenant_doc(ok_doc).size(), 0);
  cJSON_Delete(ok_doc);
}
END_TEST

START_TEST(problems_per_document_are_capped) {
  // 100 empty destinations miss 4 required fields each: 400 errors, of
  // which kProblemLimit (100) are listed and one line counts the other 300.
  cJSON* list = cJSON_CreateArray();
  for (int i = 0; i < 100; ++i) cJSON_AddItemToArray(list, cJSON_CreateObject());
  cJSON* doc = doc_with_destinations(list);
  const Problems problems = tenant::validate_tenant_doc(doc);
  ck_assert_uint_eq(tenant::kProblemLimit, 100);
  ck_assert_uint_eq(problems.size(), 101);
  expect_text(problems.back().to_string(),
                   "(document): ... and 300 more problems (only the first 100 are listed)");
  ck_assert(problems.back().severity == Problem::Severity::error);
  // Errors past the cap still mark their destination, never the tenant.
  const auto config = tenant::TenantConfig::from_tenant_doc(doc);
  cJSON_Delete(doc);
  ck_assert(config.ok());
  ck_assert(!config->tenant_level_errors);
  ck_assert(!config->refer.destinations[99].usable);
}
END_TEST

START_TEST(unknown_fallback_hint_is_linear_and_short) {
  // 100 destinations, 99 sharing one id, each naming a missing fallback:
  // each hint lists known ids other than its own. 1 duplicate line and 100
  // hints: 100 listed and the closing count.
  cJSON* list = cJSON_CreateArray();
  for (int i = 0; i < 100; ++i) {
    cJSON* d = minimal_destination(i == 0 ? "other" : "sales");
    cJSON_AddStringToObject(d, "after_hours_destination_id", "nowhere");
    cJSON_AddItemToArray(list, d);
  }
  cJSON* doc = doc_with_destinations(list);
  const Problems problems = tenant::validate_tenant_doc(doc);
  cJSON_Delete(doc);
  ck_assert_uint_eq(problems.size(), 101);
  assert_has_error(problems, dest(0, "after_hours_destination_id"), "got 'nowhere' (known: 'sales')");
  assert_has_error(problems, dest(1, "after_hours_destination_id"), "got 'nowhere' (known: 'other')");
}
END_TEST

// ------------------------------------------------------------------ echoed values

START_TEST(utf8_or_replaced_keeps_text_and_replaces_bad_bytes) {
  using tenant::utf8_or_replaced;
  expect_text(utf8_or_replaced("l'\xc3\xa9quipe"), "l'\xc3\xa9quipe");
  // One U+FFFD (EF BF BD) per byte that begins no well-formed sequence: a
  // stray byte, a cut sequence, an overlong form, a surrogate.
  expect_text(utf8_or_replaced("a\xff" "b"), "a\xef\xbf\xbd" "b");
  expect_text(utf8_or_replaced("a\xc3"), "a\xef\xbf\xbd");
  expect_text(utf8_or_replaced("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");
  expect_text(utf8_or_replaced("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
  expect_text(utf8_or_replaced(""), "");
}
END_TEST

START_TEST(quote_value_escapes_and_cuts) {
  using tenant::quote_value;
  expect_text(quote_value("Europe/Paris"), "'Europe/Paris'");
  expect_text(quote_value("a\nb\tc\rd"), "'a\\nb\\tc\\rd'");
  expect_text(quote_value(std::string("x\x01y\x7f", 4)), "'x\\u0001y\\u007f'");
  expect_text(quote_value(std::string("a\0b", 3)), "'a\\u0000b'");
  // Bytes that are not UTF-8: a lone 0xFF, a cut sequence, an overlong '/'.
  expect_text(quote_value("ab\xff"), "'ab\\xff'");
  expect_text(quote_value("\xc3("), "'\\xc3('");
  expect_text(quote_value("\xc0\xaf"), "'\\xc0\\xaf'");
  expect_text(quote_value("l'\xc3\xa9quipe"), "'l'\xc3\xa9quipe'");
  // 60 bytes of the value at most, never half a character.
  expect_text(quote_value(std::string(100, 'x')), "'" + std::string(60, 'x') + "...'");
  expect_text(quote_value(std::string(60, 'x')), "'" + std::string(60, 'x') + "'");
  expect_text(quote_value(std::string(59, 'x') + "\xc3\xa9"), "'" + std::string(59, 'x') + "...'");
  ck_assert_uint_lt(quote_value(std::string(10 * 1024 * 1024, '\n')).size(), 200);
  ck_assert(!tenant::invalid_utf8_at("l'\xc3\xa9quipe"));
  ck_assert(tenant::invalid_utf8_at("ab\xff") == std::optional<std::size_t>(2));
  ck_assert(tenant::invalid_utf8_at("\xed\xa0\x80") == std::optional<std::size_t>(0));  // a surrogate
}
END_TEST

START_TEST(messages_are_one_line_of_utf8) {
  // A value with a newline and a byte that is not UTF-8, in a field whose
  // message echoes it.
  const Problems problems =
      problems_after([](cJSON* d) { set(d, "timezone", R"("Europe/Paris\nX-Evil: 1")"); });
  assert_single_error(problems, "timezone", {"'Europe/Paris\\nX-Evil: 1'"});
  // Keys are shown the same way in paths.
  cJSON* doc = parse(kValidDoc);
  cJSON_AddNumberToObject(cJSON_GetObjectItemCaseSensitive(doc, "metadata"), "a\nb\xff", 1);
  cJSON_AddNumberToObject(cJSON_GetObjectItemCaseSensitive(
                              cJSON_GetObjectItemCaseSensitive(doc, "features"), "refer"),
                          "odd\tkey", 1);
  const Problems key_problems = tenant::validate_tenant_doc(doc);
  cJSON_Delete(doc);
  assert_has_error(key_problems, "metadata['a\\nb\\xff']", "UTF-8");
  for (const auto& p : key_problems) {
    const std::string line = p.to_string();
    ck_assert_msg(line.find('\n') == std::string::npos && !tenant::invalid_utf8_at(line), "%s", line.c_str());
  }
}
END_TEST

START_TEST(strings_must_be_utf8) {
  // An invalid label is refused at its path, and only its destination is
  // unusable; the message shows the byte escaped.
  cJSON* doc = parse(kValidDoc);
  cJSON* first = cJSON_GetArrayItem(
      cJSON_GetObjectItemCaseSensitive(
          cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "features"), "refer"),
          "destinations"),
      0);
  cJSON_ReplaceItemInObjectCaseSensitive(first, "label", cJSON_CreateString("Mme Gogny\xff"));
  const Problems problems = tenant::validate_tenant_doc(doc);
  assert_single_error(problems, dest(0, "label"), {"UTF-8", "0xFF", "'Mme Gogny\\xff'"});
  const auto config = tenant::TenantConfig::from_tenant_doc(doc);
  cJSON_Delete(doc);
  ck_assert(config.ok());
  ck_assert(!config->tenant_level_errors);
  ck_assert(!config->refer.destinations[0].usable);
  ck_assert(config->refer.destinations[2].usable);
  // Anywhere else, the tenant.
  const Problems top = problems_after([](cJSON* d) {
    cJSON_ReplaceItemInObjectCaseSensitive(d, "display_name", cJSON_CreateString("AXEO \xc3("));
  });
  assert_single_error(top, "display_name", {"UTF-8"});
}
END_TEST

START_TEST(string_with_nul_from_bson_is_refused) {
  // The wrapper the BSON reader makes of a string holding a NUL is not a
  // string: tenant_id "tenant-prod-001\0x" cannot pass for "tenant-prod-001".
  const Problems problems = problems_after([](cJSON* d) {
    cJSON* wrapper = cJSON_CreateObject();
    cJSON_AddStringToObject(wrapper, tenant::kStringWithNulKey, "tenant-prod-001\\u0000x");
    cJSON_ReplaceItemInObjectCaseSensitive(d, "tenant_id", wrapper);
  });
  assert_single_error(problems, "tenant_id", {"must be a string", "NUL", "'tenant-prod-001\\u0000x'"});
}
END_TEST

Suite* validation_suite() {
  Suite* s = suite_create("validation");

  TCase* examples = tcase_create("examples");
  tcase_add_test(examples, valid_document_is_clean);
  tcase_add_test(examples, spec_examples_are_clean);
  tcase_add_test(examples, canonical_extended_json_is_clean);
  tcase_add_test(examples, plain_json_dates_and_legacy_millis_are_dates);
  suite_add_tcase(s, examples);

  TCase* top = tcase_create("top_level");
  tcase_add_test(top, document_must_be_an_object);
  tcase_add_loop_test(top, each_required_field_is_required, 0, sizeof kRequired / sizeof kRequired[0]);
  tcase_add_loop_test(top, each_top_level_type_is_checked, 0, sizeof kWrongTypes / sizeof kWrongTypes[0]);
  tcase_add_test(top, id_must_equal_tenant_id);
  tcase_add_test(top, identifiers_are_not_blank);
  tcase_add_test(top, timezone_must_be_iana);
  tcase_add_test(top, duplicate_keys_are_errors);
  tcase_add_test(top, summary_to_entries_that_are_not_addresses_warn);
  suite_add_tcase(s, top);

  TCase* refer = tcase_create("refer");
  tcase_add_test(refer, refer_section_types);
  tcase_add_test(refer, refer_enabled_without_destinations_warns);
  tcase_add_test(refer, unknown_destination_fields_warn);
  tcase_add_test(refer, misspelt_fields_are_named_with_the_field_meant);
  tcase_add_test(refer, destination_required_fields);
  tcase_add_test(refer, destination_field_types);
  tcase_add_loop_test(refer, destination_id_pattern, 0, sizeof kBadDestinationIds / sizeof kBadDestinationIds[0]);
  tcase_add_test(refer, destination_id_pattern_bounds_are_accepted);
  tcase_add_test(refer, destination_id_must_be_unique);
  tcase_add_loop_test(refer, target_uri_must_be_safe, 0, sizeof kBadUris / sizeof kBadUris[0]);
  tcase_add_test(refer, target_uri_accepted_forms);
  tcase_add_test(refer, after_hours_reference);
  tcase_add_test(refer, every_problem_is_reported);
  suite_add_tcase(s, refer);

  TCase* hours = tcase_create("business_hours");
  tcase_add_test(hours, business_hours_shape);
  tcase_add_test(hours, duration_minutes_range);
  tcase_add_test(hours, business_hours_tz_must_be_iana);
  tcase_add_test(hours, dtstart_is_a_local_datetime);
  tcase_add_test(hours, rrule_must_compile);
  tcase_add_test(hours, rule_without_byhour_warns);
  tcase_add_test(hours, windows_are_checked_where_they_are);
  suite_add_tcase(s, hours);

  TCase* calendar = tcase_create("calendar");
  tcase_add_test(calendar, calendar_entries_are_valid_in_each_form);
  tcase_add_test(calendar, calendar_entry_shapes);
  tcase_add_test(calendar, calendar_lists_are_bounded);
  tcase_add_test(calendar, override_shape);
  tcase_add_test(calendar, calendar_warnings_need_the_clock);
  tcase_add_test(calendar, calendar_errors_break_what_they_apply_to);
  tcase_add_test(calendar, a_fallback_behind_a_closure_has_an_effect);
  suite_add_tcase(s, calendar);

  TCase* fields = tcase_create("field_tables");
  tcase_add_test(fields, every_row_judges_type_and_presence);
  tcase_add_test(fields, every_row_is_documented);
  suite_add_tcase(s, fields);

  TCase* ejson = tcase_create("extended_json");
  tcase_add_test(ejson, json_integer_forms);
  tcase_add_test(ejson, json_date_forms);
  tcase_add_test(ejson, json_object_id_and_type_names);
  suite_add_tcase(s, ejson);

  TCase* robust = tcase_create("robustness");
  tcase_set_timeout(robust, 60);
  tcase_add_test(robust, every_field_of_the_wrong_type);
  tcase_add_test(robust, deep_nesting_and_huge_values);
  tcase_add_test(robust, mutated_text_never_crashes);
  suite_add_tcase(s, robust);

  TCase* bounded = tcase_create("bounded");
  tcase_set_timeout(bounded, 30);
  tcase_add_test(bounded, duplicate_ids_are_reported_once_with_a_count);
  tcase_add_test(bounded, more_destinations_than_a_tenant_may_have);
  tcase_add_test(bounded, problems_know_their_destination);
  tcase_add_test(bounded, problems_per_document_are_capped);
  tcase_add_test(bounded, near_miss_lookups_are_bounded);
  tcase_add_test(bounded, unknown_fallback_hint_is_linear_and_short);
  tcase_add_test(bounded, quote_value_escapes_and_cuts);
  tcase_add_test(bounded, utf8_or_replaced_keeps_text_and_replaces_bad_bytes);
  tcase_add_test(bounded, messages_are_one_line_of_utf8);
  tcase_add_test(bounded, strings_must_be_utf8);
  tcase_add_test(bounded, string_with_nul_from_bson_is_refused);
  suite_add_tcase(s, bounded);
  return s;
}

int main() { return run_suite(validation_suite()); }
