// Business-hours benchmark: the engine against two baselines measured in the
// same run, on the same schedules and instants.
//
//   libical_naive  libical iterated from DTSTART 2024-01-01 for every decision
//   dateutil       python-dateutil's rrule, the same way (bench/dateutil_hours.py)
//
// Two instant sets over 2026: "live" (instants a few seconds apart moving
// forward, as calls arrive) and "random" (spread over the year, as dry runs
// ask). All three must agree on every sampled decision. One JSON object per
// line on stdout; exit 1 when they disagree or a target is missed.
#include <libical/ical.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/hours/schedule.hh"
#include "core/hours/timezone.hh"
#include "core/util/problem.hh"

#include "core/routing/destination_rules.hh"
#include "core/tenant/tenant_config.hh"

using tenant::BusinessHoursSpec;
using tenant::Schedule;
using tenant::UnixSeconds;

namespace {

constexpr UnixSeconds kYearStart = 1767225600;  // 2026-01-01T00:00:00Z
constexpr UnixSeconds kYearEnd = 1798761600;    // 2027-01-01T00:00:00Z
constexpr int kSchedules = 1000;
constexpr int kSampledPerSet = 400;  // decisions each baseline answers per set

struct Decision {
  bool open;
  std::optional<UnixSeconds> next_change;
  bool operator==(const Decision& o) const { return open == o.open && next_change == o.next_change; }
};

struct Case {
  int schedule;
  UnixSeconds at;
};

double now_ns() {
  return static_cast<double>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
          .count());
}

// A varied population of business hours across zones and rule shapes.
std::vector<BusinessHoursSpec> make_specs(std::mt19937_64& rng) {
  const char* zones[] = {"Europe/Paris",     "America/New_York", "Asia/Tokyo",   "Europe/London",
                         "Australia/Sydney", "America/Los_Angeles", "Asia/Kolkata", "UTC"};
  const char* shapes[] = {
      "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=%d;BYMINUTE=%d",
      "FREQ=WEEKLY;BYDAY=SA;BYHOUR=%d;BYMINUTE=%d",
      "FREQ=DAILY;BYHOUR=%d;BYMINUTE=%d",
      "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;BYHOUR=%d;BYMINUTE=%d",
      "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=%d;BYMINUTE=%d",
      "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=%d,17;BYMINUTE=%d",
      "FREQ=MONTHLY;BYMONTHDAY=1,15;BYHOUR=%d;BYMINUTE=%d",
  };
  std::uniform_int_distribution<int> hour(0, 16), quarter(0, 3), duration(30, 720);
  std::vector<BusinessHoursSpec> specs;
  for (int i = 0; i < kSchedules; ++i) {
    char rule[160];
    std::snprintf(rule, sizeof rule, shapes[i % 7], hour(rng), 15 * quarter(rng));
    BusinessHoursSpec spec;
    spec.rrule = rule;
    spec.tz = zones[(i / 7) % 8];
    spec.duration_minutes = duration(rng);
    specs.push_back(spec);
  }
  return specs;
}

// The naive baseline: every decision iterates the rule from DTSTART.
Decision naive_decision(const icalrecurrencetype& rule, const tenant::TimeZone& zone, UnixSeconds duration,
                        UnixSeconds t) {
  constexpr UnixSeconds kReorderMargin = 2 * 3600;
  icalrecur_iterator* it = icalrecur_iterator_new(rule, icaltime_from_string("20240101T000000"));
  std::vector<std::pair<UnixSeconds, UnixSeconds>> windows;
  auto answer = [&]() {
    std::sort(windows.begin(), windows.end());
    std::vector<std::pair<UnixSeconds, UnixSeconds>> merged;
    for (const auto& w : windows) {
      if (!merged.empty() && w.first <= merged.back().second)
        merged.back().second = std::max(merged.back().second, w.second);
      else
        merged.push_back(w);
    }
    for (const auto& m : merged)
      if (m.first <= t && t < m.second) return Decision{true, m.second};
    for (const auto& m : merged)
      if (m.first > t) return Decision{false, m.first};
    return Decision{false, std::nullopt};
  };
  std::optional<UnixSeconds> candidate;
  for (icaltimetype o = icalrecur_iterator_next(it); !icaltime_is_null_time(o); o = icalrecur_iterator_next(it)) {
    const UnixSeconds local = tenant::days_from_civil(o.year, static_cast<unsigned>(o.month),
                                                      static_cast<unsigned>(o.day)) * 86400 +
                              o.hour * 3600 + o.minute * 60 + o.second;
    const UnixSeconds start = zone.from_local(local);
    if (start > t + tenant::kNextChangeHorizon + kReorderMargin) break;
    if (candidate && start > *candidate + kReorderMargin) break;
    if (start + duration > t) {
      windows.emplace_back(start, start + duration);
      candidate = answer().next_change;
    }
  }
  icalrecur_iterator_free(it);
  Decision d = answer();
  if (d.next_change && *d.next_change > t + tenant::kNextChangeHorizon) d.next_change.reset();
  return d;
}

