// An owned cJSON tree. Documents travel from a tenant source to the resolver
// as these, so nobody has to remember who calls cJSON_Delete.
#pragma once

#include <cjson/cJSON.h>

#include <memory>
#include <string>

namespace tenant {

struct JsonDeleter {
  void operator()(cJSON* item) const { cJSON_Delete(item); }
};

using JsonDoc = std::unique_ptr<cJSON, JsonDeleter>;

// One-line JSON text of a tree ("" when cJSON cannot allocate).
inline std::string json_text(const cJSON* item) {
  char* text = cJSON_PrintUnformatted(item);
  std::string out = text ? text : "";
  cJSON_free(text);
  return out;
}

}  // namespace tenant
