// tenant.conf.xml as the SIP service reads it (libxml2), then the settings
// table over what it found. Invariants: any bytes end in pairs or a reason,
// never a crash or a hang; every problem says what is wrong; the settings
// that come out are ones the table itself accepts again (formatting a
// setting and reading it back gives the same value).
#include <string>

#include "core/settings/host_settings.hh"
#include "fuzz_support.hh"
#include "sip/config_file.hh"

static void run_input(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  tenant::Problems problems;
  const auto pairs = tenant::parse_tenant_conf(text, "fuzz.xml", problems);
  if (!pairs) {
    FUZZ_CHECK(!pairs.error().empty(), "a refusal without a reason");
    return;
  }
  const tenant::HostSettings settings = tenant::parse_host_settings(*pairs, problems, tenant::Host::sip_service);
  for (const auto& p : problems) FUZZ_CHECK(!p.message.empty(), "a problem without a message at " + p.path);
  tenant::Problems again;
  const tenant::HostSettings reread =
      tenant::parse_host_settings(tenant::describe_host_settings(settings, tenant::Host::sip_service), again,
                                  tenant::Host::sip_service);
  // An empty value is how a setting with nothing set formats (tel-sip-domain).
  for (const auto& p : again)
    FUZZ_CHECK(p.path == "tel-sip-domain", "the settings in force do not read back: " + p.to_string());
  FUZZ_CHECK(tenant::describe_host_settings(reread, tenant::Host::sip_service) ==
                 tenant::describe_host_settings(settings, tenant::Host::sip_service),
             "the settings changed when read back");
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FUZZ_WITHIN_TIME_BOUND([&] { run_input(data, size); });
  return 0;
}
