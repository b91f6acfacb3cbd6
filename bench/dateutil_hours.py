#!/usr/bin/env python3
"""Business-hours decisions the way a Python implementation of the spec would
make them: python-dateutil's rrule iterated from DTSTART, zoneinfo for the
zone (fold=0: the offset before a transition, as RFC 5545 and the engine use).

Reads the cases the C++ benchmark wrote (JSON on stdin), answers the same
decisions and reports its own time per decision. Output: one JSON object.
"""
import json
import sys
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

HORIZON = 400 * 86400
REORDER_MARGIN = 2 * 3600  # starts converted across a DST gap can come out of order by this much
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def compile_schedule(case):
    dtstart = datetime.strptime(case.get("dtstart") or "2024-01-01T00:00:00", "%Y-%m-%dT%H:%M:%S")
    return {
        "rule": rrulestr(case["rrule"], dtstart=dtstart),
        "zone": ZoneInfo(case["tz"]),
        "duration": case["duration_minutes"] * 60,
    }


def to_instant(local, zone):
    return int((local.replace(tzinfo=zone, fold=0) - EPOCH).total_seconds())


def answer(windows, t):
    """(open at t, next change after t) from windows that end after t."""
    windows = sorted(windows)
    merged = []
    for s, e in windows:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    for s, e in merged:
        if s <= t < e:
            return True, e
    later = [s for s, _ in merged if s > t]
    return False, (min(later) if later else None)


def decide(schedule, t):
    windows = []
    candidate = None
    for local in schedule["rule"]:  # from DTSTART, every time
        start = to_instant(local, schedule["zone"])
        end = start + schedule["duration"]
        if start > t + HORIZON + REORDER_MARGIN:
            break
        if candidate is not None and start > candidate + REORDER_MARGIN:
            break
        if end > t:
            windows.append((start, end))
            candidate = answer(windows, t)[1]
    is_open, change = answer(windows, t)
    if change is not None and change > t + HORIZON:
        change = None
    return is_open, change


def main():
    data = json.load(sys.stdin)
    schedules = [compile_schedule(c) for c in data["schedules"]]
    out = {}
    for name, decisions in data["sets"].items():
        results = []
        begin = time.perf_counter_ns()
        for index, t in decisions:
            results.append(decide(schedules[index], t))
        elapsed = time.perf_counter_ns() - begin
        out[name] = {
            "ns_per_op": elapsed / max(len(decisions), 1),
            "results": [[o, c] for o, c in results],
        }
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
