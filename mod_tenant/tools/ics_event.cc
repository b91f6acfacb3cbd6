#include "tools/ics_event.hh"

#include <libical/ical.h>

#include <cstdio>
#include <memory>

#include "core/hours/instant.hh"
#include "core/util/problem.hh"

namespace tenantctl {

namespace {

// libical's objects, freed however the reading ends.
struct ParserFree {
  void operator()(icalparser* parser) const { icalparser_free(parser); }
};
struct ComponentFree {
  void operator()(icalcomponent* component) const { icalcomponent_free(component); }
};
using Parser = std::unique_ptr<icalparser, ParserFree>;
using Component = std::unique_ptr<icalcomponent, ComponentFree>;

// While libical parses, malformed data must not be one of its fatal errors
// (an assert in some builds): icalparser_parse_string does the same.
class MalformedDataNotFatal {
 public:
  MalformedDataNotFatal() : saved_(icalerror_get_error_state(ICAL_MALFORMEDDATA_ERROR)) {
    icalerror_set_error_state(ICAL_MALFORMEDDATA_ERROR, ICAL_ERROR_NONFATAL);
  }
  ~MalformedDataNotFatal() {
    icalerror_set_error_state(ICAL_MALFORMEDDATA_ERROR, saved_);
    icalerror_clear_errno();
  }
  MalformedDataNotFatal(const MalformedDataNotFatal&) = delete;
  MalformedDataNotFatal& operator=(const MalformedDataNotFatal&) = delete;

