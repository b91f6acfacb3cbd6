// The consistency check behind `tenantctl db check`, on documents built in
// memory: each kind of problem once, and a clean database.
#include <string>
#include <vector>

#include "core/tenant/db_check.hh"
#include "test_support.hh"

using tenant::check_tenant_database;
using tenant::JsonDoc;

namespace {

std::string tenant_doc(const std::string& id, const std::string& client, const std::string& status = "active") {
  return R"({"_id":")" + id + R"(","tenant_id":")" + id + R"(","client_id":")" + client +
         R"(","display_name":"T","summary_to":[],"timezone":"Europe/Paris","status":")" + status +
         R"(","schema_version":1,"created_at":{"$date":"2026-01-01T00:00:00Z"},)"
         R"("updated_at":{"$date":"2026-01-01T00:00:00Z"}})";
}

std::string mapping(const std::string& number, const std::string& tenant_id, const std::string& client) {
  return R"({"phone_number":")" + number + R"(","client_id":")" + client + R"(","tenant_id":")" + tenant_id + R"("})";
}

std::vector<JsonDoc> docs(const std::vector<std::string>& texts) {
  std::vector<JsonDoc> out;
  for (const auto& t : texts) {
    out.emplace_back(cJSON_Parse(t.c_str()));
    ck_assert_ptr_nonnull(out.back().get());
  }
  return out;
}

// "key: message" of every finding that is not a warning.
std::vector<std::string> problems(const tenant::DbCheckReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings)
    if (!f.warning) out.push_back(f.key + ": " + f.message);
  return out;
}

}  // namespace

START_TEST(clean_database) {
  auto report = check_tenant_database(docs({mapping("+33676530019", "tenant-a", "acme")}), docs({tenant_doc("tenant-a", "acme")}));
  ck_assert(report.ok());
  ck_assert_uint_eq(report.mappings, 1);
  ck_assert_uint_eq(report.tenants, 1);
  ck_assert_uint_eq(problems(report).size(), 0);
}
END_TEST

START_TEST(each_problem_reported) {
  auto report = check_tenant_database(
      docs({mapping("+33676530019", "tenant-a", "acme"), mapping("+33676530019", "tenant-a", "acme"),
            mapping("0676530018", "tenant-a", "acme"), mapping("+33676530017", "tenant-x", "acme"),
            mapping("+33676530016", "tenant-a", "other"), mapping("+33676530015", "tenant-off", "acme"),
            R"({"phone_number":"+33676530014","client_id":"acme"})"}),
      docs({tenant_doc("tenant-a", "acme"), tenant_doc("tenant-off", "acme", "disabled"), tenant_doc("tenant-a", "acme")}));
  ck_assert(!report.ok());
  const auto p = problems(report);
  const std::vector<std::string> expected = {
      "tenant-a: tenant_id tenant-a is used by several documents",
      "+33676530019: phone_number +33676530019 is mapped by several documents",
      "0676530018: phone_number '0676530018' is not in E.164 format (read in France it would be +33676530018)",
      "+33676530017: tenant tenant-x has no tenant_config document",
      "+33676530016: client_id 'other' differs from tenant tenant-a's client_id 'acme'",
      "+33676530015: tenant tenant-off is disabled but still has this number",
      "+33676530014: tenant_id is missing",
  };
  ck_assert_uint_eq(p.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i)
    ck_assert_msg(p[i] == expected[i], "problem %zu: [%s], expected [%s]", i, p[i].c_str(), expected[i].c_str());
}
END_TEST

START_TEST(validation_errors_carry_paths) {
  std::string broken = tenant_doc("tenant-b", "acme");
  broken.replace(broken.find(R"("timezone":"Europe/Paris")"), 25, R"("timezone":"Mars/Olympus")");
  auto report = check_tenant_database(docs({}), docs({broken}));
  ck_assert(!report.ok());
  const auto p = problems(report);
  ck_assert_uint_ge(p.size(), 1);
  ck_assert_msg(p[0].rfind("tenant-b: timezone: ", 0) == 0, "%s", p[0].c_str());
  const std::string json = tenant::db_check_report_json(report);
  ck_assert_msg(json.find(R"("ok":false)") != std::string::npos, "%s", json.c_str());
  ck_assert_msg(json.find(R"("collection":"tenant_config","key":"tenant-b")") != std::string::npos, "%s",
                json.c_str());
}
END_TEST

int main() {
  Suite* s = suite_create("db_check");
  TCase* tc = tcase_create("db_check");
  tcase_add_test(tc, clean_database);
  tcase_add_test(tc, each_problem_reported);
  tcase_add_test(tc, validation_errors_carry_paths);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
