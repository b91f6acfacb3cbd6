#include "core/tenant/db_check.hh"

#include <map>

#include "core/util/json_doc.hh"
#include "core/number/number.hh"
#include "core/tenant/phone_mapping.hh"
#include "core/util/problem.hh"
#include "core/tenant/tenant_config.hh"

namespace tenant {

bool DbCheckReport::ok() const {
  for (const auto& f : findings)
    if (!f.warning) return false;
  return true;
}

namespace {

std::string string_field(const cJSON* doc, const char* name) {
  const cJSON* item = cJSON_GetObjectItemCaseSensitive(doc, name);
  return cJSON_IsString(item) && item->valuestring ? item->valuestring : std::string();
}

struct TenantFacts {
  std::string client_id;
  std::string status;
};

}  // namespace

DocumentVerdict judge_mapping_document(const cJSON* doc) {
  DocumentVerdict v;
  v.key = string_field(doc, "phone_number");
  auto mapping = parse_phone_mapping(doc);
  if (!mapping) {
    v.errors.push_back(mapping.error());
    return v;
  }
  if (!is_e164(mapping->phone_number)) {
    std::string message = "phone_number " + quote_value(mapping->phone_number) + " is not in E.164 format";
    if (auto normalized = normalize_number(mapping->phone_number, "FR"))
      message += " (read in France it would be " + normalized.value() + ")";
    v.errors.push_back(message);
  }
  v.mapping = std::move(mapping.value());
  return v;
}

DocumentVerdict judge_config_document(const cJSON* doc) {
  DocumentVerdict v;
  v.key = string_field(doc, "tenant_id");
  if (v.key.empty()) v.key = string_field(doc, "_id");
  auto config = TenantConfig::from_tenant_doc(doc);
  if (!config) {
    v.errors.push_back(config.error());
    return v;
  }
  for (const auto& p : config->problems)
    (p.severity == Problem::Severity::warning ? v.warnings : v.errors).push_back(p.path + ": " + p.message);
  if (v.errors.empty() && string_field(doc, "_id").empty()) v.errors.push_back("_id: must be a string equal to tenant_id");
  v.config = std::move(config.value());
  return v;
}

DbCheckReport check_tenant_database(const std::vector<JsonDoc>& mappings, const std::vector<JsonDoc>& configs,
                                    const std::string& mapping_collection, const std::string& config_collection) {
  DbCheckReport report;
  report.mappings = mappings.size();
  report.tenants = configs.size();
  auto add = [&](const std::string& collection, const std::string& key, std::string message, bool warning = false) {
    report.findings.push_back(DbFinding{collection, key, std::move(message), warning});
  };

  std::map<std::string, TenantFacts> tenants;
  for (std::size_t i = 0; i < configs.size(); ++i) {
    const cJSON* doc = configs[i].get();
    const DocumentVerdict verdict = judge_config_document(doc);
    const std::string key = verdict.key.empty() ? "#" + std::to_string(i + 1) : verdict.key;
    for (const auto& e : verdict.errors) add(config_collection, key, e);
    for (const auto& w : verdict.warnings) add(config_collection, key, w, true);
    const auto& config = verdict.config;
    if (!config || config->tenant_id.empty()) continue;
    if (tenants.count(config->tenant_id)) {
      add(config_collection, key, "tenant_id " + config->tenant_id + " is used by several documents");
      continue;
    }
    tenants[config->tenant_id] = TenantFacts{config->client_id, config->status};
  }

  std::map<std::string, int> seen_numbers;
  for (std::size_t i = 0; i < mappings.size(); ++i) {
    const cJSON* doc = mappings[i].get();
    const DocumentVerdict verdict = judge_mapping_document(doc);
    const std::string key = verdict.key.empty() ? "#" + std::to_string(i + 1) : verdict.key;
    for (const auto& e : verdict.errors) add(mapping_collection, key, e);
    const auto& mapping = verdict.mapping;
    if (!mapping) continue;
    if (++seen_numbers[mapping->phone_number] == 2)
      add(mapping_collection, key, "phone_number " + mapping->phone_number + " is mapped by several documents");
    const auto t = tenants.find(mapping->tenant_id);
    if (t == tenants.end()) {
      add(mapping_collection, key, "tenant " + mapping->tenant_id + " has no " + config_collection + " document");
      continue;
    }
    if (t->second.client_id != mapping->client_id)
      add(mapping_collection, key,
          "client_id " + quote_value(mapping->client_id) + " differs from tenant " + mapping->tenant_id +
              "'s client_id " + quote_value(t->second.client_id));
    if (t->second.status == "disabled")
      add(mapping_collection, key, "tenant " + mapping->tenant_id + " is disabled but still has this number");
  }
  return report;
}

std::string db_check_report_json(const DbCheckReport& report) {
  JsonDoc root(cJSON_CreateObject());
  cJSON_AddBoolToObject(root.get(), "ok", report.ok());
  cJSON_AddNumberToObject(root.get(), "mappings", static_cast<double>(report.mappings));
  cJSON_AddNumberToObject(root.get(), "tenants", static_cast<double>(report.tenants));
  cJSON* problems = cJSON_AddArrayToObject(root.get(), "problems");
  cJSON* warnings = cJSON_AddArrayToObject(root.get(), "warnings");
  for (const auto& f : report.findings) {
    cJSON* item = cJSON_CreateObject();
    cJSON_AddStringToObject(item, "collection", f.collection.c_str());
    cJSON_AddStringToObject(item, "key", f.key.c_str());
    cJSON_AddStringToObject(item, "message", f.message.c_str());
    cJSON_AddItemToArray(f.warning ? warnings : problems, item);
  }
  return json_text(root.get());
}

}  // namespace tenant
