// tenant-redirectd: the SIP redirect service. A proxy (Kamailio, OpenSIPS,
// an SBC) relays an INVITE here and gets a 302 whose Contacts are the
// targets in order, or a status that says why not (docs/sip-redirect.md).
//
// Foreground, logs to stderr (or syslog), SIGHUP re-reads the configuration
// (keeping the store and cache when their settings are unchanged), SIGUSR1
// logs the status (settings, store, cache statistics), SIGTERM and SIGINT
// stop it cleanly.
#include <signal.h>
#include <sofia-sip/su.h>
#include <sofia-sip/su_log.h>
#include <sofia-sip/su_wait.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

#include "core/util/json_doc.hh"
#include "sip/config_file.hh"
#include "sip/daemon_log.hh"
#include "sip/loop_wakeup.hh"
#include "sip/redirect_server.hh"
#include "store/host_runtime.hh"
#include "store/mongo_runtime.hh"

namespace {

// The driver's messages reach the service's log from the first one: the
// functions of an executable's .preinit_array run before any library's
// constructor (mongo-c-driver initialises itself in one).
void route_driver_log_early(int, char**, char**) { tenant::mongo_runtime_route_log(); }
__attribute__((section(".preinit_array"), used)) void (*const kRouteDriverLogEarly)(int, char**, char**) =
    route_driver_log_early;

const char kUsage[] =
    "usage: tenant-redirectd [--config FILE] [--log stderr|syslog] [--log-level LEVEL] [--check-config]\n"
    "\n"
    "The SIP redirect service: answers each INVITE with the tenant's decision\n"
    "as a 302 (Contacts in order, X-Tenant-* headers) or a status that says why\n"
    "not. Runs in the foreground until SIGTERM.\n"
    "\n"
    "options:\n"
    "  --config FILE        tenant.conf.xml (the file mod_tenant reads; its\n"
    "                       sip-listen, agent-uri, ... are this service's own);\n"
    "                       without it, every parameter has its default\n"
    "  --log SINK           stderr (default) or syslog\n"
    "  --log-level LEVEL    debug, info (default), warning or error\n"
    "  --check-config       print the settings the file gives and their problems\n"
    "                       as JSON, then exit: 0 when there is no error\n"
    "  --help               show this text\n"
    "\n"
    "signals: SIGHUP reloads the configuration, SIGUSR1 logs the status,\n"
    "SIGTERM and SIGINT stop.\n"
    "exit status: 0 stopped by a signal or config checked, 1 cannot start or\n"
    "the configuration has errors (--check-config), 2 usage error.\n";

struct Options {
  std::optional<std::string> config;
  tenant::DaemonLog::Sink sink = tenant::DaemonLog::Sink::stderr_lines;
  tenant::LogLevel level = tenant::LogLevel::info;
  bool check_config = false;
};

int usage_error(const std::string& why) {
  std::fprintf(stderr, "error: %s\n%s", why.c_str(), kUsage);
  return 2;
}

std::optional<tenant::LogLevel> level_named(const std::string& name) {
  for (const auto level :
       {tenant::LogLevel::debug, tenant::LogLevel::info, tenant::LogLevel::warning, tenant::LogLevel::error})
    if (name == tenant::log_level_name(level)) return level;
  return std::nullopt;
}

// Reads the configuration the options name, over the service's defaults.
tenant::HostSettings load_settings(const Options& options, tenant::Problems& problems, std::string& failure) {
  tenant::SettingPairs pairs;
  if (options.config) {
    auto read = tenant::read_tenant_conf(*options.config, problems);
    if (!read) failure = read.error();
    else pairs = std::move(read.value());
  }
  tenant::HostSettings settings = tenant::parse_host_settings(pairs, problems, tenant::Host::sip_service);
  // A SIP request has no channel variables and no dialplan number.
  using Kind = tenant::NumberSource::Kind;
  if (settings.number_source.kind != Kind::to_user && settings.number_source.kind != Kind::request_uri_user) {
    problems.push_back({"number-source", "the SIP service reads to-user or request-uri only (request-uri is kept)",
                        tenant::Problem::Severity::error});
    settings.number_source = {Kind::request_uri_user, ""};
  }
  return settings;
}

int check_config(const Options& options) {
  tenant::Problems problems;
  std::string failure;
  const tenant::HostSettings settings = load_settings(options, problems, failure);
  const tenant::JsonDoc root(cJSON_CreateObject());
  const bool ok = failure.empty() && !tenant::has_errors(problems);
  cJSON_AddBoolToObject(root.get(), "ok", ok);
  if (!failure.empty()) cJSON_AddStringToObject(root.get(), "error", failure.c_str());
  cJSON* values = cJSON_AddObjectToObject(root.get(), "settings");
  for (const auto& [name, value] : tenant::describe_host_settings(settings, tenant::Host::sip_service))
    cJSON_AddStringToObject(values, name.c_str(), value.c_str());
  cJSON* list = cJSON_AddArrayToObject(root.get(), "config_problems");
  for (const auto& p : problems) cJSON_AddItemToArray(list, cJSON_CreateString(p.to_string().c_str()));
  std::printf("%s\n", tenant::json_text(root.get()).c_str());
  return ok ? 0 : 1;
}

// sofia-sip's own log lines, at debug level.
void sofia_logger(void* stream, char const* fmt, va_list ap) {
  char line[1024];
  std::vsnprintf(line, sizeof line, fmt, ap);
  static_cast<tenant::DaemonLog*>(stream)->write(tenant::LogLevel::debug, std::string("sofia-sip: ") + line);
}

// The loop's wake-up for signals: a handler only writes one byte.
const tenant::LoopWakeup* g_signals = nullptr;
void on_signal(int signo) {
  if (g_signals == nullptr) return;
  g_signals->wake(signo == SIGHUP ? 'h' : signo == SIGUSR1 ? 'u' : 't');
}

void log_problems(tenant::DaemonLog& log, const tenant::Problems& problems) {
  for (const auto& p : problems)
    log.write(p.severity == tenant::Problem::Severity::error ? tenant::LogLevel::error : tenant::LogLevel::warning,
              "tenant.conf: " + p.to_string());
}

int run(const Options& options) {
  tenant::DaemonLog log(options.sink, options.level);
  tenant::mongo_runtime_set_log(log.function());
  tenant::Problems problems;
  std::string failure;
  const tenant::HostSettings settings = load_settings(options, problems, failure);
  if (!failure.empty()) {
    log.write(tenant::LogLevel::error, failure);
    return 1;
  }
  log_problems(log, problems);

  if (su_init() != 0) {
    log.write(tenant::LogLevel::error, "cannot initialise sofia-sip");
    return 1;
  }
  su_log_redirect(su_log_default, sofia_logger, &log);
  su_root_t* root = su_root_create(nullptr);
  if (root == nullptr) {
    su_deinit();
    log.write(tenant::LogLevel::error, "cannot create the SIP event loop");
    return 1;
  }
  int status = 0;
  {
    auto runtime = tenant::build_host_runtime(settings, problems, log.function(), nullptr);
    tenant::RedirectServer server(root, log);
    tenant::LoopWakeup signals(root, [&](const std::string& bytes) {
      for (const char b : bytes) {
        if (b == 't') {
          su_root_break(root);
        } else if (b == 'u') {
          log.write(tenant::LogLevel::info, "status " + server.status_json());
        } else if (b == 'h') {
          tenant::Problems reload_problems;
          std::string reload_failure;
          const tenant::HostSettings next = load_settings(options, reload_problems, reload_failure);
          if (!reload_failure.empty()) {
            log.write(tenant::LogLevel::error, "reload refused, the running settings are kept: " + reload_failure);
            continue;
          }
          log_problems(log, reload_problems);
          const bool kept = tenant::reload_keeps_store(runtime->settings, next);
          runtime = tenant::build_host_runtime(next, std::move(reload_problems), log.function(), runtime);
          server.reload(runtime);
          log.write(tenant::LogLevel::info,
                    kept ? "reloaded: store and cache kept" : "reloaded: store reopened, cache emptied");
        }
      }
    });
    g_signals = &signals;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int signo : {SIGHUP, SIGTERM, SIGINT, SIGUSR1}) sigaction(signo, &action, nullptr);
    signal(SIGPIPE, SIG_IGN);

    if (const auto started = server.start(runtime); !started) {
      log.write(tenant::LogLevel::error, started.error());
      status = 1;
    } else if (!signals.ok()) {
      log.write(tenant::LogLevel::error, "cannot set up signal handling");
      status = 1;
    } else {
      su_root_run(root);
      log.write(tenant::LogLevel::info, "stopping");
    }
    for (const int signo : {SIGHUP, SIGTERM, SIGINT, SIGUSR1}) signal(signo, SIG_DFL);
    g_signals = nullptr;
    server.stop();
  }
  su_root_destroy(root);
  su_log_redirect(su_log_default, nullptr, nullptr);
  su_deinit();
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&](const char* name) -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      (void)name;
      return std::string(argv[++i]);
    };
    if (arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--check-config") {
      options.check_config = true;
    } else if (arg == "--config") {
      const auto v = value("--config");
      if (!v) return usage_error("--config needs a FILE");
      options.config = *v;
    } else if (arg == "--log") {
      const auto v = value("--log");
      if (!v || (*v != "stderr" && *v != "syslog")) return usage_error("--log takes stderr or syslog");
      options.sink = *v == "syslog" ? tenant::DaemonLog::Sink::syslog : tenant::DaemonLog::Sink::stderr_lines;
    } else if (arg == "--log-level") {
      const auto v = value("--log-level");
      const auto level = v ? level_named(*v) : std::nullopt;
      if (!level) return usage_error("--log-level takes debug, info, warning or error");
      options.level = *level;
    } else {
      return usage_error("unknown argument " + tenant::quote_value(arg));
    }
  }
  if (options.check_config) return check_config(options);
  return run(options);
}
