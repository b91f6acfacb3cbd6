#include "sip/request_form.hh"

#include <sofia-sip/url.h>

#include <vector>

#include "core/number/uri_param.hh"
#include "core/util/ascii.hh"

namespace tenant {

namespace {

// A URI component with its %XX escapes decoded (sofia-sip's decoder).
std::string unescaped(const char* text) {
  if (text == nullptr) return {};
  std::vector<char> out(std::char_traits<char>::length(text) + 1);
  url_unescape(out.data(), text);
  return out.data();
}

}  // namespace

std::optional<std::string> extension_header(const sip_t& sip, const char* name) {
  for (const sip_unknown_t* h = sip.sip_unknown; h != nullptr; h = h->un_next)
    if (h->un_name != nullptr && ascii_iequal(h->un_name, name)) return std::string(h->un_value ? h->un_value : "");
  return std::nullopt;
}

RequestForm read_request_form(const sip_t& sip, const NumberSource& source) {
  RequestForm form;
  const url_t* uri = sip.sip_request ? sip.sip_request->rq_url : nullptr;
  const std::string tenant_param =
      uri != nullptr && uri->url_params != nullptr ? unescaped(uri_param_value(uri->url_params, "tenant").c_str()) : "";
  const auto tenant_header = extension_header(sip, "X-Tenant-Id");
  const auto destination_header = extension_header(sip, "X-Tenant-Destination");
  if (!tenant_param.empty() || destination_header) {
    form.transfer = true;
    form.tenant_id = !tenant_param.empty() ? tenant_param : std::string(trim_blanks(tenant_header.value_or("")));
    if (destination_header) {
      form.destination_id = std::string(trim_blanks(*destination_header));
    } else if (uri != nullptr && uri->url_user != nullptr && *uri->url_user != '\0') {
      form.destination_id = unescaped(uri->url_user);
    }
    if (form.destination_id && form.destination_id->empty()) form.destination_id.reset();
    return form;
  }
  const url_t* from = source.kind == NumberSource::Kind::to_user && sip.sip_to ? sip.sip_to->a_url : uri;
  form.called = from != nullptr ? unescaped(from->url_user) : "";
  return form;
}

}  // namespace tenant
