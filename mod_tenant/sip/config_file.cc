#include "sip/config_file.hh"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>

#include "core/util/problem.hh"

namespace tenant {

namespace {

struct DocFree {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};
using XmlDoc = std::unique_ptr<xmlDoc, DocFree>;

// An attribute's text, owned (libxml2 allocates it).
struct XmlFree {
  void operator()(xmlChar* text) const { xmlFree(text); }
};
std::optional<std::string> attribute(xmlNode* node, const char* name) {
  const std::unique_ptr<xmlChar, XmlFree> value(xmlGetProp(node, reinterpret_cast<const xmlChar*>(name)));
  if (!value) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(value.get()));
}

bool is_element(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

// The first <configuration name="tenant.conf"> at any depth (a whole
// freeswitch.xml nests it in <document><section>). libxml2 bounds the depth
// of what it parses (256 levels), so the walk is bounded too.
xmlNode* find_configuration(xmlNode* node) {
  for (; node != nullptr; node = node->next) {
    if (is_element(node, "configuration") && attribute(node, "name") == std::optional<std::string>("tenant.conf"))
      return node;
    if (xmlNode* inner = find_configuration(node->children)) return inner;
  }
  return nullptr;
}

}  // namespace

Expected<SettingPairs> parse_tenant_conf(const std::string& text, const std::string& name, Problems& problems) {
  using Result = Expected<SettingPairs>;
  // No network, no external entities or DTD loading: a configuration file
  // names values, it does not fetch them.
  const int options = XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_NOERROR;
  const XmlDoc doc(xmlReadMemory(text.data(), static_cast<int>(text.size()), name.c_str(), nullptr, options));
  if (!doc) {
    const xmlError* error = xmlGetLastError();
    std::string why = error != nullptr && error->message != nullptr ? error->message : "not well-formed XML";
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    return Result::failure(name + ":" + std::to_string(error != nullptr ? error->line : 0) + ": " + why);
  }
  // A configuration has no use for a DTD, and its entities would let a file
  // say one thing and mean another (libxml2 bounds how far they expand).
  if (doc->intSubset != nullptr || doc->extSubset != nullptr)
    return Result::failure(name + ": a DOCTYPE is not allowed in tenant.conf");
  xmlNode* configuration = find_configuration(xmlDocGetRootElement(doc.get()));
  if (configuration == nullptr) return Result::failure(name + ": no <configuration name=\"tenant.conf\"> element");
  SettingPairs pairs;
  for (xmlNode* section = configuration->children; section != nullptr; section = section->next) {
    if (!is_element(section, "settings")) continue;
    std::size_t index = 0;
    for (xmlNode* param = section->children; param != nullptr; param = param->next) {
      if (!is_element(param, "param")) continue;
      ++index;
      const auto key = attribute(param, "name");
      const auto value = attribute(param, "value");
      if (!key || !value) {
        problems.push_back({"settings/param[" + std::to_string(index) + "]",
                            "needs a name and a value attribute (line " + std::to_string(xmlGetLineNo(param)) +
                                "; skipped)",
                            Problem::Severity::error});
        continue;
      }
      pairs.emplace_back(*key, *value);
    }
  }
  return pairs;
}

Expected<SettingPairs> read_tenant_conf(const std::string& path, Problems& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Expected<SettingPairs>::failure("cannot read " + path + ": " + std::strerror(errno));
  // A configuration file is small; anything past this is not one.
  constexpr std::size_t kLimit = 1 << 20;
  std::string text;
  text.resize(kLimit + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kLimit) return Expected<SettingPairs>::failure(path + ": larger than 1 MiB, not a tenant.conf");
  return parse_tenant_conf(text, path, problems);
}

}  // namespace tenant
