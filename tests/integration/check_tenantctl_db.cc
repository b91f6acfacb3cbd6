// The built tenantctl's database commands (lookup, db init/seed/check)
// against a real server, with the example documents shipped in conf/examples.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/util/json_doc.hh"
#include "integration_support.hh"
#include "test_support.hh"

using namespace testing_store;
using tenant::JsonDoc;

namespace {

const std::string kTenantctl = std::string(TEST_BUILDDIR) + "/tenantctl";
const std::string kExamples = std::string(TEST_SRCDIR) + "/conf/examples";

struct Db {
  TestServer server;
  std::string db;
  explicit Db(const char* label) {
    start_or_fail(server);
    db = server.fresh_database(label);
    RawMongo raw(patient_uri(server));
    ck_assert_msg(raw.wait_ready(10000), "server does not answer: %s", server.log_tail().c_str());
  }
  ~Db() {
    RawMongo raw(patient_uri(server));
    raw.drop_database(db);
  }
  ProcessResult run(std::vector<std::string> args, int timeout_ms = 20000) const {
    args.insert(args.begin(), kTenantctl);
    args.push_back("--mongo-uri=" + server.uri());
    args.push_back("--db=" + db);
    return run_process(args, timeout_ms);
  }
  ProcessResult seed_examples() const {
    return run({"db", "seed", kExamples + "/phone-tenant-map.json", kExamples + "/tenant-prod-001.json",
                kExamples + "/tenant-prod-002.json", kExamples + "/tenant-prod-003.json",
                kExamples + "/tenant-test-001.json", kExamples + "/tenant-test-002.json"});
  }
};

JsonDoc parse(const ProcessResult& r) {
  JsonDoc doc(cJSON_Parse(r.out.c_str()));
  ck_assert_msg(doc != nullptr, "stdout is not JSON: [%s] stderr: [%s]", r.out.c_str(), r.err.c_str());
  return doc;
}

std::string str(const cJSON* obj, const char* name) {
  const cJSON* item = cJSON_GetObjectItemCaseSensitive(obj, name);
  return cJSON_IsString(item) ? item->valuestring : std::string("<missing>");
}

// Problems of a db check report, as "key: message" lines.
std::vector<std::string> problems(const cJSON* report) {
  std::vector<std::string> out;
  const cJSON* list = cJSON_GetObjectItemCaseSensitive(report, "problems");
  for (const cJSON* p = list ? list->child : nullptr; p; p = p->next)
    out.push_back(str(p, "key") + ": " + str(p, "message"));
  return out;
}

bool has_line(const std::vector<std::string>& lines, const std::string& line) {
  for (const auto& l : lines)
    if (l == line) return true;
  return false;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

}  // namespace

START_TEST(init_creates_indexes) {
  Db d("init");
  auto r = d.run({"db", "init"});
  ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err.c_str());
  JsonDoc out = parse(r);
  ck_assert_std_eq(str(out.get(), "indexes"), "phone_number_unique, tenant_id, updated_at");
  const std::string validator = str(out.get(), "validator");
  if (d.server.external()) {
    ck_assert_msg(validator == "applied" || validator == "unsupported", "validator: %s", validator.c_str());
  } else {
    // FerretDB has no collection validators: init says so in plain words
    // (its own text is a dump of Go values) and succeeds.
    ck_assert_str_eq(validator.c_str(), "unsupported");
    const std::string message = str(out.get(), "validator_message");
    ck_assert_msg(contains(message, "the server does not support $jsonSchema validators"), "%s", message.c_str());
    ck_assert_msg(contains(message, "tenantctl validate and tenantctl db check"), "%s", message.c_str());
    ck_assert_msg(!contains(message, "map[") && !contains(message, "not implemented yet"), "%s", message.c_str());
    ck_assert_msg(contains(r.err, "does not support $jsonSchema validators"), "stderr: %s", r.err.c_str());
  }
  // Idempotent.
  ck_assert_int_eq(d.run({"db", "init"}).exit_code, 0);

  // The unique index holds: a second mapping for one number is refused.
  RawMongo raw(patient_uri(d.server));
  ck_assert_ok(raw.insert(d.db, "phone-tenant-map", example_mapping("+33100000001", "tenant-a")));
  const std::string dup = raw.insert(d.db, "phone-tenant-map", example_mapping("+33100000001", "tenant-b"));
  ck_assert_msg(contains(dup, "duplicate key") || contains(dup, "E11000"), "second insert: [%s]", dup.c_str());
}
END_TEST

