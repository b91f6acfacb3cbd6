// MongoTenantSource and TenantResolver against a real MongoDB-wire server
// (FerretDB started per test, or MONGO_URI): documents written with the
// driver as an administrator would, read back through the product.
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/tenant/extended_json.hh"
#include "core/tenant/phone_mapping.hh"
#include "core/tenant/tenant_config.hh"
#include "core/resolve/resolver.hh"
#include "integration_support.hh"
#include "store/bson_to_json.hh"
#include "store/mongo_tenant_source.hh"
#include "test_support.hh"

using namespace std::chrono_literals;
using namespace testing_store;
using tenant::CacheOutcome;
using tenant::LookupStatus;
using tenant::MongoSourceOptions;
using tenant::MongoTenantSource;
using tenant::ResolverOptions;
using tenant::TenantResolver;
using tenant::TenantStatus;

namespace {

const char kMap[] = "phone-tenant-map";
const char kConfig[] = "tenant_config";

// A started server, a database of its own and a source on it.
struct Fixture {
  TestServer server;
  std::string db;
  std::unique_ptr<RawMongo> raw;
  std::shared_ptr<MongoTenantSource> source;

  explicit Fixture(const char* label) {
    start_or_fail(server);
    db = server.fresh_database(label);
    raw = std::make_unique<RawMongo>(patient_uri(server));
    ck_assert_msg(raw->wait_ready(10000), "server does not answer: %s", server.log_tail().c_str());
    MongoSourceOptions o;
    o.uri = server.uri();
    o.database = db;
    o.lookup_timeout = 2000ms;  // generous on a loaded CI machine; the outage tests check the bound
    auto s = MongoTenantSource::create(o);
    ck_assert_msg(s.ok(), "%s", s.error().c_str());
    source = s.value();
  }
  ~Fixture() {
    if (raw) raw->drop_database(db);
  }
};

std::string text_field(const cJSON* doc, const char* name) {
  const cJSON* item = cJSON_GetObjectItemCaseSensitive(doc, name);
  return cJSON_IsString(item) ? item->valuestring : std::string("<not a string>");
}

}  // namespace

START_TEST(resolves_spec_example) {
  Fixture f("example");
  ck_assert_ok(f.raw->insert(f.db, kConfig, example_tenant("tenant-prod-001")));
  ck_assert_ok(f.raw->insert(f.db, kMap, example_mapping("+33123456789", "tenant-prod-001")));
  TenantResolver resolver(*f.source);

  auto r = resolver.resolve("+33123456789");
  ck_assert_int_eq(static_cast<int>(r.outcome), static_cast<int>(CacheOutcome::miss));
  const auto& c = *r.context;
  ck_assert_msg(c.status == TenantStatus::active, "status %s: %s", tenant::tenant_status_name(c.status),
                c.message.c_str());
  ck_assert_str_eq(c.mapping->tenant_id.c_str(), "tenant-prod-001");
  ck_assert_str_eq(c.mapping->client_id.c_str(), "axeoservices");
  ck_assert_str_eq(c.config->display_name.c_str(), "AXEO Services - La Baule");
  ck_assert_std_eq(c.config->locale.value_or(""), "fr-FR");
  ck_assert_int_eq(c.config->schema_version, 1);
  ck_assert(c.config->created_at.has_value());
  ck_assert_int_eq(*c.config->created_at, at("2026-01-15T10:00:00Z"));
  ck_assert_int_eq(*c.config->updated_at, at("2026-03-02T14:30:00Z"));
  ck_assert_int_eq(c.config->refer.destinations.size(), 2);
  ck_assert_str_eq(c.config->refer.destinations[1].destination_id.c_str(), "planning");
  ck_assert_int_eq(c.config->refer.destinations[1].priority, 2);
  ck_assert(!c.config->refer.require_confirmation);

  ck_assert_int_eq(static_cast<int>(resolver.resolve("+33123456789").outcome), static_cast<int>(CacheOutcome::hit));
  auto unknown = resolver.resolve_tenant("+33999999999");
  ck_assert_int_eq(static_cast<int>(unknown->status), static_cast<int>(TenantStatus::unknown));

  auto by_id = resolver.resolve_tenant_id("tenant-prod-001");
  ck_assert_int_eq(static_cast<int>(by_id.outcome), static_cast<int>(CacheOutcome::hit));  // loaded for the number
  ck_assert_ptr_eq(by_id.context->config.get(), c.config.get());
}
END_TEST

