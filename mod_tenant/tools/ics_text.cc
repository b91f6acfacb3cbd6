#include "tools/ics_text.hh"

#include <utility>

#include "core/util/ascii.hh"
#include "core/util/problem.hh"

namespace tenantctl {

namespace {

using Result = tenant::Expected<std::vector<IcsEventText>>;

std::string line_text(std::size_t number) { return "line " + std::to_string(number); }

// Content lines (RFC 5545 section 3.1): physical lines end in CRLF, LF or a
// lone CR, and a line that starts with a space or a tab continues the one
// before, that first character removed. Each byte is looked at once, so a
// long line costs its length, not its length squared.
class ContentLines {
 public:
  explicit ContentLines(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a UTF-8 byte order mark
  }

  // The next unfolded line and the number of its first physical line.
  bool next(std::string& line, std::size_t& number) {
    if (pos_ >= text_.size()) return false;
    number = physical_ + 1;
    line.assign(physical());
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) line.append(physical().substr(1));
    return true;
  }

 private:
  std::string_view physical() {
    const std::size_t end = std::min(text_.find_first_of("\r\n", pos_), text_.size());
    const std::string_view out = text_.substr(pos_, end - pos_);
    pos_ = end;
    if (pos_ < text_.size()) pos_ += text_.compare(pos_, 2, "\r\n") == 0 ? 2 : 1;
    ++physical_;
    return out;
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t physical_ = 0;
};

bool is_blank(std::string_view line) { return line.find_first_not_of(" \t\v\f") == std::string_view::npos; }

// The property name: what comes before the first ';' or ':'.
std::string_view property_name(std::string_view line) { return line.substr(0, line.find_first_of(";:")); }

// Where the value starts (after the first ':' outside double quotes) and how
// many parameters come before it. Quotes are toggled as libical toggles them
// (not after a backslash), so that the count bounds what it will read.
struct LineShape {
  std::size_t value_at = std::string_view::npos;
  std::size_t parameters = 0;
};

LineShape line_shape(std::string_view line) {
  LineShape shape;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (i > 0 && line[i - 1] == '\\') continue;
    if (c == '"') {
      quoted = !quoted;
    } else if (!quoted && c == ';') {
      ++shape.parameters;
    } else if (!quoted && c == ':') {
      shape.value_at = i + 1;
      break;
    }
  }
  return shape;
}

// "BEGIN:VEVENT" and "END:VEVENT": the component name, upper-case, or
// nothing when the line is not of that shape (parameters, an empty or odd
// name).
std::optional<std::string> component_name(std::string_view line, std::size_t keyword_size) {
  if (line.size() <= keyword_size || line[keyword_size] != ':') return std::nullopt;
  const std::string_view name = tenant::trim_blanks(line.substr(keyword_size + 1));
  if (name.empty()) return std::nullopt;
  for (char c : name)
    if (!tenant::is_ascii_alnum(c) && c != '-') return std::nullopt;
  return tenant::ascii_upper(name);
}

// Properties of a VEVENT handed to libical; the others are not needed.
bool read_by_libical(std::string_view name) {
  for (const char* wanted : {"UID", "SUMMARY", "STATUS", "DTSTART", "DTEND", "DURATION", "EXDATE"})
    if (name == wanted) return true;
  return false;
}

void refuse(IcsEventText& event, std::string why) {
  event.refused = std::move(why);
  event.properties.clear();
  event.rrules.clear();
}

// Keeps what one VEVENT's content lines give. It names its event by index:
// the list grows while the file is read.
class EventReader {
 public:
  EventReader(std::vector<IcsEventText>& events, std::size_t index) : events_(events), index_(index) {}

