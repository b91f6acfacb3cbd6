// closures from-ics: any bytes as an iCalendar file, converted into a
// closures list with or without --tz.
//
// Input: a zone byte (no --tz, or one of kZones), then the file's text.
// Invariants: a conversion costs bounded CPU per VEVENT; a refusal has a reason, one
// line of UTF-8; a list holds at most 100 entries, each of exactly one form
// with its keys in the documented order and every value well formed (local
// dates and times in 1970..2099, an end after its start, an RRULE the
// project's reader takes, 1..527040 minutes, at most 100 exdates sorted and
// given once, a known tz, the --tz zone when there is one, a label of at
// most 200 bytes of UTF-8 with no control character and no blank around
// it); the warnings are at most 101 lines of UTF-8; and the list, put in a
// tenant document, passes validation without an error.
#include <cjson/cJSON.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/hours/instant.hh"
#include "core/hours/rrule_text.hh"
#include "core/hours/timezone.hh"
#include "core/tenant/tenant_config.hh"
#include "core/util/ascii.hh"
#include "core/util/json_doc.hh"
#include "core/util/problem.hh"
#include "fuzz_support.hh"
#include "tools/ics_closures.hh"

namespace {

// --tz: none, zones with DST on either side of the equator, a fixed one, a
// zone whose offset is +14, and a name the registry refuses.
const char* const kZones[] = {nullptr, "Europe/Paris", "America/New_York", "UTC", "Australia/Lord_Howe",
                              "Pacific/Kiritimati", "Europe/Pariss"};
constexpr std::size_t kZoneCount = sizeof kZones / sizeof kZones[0];
// TZIDs the seeds and the dictionary name.
const char* const kFileZones[] = {"Europe/London", "America/Los_Angeles", "Asia/Tokyo", "Europe/Berlin"};

// Longest warning: a line number, a UID and a SUMMARY cut by quote_value,
// and a message quoting a few cut values.
constexpr std::size_t kLongestWarning = 2048;

// BEGIN:VEVENT lines, in any case: what the conversion's cost is shared by.
std::size_t vevents_in(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t at = text.find(':'); at != std::string_view::npos; at = text.find(':', at + 1))
    if (at >= 5 && tenant::ascii_iequal(text.substr(at - 5, 5), "BEGIN") &&
        tenant::ascii_istarts_with(text.substr(at + 1), "VEVENT"))
      ++n;
  return n;
}

std::string shown(const cJSON* item) { return tenant::quote_value(tenant::json_text(item)); }

bool one_line_of_utf8(const std::string& text) {
  return !text.empty() && text.find('\n') == std::string::npos && !tenant::invalid_utf8_at(text);
}

const cJSON* member(const cJSON* entry, const char* key) { return cJSON_GetObjectItemCaseSensitive(entry, key); }

std::string string_of(const cJSON* entry, const char* key) {
  const cJSON* item = member(entry, key);
  FUZZ_CHECK(cJSON_IsString(item) && item->valuestring, std::string(key) + " is not a string in " + shown(entry));
  return item->valuestring;
}

tenant::UnixSeconds local_time(const cJSON* entry, const char* key) {
  const auto t = tenant::parse_local_datetime(string_of(entry, key));
  FUZZ_CHECK(t.ok(), std::string(key) + " of " + shown(entry) + ": " + (t ? "" : t.error()));
  return *t;
}

void check_date(const std::string& date, const cJSON* entry) {
  const auto d = tenant::parse_local_datetime(date + "T00:00:00");
  FUZZ_CHECK(date.size() == 10 && d.ok(), "date " + tenant::quote_value(date) + " of " + shown(entry));
}