START_TEST(reads_exact_bson_types) {
  Fixture f("types");
  // int64 beyond 2^53 (a double would round it), int32, a date with
  // milliseconds, an ObjectId, a double and a nested array.
  ck_assert_ok(f.raw->insert(
      f.db, kConfig,
      R"({"_id":"tenant-types","tenant_id":"tenant-types","n64":{"$numberLong":"9007199254740993"},)"
      R"("n32":{"$numberInt":"-7"},"d":2.5,"when":{"$date":{"$numberLong":"1772461800123"}},)"
      R"("ref":{"$oid":"65f1a2b3c4d5e6f708192a3b"},"list":[1,"two",{"three":true}],"nothing":null})"));
  auto found = f.source->find_tenant_config("tenant-types");
  ck_assert_int_eq(static_cast<int>(found.status), static_cast<int>(LookupStatus::found));
  const cJSON* doc = found.doc.get();

  const cJSON* n64 = cJSON_GetObjectItemCaseSensitive(doc, "n64");
  ck_assert_std_eq(text_field(n64, "$numberLong"), "9007199254740993");
  ck_assert(tenant::json_integer(n64).value() == 9007199254740993LL);
  ck_assert_std_eq(text_field(cJSON_GetObjectItemCaseSensitive(doc, "n32"), "$numberInt"), "-7");
  ck_assert_double_eq(cJSON_GetObjectItemCaseSensitive(doc, "d")->valuedouble, 2.5);
  const cJSON* when = cJSON_GetObjectItemCaseSensitive(doc, "when");
  ck_assert_std_eq(text_field(cJSON_GetObjectItemCaseSensitive(when, "$date"), "$numberLong"), "1772461800123");
  ck_assert_int_eq(tenant::json_date(when).value(), 1772461800);
  ck_assert_std_eq(text_field(cJSON_GetObjectItemCaseSensitive(doc, "ref"), "$oid"), "65f1a2b3c4d5e6f708192a3b");
  const cJSON* list = cJSON_GetObjectItemCaseSensitive(doc, "list");
  ck_assert_int_eq(cJSON_GetArraySize(list), 3);
  ck_assert_str_eq(cJSON_GetArrayItem(list, 1)->valuestring, "two");
  ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(list, 2), "three")));
  ck_assert(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(doc, "nothing")));
}
END_TEST

START_TEST(queries_are_typed_not_parsed) {
  Fixture f("typed");
  ck_assert_ok(f.raw->insert(f.db, kMap, example_mapping("+33123456789", "tenant-prod-001")));
  // Strings that would select every document if they became query operators.
  const std::string hostile[] = {R"({"$ne":null})", R"({"$gt":""})", "$where", ".*",
                                 std::string("+33123456789\0zzz", 16)};
  for (const auto& h : hostile) {
    auto r = f.source->find_mapping(h);
    ck_assert_msg(r.status == LookupStatus::not_found, "'%s' matched something", h.c_str());
  }
  ck_assert_int_eq(static_cast<int>(f.source->find_mapping("+33123456789").status),
                   static_cast<int>(LookupStatus::found));
}
END_TEST