START_TEST(seed_then_lookup) {
  Db d("seed");
  ck_assert_int_eq(d.run({"db", "init"}).exit_code, 0);
  auto seeded = d.seed_examples();
  ck_assert_msg(seeded.exit_code == 0, "exit %d: %s %s", seeded.exit_code, seeded.out.c_str(), seeded.err.c_str());
  JsonDoc s = parse(seeded);
  const cJSON* written = cJSON_GetObjectItemCaseSensitive(s.get(), "written");
  ck_assert_int_eq(cJSON_GetArraySize(written), 10);  // 5 mappings, 5 tenants
  for (const cJSON* w = written->child; w; w = w->next) ck_assert_std_eq(str(w, "result"), "inserted");
  RawMongo raw(patient_uri(d.server));
  ck_assert_int_eq(raw.count(d.db, "phone-tenant-map"), 5);
  ck_assert_int_eq(raw.count(d.db, "tenant_config"), 5);

  // Seeding again replaces, never duplicates.
  auto again = d.seed_examples();
  ck_assert_int_eq(again.exit_code, 0);
  JsonDoc a = parse(again);
  for (const cJSON* w = cJSON_GetObjectItemCaseSensitive(a.get(), "written")->child; w; w = w->next)
    ck_assert_msg(str(w, "result") != "inserted", "replaced as new");
  ck_assert_int_eq(raw.count(d.db, "phone-tenant-map"), 5);
  ck_assert_int_eq(raw.count(d.db, "tenant_config"), 5);

  // The spec's number, in E.164 and in national form.
  for (const char* input : {"+33676530019", "06 76 53 00 19", "sip:+33676530019@pbx.example;user=phone"}) {
    auto r = d.run({"lookup", input});
    ck_assert_msg(r.exit_code == 0, "%s: exit %d: %s", input, r.exit_code, r.err.c_str());
    JsonDoc out = parse(r);
    ck_assert_std_eq(str(out.get(), "number"), "+33676530019");
    ck_assert_std_eq(str(out.get(), "status"), "active");
    const cJSON* mapping = cJSON_GetObjectItemCaseSensitive(out.get(), "mapping");
    ck_assert_std_eq(str(mapping, "tenant_id"), "tenant-test-001");
    ck_assert_std_eq(str(mapping, "client_id"), "axeoguyane");
    const cJSON* t = cJSON_GetObjectItemCaseSensitive(out.get(), "tenant");
    ck_assert_std_eq(str(t, "display_name"), "AXEO Services Guyane");
    ck_assert(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(out.get(), "problems")));
  }

  // The collections are the options' (tenant.conf's names): the same
  // number in a collection that holds nothing is unknown.
  auto elsewhere = d.run({"lookup", "+33676530019", "--mapping-collection", "no-such-map"});
  ck_assert_int_eq(elsewhere.exit_code, 1);
  ck_assert_std_eq(str(parse(elsewhere).get(), "status"), "unknown");

  // A disabled tenant and an unknown number: JSON, exit 1.
  auto disabled = d.run({"lookup", "+33639980000"});
  ck_assert_int_eq(disabled.exit_code, 1);
  ck_assert_std_eq(str(parse(disabled).get(), "status"), "disabled");
  auto unknown = d.run({"lookup", "+33612345678"});
  ck_assert_int_eq(unknown.exit_code, 1);
  JsonDoc u = parse(unknown);
  ck_assert_std_eq(str(u.get(), "status"), "unknown");
  ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(u.get(), "mapping")));

  // Not a number at all: error on stderr, exit 1.
  auto bad = d.run({"lookup", "sip:alice@example.com"});
  ck_assert_int_eq(bad.exit_code, 1);
  ck_assert_msg(bad.err.rfind("error: ", 0) == 0, "stderr: %s", bad.err.c_str());
}
END_TEST

START_TEST(lookup_config_out_feeds_refer) {
  Db d("refer");
  ck_assert_int_eq(d.seed_examples().exit_code, 0);
  char path[] = "/tmp/mod_tenant-config-XXXXXX";
  const int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  close(fd);
  auto r = d.run({"lookup", "+33123456789", "--config-out", path});
  ck_assert_msg(r.exit_code == 0, "exit %d: %s", r.exit_code, r.err.c_str());
  // tenant-prod-001: commercial (priority 1) has no business hours, so it is
  // the answer at any instant.
  auto refer = run_process({kTenantctl, "refer", "--config", path, "--at", "2026-03-30T08:00:00Z"}, 10000);
  std::remove(path);
  ck_assert_msg(refer.exit_code == 0, "refer exit %d: %s %s", refer.exit_code, refer.out.c_str(), refer.err.c_str());
  JsonDoc out = parse(refer);
  ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(out.get(), "ok")));
  ck_assert_std_eq(str(out.get(), "destination_id"), "commercial");
  ck_assert_std_eq(str(out.get(), "target_uri"), "tel:+33240000001");
}
END_TEST

