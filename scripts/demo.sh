#!/usr/bin/env bash
# The product end to end on this machine: a local FerretDB (MongoDB wire
# protocol, SQLite storage) with its data in ./var/ferretdb, kept between
# runs; the example tenants of conf/examples seeded into it; a called number
# resolved through the database exactly as the module resolves it; and the
# transfer decision for that tenant; an office with a lunch break and the
# French public holidays (tenant-prod-003, +33251840000): its transfer on
# Christmas morning and its effective calendar for Christmas week, after
# `db check` has judged every document; then, when tenant-redirectd is built,
# the same number over real SIP: an INVITE to the redirect service and the
# 302 it answers with.
#
#   scripts/demo.sh [NUMBER]        (default +33676530019)
#
# Environment: DEMO_PORT (default 27017), TENANTCTL (a built tenantctl;
# default: ./build/tenantctl, built with scripts/build.sh when missing),
# DEMO_AT (the instant of the fixed transfer decision, RFC 3339),
# DEMO_SIP_PORT (where the redirect service listens; default 5070).
# A FerretDB this script started is stopped at the end; one already running
# from ./var/ferretdb is reused and left running.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
number=${1:-+33676530019}
port=${DEMO_PORT:-27017}
at=${DEMO_AT:-2026-03-30T07:30:00Z}
var="$top/var/ferretdb"
pidfile="$var/ferretdb.pid"
uri="mongodb://127.0.0.1:$port"

if [ -t 1 ]; then bold=$'\033[1m' plain=$'\033[0m'; else bold="" plain=""; fi
say() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
show() {  # pretty-prints the JSON a command writes on stdout
  if command -v python3 >/dev/null 2>&1; then python3 -m json.tool --no-ensure-ascii 2>/dev/null || cat; else cat; fi
}
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

# 1. tenantctl
tenantctl=${TENANTCTL:-}
if [ -z "$tenantctl" ]; then
  for candidate in "$top/build/tenantctl" "$top/tenantctl"; do
    if [ -x "$candidate" ]; then tenantctl=$candidate; break; fi
  done
fi
if [ -z "$tenantctl" ]; then
  say "building tenantctl (scripts/build.sh)"
  "$top/scripts/build.sh" >/dev/null
  tenantctl="$top/build/tenantctl"
fi
if ! "$tenantctl" --help | grep -q '^  lookup'; then
  echo "error: $tenantctl was built without the MongoDB store (libmongoc-dev missing?)" >&2
  exit 1
fi

# 2. FerretDB
"$top/scripts/install-ferretdb.sh" >/dev/null
ferretdb=${FERRETDB:-$HOME/.local/bin/ferretdb}
[ -x "$ferretdb" ] || ferretdb=$(command -v ferretdb)

started=""
stop_server() {
  if [ -n "$started" ]; then
    kill "$started" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$started" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$started" 2>/dev/null || true
    rm -f "$pidfile"
    echo
    echo "(FerretDB stopped; its data stays in var/ferretdb)"
  fi
}
trap stop_server EXIT

mkdir -p "$var/data" "$var/state"
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && port_open; then
  say "reusing FerretDB (pid $(cat "$pidfile")) on $uri, data in var/ferretdb"
else
  if port_open; then
    echo "error: something else already listens on 127.0.0.1:$port; run with DEMO_PORT=<free port>" >&2
    exit 1
  fi
  say "starting FerretDB on $uri, data in var/ferretdb"
  # Loopback only, no telemetry, no debug listener.
  "$ferretdb" --handler=sqlite --sqlite-url="file:$var/data/" --state-dir="$var/state" \
    --listen-addr="127.0.0.1:$port" --telemetry=disable --debug-addr=- --log-level=warn \
    >>"$var/ferretdb.log" 2>&1 &
  started=$!
  echo "$started" >"$pidfile"
  for _ in $(seq 1 200); do
    port_open && break
    kill -0 "$started" 2>/dev/null || { echo "error: FerretDB exited; see var/ferretdb/ferretdb.log" >&2; tail -5 "$var/ferretdb.log" >&2; exit 1; }
    sleep 0.1
  done
  port_open || { echo "error: FerretDB did not start within 20 s" >&2; exit 1; }
fi

