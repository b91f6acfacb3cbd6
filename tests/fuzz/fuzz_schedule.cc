// RRULE text + schedule compile + is_open / next_change at a fuzzed instant.
//
// Input: zone byte, two duration bytes, flag byte, eight instant bytes, then
// the rule text; a line break in it starts the DTSTART. Invariants: a
// compile or a refusal costs bounded CPU; next_change(t) is after t, within
// the horizon, and flips is_open, which holds its value in between;
// next_open(t) is t when open, else an open instant after t.
#include <string>

#include "core/hours/instant.hh"
#include "core/hours/schedule.hh"
#include "fuzz_support.hh"

namespace {

// Zones with every kind of offset history: 30-minute DST, negative DST,
// southern summers, a zone that skipped a day, fixed offsets, and names the
// registry must refuse.
const char* const kZones[] = {
    "Europe/Paris",      "America/New_York", "Australia/Lord_Howe", "Europe/Dublin",     "Africa/Casablanca",
    "America/Sao_Paulo", "Pacific/Apia",     "Asia/Kolkata",        "Pacific/Chatham",   "Antarctica/Troll",
    "UTC",               "Etc/GMT+5",        "America/St_Johns",    "Pacific/Kiritimati", "Europe/Pariss",
    "localtime",         "",                 "right/UTC"};
constexpr std::size_t kZoneCount = sizeof kZones / sizeof kZones[0];

constexpr tenant::UnixSeconds k2024 = 1704067200;  // 2024-01-01T00:00:00Z
constexpr tenant::UnixSeconds kTenYears = 10LL * 366 * 86400;

std::string at(tenant::UnixSeconds t) { return tenant::format_rfc3339_utc(t); }

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // Zone tables are built once per zone and process (about 100 ms each);
  // build them here so that the bounds below measure rules, not zones.
  for (const char* zone : kZones) tenant::Schedule::compile({zone, "FREQ=DAILY;BYHOUR=9", 60, std::nullopt});
  return 0;
}

static void run_input(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  tenant::BusinessHoursSpec spec;
  spec.tz = kZones[in.byte() % kZoneCount];
  spec.duration_minutes = static_cast<int>(((in.byte() << 8) | in.byte()) % 1500);
  const std::uint8_t flags = in.byte();
  const std::uint64_t raw_t = in.u64();
  // Half the inputs look near today, where real calls are.
  const tenant::UnixSeconds t =
      (flags & 1) ? k2024 + static_cast<tenant::UnixSeconds>(raw_t % kTenYears)
                  : tenant::kEvaluableFrom +
                        static_cast<tenant::UnixSeconds>(raw_t % (tenant::kEvaluableUntil - tenant::kEvaluableFrom));
  const std::string_view text = in.rest();
  const std::size_t nl = text.find('\n');
  spec.rrule = std::string(text.substr(0, nl));
  if (nl != std::string_view::npos) spec.dtstart = std::string(text.substr(nl + 1));

  const auto compiled = FUZZ_TIMED("compile", tenant::Schedule::compile(spec));
  if (!compiled) {
    FUZZ_CHECK(!compiled.error().empty(), "a refusal without a reason");
    FUZZ_CHECK(compiled.error().size() < 1024, "a refusal of " + std::to_string(compiled.error().size()) + " bytes");
    return;
  }
  const tenant::Schedule& schedule = **compiled;

  tenant::UnixSeconds now = t;
  bool open = FUZZ_TIMED("is_open", schedule.is_open(now));
  const auto first_open = FUZZ_TIMED("next_open", schedule.next_open(now));
  if (open) {
    FUZZ_CHECK(first_open && *first_open == now, "open at " + at(now) + " but next_open is not now");
  } else if (first_open) {
    FUZZ_CHECK(*first_open > now && schedule.is_open(*first_open),
               "next_open(" + at(now) + ") = " + at(*first_open) + " is not an open instant after it");
  }
  // Follow a few changes: each one flips the state, which holds in between.
  for (int step = 0; step < 4 && now < tenant::kEvaluableUntil; ++step) {
    const auto change = FUZZ_TIMED("next_change", schedule.next_change(now));
    if (!change) break;
    const tenant::UnixSeconds c = *change;
    FUZZ_CHECK(c > now, "next_change(" + at(now) + ") = " + at(c) + " is not after it");
    FUZZ_CHECK(c - now <= tenant::kNextChangeHorizon, "next_change(" + at(now) + ") beyond the horizon");
    FUZZ_CHECK(schedule.is_open(c) != open, "next_change(" + at(now) + ") = " + at(c) + " does not flip is_open");
    FUZZ_CHECK(schedule.is_open(c - 1) == open, "is_open changes before next_change(" + at(now) + ") = " + at(c));
    FUZZ_CHECK(schedule.is_open(now + (c - now) / 2) == open,
               "is_open changes between " + at(now) + " and its next_change " + at(c));
    if (!open && first_open && step == 0)
      FUZZ_CHECK(*first_open == c, "next_open and next_change disagree after " + at(now));
    now = c;
    open = !open;
  }
  return;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FUZZ_WITHIN_TIME_BOUND([&] { run_input(data, size); });
  return 0;
}