std::string json_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

struct Baselines {
  double naive_ns = 0;
  double dateutil_ns = 0;
  int naive_mismatches = 0;
  int dateutil_mismatches = 0;
};

std::string run_command(const std::string& command, const std::string& input_path) {
  std::string full = command + " < " + input_path;
  FILE* pipe = popen(full.c_str(), "r");
  if (!pipe) return "";
  std::string out;
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  if (pclose(pipe) != 0) return "";
  return out;
}

// Pulls "ns_per_op" and the [[open, change], ...] results of one set out of
// the Python script's JSON, which has a fixed, simple shape.
bool parse_python_set(const std::string& json, const std::string& name, double& ns, std::vector<Decision>& out) {
  const auto key = json.find("\"" + name + "\"");
  if (key == std::string::npos) return false;
  const auto ns_at = json.find("\"ns_per_op\":", key);
  const auto res_at = json.find("\"results\":", key);
  if (ns_at == std::string::npos || res_at == std::string::npos) return false;
  ns = std::stod(json.substr(ns_at + 12));
  std::size_t p = json.find('[', res_at) + 1;
  while (true) {
    const auto open_bracket = json.find('[', p);
    const auto end_list = json.find(']', p);
    if (open_bracket == std::string::npos || end_list < open_bracket) break;
    const auto close = json.find(']', open_bracket);
    const std::string item = json.substr(open_bracket + 1, close - open_bracket - 1);
    Decision d;
    d.open = item.compare(0, 4, "true") == 0;
    const std::string change = item.substr(item.find(',') + 1);
    if (change.find("null") == std::string::npos) d.next_change = std::stoll(change);
    out.push_back(d);
    p = close + 1;
  }
  return true;
}

void print_line(const char* bench, double ns, const char* baseline, double baseline_ns, double target) {
  const double speedup = baseline_ns / ns;
  std::printf(
      "{\"bench\":\"%s\",\"ns_per_op\":%.1f,\"baseline\":\"%s\",\"baseline_ns_per_op\":%.1f,\"speedup\":%.1f,"
      "\"target\":%.0f,\"met\":%s}\n",
      bench, ns, baseline, baseline_ns, speedup, target, speedup >= target ? "true" : "false");
}

}  // namespace

