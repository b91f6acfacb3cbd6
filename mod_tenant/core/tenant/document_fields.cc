#include "core/tenant/document_fields.hh"

#include <cstring>
#include <string>

#include "core/tenant/extended_json.hh"
#include "core/tenant/validation.hh"

namespace tenant {

namespace {

using P = FieldPresence;
using T = FieldType;
using R = FieldRule;

std::string text_of(const cJSON* value) { return value->valuestring; }

// ---------------------------------------------------------------- a rule: business_hours and its windows

// The rows every rule has, the main one (business_hours) and each further
// window, written once for both models.
template <class Rule>
Field<Rule> rrule_row() {
  return {"rrule", P::required, T::string, "an RFC 5545 RRULE string", nullptr, R::rrule_text,
          [](Rule& m, const cJSON* v) { m.rrule = text_of(v); }};
}

template <class Rule>
Field<Rule> duration_row() {
  return {"duration_minutes", P::required, T::integer, "an integer number of minutes 1..1440", "an integer 1..1440",
          R::minutes_of_day, [](Rule& m, const cJSON* v) {
            const auto minutes = json_integer(v);
            if (*minutes >= 1 && *minutes <= 1440) m.duration_minutes = static_cast<int>(*minutes);
          }};
}

template <class Rule>
Field<Rule> dtstart_row() {
  return {"dtstart", P::nullable, T::string,
          "a local date-time YYYY-MM-DDTHH:MM:SS (no offset: it is read in business_hours.tz)", nullptr,
          R::local_datetime, [](Rule& m, const cJSON* v) { m.dtstart = text_of(v); }};
}

const Field<WindowSpec> kWindow[] = {rrule_row<WindowSpec>(), duration_row<WindowSpec>(), dtstart_row<WindowSpec>()};

const Field<BusinessHoursSpec> kBusinessHours[] = {
    {"tz", P::optional, T::string, "an IANA time zone string (default Europe/Paris)", nullptr, R::zone,
     [](BusinessHoursSpec& m, const cJSON* v) { m.tz = text_of(v); }},
    rrule_row<BusinessHoursSpec>(),
    duration_row<BusinessHoursSpec>(),
    dtstart_row<BusinessHoursSpec>(),
    // Not in the spec: further windows in the same zone (a lunch break).
    {"windows", P::optional, T::array, "an array of windows {rrule, duration_minutes[, dtstart]}", nullptr,
     R::windows,
     [](BusinessHoursSpec& m, const cJSON* v) {
       for (const cJSON* entry = v->child; entry != nullptr; entry = entry->next) {
         WindowSpec w;
         read_fields(window_fields(), entry, w);
         m.windows.push_back(std::move(w));
       }
     }},
};

// ---------------------------------------------------------------- closures, openings, overrides

std::optional<std::string> optional_text(const cJSON* v) { return text_of(v); }

const Field<CalendarEntrySpec> kCalendarEntry[] = {
    {"date", P::optional, T::string, "a local date YYYY-MM-DD (the whole day)", nullptr, R::local_date,
     [](CalendarEntrySpec& m, const cJSON* v) { m.date = optional_text(v); }},
    {"start", P::optional, T::string, "a local date-time YYYY-MM-DDTHH:MM:SS", nullptr, R::entry_datetime,
     [](CalendarEntrySpec& m, const cJSON* v) { m.start = optional_text(v); }},
    {"end", P::optional, T::string, "a local date-time YYYY-MM-DDTHH:MM:SS (excluded)", nullptr, R::entry_datetime,
     [](CalendarEntrySpec& m, const cJSON* v) { m.end = optional_text(v); }},
    {"rrule", P::optional, T::string, "an RFC 5545 RRULE string", nullptr, R::rrule_text,
     [](CalendarEntrySpec& m, const cJSON* v) { m.rrule = optional_text(v); }},
    {"duration_minutes", P::optional, T::integer, "an integer number of minutes 1..527040", nullptr,
     R::entry_minutes,
     [](CalendarEntrySpec& m, const cJSON* v) {
       const auto minutes = json_integer(v);
       if (*minutes >= 1 && *minutes <= kMaxEntryMinutes) m.duration_minutes = static_cast<int>(*minutes);
     }},
    {"dtstart", P::optional, T::string, "a local date-time YYYY-MM-DDTHH:MM:SS", nullptr, R::entry_datetime,
     [](CalendarEntrySpec& m, const cJSON* v) { m.dtstart = optional_text(v); }},
    {"exdates", P::optional, T::array, "an array of local dates YYYY-MM-DD", nullptr, R::exdates,
     [](CalendarEntrySpec& m, const cJSON* v) {
       for (const cJSON* entry = v->child; entry != nullptr; entry = entry->next)
         if (has_field_type(entry, T::string)) m.exdates.push_back(text_of(entry));
     }},
    {"tz", P::optional, T::string, "an IANA time zone string (default: the destination's zone)", nullptr, R::zone,
     [](CalendarEntrySpec& m, const cJSON* v) { m.tz = optional_text(v); }},
    {"label", P::nullable, T::string, "a string or null", nullptr, R::spoken_text,
     [](CalendarEntrySpec& m, const cJSON* v) { m.label = optional_text(v); }},
};

const Field<OverrideSpec> kOverride[] = {
    {"state", P::required, T::string, "\"open\" or \"closed\"", nullptr, R::override_word,
     [](OverrideSpec& m, const cJSON* v) { m.open = std::strcmp(v->valuestring, "open") == 0; }},
    {"until", P::nullable, T::date,
     "a date: {\"$date\": \"<ISO 8601>\"} or an RFC 3339 string, or null (until removed)", nullptr, R::none,
     [](OverrideSpec& m, const cJSON* v) { m.until = json_date(v); }},
    {"label", P::nullable, T::string, "a string or null", nullptr, R::spoken_text,
     [](OverrideSpec& m, const cJSON* v) { m.label = optional_text(v); }},
};

// What a closures or openings list and an override hold, the same on a
// destination and on features.refer.
constexpr const char* kEntriesExpected =
    "an array of entries {date} | {start, end} | {rrule, duration_minutes[, dtstart, exdates]}";
constexpr const char* kOverrideExpected = "an object {state, until, label} or null";

void read_entries(std::vector<CalendarEntrySpec>& list, const cJSON* v) {
  for (const cJSON* entry = v->child; entry != nullptr; entry = entry->next) {
    CalendarEntrySpec spec;
    read_fields(calendar_entry_fields(), entry, spec);
    list.push_back(std::move(spec));
  }
}

OverrideSpec read_override(const cJSON* v) {
  OverrideSpec spec;
  read_fields(override_fields(), v, spec);
  return spec;
}

// ---------------------------------------------------------------- a destination

const Field<Destination> kDestination[] = {
    {"destination_id", P::required, T::string, "a string", nullptr, R::destination_id,
     [](Destination& m, const cJSON* v) { m.destination_id = text_of(v); }},
    {"label", P::required, T::string, "a string", nullptr, R::spoken_text,
     [](Destination& m, const cJSON* v) { m.label = text_of(v); }},
    {"target_uri", P::required, T::string, "a tel:, sip: or sips: URI string", nullptr, R::target_uri,
     [](Destination& m, const cJSON* v) {
       m.target_uri = text_of(v);
       // Schemes are case-insensitive; hosts compare the prefix, so keep it
       // in the one spelling they expect.
       if (const std::string scheme = target_uri_scheme(m.target_uri); !scheme.empty())
         m.target_uri.replace(0, scheme.size(), scheme);
     }},
    {"description_for_model", P::required, T::string, "a string", nullptr, R::model_text,
     [](Destination& m, const cJSON* v) { m.description_for_model = text_of(v); }},
    {"enabled", P::optional, T::boolean, "true or false (default true)", nullptr, R::none,
     [](Destination& m, const cJSON* v) { m.enabled = cJSON_IsTrue(v); }},
    {"priority", P::optional, T::integer, "an integer (lower comes first, default 0)", nullptr, R::none,
     [](Destination& m, const cJSON* v) { m.priority = *json_integer(v); }},
    {"business_hours", P::nullable, T::object, "an object (tz, rrule, duration_minutes) or null", nullptr,
     R::business_hours,
     [](Destination& m, const cJSON* v) {
       BusinessHours hours;
       read_fields(business_hours_fields(), v, hours.spec);
       m.business_hours = std::move(hours);
     }},
    {"after_hours_destination_id", P::nullable, T::string, "a destination_id string or null", nullptr,
     R::after_hours, [](Destination& m, const cJSON* v) { m.after_hours_destination_id = text_of(v); }},
    // Not in the spec: closures, one-off openings and an override (docs/business-hours.md).
    {"closures", P::optional, T::array, kEntriesExpected, nullptr, R::calendar_entries,
     [](Destination& m, const cJSON* v) { read_entries(m.closures, v); }},
    {"openings", P::optional, T::array, kEntriesExpected, nullptr, R::calendar_entries,
     [](Destination& m, const cJSON* v) { read_entries(m.openings, v); }},
    {"override", P::nullable, T::object, kOverrideExpected, nullptr, R::override_state,
     [](Destination& m, const cJSON* v) { m.override_state = read_override(v); }},
};

// ---------------------------------------------------------------- features.refer

const Field<ReferFeature> kRefer[] = {
    {"enabled", P::optional, T::boolean, "true or false (default false)", nullptr, R::none,
     [](ReferFeature& m, const cJSON* v) { m.enabled = cJSON_IsTrue(v); }},
    {"require_confirmation", P::optional, T::boolean, "true or false (default true)", nullptr, R::none,
     [](ReferFeature& m, const cJSON* v) { m.require_confirmation = cJSON_IsTrue(v); }},
    {"handoff_phrase", P::nullable, T::string, "a string or null", nullptr, R::none,
     [](ReferFeature& m, const cJSON* v) { m.handoff_phrase = text_of(v); }},
    // Not in the spec: an extension; absent means the host's refer-failover.
    {"failover", P::optional, T::boolean, "true or false (default false)", nullptr, R::none,
     [](ReferFeature& m, const cJSON* v) { m.failover = static_cast<bool>(cJSON_IsTrue(v)); }},
    // Not in the spec: closures and an override for every destination.
    {"closures", P::optional, T::array, kEntriesExpected, nullptr, R::calendar_entries,
     [](ReferFeature& m, const cJSON* v) { read_entries(m.closures, v); }},
    {"override", P::nullable, T::object, kOverrideExpected, nullptr, R::override_state,
     [](ReferFeature& m, const cJSON* v) { m.override_state = read_override(v); }},
    {"destinations", P::optional, T::array, "an array of destination objects", nullptr, R::destinations,
     [](ReferFeature& m, const cJSON* v) {
       for (const cJSON* entry = v->child; entry != nullptr; entry = entry->next) {
         Destination d;
         if (cJSON_IsObject(entry)) {
           read_fields(destination_fields(), entry, d);
           // Present but broken business hours still count as hours (with
           // no schedule), never as "always open"; validation has marked
           // the destination.
           const cJSON* hours = field_value(entry, "business_hours");
           if (!d.business_hours && hours != nullptr && !cJSON_IsNull(hours)) d.business_hours = BusinessHours{};
         } else {
           // Kept as a placeholder so that destinations[i] in a problem's
           // path is destinations[i] in the model.
           d.usable = false;
         }
         m.destinations.push_back(std::move(d));
       }
     }},
};

// ---------------------------------------------------------------- features

const Field<TenantConfig> kFeatures[] = {
    {"refer", P::optional, T::object, "an object", nullptr, R::refer,
     [](TenantConfig& m, const cJSON* v) { read_fields(refer_fields(), v, m.refer); }},
};

// ---------------------------------------------------------------- the document

const Field<TenantConfig> kTenant[] = {
    {"_id", P::required, T::string, "a string", nullptr, R::none,
     [](TenantConfig& m, const cJSON* v) { m.id = text_of(v); }},
    {"tenant_id", P::required, T::string, "a string", nullptr, R::tenant_id,
     [](TenantConfig& m, const cJSON* v) { m.tenant_id = text_of(v); }},
    {"client_id", P::required, T::string, "a string", nullptr, R::identifier,
     [](TenantConfig& m, const cJSON* v) { m.client_id = text_of(v); }},
    {"display_name", P::required, T::string, "a string", nullptr, R::none,
     [](TenantConfig& m, const cJSON* v) { m.display_name = text_of(v); }},
    {"summary_to", P::required, T::array, "an array of strings (email addresses)", "an array of email addresses",
     R::summary_to,
     [](TenantConfig& m, const cJSON* v) {
       for (const cJSON* entry = v->child; entry != nullptr; entry = entry->next)
         if (has_field_type(entry, T::string)) m.summary_to.push_back(text_of(entry));
     }},
    {"reply_to", P::nullable, T::string, "a string or null", nullptr, R::none,
     [](TenantConfig& m, const cJSON* v) { m.reply_to = text_of(v); }},
    {"timezone", P::required, T::string, "a string", nullptr, R::zone,
     [](TenantConfig& m, const cJSON* v) { m.timezone = text_of(v); }},
    {"locale", P::nullable, T::string, "a string or null", nullptr, R::none,
     [](TenantConfig& m, const cJSON* v) { m.locale = text_of(v); }},
    {"status", P::required, T::string, "\"active\" or \"disabled\"", nullptr, R::status,
     [](TenantConfig& m, const cJSON* v) { m.status = text_of(v); }},
    {"features", P::optional, T::object, "an object", nullptr, R::features,
     [](TenantConfig& m, const cJSON* v) { read_fields(features_fields(), v, m); }},
    {"metadata", P::optional, T::object, "an object", nullptr, R::none, [](TenantConfig&, const cJSON*) {}},
    {"schema_version", P::required, T::integer, "an integer (BSON int)", "an integer, e.g. 1", R::int32,
     [](TenantConfig& m, const cJSON* v) { m.schema_version = *json_integer(v); }},
    {"created_at", P::required, T::date,
     "a date: {\"$date\": \"<ISO 8601>\"}, {\"$date\": {\"$numberLong\": \"<ms>\"}} or an RFC 3339 string, years "
     "0001..9999",
     "a date, e.g. {\"$date\": \"2026-01-15T10:00:00Z\"}", R::none,
     [](TenantConfig& m, const cJSON* v) { m.created_at = json_date(v); }},
    {"updated_at", P::required, T::date,
     "a date: {\"$date\": \"<ISO 8601>\"}, {\"$date\": {\"$numberLong\": \"<ms>\"}} or an RFC 3339 string, years "
     "0001..9999",
     "a date, e.g. {\"$date\": \"2026-01-15T10:00:00Z\"}", R::none,
     [](TenantConfig& m, const cJSON* v) { m.updated_at = json_date(v); }},
    // Not in the spec's schema, but in its examples.
    {"tools_config_version", P::optional, T::integer, "an integer", nullptr, R::none,
     [](TenantConfig& m, const cJSON* v) { m.tools_config_version = *json_integer(v); }},
};

template <class Model, std::size_t N>
FieldTable<Model> table(const Field<Model> (&rows)[N]) {
  return {rows, N};
}

}  // namespace

template <class Model>
const Field<Model>* FieldTable<Model>::find(const char* key) const {
  for (const Field<Model>& row : *this)
    if (std::strcmp(row.key, key) == 0) return &row;
  return nullptr;
}
template struct FieldTable<TenantConfig>;
template struct FieldTable<ReferFeature>;
template struct FieldTable<Destination>;
template struct FieldTable<BusinessHoursSpec>;
template struct FieldTable<WindowSpec>;
template struct FieldTable<CalendarEntrySpec>;
template struct FieldTable<OverrideSpec>;

FieldTable<TenantConfig> tenant_fields() { return table(kTenant); }
FieldTable<TenantConfig> features_fields() { return table(kFeatures); }
FieldTable<ReferFeature> refer_fields() { return table(kRefer); }
FieldTable<Destination> destination_fields() { return table(kDestination); }
FieldTable<BusinessHoursSpec> business_hours_fields() { return table(kBusinessHours); }
FieldTable<WindowSpec> window_fields() { return table(kWindow); }
FieldTable<CalendarEntrySpec> calendar_entry_fields() { return table(kCalendarEntry); }
FieldTable<OverrideSpec> override_fields() { return table(kOverride); }

bool has_field_type(const cJSON* value, FieldType type) {
  switch (type) {
    case FieldType::string:
      return cJSON_IsString(value) && value->valuestring != nullptr;
    case FieldType::boolean:
      return cJSON_IsBool(value);
    case FieldType::integer:
      return json_integer(value).has_value();
    case FieldType::date:
      return json_date(value).has_value();
    case FieldType::array:
      return cJSON_IsArray(value);
    case FieldType::object:
      return cJSON_IsObject(value);
  }
  return false;
}

const cJSON* field_value(const cJSON* object, const char* key) {
  return cJSON_IsObject(object) ? cJSON_GetObjectItemCaseSensitive(object, key) : nullptr;
}

}  // namespace tenant
