// The VEVENTs of an iCalendar file (a public-holiday calendar, a company's
// closing days) as a closures list of a tenant document: a whole day, a
// span or a recurring rule per event (docs/tenantctl.md, "closures
// from-ics", gives the rules in an administrator's words).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/expected.hh"
#include "core/util/json_doc.hh"

namespace tenantctl {

// What a closures list, and one entry, may hold (docs/tenant-documents.md).
constexpr std::size_t kMaxClosures = 100;
constexpr std::size_t kMaxClosureExdates = 100;
constexpr long kMaxClosureMinutes = 366L * 1440;
// A label is said to the caller: a long SUMMARY is cut to this many bytes.
constexpr std::size_t kMaxLabelBytes = 200;
// Time zones looked up for one file: each new one costs up to 100 ms.
constexpr std::size_t kMaxIcsZones = 8;
// Warnings listed for one file; the rest are counted in a last line.
constexpr std::size_t kMaxIcsWarnings = 100;

struct IcsClosures {
  tenant::JsonDoc closures;           // a JSON array of entries, in file order
  std::size_t events = 0;             // VEVENTs in the file, used or not
  std::vector<std::string> warnings;  // one line each, without "warning: "
};

// zone: --tz, the IANA zone every entry is written in (timed events are
// converted to its wall clock); none: each entry keeps the zone its event
// gives (a TZID, UTC, or none for all-day and floating times).
// Fails when the text is not iCalendar or breaks a bound of ics_text.hh, when
// zone is unknown, or when the events give more than kMaxClosures entries.
// An empty list is not a failure: the caller says there is nothing to use.
tenant::Expected<IcsClosures> closures_from_ics(std::string_view text, const std::optional<std::string>& zone);

}  // namespace tenantctl
