// One VEVENT as one closure entry: the conversion rules of
// "tenantctl closures from-ics" (docs/tenantctl.md).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/hours/timezone.hh"
#include "core/util/expected.hh"
#include "core/util/json_doc.hh"
#include "tools/ics_event.hh"

namespace tenantctl {

using ZonePtr = std::shared_ptr<const tenant::TimeZone>;

// The zones one file names, each looked up once. Loading a zone the process
// has not seen costs up to 100 ms, so past kMaxIcsZones names a file's new
// ones are refused without a look.
class ZoneBook {
 public:
  tenant::Expected<ZonePtr> find(const std::string& name);

 private:
  std::map<std::string, tenant::Expected<ZonePtr>> seen_;
};

// The entry for one event, or why the event is skipped. target: the --tz
// zone, or null. Advice that does not stop the conversion (an RDATE left
// out, a label cut) is appended to notes.
tenant::Expected<tenant::JsonDoc> closure_entry(const IcsEvent& event, const ZonePtr& target, ZoneBook& zones,
                                                std::vector<std::string>& notes);

}  // namespace tenantctl
