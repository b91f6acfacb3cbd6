#include "core/routing/redirect_answer.hh"

#include <algorithm>
#include <cstdio>

#include "core/tenant/validation.hh"
#include "core/util/ascii.hh"
#include "core/util/problem.hh"

namespace tenant {

namespace {

// The user part's unreserved and user-unreserved characters that may stand
// for themselves (RFC 3261 section 25.1), '+' among them for E.164.
bool user_safe(char c) {
  return is_ascii_alnum(c) || std::string_view("-_.!~*'()+").find(c) != std::string_view::npos;
}

std::string percent_encoded(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (user_safe(c)) {
      out += c;
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
      out += buf;
    }
  }
  return out;
}

// "1.0", "0.9", ...: strictly decreasing for every list a tenant can have
// (at most kMaxDestinations), never below 0.1.
std::string q_value(std::size_t index, std::size_t count) {
  const int step = count <= 10 ? 100 : std::max(1, static_cast<int>(900 / (count - 1)));
  const int thousandths = std::max(100, 1000 - static_cast<int>(index) * step);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%d.%03d", thousandths / 1000, thousandths % 1000);
  std::string q = buf;
  while (q.size() > 3 && q.back() == '0') q.pop_back();  // "0.900" -> "0.9"
  return q;
}

void add_header(RedirectAnswer& answer, const char* name, std::string_view value) {
  if (!value.empty()) answer.headers.emplace_back(name, header_safe(value));
}

const std::string* variable(const NamedValues& values, const char* name) {
  for (const auto& [key, value] : values)
    if (key == name) return &value;
  return nullptr;
}

}  // namespace

const std::vector<RedirectRefusal>& redirect_refusals() {
  static const std::vector<RedirectRefusal> rows = {
      {"closed", 480, "no destination open now: `Retry-After` (seconds) and `X-Tenant-Next-Open` give the next opening"},
      {"unknown_destination", 404, "the tenant has no such destination"},
      {"unknown_tenant", 404, "no such tenant"},
      {"destination_disabled", 403, "the destination is disabled"},
      {"refer_disabled", 403, "the tenant's transfers are disabled"},
      {"tenant_disabled", 403, "the tenant is disabled"},
      {"invalid_destination", 500, "the destination's configuration is broken (`tenantctl validate` says why)"},
      {"invalid_config", 500, "the tenant's configuration is broken"},
      {"transfer_failed", 500, "every candidate was tried"},
      {"tenant_unavailable", 503, "the store did not answer and nothing was cached: `Retry-After`"},
  };
  return rows;
}

std::string redirect_refusals_markdown() {
  std::string out = "| refusal (`X-Tenant-Reason`) | status | when |\n|---|---|---|\n";
  for (const auto& row : redirect_refusals())
    out += std::string("| `") + row.code + "` | " + std::to_string(row.status) + " | " + row.meaning + " |\n";
  return out;
}

std::optional<std::string> agent_uri_template_problem(std::string_view uri_template) {
  if (!ascii_istarts_with(uri_template, "sip:") && !ascii_istarts_with(uri_template, "sips:"))
    return "must be a sip: or sips: URI, got " + quote_value(uri_template);
  // Every ${...} is one of the two this knows.
  for (std::size_t at = uri_template.find("${"); at != std::string_view::npos; at = uri_template.find("${", at + 2)) {
    const std::size_t end = uri_template.find('}', at);
    const std::string_view name = uri_template.substr(at + 2, end == std::string_view::npos ? 0 : end - at - 2);
    if (end == std::string_view::npos || (name != "number" && name != "tenant_id"))
      return "knows only ${number} and ${tenant_id}, got " + quote_value(uri_template.substr(at, 20));
  }
  // The URI it makes must be a safe target, as a destination's is.
  if (const auto problem = target_uri_problem(agent_uri(uri_template, "+33100000000", "tenant-1")))
    return "is not a usable URI once filled in: " + *problem;
  return std::nullopt;
}