  // One content line inside the VEVENT (not inside one of its components).
  void add(const std::string& line, std::size_t number) {
    IcsEventText& event = events_[index_];
    const std::string name = tenant::ascii_upper(property_name(line));
    if (name == "RDATE") ++event.rdates;
    if (name == "EXRULE") event.exrule = true;
    if (name == "RECURRENCE-ID") event.recurrence_id = true;
    const bool rrule = name == "RRULE";
    if (event.refused || (!rrule && !read_by_libical(name))) return;

    const std::string where = line_text(number) + ": " + name;
    const LineShape shape = line_shape(line);
    // An empty UID, SUMMARY or STATUS is as good as none; libical would
    // call it an error and the event would be lost.
    const bool text = name == "UID" || name == "SUMMARY" || name == "STATUS";
    if (text && (shape.value_at == std::string_view::npos ||
                 tenant::trim_blanks(std::string_view(line).substr(shape.value_at)).empty()))
      return;
    std::string_view kept = line;
    if (kept.size() > kMaxEventLineBytes) {
      // A long SUMMARY is only a long label, which is cut anyway: cut here,
      // at a character boundary, once its value has begun.
      if (name != "SUMMARY" || shape.value_at > kMaxEventLineBytes / 2)
        return refuse(event, where + " is " + std::to_string(line.size()) + " bytes long; at most " +
                                 std::to_string(kMaxEventLineBytes) + " are read");
      std::size_t cut = kMaxEventLineBytes;
      while (cut > shape.value_at && (static_cast<unsigned char>(kept[cut]) & 0xC0) == 0x80) --cut;
      kept = kept.substr(0, cut);
      while (kept.size() > shape.value_at && kept.back() == '\\') kept.remove_suffix(1);  // no escape cut in half
    }
    if (shape.parameters > kMaxLineParameters)
      return refuse(event, where + " has more than " + std::to_string(kMaxLineParameters) + " parameters");
    if (event.properties.size() + event.rrules.size() >= kMaxEventLines)
      return refuse(event, "more than " + std::to_string(kMaxEventLines) + " DTSTART, EXDATE, RRULE... lines");
    if (name == "EXDATE") {
      std::size_t values = 1;
      if (shape.value_at != std::string_view::npos)
        for (std::size_t i = shape.value_at; i < line.size(); ++i) values += line[i] == ',';
      if (values > kMaxLineValues)
        return refuse(event, where + " lists " + std::to_string(values) + " dates; at most " +
                                  std::to_string(kMaxLineValues) + " are read from one line");
      exdate_values_ += values;
      if (exdate_values_ > kMaxEventExdateValues)
        return refuse(event, "more than " + std::to_string(kMaxEventExdateValues) + " EXDATE values");
    }
    if (!rrule) {
      event.properties.emplace_back(kept);
    } else if (shape.value_at == std::string_view::npos) {
      event.rrules.emplace_back();  // no value: refused by the RRULE reader
    } else {
      event.rrules.emplace_back(tenant::trim_blanks(kept.substr(shape.value_at)));
    }
  }

 private:
  std::vector<IcsEventText>& events_;
  std::size_t index_;
  std::size_t exdate_values_ = 0;
};

}  // namespace

tenant::Expected<std::vector<IcsEventText>> split_ics_events(std::string_view text) {
  if (text.size() > kMaxIcsBytes)
    return Result::failure("the file is " + std::to_string(text.size()) + " bytes long; at most " +
                           std::to_string(kMaxIcsBytes) + " (4 MiB) are read");
  if (const std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < nul; ++i) line += text[i] == '\n';
    const bool utf16 = text.substr(0, 2) == "\xFF\xFE" || text.substr(0, 2) == "\xFE\xFF";
    return Result::failure(line_text(line) + " holds a NUL byte: not a text file" +
                           (utf16 ? " (it is UTF-16: save it as UTF-8)" : ""));
  }

  struct Open {
    std::string name;
    std::size_t line;
  };
  std::vector<Open> open;  // the components open at this point, outermost first
  std::vector<IcsEventText> events;
  std::optional<EventReader> event;  // the VEVENT being read, when directly inside a VCALENDAR
  std::size_t event_count = 0;
  bool calendar_seen = false;
  const auto outside = [&](std::size_t number) {
    return Result::failure(calendar_seen ? line_text(number) + ": content after END:VCALENDAR"
                                         : "not an iCalendar file: it does not begin with BEGIN:VCALENDAR");
  };

  ContentLines lines(text);
  std::string line;
  std::size_t number = 0;
  while (lines.next(line, number)) {
    if (is_blank(line)) continue;
    const std::string_view name = property_name(line);
    const bool begin = tenant::ascii_iequal(name, "BEGIN"), end = tenant::ascii_iequal(name, "END");
    if (begin || end) {
      const auto component = component_name(line, name.size());
      if (!component) {
        if (open.empty()) return outside(number);
        return Result::failure(line_text(number) + ": " + tenant::quote_value(line) +
                               " is not BEGIN:NAME or END:NAME");
      }
      if (begin) {
        if (open.empty() && *component != "VCALENDAR") return outside(number);
        if (open.size() == kMaxIcsDepth)
          return Result::failure(line_text(number) + ": components nested more than " +
                                 std::to_string(kMaxIcsDepth) + " deep");
        open.push_back({*component, number});
        if (open.size() == 2 && *component == "VEVENT" && ++event_count <= kMaxIcsEvents) {
          events.emplace_back();
          events.back().line = number;
          event.emplace(events, events.size() - 1);
        }
      } else {
        if (open.empty()) return outside(number);
        if (open.back().name != *component)
          return Result::failure(line_text(number) + ": END:" + *component + " does not close BEGIN:" +
                                 open.back().name + " (" + line_text(open.back().line) + ")");
        open.pop_back();
        if (open.size() == 1) event.reset();
        calendar_seen = calendar_seen || open.empty();
      }
      continue;
    }
    if (open.empty()) return outside(number);
    if (event && open.size() == 2) event->add(line, number);
  }
  if (!open.empty())
    return Result::failure("BEGIN:" + open.back().name + " (" + line_text(open.back().line) +
                           ") is never closed: the file is cut short");
  if (!calendar_seen) return Result::failure("not an iCalendar file: it holds no BEGIN:VCALENDAR");
  if (event_count > kMaxIcsEvents)
    return Result::failure("the file holds " + std::to_string(event_count) + " VEVENTs; at most " +
                           std::to_string(kMaxIcsEvents) + " are read: split it (a closures list holds at most 100)");
  return events;
}

}  // namespace tenantctl