START_TEST(malformed_documents_each_report_their_error) {
  Fixture f("malformed");
  ck_assert_ok(f.raw->insert(f.db, kConfig, example_tenant("tenant-good", "Good")));
  ck_assert_ok(f.raw->insert(f.db, kMap, example_mapping("+33100000001", "tenant-good")));
  // A mapping whose tenant_id is an int32.
  ck_assert_ok(f.raw->insert(f.db, kMap,
                             R"({"phone_number":"+33100000002","client_id":"x","tenant_id":{"$numberInt":"42"}})"));
  // A mapping without client_id.
  ck_assert_ok(f.raw->insert(f.db, kMap, R"({"phone_number":"+33100000003","tenant_id":"tenant-good"})"));
  // A mapping to a tenant that has no configuration.
  ck_assert_ok(f.raw->insert(f.db, kMap, example_mapping("+33100000004", "tenant-ghost")));
  // A configuration whose schema_version is a string.
  std::string wrong_type = example_tenant("tenant-wrongtype");
  const std::string sv = R"("schema_version":1)";
  wrong_type.replace(wrong_type.find(sv), sv.size(), R"("schema_version":"one")");
  ck_assert_ok(f.raw->insert(f.db, kConfig, wrong_type));
  ck_assert_ok(f.raw->insert(f.db, kMap, example_mapping("+33100000005", "tenant-wrongtype")));
  // A configuration without display_name.
  std::string missing = example_tenant("tenant-missing");
  const std::string dn = R"("display_name":"AXEO Services - La Baule",)";
  missing.erase(missing.find(dn), dn.size());
  ck_assert_ok(f.raw->insert(f.db, kConfig, missing));
  ck_assert_ok(f.raw->insert(f.db, kMap, example_mapping("+33100000006", "tenant-missing")));
  // A configuration with an ObjectId _id instead of the tenant id.
  std::string oid = example_tenant("tenant-oid");
  oid.replace(oid.find(R"("_id":"tenant-oid")"), std::string(R"("_id":"tenant-oid")").size(),
              R"("_id":{"$oid":"65f1a2b3c4d5e6f708192a3b"})");
  ck_assert_ok(f.raw->insert(f.db, kConfig, oid));
  ck_assert_ok(f.raw->insert(f.db, kMap, example_mapping("+33100000007", "tenant-oid")));

  std::vector<std::string> logged;
  std::mutex mu;
  TenantResolver resolver(*f.source, ResolverOptions{}, tenant::MonotonicClock::system(),
                          [&](tenant::LogLevel, std::string_view m) {
                            std::lock_guard<std::mutex> lock(mu);
                            logged.emplace_back(m);
                          });

  auto c2 = resolver.resolve_tenant("+33100000002");
  ck_assert_int_eq(static_cast<int>(c2->status), static_cast<int>(TenantStatus::invalid));
  ck_assert_str_eq(c2->message.c_str(),
                   "phone-tenant-map document for +33100000002 is invalid: tenant_id must be a string, got int");
  auto c3 = resolver.resolve_tenant("+33100000003");
  ck_assert_str_eq(c3->message.c_str(), "phone-tenant-map document for +33100000003 is invalid: client_id is missing");
  auto c4 = resolver.resolve_tenant("+33100000004");
  ck_assert_int_eq(static_cast<int>(c4->status), static_cast<int>(TenantStatus::invalid));
  ck_assert_str_eq(c4->message.c_str(), "+33100000004 maps to tenant tenant-ghost, which has no tenant_config document");
  auto c5 = resolver.resolve_tenant("+33100000005");
  ck_assert_int_eq(static_cast<int>(c5->status), static_cast<int>(TenantStatus::invalid));
  ck_assert_msg(contains(c5->message, "schema_version"), "%s", c5->message.c_str());
  auto c6 = resolver.resolve_tenant("+33100000006");
  ck_assert_int_eq(static_cast<int>(c6->status), static_cast<int>(TenantStatus::invalid));
  ck_assert_msg(contains(c6->message, "display_name"), "%s", c6->message.c_str());
  auto c7 = resolver.resolve_tenant("+33100000007");
  ck_assert_int_eq(static_cast<int>(c7->status), static_cast<int>(TenantStatus::invalid));
  ck_assert_msg(contains(c7->message, "_id"), "%s", c7->message.c_str());

  // The good tenant is unaffected, and each broken document was logged once.
  auto c1 = resolver.resolve_tenant("+33100000001");
  ck_assert_msg(c1->status == TenantStatus::active, "%s", c1->message.c_str());
  ck_assert_str_eq(c1->config->display_name.c_str(), "Good");
  ck_assert_uint_eq(logged.size(), 5);  // two mappings, three configurations
  resolver.flush();
  resolver.resolve_tenant("+33100000005");
  ck_assert_uint_eq(logged.size(), 5);  // same version: not logged again
}
END_TEST