# 3. The database: indexes, validator where supported, example tenants.
say "tenantctl db init"
"$tenantctl" db init --mongo-uri "$uri" | show

say "tenantctl db seed conf/examples/*.json"
(cd "$top" && "$tenantctl" db seed --mongo-uri "$uri" conf/examples/*.json) | show

# 4. What an inbound call to the number gets.
config="$top/var/demo-tenant.json"
say "tenantctl lookup $number"
status=0
"$tenantctl" lookup --mongo-uri "$uri" --config-out "$config" "$number" | show || status=$?
if [ "$status" -ne 0 ] || [ ! -s "$config" ]; then
  echo "error: $number does not resolve to an active tenant" >&2
  exit 1
fi

# 5. The transfer decision for that tenant: at a fixed instant, then now.
say "tenantctl refer --config var/demo-tenant.json --at $at"
"$tenantctl" refer --config "$config" --at "$at" | show || true
say "tenantctl refer --config var/demo-tenant.json --at now"
"$tenantctl" refer --config "$config" --at now | show || true

# An office as offices are kept: 09:00-12:00 and 14:00-17:30, the French
# public holidays for every desk, a Saturday opening before Christmas, a
# voicemail that never closes.
say "tenantctl db check"
"$tenantctl" db check --mongo-uri "$uri" | show || true
office="$top/var/demo-office.json"
say "tenantctl lookup +33251840000 (AXEO Services - Nantes)"
"$tenantctl" lookup --mongo-uri "$uri" --config-out "$office" +33251840000 | show || true
if [ -s "$office" ]; then
  say "tenantctl refer --config var/demo-office.json --destination accueil --at 2026-12-25T10:00:00+01:00 (Christmas)"
  "$tenantctl" refer --config "$office" --destination accueil --at 2026-12-25T10:00:00+01:00 | show || true
  say "tenantctl calendar --config var/demo-office.json --destination accueil --from 2026-12-21 --days 7"
  "$tenantctl" calendar --config "$office" --destination accueil --from 2026-12-21 --days 7 | show || true
fi

# 6. Over SIP: the redirect service answers an INVITE for the number.
redirectd="$(dirname "$tenantctl")/tenant-redirectd"
if [ -x "$redirectd" ] && command -v python3 >/dev/null 2>&1; then
  sip_port=${DEMO_SIP_PORT:-5070}
  conf="$top/var/demo-tenant.conf.xml"
  cat >"$conf" <<XML
<configuration name="tenant.conf"><settings>
  <param name="mongo-uri" value="$uri"/>
  <param name="sip-listen" value="127.0.0.1:$sip_port"/>
</settings></configuration>
XML
  say "tenant-redirectd on 127.0.0.1:$sip_port, and an INVITE for $number"
  "$redirectd" --config "$conf" --log-level warning &
  redirect_pid=$!
  trap 'kill "$redirect_pid" 2>/dev/null; wait "$redirect_pid" 2>/dev/null; stop_server' EXIT
  python3 - "$sip_port" "$number" <<'PY'
import socket, sys, time
port, number = int(sys.argv[1]), sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
s.settimeout(1)
local = s.getsockname()[1]
invite = (f"INVITE sip:{number}@127.0.0.1:{port} SIP/2.0\r\n"
          f"Via: SIP/2.0/UDP 127.0.0.1:{local};branch=z9hG4bK-demo-{int(time.time())}\r\n"
          f"From: <sip:demo@127.0.0.1:{local}>;tag=demo\r\nTo: <sip:{number}@127.0.0.1>\r\n"
          f"Call-ID: demo-{time.time()}@127.0.0.1\r\nCSeq: 1 INVITE\r\nMax-Forwards: 70\r\n"
          f"Contact: <sip:demo@127.0.0.1:{local}>\r\nContent-Length: 0\r\n\r\n")
for attempt in range(20):  # the service may still be starting
    s.sendto(invite.encode(), ("127.0.0.1", port))
    try:
        while True:
            data = s.recv(65535).decode(errors="replace")
            if not data.startswith("SIP/2.0 100"):
                break
        break
    except socket.timeout:
        continue
else:
    print("no answer from the redirect service")
    sys.exit(0)
for line in data.split("\r\n"):
    if line.startswith(("SIP/2.0", "Contact", "X-Tenant", "Retry-After")):
        print("  " + line)
PY
fi
