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

// Text cJSON printed, freed the way cJSON allocated it.
struct JsonTextDeleter {
  void operator()(char* text) const { cJSON_free(text); }
};
using JsonText = std::unique_ptr<char, JsonTextDeleter>;

// One-line JSON text of a tree ("" when cJSON cannot allocate).
inline std::string json_text(const cJSON* item) {
  const JsonText text(cJSON_PrintUnformatted(item));
  return text ? text.get() : "";
}

// The same, indented for a person to read.
inline std::string json_pretty_text(const cJSON* item) {
  const JsonText text(cJSON_Print(item));
  return text ? text.get() : "";
}

}  // namespace tenant