int main(int argc, char** argv) {
  std::string python = "python3", script = BENCH_SRCDIR "/bench/dateutil_hours.py";
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--python")) python = argv[i + 1];
    if (!std::strcmp(argv[i], "--script")) script = argv[i + 1];
  }

  std::mt19937_64 rng(20261124);
  const auto specs = make_specs(rng);
  std::vector<std::shared_ptr<const Schedule>> schedules;
  std::vector<icalrecurrencetype> rules;
  std::vector<std::shared_ptr<const tenant::TimeZone>> zones;
  for (const auto& spec : specs) {
    auto s = Schedule::compile(spec);
    if (!s) {
      std::fprintf(stderr, "error: %s: %s\n", spec.rrule.c_str(), s.error().c_str());
      return 1;
    }
    schedules.push_back(*s);
    rules.push_back(icalrecurrencetype_from_string(spec.rrule.c_str()));
    zones.push_back(*tenant::TimeZone::find(spec.tz));
  }

  // live: one call every 5 seconds through the whole year, round-robin over
  // the schedules; random: uniform over the year.
  std::vector<Case> live, random;
  for (UnixSeconds t = kYearStart, i = 0; t < kYearEnd; t += 5, ++i)
    live.push_back({static_cast<int>(i % kSchedules), t});
  std::uniform_int_distribution<UnixSeconds> any_time(kYearStart, kYearEnd - 1);
  std::uniform_int_distribution<int> any_schedule(0, kSchedules - 1);
  for (int i = 0; i < 1000000; ++i) random.push_back({any_schedule(rng), any_time(rng)});

  struct Set {
    const char* name;
    const std::vector<Case>* cases;
    double target_naive, target_dateutil;
  } sets[] = {{"hours.live", &live, 1000, 200}, {"hours.random", &random, 100, 20}};

  // The engine, on every case of each set (first expansions included).
  std::vector<std::vector<Decision>> engine_sampled(2);
  std::vector<std::vector<Case>> sampled(2);
  double engine_ns[2];
  for (int s = 0; s < 2; ++s) {
    const auto& cases = *sets[s].cases;
    long long checksum = 0;
    const double begin = now_ns();
    for (const auto& c : cases) {
      const bool open = schedules[c.schedule]->is_open(c.at);
      const auto change = schedules[c.schedule]->next_change(c.at);
      checksum += open + (change ? *change % 7 : 0);
    }
    engine_ns[s] = (now_ns() - begin) / static_cast<double>(cases.size());
    if (checksum == 42) std::fprintf(stderr, " ");  // keeps the loop from being optimised away
    const std::size_t stride = cases.size() / kSampledPerSet;
    for (int k = 0; k < kSampledPerSet; ++k) {
      const Case c = cases[k * stride + (k % 5)];
      sampled[s].push_back(c);
      engine_sampled[s].push_back({schedules[c.schedule]->is_open(c.at), schedules[c.schedule]->next_change(c.at)});
    }
  }

  // Baseline 1: libical from DTSTART, on the sampled decisions.
  Baselines base[2];
  for (int s = 0; s < 2; ++s) {
    std::vector<Decision> got;
    const double begin = now_ns();
    for (const auto& c : sampled[s])
      got.push_back(naive_decision(rules[c.schedule], *zones[c.schedule], specs[c.schedule].duration_minutes * 60LL,
                                   c.at));
    base[s].naive_ns = (now_ns() - begin) / static_cast<double>(sampled[s].size());
    for (std::size_t k = 0; k < got.size(); ++k)
      if (!(got[k] == engine_sampled[s][k])) ++base[s].naive_mismatches;
  }

  // Baseline 2: python-dateutil, on the same sampled decisions.
  const std::string input_path = "bench_hours_cases.json";
  {
    std::ofstream in(input_path);
    in << "{\"schedules\":[";
    for (std::size_t i = 0; i < specs.size(); ++i)
      in << (i ? "," : "") << "{\"rrule\":\"" << json_escape(specs[i].rrule) << "\",\"tz\":\"" << specs[i].tz
         << "\",\"duration_minutes\":" << specs[i].duration_minutes << "}";
    in << "],\"sets\":{";
    for (int s = 0; s < 2; ++s) {
      in << (s ? "," : "") << "\"" << sets[s].name << "\":[";
      for (std::size_t k = 0; k < sampled[s].size(); ++k)
        in << (k ? "," : "") << "[" << sampled[s][k].schedule << "," << sampled[s][k].at << "]";
      in << "]";
    }
    in << "}}";
  }
  const std::string python_out = run_command(python + " " + script, input_path);
  std::remove(input_path.c_str());
  bool ok = !python_out.empty();
  if (!ok) std::fprintf(stderr, "error: the dateutil baseline did not run (%s %s)\n", python.c_str(), script.c_str());
  for (int s = 0; ok && s < 2; ++s) {
    std::vector<Decision> got;
    if (!parse_python_set(python_out, sets[s].name, base[s].dateutil_ns, got) || got.size() != sampled[s].size()) {
      std::fprintf(stderr, "error: unreadable dateutil output for %s\n", sets[s].name);
      ok = false;
      break;
    }
    for (std::size_t k = 0; k < got.size(); ++k)
      if (!(got[k] == engine_sampled[s][k])) {
        if (base[s].dateutil_mismatches++ < 3) {
          const Case& c = sampled[s][k];
          std::fprintf(stderr, "mismatch dateutil %s tz=%s at=%s: engine open=%d, dateutil open=%d\n",
                       specs[c.schedule].rrule.c_str(), specs[c.schedule].tz.c_str(),
                       tenant::format_rfc3339_utc(c.at).c_str(), engine_sampled[s][k].open, got[k].open);
        }
      }
  }

  // Whole transfer decisions, against the cost of five live business-hours
  // decisions: the spec's example tenant (no hours), and tenant-test-001
  // asked for "sales" (office hours in Paris, after hours to voicemail),
  // with the same live instants.
  struct ReferCase {
    const char* bench;
    const char* file;
    std::optional<std::string> destination;
  } refer_cases[] = {{"refer.decision.spec_example", "tenant-prod-001.json", std::nullopt},
                     {"refer.decision.business_hours", "tenant-test-001.json", std::string("sales")}};
  for (const auto& rc : refer_cases) {
    std::ifstream in(std::string(BENCH_SRCDIR "/conf/examples/") + rc.file);
    std::stringstream text;
    text << in.rdbuf();
    auto example = tenant::TenantConfig::from_json_text(text.str());
    if (!example) {
      std::fprintf(stderr, "error: conf/examples/%s: %s\n", rc.file, example.error().c_str());
      ok = false;
      continue;
    }
    long long chosen = 0;
    const double begin = now_ns();
    for (const auto& c : live) chosen += tenant::decide_refer(*example, rc.destination, c.at).ok;
    const double refer_ns = (now_ns() - begin) / static_cast<double>(live.size());
    if (chosen != static_cast<long long>(live.size())) {
      std::fprintf(stderr, "error: %s refused a transfer\n", rc.file);
      ok = false;
    }
    const double ratio = refer_ns / engine_ns[0];
    std::printf("{\"bench\":\"%s\",\"ns_per_op\":%.1f,\"baseline\":\"hours.live\","
                "\"baseline_ns_per_op\":%.1f,\"live_decisions_per_transfer\":%.2f,\"target_max\":5,\"met\":%s}\n",
                rc.bench, refer_ns, engine_ns[0], ratio, ratio <= 5 ? "true" : "false");
    ok = ok && ratio <= 5;
  }

  // Offices as they are kept: the same desk with three further windows (a
  // lunch break, Saturday mornings, late Thursdays) and fifty closures (the
  // French public holidays as yearly rules and dated days), against the
  // desk with its one rule, on the same live instants. Then the same
  // calendar seventy years on: the span cache keeps the cost flat.
  {
    const auto office = [](bool calendar) {
      std::string windows, closures;
      if (calendar) {
        windows = R"(, "windows": [
          {"rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=14;BYMINUTE=0", "duration_minutes": 240},
          {"rrule": "FREQ=WEEKLY;BYDAY=SA;BYHOUR=9;BYMINUTE=0", "duration_minutes": 180},
          {"rrule": "FREQ=WEEKLY;BYDAY=TH;BYHOUR=18;BYMINUTE=0", "duration_minutes": 120}])";
        closures = R"("closures": [)";
        const char* yearly[] = {"1;BYMONTHDAY=1", "5;BYMONTHDAY=1", "5;BYMONTHDAY=8", "7;BYMONTHDAY=14",
                                "8;BYMONTHDAY=15", "11;BYMONTHDAY=1", "11;BYMONTHDAY=11", "12;BYMONTHDAY=25"};
        int n = 0;
        for (const char* y : yearly)
          closures += std::string(n++ ? "," : "") + R"({"rrule": "FREQ=YEARLY;BYMONTH=)" + y +
                      R"(", "duration_minutes": 1440, "label": "férié"})";
        // Dated days through the year: every ninth day, some whole, some afternoons.
        for (int k = 0; n < 50; ++k, ++n) {
          std::int64_t y;
          unsigned m, d;
          tenant::civil_from_days(kYearStart / 86400 + 3 + 9 * k, y, m, d);
          char date[16];
          std::snprintf(date, sizeof date, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
          closures += k % 2 ? R"(,{"date": ")" + std::string(date) + R"(", "label": "fermé"})"
                            : R"(,{"start": ")" + std::string(date) + R"(T12:00:00", "end": ")" + date +
                                  R"(T18:00:00", "label": "après-midi"})";
        }
        closures += "], ";
      }
      // The closures are the desk's own: the voicemail behind it stays open,
      // so every decision transfers (to the desk or after hours).
      return R"({"_id": "t-bench", "tenant_id": "t-bench", "client_id": "bench", "display_name": "Bench",
        "summary_to": [], "timezone": "Europe/Paris", "status": "active", "schema_version": 1,
        "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z",
        "features": {"refer": {"enabled": true, "destinations": [
          {"destination_id": "desk", "label": "Desk", "target_uri": "tel:+33140000000",
           "description_for_model": "desk", "after_hours_destination_id": "voicemail", )" + closures + R"(
           "business_hours": {"rrule": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=0",
                              "duration_minutes": 180)" + windows + R"(}},
          {"destination_id": "voicemail", "label": "Voicemail", "target_uri": "sip:vm@pbx.example.com",
           "description_for_model": "messages"}]}}})";
    };
    const std::optional<std::string> desk("desk");
    const auto time_decisions = [&](const tenant::TenantConfig& t, UnixSeconds shift, long long& chosen) {
      const double begin = now_ns();
      for (const auto& c : live) chosen += tenant::decide_refer(t, desk, c.at + shift).ok;
      return (now_ns() - begin) / static_cast<double>(live.size());
    };
    auto plain = tenant::TenantConfig::from_json_text(office(false));
    auto calendar = tenant::TenantConfig::from_json_text(office(true));
    if (!plain || !calendar || tenant::has_errors(plain->problems) || tenant::has_errors(calendar->problems)) {
      std::fprintf(stderr, "error: the office documents do not validate\n");
      ok = false;
    } else {
      long long chosen = 0;
      const double plain_ns = time_decisions(*plain, 0, chosen);
      const double calendar_ns = time_decisions(*calendar, 0, chosen);
      // 2026 starts on a Thursday, 2096 on a Sunday: 70 years and 4 days
      // later (5 January 2096) the weekdays of the instants line up again.
      const UnixSeconds seventy_years = (tenant::days_from_civil(2096, 1, 5) - kYearStart / 86400) * 86400;
      const double far_ns = time_decisions(*calendar, seventy_years, chosen);
      if (chosen != 3 * static_cast<long long>(live.size())) {
        std::fprintf(stderr, "error: the office refused a transfer\n");
        ok = false;
      }
      const double ratio = calendar_ns / plain_ns, far_ratio = far_ns / calendar_ns;
      std::printf("{\"bench\":\"refer.decision.calendar\",\"windows\":3,\"closures\":50,\"ns_per_op\":%.1f,"
                  "\"baseline\":\"refer.decision.plain\",\"baseline_ns_per_op\":%.1f,\"ratio\":%.2f,"
                  "\"target_max\":2,\"met\":%s}\n",
                  calendar_ns, plain_ns, ratio, ratio <= 2 ? "true" : "false");
      std::printf("{\"bench\":\"refer.decision.calendar.2096\",\"ns_per_op\":%.1f,"
                  "\"baseline\":\"refer.decision.calendar\",\"baseline_ns_per_op\":%.1f,\"ratio\":%.2f,"
                  "\"target_max\":1.5,\"met\":%s}\n",
                  far_ns, calendar_ns, far_ratio, far_ratio <= 1.5 ? "true" : "false");
      ok = ok && ratio <= 2 && far_ratio <= 1.5;
    }
  }

  bool all_met = ok;
  for (int s = 0; s < 2; ++s) {
    print_line(sets[s].name, engine_ns[s], "libical_naive", base[s].naive_ns, sets[s].target_naive);
    if (ok) print_line(sets[s].name, engine_ns[s], "dateutil", base[s].dateutil_ns, sets[s].target_dateutil);
    std::printf("{\"bench\":\"%s.agreement\",\"cases\":%zu,\"libical_naive_mismatches\":%d,\"dateutil_mismatches\":%d}\n",
                sets[s].name, sampled[s].size(), base[s].naive_mismatches, base[s].dateutil_mismatches);
    all_met = all_met && base[s].naive_mismatches == 0 && base[s].dateutil_mismatches == 0 &&
              base[s].naive_ns / engine_ns[s] >= sets[s].target_naive &&
              base[s].dateutil_ns / engine_ns[s] >= sets[s].target_dateutil;
  }
  return all_met ? 0 : 1;
}