START_TEST(check_reports_each_problem) {
  Db d("check");
  ck_assert_int_eq(d.seed_examples().exit_code, 0);
  // The examples hold one deliberate problem: tenant-test-002 is disabled and
  // still has +33639980000.
  auto first = d.run({"db", "check"});
  ck_assert_int_eq(first.exit_code, 1);
  JsonDoc report = parse(first);
  ck_assert_int_eq(static_cast<int>(cJSON_GetObjectItemCaseSensitive(report.get(), "mappings")->valuedouble), 5);
  ck_assert_int_eq(static_cast<int>(cJSON_GetObjectItemCaseSensitive(report.get(), "tenants")->valuedouble), 5);
  auto lines = problems(report.get());
  ck_assert_msg(lines.size() == 1, "%s", joined(lines).c_str());
  ck_assert_str_eq(lines[0].c_str(), "+33639980000: tenant tenant-test-002 is disabled but still has this number");

  RawMongo raw(patient_uri(d.server));
  ck_assert_ok(raw.insert(d.db, "phone-tenant-map", example_mapping("0676530018", "tenant-prod-001")));
  ck_assert_ok(raw.insert(d.db, "phone-tenant-map", example_mapping("+33100000009", "tenant-nowhere")));
  ck_assert_ok(raw.insert(d.db, "phone-tenant-map", example_mapping("+33100000010", "tenant-prod-001", "someoneelse")));
  std::string broken = example_tenant("tenant-broken");
  const std::string tz = R"("timezone":"Europe/Paris")";
  broken.replace(broken.find(tz), tz.size(), R"("timezone":"Europe/Pariss")");
  ck_assert_ok(raw.insert(d.db, "tenant_config", broken));

  auto second = d.run({"db", "check"});
  ck_assert_int_eq(second.exit_code, 1);
  JsonDoc r2 = parse(second);
  lines = problems(r2.get());
  const std::string all = joined(lines);
  ck_assert_msg(lines.size() == 5, "%s", all.c_str());
  ck_assert_msg(has_line(lines, "0676530018: phone_number '0676530018' is not in E.164 format (read in France it "
                                "would be +33676530018)"),
                "%s", all.c_str());
  ck_assert_msg(has_line(lines, "+33100000009: tenant tenant-nowhere has no tenant_config document"), "%s", all.c_str());
  ck_assert_msg(has_line(lines, "+33100000010: client_id 'someoneelse' differs from tenant tenant-prod-001's "
                                "client_id 'axeoservices'"),
                "%s", all.c_str());
  bool timezone_reported = false;
  for (const auto& l : lines)
    if (l.rfind("tenant-broken: timezone", 0) == 0) timezone_reported = true;
  ck_assert_msg(timezone_reported, "%s", all.c_str());
}
END_TEST

START_TEST(seed_refuses_invalid_documents) {
  Db d("refuse");
  char path[] = "/tmp/mod_tenant-seed-XXXXXX";
  const int fd = mkstemp(path);
  ck_assert_int_ge(fd, 0);
  std::string broken = example_tenant("tenant-bad");
  const std::string dest = R"("priority":2})";
  broken.replace(broken.find(dest), dest.size(),
                 R"("priority":2,"business_hours":{"rrule":"FREQ=DAILY;BYHOUR=9","duration_minutes":0}})");
  const std::string content = "[" + broken + "," + example_mapping("123", "tenant-bad") + "," +
                              example_mapping("+33100000001", "tenant-bad") + R"(,{"hello":"world"}])";
  ck_assert(write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
  close(fd);
  auto r = d.run({"db", "seed", path});
  std::remove(path);
  ck_assert_int_eq(r.exit_code, 1);
  ck_assert_msg(contains(r.err, "error: "), "stderr: %s", r.err.c_str());
  JsonDoc out = parse(r);
  const cJSON* refused = cJSON_GetObjectItemCaseSensitive(out.get(), "refused");
  ck_assert_int_eq(cJSON_GetArraySize(refused), 3);
  const cJSON* bad_tenant = cJSON_GetArrayItem(refused, 0);
  ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(bad_tenant, "index")->valueint, 0);
  const cJSON* errors = cJSON_GetObjectItemCaseSensitive(bad_tenant, "errors");
  ck_assert_msg(contains(cJSON_GetArrayItem(errors, 0)->valuestring,
                         "features.refer.destinations[1].business_hours.duration_minutes"),
                "%s", cJSON_GetArrayItem(errors, 0)->valuestring);
  ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(refused, 1), "index")->valueint, 1);
  // The same words db check uses: one rule admits a document and judges it.
  const cJSON* short_number = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(refused, 1), "errors");
  ck_assert_std_eq(std::string(cJSON_GetArrayItem(short_number, 0)->valuestring),
                   "phone_number '123' is not in E.164 format");
  ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(refused, 2), "index")->valueint, 3);
  // The valid mapping was written.
  const cJSON* written = cJSON_GetObjectItemCaseSensitive(out.get(), "written");
  ck_assert_int_eq(cJSON_GetArraySize(written), 1);
  ck_assert_std_eq(str(cJSON_GetArrayItem(written, 0), "key"), "+33100000001");
}
END_TEST

