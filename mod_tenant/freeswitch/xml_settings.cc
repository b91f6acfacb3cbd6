#include "xml_settings.hh"

#include <switch.h>

namespace tenant {

HostSettings load_xml_settings(Problems& problems) {
  static const char* kConfigName = "tenant.conf";
  SettingPairs pairs;
  switch_xml_t settings_node = nullptr;
  switch_xml_t cfg = nullptr;
  switch_xml_t xml = switch_xml_open_cfg(kConfigName, &cfg, nullptr);
  if (!xml) {
    problems.push_back({kConfigName, "not found; using the defaults", Problem::Severity::warning});
  } else if ((settings_node = switch_xml_child(cfg, "settings"))) {
    for (switch_xml_t param = switch_xml_child(settings_node, "param"); param; param = param->next) {
      const char* name = switch_xml_attr_soft(param, "name");
      const char* value = switch_xml_attr_soft(param, "value");
      pairs.emplace_back(name, value);
    }
  }
  if (xml) switch_xml_free(xml);
  return parse_host_settings(pairs, problems);
}

}  // namespace tenant