START_TEST(bson_strings_with_nul_are_refused) {
  // BSON strings carry their length, so they may hold NUL bytes, which any
  // C string reader would cut short: "tenant-good\0x" must not read as
  // tenant-good, nor a display name lose its tail silently. Built with the
  // driver as a MongoDB server returns it.
  bson_t* mapping = bson_new();
  BSON_APPEND_UTF8(mapping, "phone_number", "+33100000011");
  BSON_APPEND_UTF8(mapping, "client_id", "axeoservices");
  bson_append_utf8(mapping, "tenant_id", -1, "tenant-good\0x", 13);
  const tenant::JsonDoc mapping_json = tenant::bson_to_json(mapping);
  bson_destroy(mapping);
  const auto parsed = tenant::parse_phone_mapping(mapping_json.get());
  ck_assert(!parsed.ok());
  ck_assert_std_eq(parsed.error(), "tenant_id must be a string, got string containing NUL (\\u0000)");

  bson_error_t error;
  bson_t* config = bson_new_from_json(reinterpret_cast<const uint8_t*>(example_tenant("tenant-nul").c_str()), -1, &error);
  ck_assert_msg(config != nullptr, "%s", error.message);
  bson_t* with_nul = bson_new();
  bson_copy_to_excluding_noinit(config, with_nul, "display_name", nullptr);
  bson_append_utf8(with_nul, "display_name", -1, "AXEO\0 Services", 14);
  const tenant::JsonDoc config_json = tenant::bson_to_json(with_nul);
  bson_destroy(config);
  bson_destroy(with_nul);
  const auto read = tenant::TenantConfig::from_tenant_doc(config_json.get());
  ck_assert(read.ok());
  ck_assert(read->tenant_level_errors);
  bool named = false;
  for (const auto& p : read->problems)
    named = named || (p.path == "display_name" && contains(p.message, "NUL") && contains(p.message, "Services"));
  ck_assert_msg(named, "no display_name problem naming the NUL");

  // Through the server: MongoDB keeps the NUL and the resolver refuses the
  // mapping. (FerretDB's SQLite backend stores the string cut at the NUL,
  // as "tenant-good": then there is no NUL left to refuse, and the server,
  // not the reader, decided the value.)
  Fixture f("nul");
  ck_assert_ok(f.raw->insert(f.db, kConfig, example_tenant("tenant-good", "Good")));
  ck_assert_ok(f.raw->insert(f.db, kMap, example_mapping("+33100000011", "tenant-good\u0000x")));
  auto stored = f.source->find_mapping("+33100000011");
  ck_assert(stored.doc != nullptr);
  const cJSON* id = cJSON_GetObjectItemCaseSensitive(stored.doc.get(), "tenant_id");
  TenantResolver resolver(*f.source, ResolverOptions{}, tenant::MonotonicClock::system(),
                          [](tenant::LogLevel, std::string_view) {});
  auto mapped = resolver.resolve_tenant("+33100000011");
  if (!cJSON_IsString(id)) {
    ck_assert_msg(mapped->status == TenantStatus::invalid && contains(mapped->message, "NUL"), "%s",
                  mapped->message.c_str());
  } else {
    ck_assert_msg(std::string(id->valuestring) == "tenant-good", "server stored '%s'", id->valuestring);
  }
}
END_TEST

START_TEST(duplicate_mapping_is_an_error) {
  Fixture f("dup");
  ck_assert_ok(f.raw->insert(f.db, kConfig, example_tenant("tenant-a")));
  ck_assert_ok(f.raw->insert(f.db, kMap, example_mapping("+33100000001", "tenant-a")));
  ck_assert_ok(f.raw->insert(f.db, kMap, example_mapping("+33100000001", "tenant-a")));
  auto r = f.source->find_mapping("+33100000001");
  ck_assert_int_eq(static_cast<int>(r.status), static_cast<int>(LookupStatus::error));
  ck_assert_msg(contains(r.message, "several documents with phone_number +33100000001"), "%s", r.message.c_str());
}
END_TEST

START_TEST(concurrent_cold_lookups_load_once) {
  Fixture f("single_flight");
  ck_assert_ok(f.raw->insert(f.db, kConfig, example_tenant("tenant-a")));
  ck_assert_ok(f.raw->insert(f.db, kMap, example_mapping("+33100000001", "tenant-a")));
  TenantResolver resolver(*f.source);
  constexpr int kThreads = 8;
  std::atomic<int> ready{0};
  std::vector<std::shared_ptr<const tenant::TenantContext>> got(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i)
    threads.emplace_back([&, i] {
      ready.fetch_add(1);
      while (ready.load() < kThreads) std::this_thread::yield();
      got[i] = resolver.resolve_tenant("+33100000001");
    });
  for (auto& t : threads) t.join();
  const auto s = resolver.stats();
  ck_assert_uint_eq(s.loads, 2);  // one mapping load, one tenant_config load
  ck_assert_uint_eq(s.hits + s.misses, kThreads);
  ck_assert_uint_eq(s.misses, s.coalesced + 1);
  for (int i = 0; i < kThreads; ++i) {
    ck_assert_ptr_eq(got[i].get(), got[0].get());
    ck_assert_int_eq(static_cast<int>(got[i]->status), static_cast<int>(TenantStatus::active));
  }
}
END_TEST

