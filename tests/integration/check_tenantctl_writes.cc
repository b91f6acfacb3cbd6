// tenantctl's write commands (tenant get/put, override, closures set,
// number add/move/remove) on a real server, seeded with conf/examples:
// what each writes, what each refuses (an invalid document, a stale
// version, a number mapped or not), that a refusal and a dry run leave the
// store as it was, and that updated_at only ever increases. The store's
// conditional writes are also driven directly, as a second writer racing
// the first would.
//
// Instants: Monday 2026-03-30 07:30Z is 09:30 in Paris (CEST), inside the
// sales desk's hours (weekdays 09:00 for 480 minutes); Friday 2026-12-25
// 09:00Z is 10:00 in Paris (CET), Christmas.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "core/tenant/phone_mapping.hh"
#include "core/util/json_doc.hh"
#include "integration_support.hh"
#include "store/mongo_writer.hh"
#include "test_support.hh"

using namespace testing_store;
using tenant::JsonDoc;

namespace {

const std::string kTenantctl = std::string(TEST_BUILDDIR) + "/tenantctl";
const std::string kExamples = std::string(TEST_SRCDIR) + "/conf/examples";

// Each test's scratch files, removed when it ends.
struct TempFiles {
  std::vector<std::string> paths;
  ~TempFiles() {
    for (const auto& p : paths) std::remove(p.c_str());
  }
  std::string with(const std::string& content) {
    char path[] = "/tmp/mod_tenant-writes-XXXXXX";
    const int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert(write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
    close(fd);
    paths.push_back(path);
    return path;
  }
};

struct Db {
  TestServer server;
  std::string db;
  explicit Db(const char* label) {
    start_or_fail(server);
    db = server.fresh_database(label);
    RawMongo raw(patient_uri(server));
    ck_assert_msg(raw.wait_ready(10000), "server does not answer: %s", server.log_tail().c_str());
    auto seeded = run({"db", "seed", kExamples + "/phone-tenant-map.json", kExamples + "/tenant-prod-001.json",
                       kExamples + "/tenant-prod-002.json", kExamples + "/tenant-test-001.json"});
    ck_assert_msg(seeded.exit_code == 0, "seed: %s %s", seeded.out.c_str(), seeded.err.c_str());
  }
  ~Db() {
    RawMongo raw(patient_uri(server));
    raw.drop_database(db);
  }
  ProcessResult run(std::vector<std::string> args, const std::string& stdin_text = "") const {
    args.insert(args.begin(), kTenantctl);
    args.push_back("--mongo-uri=" + server.uri());
    args.push_back("--db=" + db);
    return run_process(args, 20000, stdin_text);
  }
  // The stored document as `tenant get` prints it.
  std::string get(const std::string& id) const {
    auto r = run({"tenant", "get", id});
    ck_assert_msg(r.exit_code == 0, "tenant get %s: exit %d: %s", id.c_str(), r.exit_code, r.err.c_str());
    return r.out;
  }
  // The store seen as the writer sees it, for the tests of racing writers.
  std::shared_ptr<tenant::MongoTenantSource> source() const {
    tenant::MongoSourceOptions options;
    options.uri = server.uri();
    options.database = db;
    options.lookup_timeout = std::chrono::milliseconds(5000);
    auto made = tenant::MongoTenantSource::create(options);
    ck_assert_msg(made.ok(), "%s", made.error().c_str());
    return made.value();
  }
};

JsonDoc parse_text(const std::string& text) {
  JsonDoc doc(cJSON_Parse(text.c_str()));
  ck_assert_msg(doc != nullptr, "not JSON: [%s]", text.c_str());
  return doc;
}

JsonDoc parse(const ProcessResult& r) {
  JsonDoc doc(cJSON_Parse(r.out.c_str()));
  ck_assert_msg(doc != nullptr, "stdout is not JSON: [%s] stderr: [%s]", r.out.c_str(), r.err.c_str());
  return doc;
}

const cJSON* at(const cJSON* obj, const char* name) { return cJSON_GetObjectItemCaseSensitive(obj, name); }

std::string str(const cJSON* obj, const char* name) {
  const cJSON* item = at(obj, name);
  return cJSON_IsString(item) ? item->valuestring : std::string("<missing>");
}

const cJSON* refer_of(const cJSON* doc) { return at(at(doc, "features"), "refer"); }
cJSON* destination(const cJSON* doc, int i) { return cJSON_GetArrayItem(at(refer_of(doc), "destinations"), i); }

// The relaxed text of a stored date: {"$date": "<RFC 3339 with ms>"}.
std::string date_of(const cJSON* item) { return str(item, "$date"); }

void expect_ok(const ProcessResult& r, const char* what) {
  ck_assert_msg(r.exit_code == 0, "%s: exit %d, stdout [%s], stderr [%s]", what, r.exit_code, r.out.c_str(),
                r.err.c_str());
}

// Refused: exit 1, nothing on stdout, the reason on stderr.
void expect_refused(const ProcessResult& r, const std::string& error_line) {
  ck_assert_msg(r.exit_code == 1, "exit %d, stdout [%s], stderr [%s]", r.exit_code, r.out.c_str(), r.err.c_str());
  ck_assert_msg(r.out.empty(), "stdout: [%s]", r.out.c_str());
  ck_assert_msg(contains(r.err, error_line), "stderr lacks [%s]:\n%s", error_line.c_str(), r.err.c_str());
}

// {"written": collection, "_id": id, "updated_at": ..., "result": result}; the updated_at.
std::string expect_written(const ProcessResult& r, const char* id, const char* result) {
  expect_ok(r, id);
  JsonDoc out = parse(r);
  ck_assert_std_eq(str(out.get(), "written"), "tenant_config");
  ck_assert_std_eq(str(out.get(), "_id"), id);
  ck_assert_std_eq(str(out.get(), "result"), result);
  const std::string updated = str(out.get(), "updated_at");
  ck_assert_msg(updated.size() == 24 && updated[10] == 'T' && updated[19] == '.' && updated[23] == 'Z',
                "updated_at is not RFC 3339 with milliseconds: %s", updated.c_str());
  return updated;
}

// The instant's RFC 3339 text with milliseconds, for comparisons: the
// fixed-width form orders as the instants do.
std::string now_text() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[96];  // room for any int, as the compiler counts
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

// The decision refer makes for the tenant document lookup finds for number.
JsonDoc decision_through_lookup(const Db& d, TempFiles& files, const char* number,
                                const std::vector<std::string>& refer_args, int expected_exit) {
  const std::string config = files.with("");
  expect_ok(d.run({"lookup", number, "--config-out", config}), "lookup");
  std::vector<std::string> args = {kTenantctl, "refer", "--config", config};
  args.insert(args.end(), refer_args.begin(), refer_args.end());
  auto r = run_process(args, 10000);
  ck_assert_msg(r.exit_code == expected_exit, "refer exit %d: %s %s", r.exit_code, r.out.c_str(), r.err.c_str());
  return parse(r);
}

}  // namespace

// ---------------------------------------------------------------- tenant get / put

START_TEST(get_edit_put_round_trip) {
  Db d("roundtrip");
  TempFiles files;
  const std::string before = d.get("tenant-prod-001");
  JsonDoc doc = parse_text(before);
  // As written by db seed from conf/examples: dates are BSON dates, the
  // schema version a 32-bit integer.
  ck_assert_std_eq(date_of(at(doc.get(), "created_at")), "2026-01-15T10:00:00.000Z");
  ck_assert_std_eq(date_of(at(doc.get(), "updated_at")), "2026-03-02T14:30:00.000Z");
  ck_assert(cJSON_IsNumber(at(doc.get(), "schema_version")));

  cJSON_ReplaceItemInObjectCaseSensitive(destination(doc.get(), 0), "label", cJSON_CreateString("Mme Gogny-Martin"));
  const std::string edited = files.with(tenant::json_text(doc.get()));
  const std::string started = now_text();
  const std::string updated = expect_written(d.run({"tenant", "put", edited}), "tenant-prod-001", "replaced");
  ck_assert_msg(updated >= started, "updated_at %s is before the write began (%s)", updated.c_str(), started.c_str());

  JsonDoc after = parse_text(d.get("tenant-prod-001"));
  ck_assert_std_eq(str(destination(after.get(), 0), "label"), "Mme Gogny-Martin");
  ck_assert_std_eq(date_of(at(after.get(), "updated_at")), updated);
  ck_assert_std_eq(date_of(at(after.get(), "created_at")), "2026-01-15T10:00:00.000Z");
  ck_assert(cJSON_IsNumber(at(after.get(), "schema_version")));
  // Everything else is as it was.
  cJSON_ReplaceItemInObjectCaseSensitive(doc.get(), "updated_at", cJSON_Duplicate(at(after.get(), "updated_at"), 1));
  ck_assert_std_eq(tenant::json_text(after.get()), tenant::json_text(doc.get()));

  // Put back as read (from standard input): nothing to write, no new version.
  ck_assert_std_eq(expect_written(d.run({"tenant", "put", "-"}, d.get("tenant-prod-001")), "tenant-prod-001",
                                  "unchanged"),
                   updated);
  // The edited file again: the version it was read at is gone now.
  expect_refused(d.run({"tenant", "put", edited}), "error: tenant_config 'tenant-prod-001' changed since it was read");
}
END_TEST

START_TEST(put_with_a_stale_version_is_a_conflict) {
  Db d("stale");
  TempFiles files;
  JsonDoc read = parse_text(d.get("tenant-prod-001"));
  // Someone else writes in between.
  const std::string theirs =
      expect_written(d.run({"override", "set", "tenant-prod-001", "--state", "closed", "--label", "la grève"}),
                     "tenant-prod-001", "replaced");
  const std::string stored = d.get("tenant-prod-001");

  cJSON_ReplaceItemInObjectCaseSensitive(read.get(), "display_name", cJSON_CreateString("AXEO"));
  const auto r = d.run({"tenant", "put", files.with(tenant::json_text(read.get()))});
  expect_refused(r, "error: tenant_config 'tenant-prod-001' changed since it was read (updated_at " + theirs +
                        " in the store, 2026-03-02T14:30:00.000Z read): read it again and retry\n");
  ck_assert_std_eq(d.get("tenant-prod-001"), stored);
  // Not even with --dry-run.
  expect_refused(d.run({"tenant", "put", "--dry-run", files.with(tenant::json_text(read.get()))}),
                 "changed since it was read");
  // A file without updated_at cannot say which version it edits.
  cJSON_DeleteItemFromObjectCaseSensitive(read.get(), "updated_at");
  expect_refused(d.run({"tenant", "put", files.with(tenant::json_text(read.get()))}),
                 "(updated_at " + theirs + " in the store, none read)");
  ck_assert_std_eq(d.get("tenant-prod-001"), stored);
}
END_TEST

START_TEST(invalid_document_is_refused_with_its_problems) {
  Db d("invalid");
  TempFiles files;
  const std::string stored = d.get("tenant-test-001");
  JsonDoc doc = parse_text(stored);
  cJSON_ReplaceItemInObjectCaseSensitive(doc.get(), "status", cJSON_CreateString("Active"));
  cJSON_ReplaceItemInObjectCaseSensitive(cJSON_GetObjectItemCaseSensitive(destination(doc.get(), 0), "business_hours"),
                                         "duration_minutes", cJSON_CreateNumber(0));
  const auto r = d.run({"tenant", "put", files.with(tenant::json_text(doc.get()))});
  expect_refused(r,
                 "error: status: must be \"active\" or \"disabled\", got string 'Active'\n"
                 "error: features.refer.destinations[0].business_hours.duration_minutes: must be 1..1440, got 0\n"
                 "error: tenant_config 'tenant-test-001' not written: the document has 2 errors (listed above)\n");
  ck_assert_std_eq(d.get("tenant-test-001"), stored);

  // An edit command validates the whole result too.
  expect_refused(d.run({"override", "set", "tenant-test-001", "--state", "closed", "--label", ""}),
                 "error: features.refer.override.label: must not be empty (it is spoken to the caller)\n");
  // Not JSON at all: the reader's message, with the position.
  expect_refused(d.run({"tenant", "put", "-"}, "{\"_id\": \"tenant-test-001\",}"),
                 "error: standard input: invalid JSON at line 1, column 27");
  ck_assert_std_eq(d.get("tenant-test-001"), stored);
}
END_TEST

START_TEST(put_inserts_a_new_tenant_with_bson_dates) {
  Db d("insert");
  TempFiles files;
  // Written by hand: dates as plain strings, no created_at.
  std::string text = example_tenant("tenant-new-001", "Nouveau client");
  const std::string created = R"("created_at":{"$date":"2026-01-15T10:00:00Z"},)";
  text.replace(text.find(created), created.size(), "");
  const std::string updated = R"("updated_at":{"$date":"2026-03-02T14:30:00Z"})";
  text.replace(text.find(updated), updated.size(), R"("updated_at":"2026-03-02T14:30:00Z")");
  const std::string started = now_text();
  const std::string version =
      expect_written(d.run({"tenant", "put", files.with(text)}), "tenant-new-001", "inserted");
  ck_assert_msg(version >= started, "%s < %s", version.c_str(), started.c_str());
  JsonDoc stored = parse_text(d.get("tenant-new-001"));
  ck_assert_std_eq(date_of(at(stored.get(), "updated_at")), version);
  // created_at is the insert's instant, a BSON date like updated_at.
  ck_assert_std_eq(date_of(at(stored.get(), "created_at")), version);

  // The same file again is not a blind overwrite: its version is not the
  // stored one.
  expect_refused(d.run({"tenant", "put", files.with(text)}), "changed since it was read");

  // A plain date in a document replaced is stored as a date too.
  cJSON_ReplaceItemInObjectCaseSensitive(stored.get(), "created_at", cJSON_CreateString("2025-06-01T08:00:00.5+02:00"));
  expect_written(d.run({"tenant", "put", files.with(tenant::json_text(stored.get()))}), "tenant-new-001", "replaced");
  ck_assert_std_eq(date_of(at(parse_text(d.get("tenant-new-001")).get(), "created_at")), "2025-06-01T06:00:00.500Z");
}
END_TEST

// ---------------------------------------------------------------- override

START_TEST(override_on_the_tenant_closes_every_destination) {
  Db d("override");
  TempFiles files;
  JsonDoc open_decision = decision_through_lookup(d, files, "+33676530019", {"--at", "2026-03-30T07:30:00Z"}, 0);
  ck_assert_std_eq(str(open_decision.get(), "destination_id"), "sales");
  const std::string version_before = str(parse(d.run({"lookup", "+33676530019"})).get(), "version");

  expect_written(d.run({"override", "set", "tenant-test-001", "--state", "closed", "--label", "la tempête"}),
                 "tenant-test-001", "replaced");
  JsonDoc stored = parse_text(d.get("tenant-test-001"));
  ck_assert_std_eq(tenant::json_text(at(refer_of(stored.get()), "override")),
                   R"({"state":"closed","until":null,"label":"la tempête"})");

  // A lookup reads the new document (a new version); its transfer is refused,
  // saying why in the override's words.
  auto looked_up = d.run({"lookup", "+33676530019"});
  expect_ok(looked_up, "lookup");
  JsonDoc context = parse(looked_up);
  ck_assert_std_eq(str(context.get(), "status"), "active");
  ck_assert_msg(str(context.get(), "version") != version_before, "the version did not change");
  JsonDoc refused = decision_through_lookup(d, files, "+33676530019", {"--at", "2026-03-30T07:30:00Z"}, 1);
  ck_assert(cJSON_IsFalse(at(refused.get(), "ok")));
  ck_assert_std_eq(str(refused.get(), "error"), "closed");
  ck_assert_std_eq(str(refused.get(), "closed_by"), "override");
  ck_assert_std_eq(str(refused.get(), "closed_label"), "la tempête");

  // Cleared: the calendar decides again.
  expect_written(d.run({"override", "clear", "tenant-test-001"}), "tenant-test-001", "replaced");
  ck_assert_ptr_null(at(refer_of(parse_text(d.get("tenant-test-001")).get()), "override"));
  JsonDoc reopened = decision_through_lookup(d, files, "+33676530019", {"--at", "2026-03-30T07:30:00Z"}, 0);
  ck_assert_std_eq(str(reopened.get(), "destination_id"), "sales");
  // Nothing left to clear: nothing written.
  expect_written(d.run({"override", "clear", "tenant-test-001"}), "tenant-test-001", "unchanged");
}
END_TEST

START_TEST(override_on_a_destination) {
  Db d("override_dest");
  TempFiles files;
  expect_written(d.run({"override", "set", "tenant-test-001", "--destination", "sales", "--state", "closed", "--until",
                        "2099-01-01T00:00:00Z", "--label", "l'inventaire"}),
                 "tenant-test-001", "replaced");
  JsonDoc stored = parse_text(d.get("tenant-test-001"));
  ck_assert_std_eq(tenant::json_text(at(destination(stored.get(), 0), "override")),
                   R"({"state":"closed","until":{"$date":"2099-01-01T00:00:00.000Z"},"label":"l'inventaire"})");
  ck_assert_ptr_null(at(refer_of(stored.get()), "override"));
  ck_assert_ptr_null(at(destination(stored.get(), 1), "override"));

  // Sales is closed by its override: the call goes to its after-hours
  // destination, and the chain says why sales was passed over.
  JsonDoc decision = decision_through_lookup(
      d, files, "+33676530019", {"--destination", "sales", "--at", "2026-03-30T07:30:00Z"}, 0);
  ck_assert_std_eq(str(decision.get(), "destination_id"), "voicemail");
  ck_assert_std_eq(str(decision.get(), "reason"), "after_hours");
  const cJSON* first_hop = cJSON_GetArrayItem(at(decision.get(), "chain"), 0);
  ck_assert_std_eq(str(first_hop, "destination_id"), "sales");
  ck_assert_std_eq(str(first_hop, "closed_by"), "override");
  ck_assert_std_eq(str(first_hop, "label"), "l'inventaire");

  // An unknown destination names the ones there are; nothing is written.
  const std::string before = d.get("tenant-test-001");
  expect_refused(d.run({"override", "set", "tenant-test-001", "--destination", "salse", "--state", "closed"}),
                 "error: no destination 'salse' in tenant 'tenant-test-001'; its destinations are 'sales', 'support', "
                 "'comptabilite', 'voicemail'\n");
  expect_refused(d.run({"override", "clear", "tenant-test-001", "--destination", "salse"}), "no destination 'salse'");
  ck_assert_std_eq(d.get("tenant-test-001"), before);

  expect_written(d.run({"override", "clear", "tenant-test-001", "--destination", "sales"}), "tenant-test-001",
                 "replaced");
  ck_assert_ptr_null(at(destination(parse_text(d.get("tenant-test-001")).get(), 0), "override"));
}
END_TEST

// ---------------------------------------------------------------- closures set

START_TEST(closures_set_from_an_ics_file) {
  Db d("closures");
  TempFiles files;
  const std::string ics = files.with(
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Example//Jours feries//FR\r\n"
      "BEGIN:VEVENT\r\nUID:20261225@example.fr\r\nDTSTART;VALUE=DATE:20261225\r\nSUMMARY:Noël\r\nEND:VEVENT\r\n"
      "BEGIN:VEVENT\r\nUID:mai@example.fr\r\nDTSTART;VALUE=DATE:20260501\r\nRRULE:FREQ=YEARLY\r\n"
      "SUMMARY:Fête du travail\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  auto converted = run_process({kTenantctl, "closures", "from-ics", ics}, 10000);
  expect_ok(converted, "closures from-ics");
  const std::string list = files.with(converted.out);

  expect_written(d.run({"closures", "set", "tenant-test-001", list}), "tenant-test-001", "replaced");
  JsonDoc stored = parse_text(d.get("tenant-test-001"));
  // The list as from-ics printed it; its duration an integer, as written.
  ck_assert_std_eq(tenant::json_text(at(refer_of(stored.get()), "closures")),
                   R"([{"date":"2026-12-25","label":"Noël"},{"rrule":"FREQ=YEARLY","duration_minutes":1440,)"
                   R"("dtstart":"2026-05-01T00:00:00","label":"Fête du travail"}])");

  // Christmas closes every destination, the always-open voicemail too.
  JsonDoc christmas = decision_through_lookup(d, files, "+33676530019", {"--at", "2026-12-25T09:00:00Z"}, 1);
  ck_assert_std_eq(str(christmas.get(), "error"), "closed");
  ck_assert_std_eq(str(christmas.get(), "closed_by"), "closure");
  ck_assert_std_eq(str(christmas.get(), "closed_label"), "Noël");

  // A bare array on one destination, from standard input.
  expect_written(d.run({"closures", "set", "tenant-test-001", "--destination", "support", "-"},
                       R"([{"date":"2026-12-24","label":"l'inventaire"}])"),
                 "tenant-test-001", "replaced");
  ck_assert_std_eq(tenant::json_text(at(destination(parse_text(d.get("tenant-test-001")).get(), 1), "closures")),
                   R"([{"date":"2026-12-24","label":"l'inventaire"}])");

  // A list the validator refuses is not written.
  const std::string before = d.get("tenant-test-001");
  expect_refused(d.run({"closures", "set", "tenant-test-001", "-"}, R"([{"date":"2026-02-30"}])"),
                 "error: features.refer.closures[0].date: '2026-02-30' is not a real date YYYY-MM-DD between 1970 and "
                 "2099\n");
  expect_refused(d.run({"closures", "set", "tenant-test-001", "-"}, R"({"holidays":[]})"),
                 "error: standard input: expected {\"closures\": [...]}");
  ck_assert_std_eq(d.get("tenant-test-001"), before);
}
END_TEST

// ---------------------------------------------------------------- dry runs and versions

START_TEST(dry_run_writes_nothing) {
  Db d("dryrun");
  TempFiles files;
  const std::string stored = d.get("tenant-prod-001");
  auto r = d.run({"override", "set", "tenant-prod-001", "--state", "closed", "--label", "x", "--dry-run"});
  expect_ok(r, "override set --dry-run");
  // The document it would write, whole, with its new version.
  JsonDoc would = parse(r);
  ck_assert_std_eq(str(would.get(), "_id"), "tenant-prod-001");
  ck_assert_std_eq(tenant::json_text(at(refer_of(would.get()), "override")),
                   R"({"state":"closed","until":null,"label":"x"})");
  ck_assert_msg(date_of(at(would.get(), "updated_at")) > "2026-03-02T14:30:00.000Z", "%s", r.out.c_str());
  ck_assert_std_eq(d.get("tenant-prod-001"), stored);

  expect_ok(d.run({"closures", "set", "tenant-prod-001", "--dry-run", "-"}, R"([{"date":"2026-12-25"}])"),
            "closures set --dry-run");
  expect_ok(d.run({"override", "clear", "tenant-prod-001", "--dry-run"}), "override clear --dry-run");
  JsonDoc edited = parse_text(stored);
  cJSON_ReplaceItemInObjectCaseSensitive(edited.get(), "display_name", cJSON_CreateString("AXEO"));
  auto put = d.run({"tenant", "put", "--dry-run", files.with(tenant::json_text(edited.get()))});
  expect_ok(put, "tenant put --dry-run");
  ck_assert_std_eq(str(parse(put).get(), "display_name"), "AXEO");
  ck_assert_std_eq(d.get("tenant-prod-001"), stored);
}
END_TEST

START_TEST(updated_at_strictly_increases) {
  Db d("versions");
  // Two quick writes.
  const std::string first = expect_written(
      d.run({"override", "set", "tenant-prod-002", "--state", "closed", "--label", "un"}), "tenant-prod-002", "replaced");
  const std::string second = expect_written(
      d.run({"override", "set", "tenant-prod-002", "--state", "closed", "--label", "deux"}), "tenant-prod-002", "replaced");
  ck_assert_msg(second > first, "%s then %s", first.c_str(), second.c_str());

  // A stored version ahead of this clock (another writer's, or two writes
  // within one millisecond): each write is one millisecond past it.
  JsonDoc ahead = parse_text(d.get("tenant-prod-001"));
  cJSON_ReplaceItemInObjectCaseSensitive(ahead.get(), "updated_at", parse_text(R"({"$date":"2099-01-01T00:00:00Z"})").release());
  RawMongo raw(patient_uri(d.server));
  ck_assert_ok(raw.replace(d.db, "tenant_config", R"({"_id":"tenant-prod-001"})", tenant::json_text(ahead.get())));
  ck_assert_std_eq(
      expect_written(d.run({"override", "set", "tenant-prod-001", "--state", "open"}), "tenant-prod-001", "replaced"),
      "2099-01-01T00:00:00.001Z");
  ck_assert_std_eq(expect_written(d.run({"override", "clear", "tenant-prod-001"}), "tenant-prod-001", "replaced"),
                   "2099-01-01T00:00:00.002Z");

  // A document stored without updated_at (written by hand) gets one; the
  // write is still conditional on it having none.
  std::string bare = example_tenant("tenant-bare");
  const std::string updated = R"(,"updated_at":{"$date":"2026-03-02T14:30:00Z"})";
  bare.replace(bare.find(updated), updated.size(), "");
  ck_assert_ok(raw.insert(d.db, "tenant_config", bare));
  const std::string started = now_text();
  const std::string given =
      expect_written(d.run({"override", "set", "tenant-bare", "--state", "open"}), "tenant-bare", "replaced");
  ck_assert_msg(given >= started, "%s < %s", given.c_str(), started.c_str());
  ck_assert_std_eq(date_of(at(parse_text(d.get("tenant-bare")).get(), "updated_at")), given);
}
END_TEST

// The store's conditional writes, driven as a second writer racing the
// first: each applies only to the version it read.
START_TEST(store_writes_only_over_what_was_read) {
  Db d("race");
  const auto source = d.source();
  tenant::MongoWriter writer(*source);
  auto found = writer.find_config("tenant-prod-001");
  ck_assert_msg(found.ok() && found.value().has_value(), "%s", found.error().c_str());
  const JsonDoc& read = *found.value();
  const std::string stored = d.get("tenant-prod-001");

  // Written meanwhile by someone else: this writer's version is stale.
  const JsonDoc stale = parse_text(R"({"$date":{"$numberLong":"1772461799000"}})");
  auto outcome = writer.replace_config("tenant-prod-001", stale.get(), read.get());
  ck_assert_msg(outcome.ok(), "%s", outcome.error().c_str());
  ck_assert(*outcome == tenant::MongoWriter::Outcome::conflict);
  ck_assert_std_eq(d.get("tenant-prod-001"), stored);
  // With the version read, it applies.
  outcome = writer.replace_config("tenant-prod-001", at(read.get(), "updated_at"), read.get());
  ck_assert(outcome.ok() && *outcome == tenant::MongoWriter::Outcome::written);
  // An insert over an existing _id is a conflict, not a second document.
  outcome = writer.insert_config(read.get());
  ck_assert(outcome.ok() && *outcome == tenant::MongoWriter::Outcome::conflict);

  // Mappings: moved or unmapped only from what was read.
  const tenant::PhoneMapping seeded{"+33123456789", "axeoservices", "tenant-prod-001"};
  const tenant::PhoneMapping other{"+33123456789", "axeoguyane", "tenant-test-001"};
  ck_assert(*writer.insert_mapping(seeded) == tenant::MongoWriter::Outcome::conflict);
  ck_assert(*writer.update_mapping(other, seeded) == tenant::MongoWriter::Outcome::conflict);
  ck_assert(*writer.delete_mapping(other) == tenant::MongoWriter::Outcome::conflict);
  ck_assert_std_eq(str(at(parse(d.run({"lookup", "+33123456789"})).get(), "mapping"), "tenant_id"), "tenant-prod-001");
  ck_assert(*writer.update_mapping(seeded, other) == tenant::MongoWriter::Outcome::written);
  ck_assert(*writer.delete_mapping(other) == tenant::MongoWriter::Outcome::written);
  ck_assert(*writer.insert_mapping(seeded) == tenant::MongoWriter::Outcome::written);
  RawMongo raw(patient_uri(d.server));
  ck_assert_int_eq(raw.count(d.db, "phone-tenant-map"), 5);
}
END_TEST

// ---------------------------------------------------------------- numbers

START_TEST(number_add_move_remove) {
  Db d("numbers");
  auto added = d.run({"number", "add", "02 40 00 00 99", "tenant-prod-001"});
  expect_ok(added, "number add");
  ck_assert_std_eq(added.out,
                   R"({"written":"phone-tenant-map","phone_number":"+33240000099","tenant_id":"tenant-prod-001",)"
                   R"("client_id":"axeoservices","result":"inserted"})"
                   "\n");
  ck_assert_std_eq(str(parse(d.run({"lookup", "+33240000099"})).get(), "tenant_id"), "tenant-prod-001");

  // Mapped already: a conflict, whatever the form the number is given in.
  expect_refused(d.run({"number", "add", "sip:+33240000099@pbx.example;user=phone", "tenant-test-001"}),
                 "error: +33240000099 is mapped already (tenant_id 'tenant-prod-001', client_id 'axeoservices'): use "
                 "tenantctl number move\n");
  // A client other than the tenant's.
  expect_refused(d.run({"number", "move", "+33240000099", "tenant-test-001", "--client-id", "axeoservices"}),
                 "error: --client-id 'axeoservices' differs from the client_id of tenant 'tenant-test-001', "
                 "'axeoguyane'");

  auto moved = d.run({"number", "move", "+33240000099", "tenant-test-001"});
  expect_ok(moved, "number move");
  ck_assert_std_eq(moved.out,
                   R"({"written":"phone-tenant-map","phone_number":"+33240000099","tenant_id":"tenant-test-001",)"
                   R"("client_id":"axeoguyane","previous":{"tenant_id":"tenant-prod-001","client_id":"axeoservices"},)"
                   R"("result":"replaced"})"
                   "\n");
  ck_assert_std_eq(str(parse(d.run({"lookup", "+33240000099"})).get(), "tenant_id"), "tenant-test-001");

  // A tenant without tenant_config: only with --client-id, and a warning.
  expect_refused(d.run({"number", "move", "+33240000099", "tenant-new-009"}),
                 "error: tenant 'tenant-new-009' has no tenant_config document to take its client_id from: create it "
                 "first, or give --client-id\n");
  auto later = d.run({"number", "add", "+33240000098", "tenant-new-009", "--client-id", "newco"});
  expect_ok(later, "number add --client-id");
  ck_assert_msg(contains(later.err, "warning: tenant 'tenant-new-009' has no tenant_config document yet"), "%s",
                later.err.c_str());

  auto removed = d.run({"number", "remove", "0240000099"});
  expect_ok(removed, "number remove");
  ck_assert_std_eq(str(parse(removed).get(), "result"), "deleted");
  ck_assert_std_eq(str(parse(removed).get(), "tenant_id"), "tenant-test-001");
  ck_assert_std_eq(str(parse(d.run({"lookup", "+33240000099"})).get(), "status"), "unknown");
  expect_refused(d.run({"number", "remove", "+33240000099"}), "error: +33240000099 is not mapped in phone-tenant-map\n");
  expect_refused(d.run({"number", "move", "+33240000099", "tenant-prod-001"}), "is not mapped");
  // Not a number: the normaliser's refusal.
  expect_refused(d.run({"number", "add", "sip:alice@example.com", "tenant-prod-001"}), "error: ");
}
END_TEST

// ---------------------------------------------------------------- usage

START_TEST(usage_and_unknown_tenants) {
  Db d("usage");
  const std::vector<std::vector<std::string>> usage_errors = {
      {"tenant"},
      {"tenant", "get"},
      {"tenant", "frobnicate", "x"},
      {"tenant", "get", "tenant-prod-001", "--dry-run"},
      {"override", "set", "tenant-prod-001"},
      {"override", "set", "tenant-prod-001", "--state", "shut"},
      {"override", "clear", "tenant-prod-001", "--label", "x"},
      {"override", "set"},
      {"number", "add", "+33240000099"},
      {"number", "remove", "+33240000099", "--client-id", "x"},
      {"closures", "set", "tenant-prod-001"},
  };
  for (const auto& args : usage_errors) {
    auto r = d.run(args);
    ck_assert_msg(r.exit_code == 2, "%s: exit %d", args[0].c_str(), r.exit_code);
    ck_assert_msg(r.err.rfind("error: ", 0) == 0 && contains(r.err, "usage: tenantctl " + args[0]), "%s",
                  r.err.c_str());
  }
  for (const char* command : {"tenant", "number", "override"}) {
    auto help = run_process({kTenantctl, command, "--help"}, 10000);
    ck_assert_int_eq(help.exit_code, 0);
    ck_assert_msg(help.out.rfind(std::string("usage: tenantctl ") + command, 0) == 0, "%s", help.out.c_str());
    ck_assert_msg(contains(help.out, "--mongo-uri URI"), "%s", help.out.c_str());
    auto top = run_process({kTenantctl, "--help"}, 10000);
    ck_assert_msg(contains(top.out, std::string("  ") + command + " "), "%s", top.out.c_str());
  }
  auto set_help = run_process({kTenantctl, "closures", "set", "--help"}, 10000);
  ck_assert_int_eq(set_help.exit_code, 0);
  ck_assert_msg(set_help.out.rfind("usage: tenantctl closures set", 0) == 0, "%s", set_help.out.c_str());

  expect_refused(d.run({"tenant", "get", "tenant-nope"}), "error: no tenant_config 'tenant-nope' in mongodb://");
  expect_refused(d.run({"override", "set", "tenant-nope", "--state", "closed"}), "error: no tenant_config 'tenant-nope'");
  expect_refused(d.run({"override", "set", "tenant-prod-001", "--state", "closed", "--until", "tomorrow"}),
                 "error: --until: invalid instant 'tomorrow'");
}
END_TEST

int main() {
  require_server_or_exit("check_tenantctl_writes");
  Suite* s = suite_create("tenantctl_writes");
  TCase* tc = tcase_create("tenantctl_writes");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, get_edit_put_round_trip);
  tcase_add_test(tc, put_with_a_stale_version_is_a_conflict);
  tcase_add_test(tc, invalid_document_is_refused_with_its_problems);
  tcase_add_test(tc, put_inserts_a_new_tenant_with_bson_dates);
  tcase_add_test(tc, override_on_the_tenant_closes_every_destination);
  tcase_add_test(tc, override_on_a_destination);
  tcase_add_test(tc, closures_set_from_an_ics_file);
  tcase_add_test(tc, dry_run_writes_nothing);
  tcase_add_test(tc, updated_at_strictly_increases);
  tcase_add_test(tc, store_writes_only_over_what_was_read);
  tcase_add_test(tc, number_add_move_remove);
  tcase_add_test(tc, usage_and_unknown_tenants);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