// One entry: its form, then tz, then label, in that order and nothing else.
void check_entry(const cJSON* entry, const std::optional<std::string>& zone) {
  FUZZ_CHECK(cJSON_IsObject(entry), "an entry that is not an object: " + shown(entry));
  std::vector<std::string> keys;
  for (const cJSON* c = entry->child; c; c = c->next) keys.push_back(c->string ? c->string : "");
  std::size_t form = 0;
  if (!keys.empty() && keys[0] == "date") {
    form = 1;
    check_date(string_of(entry, "date"), entry);
  } else if (keys.size() >= 2 && keys[0] == "start" && keys[1] == "end") {
    form = 2;
    FUZZ_CHECK(local_time(entry, "end") > local_time(entry, "start"),
               "a span that does not end after it starts: " + shown(entry));
  } else if (keys.size() >= 3 && keys[0] == "rrule" && keys[1] == "duration_minutes" && keys[2] == "dtstart") {
    form = 3;
    const auto rule = tenant::parse_rrule_text(string_of(entry, "rrule"));
    FUZZ_CHECK(rule.ok(), "an RRULE the reader refuses: " + shown(entry));
    FUZZ_CHECK(rule->canonical == string_of(entry, "rrule"), "an RRULE not in its normal form: " + shown(entry));
    const cJSON* minutes = member(entry, "duration_minutes");
    FUZZ_CHECK(cJSON_IsNumber(minutes) && minutes->valuedouble >= 1 &&
                   minutes->valuedouble <= static_cast<double>(tenantctl::kMaxClosureMinutes) &&
                   minutes->valuedouble == static_cast<double>(static_cast<long>(minutes->valuedouble)),
               "duration_minutes is not a whole number in 1..527040: " + shown(entry));
    local_time(entry, "dtstart");
    if (keys.size() > 3 && keys[3] == "exdates") {
      form = 4;
      const cJSON* list = member(entry, "exdates");
      FUZZ_CHECK(cJSON_IsArray(list) && cJSON_GetArraySize(list) >= 1 &&
                     static_cast<std::size_t>(cJSON_GetArraySize(list)) <= tenantctl::kMaxClosureExdates,
                 "exdates is not a list of 1 to 100: " + shown(entry));
      std::string previous;
      for (const cJSON* d = list->child; d; d = d->next) {
        FUZZ_CHECK(cJSON_IsString(d), "an exdate that is not a string: " + shown(entry));
        check_date(d->valuestring, entry);
        FUZZ_CHECK(previous < d->valuestring, "exdates not sorted or given twice: " + shown(entry));
        previous = d->valuestring;
      }
    }
  }
  FUZZ_CHECK(form > 0, "an entry of no form: " + shown(entry));
  std::size_t next = form == 4 ? 4 : form;
  if (next < keys.size() && keys[next] == "tz") {
    const std::string tz = string_of(entry, "tz");
    FUZZ_CHECK(tenant::TimeZone::find(tz).ok(), "an unknown tz: " + shown(entry));
    FUZZ_CHECK(!zone || tz == *zone, "tz is not the --tz zone: " + shown(entry));
    ++next;
  } else {
    FUZZ_CHECK(!zone, "an entry without the --tz zone: " + shown(entry));
  }
  if (next < keys.size() && keys[next] == "label") {
    const std::string label = string_of(entry, "label");
    FUZZ_CHECK(!label.empty() && label.size() <= tenantctl::kMaxLabelBytes && !tenant::invalid_utf8_at(label),
               "a label that is empty, long or not UTF-8: " + shown(entry));
    for (unsigned char c : label) FUZZ_CHECK(c >= 0x20 && c != 0x7f, "a control character in a label: " + shown(entry));
    FUZZ_CHECK(tenant::trim_blanks(label).size() == label.size(), "blanks around a label: " + shown(entry));
    ++next;
  }
  FUZZ_CHECK(next == keys.size(), "keys out of order or unknown: " + shown(entry));
}

