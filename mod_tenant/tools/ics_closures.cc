#include "tools/ics_closures.hh"

#include <utility>

#include "core/hours/timezone.hh"
#include "core/util/problem.hh"
#include "tools/ics_entry.hh"
#include "tools/ics_event.hh"
#include "tools/ics_text.hh"

namespace tenantctl {

namespace {

// How a warning names an event: its line, UID and SUMMARY, as they are in
// the file (quoted: they are the file's text).
std::string event_name(const IcsEvent& event) {
  std::string out = "VEVENT at line " + std::to_string(event.line);
  std::string parts;
  if (event.uid) parts += "UID " + tenant::quote_value(*event.uid);
  if (event.summary) {
    if (!parts.empty()) parts += ", ";
    parts += "SUMMARY " + tenant::quote_value(*event.summary);
  }
  return parts.empty() ? out : out + " (" + parts + ")";
}

// At most kMaxIcsWarnings lines, then one that counts the rest: a file of a
// thousand broken events gives a short report.
class Warnings {
 public:
  void add(std::string line) {
    if (lines_.size() < kMaxIcsWarnings)
      lines_.push_back(std::move(line));
    else
      ++more_;
  }
  std::vector<std::string> take() {
    if (more_) lines_.push_back("... and " + std::to_string(more_) + " more warnings");
    return std::move(lines_);
  }

 private:
  std::vector<std::string> lines_;
  std::size_t more_ = 0;
};

}  // namespace

tenant::Expected<IcsClosures> closures_from_ics(std::string_view text, const std::optional<std::string>& zone) {
  using Result = tenant::Expected<IcsClosures>;
  ZonePtr target;
  if (zone) {
    auto found = tenant::TimeZone::find(*zone);
    if (!found) return Result::failure("--tz: " + found.error());
    target = *found;
  }
  const auto events = split_ics_events(text);
  if (!events) return Result::failure(events.error());

  IcsClosures out;
  out.closures.reset(cJSON_CreateArray());
  out.events = events->size();
  ZoneBook zones;
  Warnings warnings;
  std::size_t produced = 0;
  for (const IcsEventText& event_text : *events) {
    const IcsEvent event = read_ics_event(event_text);
    std::vector<std::string> notes;
    auto entry = closure_entry(event, target, zones, notes);
    const std::string name = event_name(event);
    for (const std::string& n : notes) warnings.add(name + ": " + n);
    if (!entry) {
      warnings.add(name + ": " + entry.error() + "; skipped");
      continue;
    }
    // Past the limit entries are only counted, so that the error says how
    // many the file gives.
    if (++produced <= kMaxClosures) cJSON_AddItemToArray(out.closures.get(), entry.value().release());
  }
  if (produced > kMaxClosures)
    return Result::failure("the file gives " + std::to_string(produced) + " closures; a closures list holds at most " +
                           std::to_string(kMaxClosures) + ": split the file (one per year, for example)");
  out.warnings = warnings.take();
  return out;
}

}  // namespace tenantctl