START_TEST(unreachable_server_fails_within_timeout) {
  const int port = free_loopback_port();
  auto r = run_process({kTenantctl, "lookup", "+33676530019", "--mongo-uri",
                        "mongodb://127.0.0.1:" + std::to_string(port), "--timeout", "300"},
                       10000);
  ck_assert_int_eq(r.exit_code, 1);
  ck_assert_msg(r.err.rfind("error: ", 0) == 0, "stderr: %s", r.err.c_str());
  ck_assert_msg(r.ms < 3000, "took %.0f ms", r.ms);
  ck_assert_str_eq(r.out.c_str(), "");
}
END_TEST

START_TEST(usage_errors) {
  auto none = run_process({kTenantctl, "lookup"}, 10000);
  ck_assert_int_eq(none.exit_code, 2);
  auto sub = run_process({kTenantctl, "db", "frobnicate"}, 10000);
  ck_assert_int_eq(sub.exit_code, 2);
  ck_assert_msg(contains(sub.err, "error: unknown db command 'frobnicate'"), "%s", sub.err.c_str());
  auto seed = run_process({kTenantctl, "db", "seed"}, 10000);
  ck_assert_int_eq(seed.exit_code, 2);
  auto help = run_process({kTenantctl, "db", "--help"}, 10000);
  ck_assert_int_eq(help.exit_code, 0);
  ck_assert(contains(help.out, "tenantctl db init"));
  auto timeout = run_process({kTenantctl, "lookup", "+33676530019", "--timeout", "soon"}, 10000);
  ck_assert_int_eq(timeout.exit_code, 2);
  ck_assert_msg(contains(timeout.err, "--timeout"), "%s", timeout.err.c_str());
  // The store options are tenant.conf's parameters, checked by the same
  // rules: lookup-timeout-ms is 10..60000, a collection name is not empty.
  auto short_wait = run_process({kTenantctl, "lookup", "+33676530019", "--timeout", "5"}, 10000);
  ck_assert_int_eq(short_wait.exit_code, 2);
  ck_assert_msg(contains(short_wait.err, "error: --timeout: must be a whole number of milliseconds from 10 to 60000"),
                "%s", short_wait.err.c_str());
  auto empty = run_process({kTenantctl, "db", "check", "--config-collection="}, 10000);
  ck_assert_int_eq(empty.exit_code, 2);
  ck_assert_msg(contains(empty.err, "error: --config-collection: must not be empty"), "%s", empty.err.c_str());
  auto lookup_help = run_process({kTenantctl, "lookup", "--help"}, 10000);
  for (const char* option : {"--mongo-uri URI", "--db NAME", "--mapping-collection NAME", "--config-collection NAME",
                             "--timeout MS"})
    ck_assert_msg(contains(lookup_help.out, option), "lookup --help lacks %s:\n%s", option, lookup_help.out.c_str());
  ck_assert_msg(contains(lookup_help.out, "(default 2000; lookup-timeout-ms in tenant.conf)"), "%s",
                lookup_help.out.c_str());
}
END_TEST

int main() {
  require_server_or_exit("check_tenantctl_db");
  Suite* s = suite_create("tenantctl_db");
  TCase* tc = tcase_create("tenantctl_db");
  tcase_set_timeout(tc, 90);
  tcase_add_test(tc, init_creates_indexes);
  tcase_add_test(tc, seed_then_lookup);
  tcase_add_test(tc, lookup_config_out_feeds_refer);
  tcase_add_test(tc, check_reports_each_problem);
  tcase_add_test(tc, seed_refuses_invalid_documents);
  tcase_add_test(tc, unreachable_server_fails_within_timeout);
  tcase_add_test(tc, usage_errors);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