std::string agent_uri(std::string_view uri_template, std::string_view number, std::string_view tenant_id) {
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = uri_template.find("${"); at != std::string_view::npos; at = uri_template.find("${", from)) {
    out.append(uri_template.substr(from, at - from));
    if (uri_template.substr(at, 9) == "${number}") {
      out += percent_encoded(number);
      from = at + 9;
    } else if (uri_template.substr(at, 12) == "${tenant_id}") {
      out += percent_encoded(tenant_id);
      from = at + 12;
    } else {
      out += "${";
      from = at + 2;
    }
  }
  out.append(uri_template.substr(from));
  return out;
}

RedirectAnswer redirect_for_inbound(const InboundDecision& d, const HostSettings& settings) {
  RedirectAnswer answer;
  // The tenant for the proxy to pass on to the agent: every header the
  // decision has a value for.
  for (auto& [header, value] : tenant_headers(d.variables, kEveryTenantHeader))
    if (!value.empty()) answer.headers.emplace_back(std::move(header), std::move(value));
  const bool store_failed = d.resolution.context && d.resolution.context->status == TenantStatus::error;
  if (d.action.reject) {
    answer.status = d.action.sip_status;
    if (answer.status == 503) answer.retry_after = settings.redirect.retry_after.count();
    return answer;
  }
  if (store_failed) {
    // "continue" without a tenant would send the call on blind; a redirect
    // server that cannot answer says so, and the proxy tries the next.
    answer.status = 503;
    answer.retry_after = settings.redirect.retry_after.count();
    return answer;
  }
  const std::string* tenant_id = variable(d.variables, "tenant_id");
  answer.status = 302;
  answer.contacts.push_back("<" + agent_uri(settings.redirect.agent_uri, d.number.value_or(""),
                                            tenant_id ? *tenant_id : std::string()) +
                            ">");
  return answer;
}

namespace {

// Why the destination asked for was closed (a refusal, or an after-hours
// choice), for the agent on the other side to say.
void add_closed_headers(RedirectAnswer& answer, const ReferDecision& decision) {
  if (decision.closed_by.empty()) return;
  add_header(answer, "X-Tenant-Closed-By", decision.closed_by);
  if (!decision.closed_label.empty()) add_header(answer, "X-Tenant-Closed-Label", decision.closed_label);
}

}  // namespace

RedirectAnswer redirect_for_transfer(TransferSession& session, UnixSeconds now) {
  RedirectAnswer answer;
  const std::vector<ReferDecision> targets = session.redirect_targets(now);
  const ReferDecision& first = targets.front();
  add_header(answer, "X-Tenant-Id", session.tenant_id());
  if (!first.ok) {
    const auto& rows = redirect_refusals();
    const auto row =
        std::find_if(rows.begin(), rows.end(), [&](const RedirectRefusal& r) { return first.error == r.code; });
    answer.status = row != rows.end() ? row->status : 500;
    add_header(answer, "X-Tenant-Reason", first.error);
    add_header(answer, "X-Tenant-Message", first.message);
    add_header(answer, "X-Tenant-Chain", refer_chain_text(first));
    add_closed_headers(answer, first);
    if (first.next_open) {
      add_header(answer, "X-Tenant-Next-Open", format_rfc3339_utc(*first.next_open));
      answer.retry_after = std::max<std::int64_t>(1, *first.next_open - now);
    }
    if (answer.status == 503 && !answer.retry_after) answer.retry_after = session.retry_after().count();
    return answer;
  }
  answer.status = 302;
  for (std::size_t i = 0; i < targets.size(); ++i)
    answer.contacts.push_back("<" + targets[i].refer_to + ">;q=" + q_value(i, targets.size()));
  add_header(answer, "X-Tenant-Destination", first.destination->destination_id);
  add_header(answer, "X-Tenant-Label", first.destination->label);
  add_header(answer, "X-Tenant-Reason", first.reason);
  add_header(answer, "X-Tenant-Chain", refer_chain_text(first));
  add_closed_headers(answer, first);
  return answer;
}

RedirectAnswer redirect_busy(const HostSettings& settings, std::string_view why) {
  RedirectAnswer answer;
  answer.status = 503;
  answer.retry_after = settings.redirect.retry_after.count();
  add_header(answer, "X-Tenant-Reason", why);
  return answer;
}

}  // namespace tenant
