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
    std::string key = string_field(doc, "tenant_id");
    if (key.empty()) key = string_field(doc, "_id");
    if (key.empty()) key = "#" + std::to_string(i + 1);
    auto config = TenantConfig::from_tenant_doc(doc);
    if (!config) {
      add(config_collection, key, config.error());
      continue;
    }
    for (const auto& p : config->problems)
      add(config_collection, key, p.path + ": " + p.message, p.severity == Problem::Severity::warning);
    if (config->tenant_id.empty()) continue;
    if (tenants.count(config->tenant_id)) {
      add(config_collection, key, "tenant_id " + config->tenant_id + " is used by several documents");
      continue;
    }
    tenants[config->tenant_id] = TenantFacts{config->client_id, config->status};
  }

  std::map<std::string, int> seen_numbers;
  for (std::size_t i = 0; i < mappings.size(); ++i) {
    const cJSON* doc = mappings[i].get();
    std::string key = string_field(doc, "phone_number");
    if (key.empty()) key = "#" + std::to_string(i + 1);
    auto mapping = parse_phone_mapping(doc);
    if (!mapping) {
      add(mapping_collection, key, mapping.error());
      continue;
    }
    if (!is_e164(mapping->phone_number)) {
      std::string message = "phone_number '" + mapping->phone_number + "' is not in E.164 format";
      auto normalized = normalize_number(mapping->phone_number, "FR");
      if (normalized) message += " (read in France it would be " + normalized.value() + ")";
      add(mapping_collection, key, message);
    }
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