// The list where an administrator puts it: features.refer.closures.
void check_valid_in_a_document(const cJSON* closures) {
  const std::string doc =
      R"({"_id":"t","tenant_id":"t","client_id":"c","display_name":"T","summary_to":["ops@example.com"],)"
      R"("reply_to":null,"timezone":"Europe/Paris","locale":"fr-FR","status":"active","metadata":{},)"
      R"("schema_version":1,"created_at":{"$date":"2026-01-15T10:00:00Z"},)"
      R"("updated_at":{"$date":"2026-01-15T10:00:00Z"},)"
      R"("features":{"refer":{"enabled":true,"closures":)" +
      tenant::json_text(closures) +
      R"(,"destinations":[{"destination_id":"accueil","label":"Accueil","target_uri":"tel:+33240000001",)"
      R"("description_for_model":"Front desk","enabled":true,"priority":1}]}}})";
  const auto config = tenant::TenantConfig::from_json_text(doc);
  FUZZ_CHECK(config.ok(), "the document does not parse: " + (config ? std::string() : config.error()));
  for (const auto& p : config->problems)
    FUZZ_CHECK(p.severity == tenant::Problem::Severity::warning, "the list is refused: " + p.to_string());
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  // A zone is loaded once per process (up to 100 ms): here, so that the
  // bound below measures conversions, not zone loading.
  for (const char* zone : kZones)
    if (zone) tenant::TimeZone::find(zone);
  for (const char* zone : kFileZones) tenant::TimeZone::find(zone);
  return 0;
}

static void run_input(const std::uint8_t* data, std::size_t size) {
  fuzz::Bytes in(data, size);
  const char* zone_name = kZones[in.byte() % kZoneCount];
  const std::optional<std::string> zone = zone_name ? std::optional<std::string>(zone_name) : std::nullopt;
  const std::string_view text = in.rest();

  // A file's conversion grows with the VEVENTs it holds, each read,
  // converted and checked on its own: the bound is on each one's share.
  const std::size_t events = std::max<std::size_t>(1, vevents_in(text));
  const double start = fuzz::thread_cpu_ms();
  const auto result = tenantctl::closures_from_ics(text, zone);
  const double per_event = (fuzz::thread_cpu_ms() - start) / static_cast<double>(events);
  if (per_event > fuzz::slowest().ms)
    fuzz::slowest() = {per_event, "closures_from_ics, per VEVENT of " + std::to_string(events)};
  if (!result) {
    FUZZ_CHECK(one_line_of_utf8(result.error()) && result.error().size() < 1024,
               "a refusal that is empty, long, or not one line of UTF-8: " + tenant::quote_value(result.error()));
    return;
  }
  FUZZ_CHECK(!zone || tenant::TimeZone::find(*zone).ok(), "an unknown --tz accepted");
  FUZZ_CHECK(result->warnings.size() <= tenantctl::kMaxIcsWarnings + 1,
             std::to_string(result->warnings.size()) + " warnings");
  for (const std::string& w : result->warnings)
    FUZZ_CHECK(one_line_of_utf8(w) && w.size() <= kLongestWarning, "a warning: " + tenant::quote_value(w));

  const cJSON* closures = result->closures.get();
  FUZZ_CHECK(cJSON_IsArray(closures), "the closures are not a list");
  FUZZ_CHECK(static_cast<std::size_t>(cJSON_GetArraySize(closures)) <= tenantctl::kMaxClosures,
             std::to_string(cJSON_GetArraySize(closures)) + " closures");
  FUZZ_CHECK(static_cast<std::size_t>(cJSON_GetArraySize(closures)) <= result->events, "more closures than VEVENTs");
  for (const cJSON* entry = closures->child; entry; entry = entry->next) check_entry(entry, zone);
  const std::string json = tenant::json_text(closures);
  FUZZ_CHECK(!tenant::invalid_utf8_at(json), "the list is not UTF-8: " + tenant::quote_value(json));
  if (closures->child) check_valid_in_a_document(closures);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FUZZ_WITHIN_TIME_BOUND([&] { run_input(data, size); });
  return 0;
}