START_TEST(thousand_numbers_bounded_cache) {
  Fixture f("thousand");
  ck_assert_ok(f.raw->insert(f.db, kConfig, example_tenant("tenant-a")));
  // One number in twenty is mapped; the others are unknown and cached as
  // such. (A small collection keeps FerretDB, which scans it on every find,
  // quick; the cache sees a thousand distinct keys either way.)
  auto number = [](int i) { return "+3320000" + std::to_string(1000 + i); };
  std::vector<std::string> docs;
  for (int i = 0; i < 1000; i += 20) docs.push_back(example_mapping(number(i), "tenant-a"));
  ck_assert_ok(f.raw->insert_many(f.db, kMap, docs));
  ResolverOptions o;
  o.max_entries = 100;
  TenantResolver resolver(*f.source, o);
  for (int i = 0; i < 1000; ++i) {
    auto c = resolver.resolve_tenant(number(i));
    const TenantStatus expected = i % 20 == 0 ? TenantStatus::active : TenantStatus::unknown;
    ck_assert_msg(c->status == expected, "%d: %s", i, c->message.c_str());
    ck_assert_std_eq(c->number, number(i));
  }
  const auto s = resolver.stats();
  ck_assert_uint_eq(s.number_entries, 100);
  ck_assert_uint_eq(s.tenant_entries, 1);
  ck_assert_uint_eq(s.evictions, 900);
  ck_assert_uint_eq(s.loads, 1001);
  // The first numbers were evicted: asking again loads them again.
  ck_assert_int_eq(static_cast<int>(resolver.resolve(number(0)).outcome), static_cast<int>(CacheOutcome::miss));
  ck_assert_int_eq(static_cast<int>(resolver.resolve(number(999)).outcome),
                   static_cast<int>(CacheOutcome::negative_hit));
  ck_assert_int_eq(static_cast<int>(resolver.resolve(number(980)).outcome), static_cast<int>(CacheOutcome::hit));
}
END_TEST

START_TEST(custom_collection_names) {
  TestServer server;
  start_or_fail(server);
  const std::string db = server.fresh_database("names");
  RawMongo raw(patient_uri(server));
  ck_assert(raw.wait_ready(10000));
  ck_assert_ok(raw.insert(db, "tenants", example_tenant("tenant-a", "Renamed")));
  ck_assert_ok(raw.insert(db, "numbers", example_mapping("+33100000001", "tenant-a")));
  MongoSourceOptions o;
  o.uri = server.uri();
  o.database = db;
  o.mapping_collection = "numbers";
  o.config_collection = "tenants";
  auto source = MongoTenantSource::create(o);
  ck_assert(source.ok());
  TenantResolver resolver(*source.value());
  auto c = resolver.resolve_tenant("+33100000001");
  ck_assert_msg(c->status == TenantStatus::active, "%s", c->message.c_str());
  ck_assert_str_eq(c->config->display_name.c_str(), "Renamed");
  raw.drop_database(db);
}
END_TEST

START_TEST(invalid_uri_is_refused) {
  MongoSourceOptions o;
  o.uri = "mongodb://127.0.0.1:notaport";
  auto s = MongoTenantSource::create(o);
  ck_assert(!s.ok());
  ck_assert_msg(contains(s.error(), "invalid MongoDB URI"), "%s", s.error().c_str());
  o.uri = "http://example.com";
  ck_assert(!MongoTenantSource::create(o).ok());
}
END_TEST

int main() {
  require_server_or_exit("check_mongo_source");
  Suite* s = suite_create("mongo_source");
  TCase* tc = tcase_create("mongo_source");
  tcase_set_timeout(tc, 60);
  tcase_add_test(tc, resolves_spec_example);
  tcase_add_test(tc, reads_exact_bson_types);
  tcase_add_test(tc, queries_are_typed_not_parsed);
  tcase_add_test(tc, malformed_documents_each_report_their_error);
  tcase_add_test(tc, bson_strings_with_nul_are_refused);
  tcase_add_test(tc, duplicate_mapping_is_an_error);
  tcase_add_test(tc, concurrent_cold_lookups_load_once);
  tcase_add_test(tc, thousand_numbers_bounded_cache);
  tcase_add_test(tc, custom_collection_names);
  tcase_add_test(tc, invalid_uri_is_refused);
  suite_add_tcase(s, tc);
  return run_suite(s);
}
