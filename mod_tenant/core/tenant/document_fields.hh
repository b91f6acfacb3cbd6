// The shape of a tenant_config document, declared once: one table per
// object (the document, features, features.refer, a destination, its
// business_hours, one of its windows), one row per field in the spec's
// order. The validator
// walks the rows to judge presence, type and the field's rule, and to know
// which keys are unknown; the model reads its values through the same rows.
// Adding a field is one row here, its rule in validation.cc and its member
// in tenant_config.hh.
#pragma once

#include <cjson/cJSON.h>

#include <cstddef>

#include "core/tenant/tenant_config.hh"

namespace tenant {

enum class FieldPresence {
  required,  // absent is an error
  optional,  // absent leaves the default; null is a wrong type
  nullable,  // absent or null leaves the default
};

// The JSON (or Extended JSON) type a field must have. A value of another
// type is reported by the validator and left unread by the model.
enum class FieldType { string, boolean, integer, date, array, object };

// What the validator checks beyond presence and type. Each names one
// function of validation.cc's checker.
enum class FieldRule {
  none,
  tenant_id,            // identifier, and equal to _id
  identifier,           // no blanks, nothing invisible
  summary_to,           // email addresses
  zone,                 // an IANA zone TimeZone::find knows
  status,               // "active" | "disabled"
  features,             // the features table
  refer,                // the features.refer table
  int32,                // fits a BSON int
  destinations,         // the destination list: bounds, unique ids, each destination's table
  destination_id,       // ^[a-z][a-z0-9_]{1,40}$, unique
  spoken_text,          // not empty: said to the caller
  model_text,           // not empty: read by the model
  target_uri,           // a safe tel:, sip: or sips: URI
  business_hours,       // the business_hours table, then the schedule compiles
  after_hours,          // names another destination
  rrule_text,           // not empty (the schedule judges the rest)
  minutes_of_day,       // 1..1440
  local_datetime,       // YYYY-MM-DDTHH:MM:SS
  windows,              // business_hours.windows: bounded, each its table
  calendar_entries,     // closures / openings: bounded, each its table and one form, then it compiles
  override_state,       // an override: its table, then the warnings that need the clock
  override_word,        // "open" | "closed"
  local_date,           // YYYY-MM-DD
  entry_datetime,       // YYYY-MM-DDTHH:MM:SS, read in the entry's zone
  entry_minutes,        // 1..527040
  exdates,              // local dates, bounded
};

template <class Model>
struct Field {
  const char* key;
  FieldPresence presence;
  FieldType type;
  // What the value must be, in messages: "must be <expected>, got ...".
  const char* expected;
  // "required field is missing (expected <when_missing>)"; null: expected.
  const char* when_missing;
  FieldRule rule;
  // Reads a value of the row's type (never null, never another type) into
  // the model. Validation has already judged it; the reader keeps to the
  // spec's defaults for what it cannot use.
  void (*read)(Model& model, const cJSON* value);
};

template <class Model>
struct FieldTable {
  const Field<Model>* rows;
  std::size_t size;
  const Field<Model>* begin() const { return rows; }
  const Field<Model>* end() const { return rows + size; }
  const Field<Model>* find(const char* key) const;
};

// The objects of a tenant_config document. "features" reads into the
// tenant (it has no model of its own: only refer is known).
FieldTable<TenantConfig> tenant_fields();
FieldTable<TenantConfig> features_fields();
FieldTable<ReferFeature> refer_fields();
FieldTable<Destination> destination_fields();
FieldTable<BusinessHoursSpec> business_hours_fields();
FieldTable<WindowSpec> window_fields();
FieldTable<CalendarEntrySpec> calendar_entry_fields();
FieldTable<OverrideSpec> override_fields();

// Whether value has the type: the one test the validator and the reader
// share, so that what one judged is what the other reads.
bool has_field_type(const cJSON* value, FieldType type);

// A member of object by its exact key (the first copy of a repeated key),
// null when object is not an object or has no such member.
const cJSON* field_value(const cJSON* object, const char* key);

// Reads every row of the table that object holds with the right type.
template <class Model>
void read_fields(const FieldTable<Model>& table, const cJSON* object, Model& model) {
  for (const Field<Model>& row : table) {
    const cJSON* value = field_value(object, row.key);
    if (value != nullptr && has_field_type(value, row.type)) row.read(model, value);
  }
}

}  // namespace tenant