 private:
  icalerrorstate saved_;
};

// The VEVENT alone, line by line: the text is already unfolded and bounded
// (ics_text.hh), so libical's own line reader is not needed.
Component parse_event(const IcsEventText& text) {
  const MalformedDataNotFatal not_fatal;
  const Parser parser(icalparser_new());
  if (!parser) return nullptr;
  Component event;
  const auto feed = [&](std::string line) {  // icalparser_add_line takes a writable line
    Component done(icalparser_add_line(parser.get(), line.data()));
    if (done && !event) event = std::move(done);
  };
  feed("BEGIN:VEVENT");
  for (const std::string& line : text.properties) feed(line);
  feed("END:VEVENT");
  return event;  // anything the parser still holds is freed with it
}

std::string two_digits(int v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string shown(const icaltimetype& t) {
  return std::to_string(t.year) + "-" + two_digits(t.month) + "-" + two_digits(t.day) +
         (t.is_date ? "" : "T" + two_digits(t.hour) + ":" + two_digits(t.minute) + ":" + two_digits(t.second));
}

bool real_date_time(const icaltimetype& t) {
  if (t.year < 1 || t.year > 9999 || t.month < 1 || t.month > 12 || t.day < 1) return false;
  if (t.hour < 0 || t.hour > 23 || t.minute < 0 || t.minute > 59 || t.second < 0 || t.second > 59) return false;
  std::int64_t y;
  unsigned m, d;
  tenant::civil_from_days(tenant::days_from_civil(t.year, static_cast<unsigned>(t.month), static_cast<unsigned>(t.day)),
                          y, m, d);
  return d == static_cast<unsigned>(t.day);
}

// A DATE or DATE-TIME property's value, or the problem with it.
std::optional<IcsTime> read_time(icalproperty* property, const char* name, std::vector<std::string>& problems) {
  const icalvalue* value = icalproperty_get_value(property);
  const icalvalue_kind kind = value ? icalvalue_isa(value) : ICAL_NO_VALUE;
  if (kind != ICAL_DATE_VALUE && kind != ICAL_DATETIME_VALUE) {
    problems.push_back(std::string(name) + " is not a date or a date-time");
    return std::nullopt;
  }
  const icaltimetype t = kind == ICAL_DATE_VALUE ? icalvalue_get_date(value) : icalvalue_get_datetime(value);
  if (!real_date_time(t)) {
    problems.push_back(std::string(name) + " " + tenant::quote_value(shown(t)) + " is not a real date and time");
    return std::nullopt;
  }
  IcsTime out;
  out.is_date = kind == ICAL_DATE_VALUE || t.is_date;
  out.year = t.year;
  out.month = t.month;
  out.day = t.day;
  if (out.is_date) return out;
  out.hour = t.hour;
  out.minute = t.minute;
  out.second = t.second;
  if (icaltime_is_utc(t)) {
    out.zone = IcsTime::Zone::utc;
  } else if (icalparameter* tzid = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER)) {
    const char* zone = icalparameter_get_tzid(tzid);
    if (!zone || !*zone) {
      problems.push_back(std::string(name) + " has an empty TZID");
      return std::nullopt;
    }
    out.zone = IcsTime::Zone::named;
    out.tzid = zone;
  }
  return out;
}

std::optional<std::string> read_text(const icalproperty* property) {
  const icalvalue* value = icalproperty_get_value(property);
  if (!value || icalvalue_isa(value) != ICAL_TEXT_VALUE) return std::nullopt;
  const char* text = icalvalue_get_text(value);
  if (!text) return std::nullopt;
  return std::string(text);
}

// libical's X-LIC-ERROR text is "<its message>: <the text it could not
// read>"; the text comes from the file and is shown quoted.
std::string libical_error(const icalproperty* property) {
  const char* raw = icalproperty_get_xlicerror(property);
  const std::string text = raw ? raw : "";
  const std::size_t colon = text.find(": ");
  std::string message = text.substr(0, std::min<std::size_t>(colon, 120));
  for (char& c : message)
    if (c < 0x20 || c > 0x7e) c = '?';
  if (colon == std::string::npos) return "libical could not read it (" + message + ")";
  return "libical could not read " + tenant::quote_value(text.substr(colon + 2)) + " (" + message + ")";
}

template <class T>
void keep_first(std::optional<T> value, std::optional<T>& slot, const char* name, std::size_t& seen,
                std::vector<std::string>& problems) {
  if (++seen == 2) problems.push_back(std::string(name) + " is given more than once");
  if (value && seen == 1) slot = std::move(value);
}

}  // namespace

IcsEvent read_ics_event(const IcsEventText& text) {
  IcsEvent event;
  event.line = text.line;
  event.rrules = text.rrules;
  event.rdates = text.rdates;
  event.exrule = text.exrule;
  event.recurrence_id = text.recurrence_id;
  if (text.refused) {
    event.problems.push_back(*text.refused);
    return event;
  }
  const Component component = parse_event(text);
  if (!component || icalcomponent_isa(component.get()) != ICAL_VEVENT_COMPONENT) {
    event.problems.push_back("libical could not read it");
    return event;
  }

  std::size_t dtstarts = 0, dtends = 0, durations = 0;
  std::vector<std::string>& problems = event.problems;
  for (icalproperty* p = icalcomponent_get_first_property(component.get(), ICAL_ANY_PROPERTY); p;
       p = icalcomponent_get_next_property(component.get(), ICAL_ANY_PROPERTY)) {
    switch (icalproperty_isa(p)) {
      case ICAL_XLICERROR_PROPERTY:
        problems.push_back(libical_error(p));
        break;
      case ICAL_UID_PROPERTY:
        if (!event.uid) event.uid = read_text(p);
        break;
      case ICAL_SUMMARY_PROPERTY:
        if (!event.summary) event.summary = read_text(p);
        break;
      case ICAL_STATUS_PROPERTY: {
        const icalvalue* value = icalproperty_get_value(p);
        if (value && icalvalue_isa(value) == ICAL_STATUS_VALUE && icalvalue_get_status(value) == ICAL_STATUS_CANCELLED)
          event.cancelled = true;
        break;
      }
      case ICAL_DTSTART_PROPERTY:
        keep_first(read_time(p, "DTSTART", problems), event.dtstart, "DTSTART", dtstarts, problems);
        break;
      case ICAL_DTEND_PROPERTY:
        keep_first(read_time(p, "DTEND", problems), event.dtend, "DTEND", dtends, problems);
        break;
      case ICAL_DURATION_PROPERTY: {
        const icalvalue* value = icalproperty_get_value(p);
        std::optional<IcsDuration> duration;
        if (value && icalvalue_isa(value) == ICAL_DURATION_VALUE) {
          const icaldurationtype d = icalvalue_get_duration(value);
          duration = IcsDuration{d.is_neg != 0, std::int64_t{d.weeks} * 7 + d.days,
                                 std::int64_t{d.hours} * 3600 + std::int64_t{d.minutes} * 60 + d.seconds};
        } else {
          problems.push_back("DURATION is not a duration");
        }
        keep_first(std::move(duration), event.duration, "DURATION", durations, problems);
        break;
      }
      case ICAL_EXDATE_PROPERTY:
        if (auto t = read_time(p, "EXDATE", problems)) event.exdates.push_back(std::move(*t));
        break;
      default:
        break;
    }
  }
  if (dtends && durations) problems.push_back("it has both DTEND and DURATION (RFC 5545 allows one)");
  return event;
}

}  // namespace tenantctl
