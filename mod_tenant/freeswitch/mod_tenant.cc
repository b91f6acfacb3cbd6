// mod_tenant: multi-tenant call routing for FreeSWITCH.
//
// This file only wires the module into FreeSWITCH: configuration, the
// inbound hook, the applications, the API, the events and reloadxml. Every
// decision is the core's (mod_tenant/core); see docs/freeswitch.md.
#include <dlfcn.h>
#include <libical/ical.h>
#include <switch.h>

#include <optional>
#include <string>

#include "api_tenant.hh"
#include "core/util/ascii.hh"
#include "call_tenant.hh"
#include "callback_guard.hh"
#include "events.hh"
#include "fs_log.hh"
#include "inbound_hook.hh"
#include "module_runtime.hh"
#include "core/util/ascii.hh"
#include "store/mongo_runtime.hh"
#include "transfer.hh"
#include "xml_settings.hh"

extern "C" {
SWITCH_MODULE_LOAD_FUNCTION(mod_tenant_load);
SWITCH_MODULE_SHUTDOWN_FUNCTION(mod_tenant_shutdown);
SWITCH_MODULE_DEFINITION(mod_tenant, mod_tenant_load, mod_tenant_shutdown, nullptr);
}

namespace {

switch_event_node_t* reload_node = nullptr;

// Reads tenant.conf and swaps in a runtime built from it.
void load_runtime(const char* why) {
  tenant::Problems problems;
  const tenant::HostSettings settings = tenant::load_xml_settings(problems);
  for (const auto& p : problems)
    switch_log_printf(SWITCH_CHANNEL_LOG,
                      p.severity == tenant::Problem::Severity::error ? SWITCH_LOG_ERROR : SWITCH_LOG_WARNING,
                      "mod_tenant: tenant.conf: %s\n", p.to_string().c_str());
  // What the change feed refreshed, for whoever listens (fs_cli, an ESL client).
  const auto on_change = [](const tenant::ChangeReport& report) {
    tenant::guarded("change event", [&] { tenant::fire_event(tenant::kEventChanged, nullptr, tenant::change_event_fields(report)); });
  };
  tenant::install_runtime(tenant::build_host_runtime(settings, std::move(problems), tenant::freeswitch_log(),
                                                     tenant::current_runtime(), on_change));
  switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_INFO, "mod_tenant: configuration %s (store %s)\n", why,
                    settings.store.uri.c_str());
}

void on_reloadxml(switch_event_t*) {
  // On failure the runtime in force stays.
  tenant::guarded("reloadxml", [] { load_runtime("reloaded"); });
}

// libical keeps per-thread buffers under pthread keys whose destructors are
// libical's own code. When FreeSWITCH unloads this module, the dynamic
// loader would unload libical with it (nothing else holds it), leaving the
// keys behind: a FreeSWITCH thread that once called into libical (a session
// or event socket thread) then crashes when it exits. Keeping libical
// loaded for the life of the process also lets a reload reuse the same copy
// and keys.
void pin_libical() {
  Dl_info info = {};
  if (!dladdr(reinterpret_cast<void*>(&icalerror_set_errno), &info) || !info.dli_fname) {
    switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_WARNING, "mod_tenant: cannot locate libical to keep it loaded\n");
    return;
  }
  // The handle is deliberately never closed.
  if (!dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE))
    switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_WARNING, "mod_tenant: cannot keep %s loaded: %s\n",
                      info.dli_fname, dlerror());
}

std::optional<std::string> argument(const char* data) {
  if (zstr(data)) return std::nullopt;
  const std::string_view text = tenant::trim_blanks(data);
  if (text.empty()) return std::nullopt;
  return std::string(text);
}

SWITCH_STANDARD_APP(tenant_resolve_app) {
  tenant::guarded("tenant_resolve", [&] {
    const auto runtime = tenant::current_runtime();
    if (runtime) tenant::resolve_call(session, *runtime, argument(data));
  });
}

SWITCH_STANDARD_APP(tenant_refer_app) {
  tenant::guarded("tenant_refer", [&] {
    const auto runtime = tenant::current_runtime();
    if (runtime) tenant::run_tenant_refer(session, *runtime, argument(data));
  });
}

SWITCH_STANDARD_API(tenant_api_command) { return tenant::tenant_api(cmd, session, stream); }

}  // namespace

SWITCH_MODULE_LOAD_FUNCTION(mod_tenant_load) {
  pin_libical();
  if (!tenant::reserve_events()) {
    switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_ERROR, "mod_tenant: cannot reserve %s / %s events\n",
                      tenant::kEventResolved, tenant::kEventRefer);
    return SWITCH_STATUS_TERM;
  }
  tenant::guarded("log routing", [] { tenant::mongo_runtime_set_log(tenant::freeswitch_log()); });
  // Without a runtime the hook and the applications step aside; the switch
  // keeps routing calls.
  tenant::guarded("load", [] { load_runtime("loaded"); });

  if (switch_event_bind_removable(modname, SWITCH_EVENT_RELOADXML, nullptr, on_reloadxml, nullptr, &reload_node) !=
      SWITCH_STATUS_SUCCESS) {
    switch_log_printf(SWITCH_CHANNEL_LOG, SWITCH_LOG_WARNING, "mod_tenant: reloadxml will not re-read tenant.conf\n");
  }

  *module_interface = switch_loadable_module_create_module_interface(pool, modname);
  switch_application_interface_t* app_interface;
  switch_api_interface_t* api_interface;
  SWITCH_ADD_APP(app_interface, "tenant_resolve", "Resolve the call's tenant",
                 "Resolves the called number (or the number given) to its tenant and sets the tenant_* variables.",
                 tenant_resolve_app, "[<number>]", SAF_SUPPORT_NOMEDIA | SAF_ROUTING_EXEC);
  SWITCH_ADD_APP(app_interface, "tenant_refer", "Transfer to a tenant destination",
                 "Chooses the tenant's transfer destination now (business hours, after-hours fallback) and "
                 "transfers the call: REFER when answered, 302 when not.",
                 tenant_refer_app, "[<destination_id>]", SAF_NONE);
  SWITCH_ADD_API(api_interface, "tenant", "Multi-tenant routing", tenant_api_command, tenant::kApiSyntax);
  tenant::add_api_completion();
  tenant::install_inbound_hook();
  return SWITCH_STATUS_SUCCESS;
}

SWITCH_MODULE_SHUTDOWN_FUNCTION(mod_tenant_shutdown) {
  tenant::remove_inbound_hook();
  tenant::remove_api_completion();
  switch_event_unbind(&reload_node);
  tenant::install_runtime(nullptr);
  // The driver's log handler points into this module: detach it before the
  // module's code goes away.
  tenant::mongo_runtime_detach_log();
  tenant::free_events();
  return SWITCH_STATUS_SUCCESS;
}
