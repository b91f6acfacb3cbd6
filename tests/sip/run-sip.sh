#!/usr/bin/env bash
# End-to-end suite for tenant-redirectd, with real parts only: a FerretDB
# seeded with tenantctl, the service itself, sipp callers and agents, and a
# real Kamailio from Debian using conf/kamailio/kamailio.cfg.
#
#   1. the response table (docs/sip-redirect.md), row by row, with sipp;
#   2. the store hung (SIGSTOP) and full: cached tenants answered at once, a
#      CANCEL while a load waits, more loads than allowed answered 503;
#   3. the RFC 4475 torture messages over UDP and TCP (tests/sip/torture);
#   4. Kamailio: caller -> Kamailio -> service -> 302 -> get_redirects() ->
#      agent with the X-Tenant-* headers; a busy first target and the second
#      reached by Kamailio itself; a closed destination (480, Retry-After);
#      a destination closed by a closure (the 480's X-Tenant-Closed-* kept);
#      the store killed, cached tenants still redirected.
#
# One line per scenario, "ok - name" or "not ok - name: why", then
# "N passed, M failed".
#
# Environment: TENANT_REDIRECTD, TENANTCTL, SIPP, FERRETDB, KAMAILIO (the
# programs; defaults: the build folder, then PATH), SIP_KEEP=1 (keep the
# temporary folder), E2E_ONLY (a regular expression: run only the scenarios
# it matches).
#
# Exit: 0 all passed, 1 a scenario failed or the setup broke, 77 skipped
# (no service built, no sipp, FerretDB or python3).
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -n "${srcdir:-}" ] && [ -d "$srcdir/tests/sip" ]; then
  E2E_SRCDIR=$(cd "$srcdir" && pwd)
else
  E2E_SRCDIR=$(cd "$here/../.." && pwd)
fi
E2E_BUILDDIR=$(pwd)
E2E_KEEP="${SIP_KEEP:-${E2E_KEEP:-}}"
. "$E2E_SRCDIR/tests/lib/harness.sh"

REDIRECTD="${TENANT_REDIRECTD:-$E2E_BUILDDIR/tenant-redirectd}"
TENANTCTL="${TENANTCTL:-$E2E_BUILDDIR/tenantctl}"
SIPP="${SIPP:-$(command -v sipp 2>/dev/null || true)}"
KAMAILIO="${KAMAILIO:-$(command -v kamailio 2>/dev/null || echo /usr/sbin/kamailio)}"
skip() { echo "SKIP: $*"; exit 77; }
[ -x "$REDIRECTD" ] || skip "tenant-redirectd not built at $REDIRECTD"
[ -x "$TENANTCTL" ] || skip "tenantctl not built at $TENANTCTL"
[ -n "$SIPP" ] && [ -x "$SIPP" ] || skip "sipp not found (install sip-tester)"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"
FERRETDB_BIN=$(e2e_find_ferretdb) || skip "FerretDB not found (run scripts/install-ferretdb.sh, or set FERRETDB)"

e2e_setup sip || { echo "not ok - setup: cannot create a temporary folder"; exit 1; }
trap 'e2e_teardown' EXIT
trap 'exit 1' INT TERM
mkdir -p "$E2E_TMP/sipp" "$E2E_TMP/traces"

# -------------------------------------------------------------- set-up

e2e_free_port && AGENT_PORT=$E2E_PORT
e2e_free_port && AGENT_BUSY_PORT=$E2E_PORT
e2e_start_ferretdb || setup_failed "FerretDB did not start"
# The closure of "stocktake" (tests/sip/data) runs from yesterday 00:00 to
# tomorrow 12:00 on the wall clock of Paris: it covers the whole run, and it
# ends inside the destination's hours (08:00-20:00), so that is its next
# opening. The days are taken once, here, for the data and the check alike.
CLOSURE_START_DAY=$(TZ=Europe/Paris date -d yesterday +%F)
CLOSURE_END_DAY=$(TZ=Europe/Paris date -d tomorrow +%F)
sed -e "s/@AGENT_PORT@/$AGENT_PORT/g" -e "s/@AGENT_BUSY_PORT@/$AGENT_BUSY_PORT/g" \
  -e "s/@CLOSURE_START@/${CLOSURE_START_DAY}T00:00:00/g" -e "s/@CLOSURE_END@/${CLOSURE_END_DAY}T12:00:00/g" \
  "$E2E_SRCDIR/tests/sip/data/sip-tenants.json" >"$E2E_TMP/sip-tenants.json"
e2e_seed "$E2E_TMP/sip-tenants.json" || setup_failed "seeding the store failed"

# start_service NAME PORT [param=value ...]: tenant-redirectd with its own
# tenant.conf.xml, on PORT (UDP and TCP).
start_service() {
  local name="$1" port="$2" conf="$E2E_TMP/$1.conf.xml" kv
  shift 2
  {
    echo '<configuration name="tenant.conf"><settings>'
    echo "  <param name=\"mongo-uri\" value=\"$MONGO_URI\"/>"
    echo "  <param name=\"sip-listen\" value=\"127.0.0.1:$port\"/>"
    echo "  <param name=\"agent-uri\" value=\"sip:\${number}@127.0.0.1:$AGENT_PORT\"/>"
    for kv in "$@"; do echo "  <param name=\"${kv%%=*}\" value=\"${kv#*=}\"/>"; done
    echo '</settings></configuration>'
  } >"$conf"
  "$REDIRECTD" --config "$conf" --log-level debug </dev/null >>"$E2E_TMP/$name.log" 2>&1 &
  local pid=$!
  E2E_PIDS=("$pid" "${E2E_PIDS[@]}")   # stopped before the store
  eval "PID_$name=$pid"
  e2e_wait_port "$port" 20 || { e2e_log "$name did not start: $(tail -n 5 "$E2E_TMP/$name.log")"; return 1; }
}

e2e_free_port && MAIN_PORT=$E2E_PORT
start_service main "$MAIN_PORT" on-unknown=reject:404 on-not-a-number=reject:484 ||
  setup_failed "tenant-redirectd did not start"

# -------------------------------------------------------------- helpers

TRACE=""
# sip_call SCENARIO STATUS PORT RURI [EXTRA_HEADER]: one sipp call from a free
# port; passes when the final answer is STATUS. TRACE is its message trace.
sip_call() {
  local scenario="$1" status="$2" port="$3" ruri="$4" extra="${5:-X-Test: none}" local_port sf
  e2e_free_port || return 1
  local_port=$E2E_PORT
  # The status (and for uac_method the method, given as EXTRA) are written
  # into the scenario: sipp takes no keyword there.
  local method=""
  [ "$scenario" = uac_method ] && method="$extra"
  sf="$E2E_TMP/sipp/$scenario-$status$method.xml"
  [ -f "$sf" ] || sed -e "s/@STATUS@/$status/" -e "s/@METHOD@/$method/g" "$E2E_SRCDIR/tests/sip/sipp/$scenario.xml" >"$sf"
  TRACE="$E2E_TMP/traces/$scenario-$local_port.msg"
  timeout 50 "$SIPP" "127.0.0.1:$port" -sf "$sf" -m 1 -i 127.0.0.1 -p "$local_port" \
    -key ruri "$ruri" -key extra "$extra" -recv_timeout "${RECV_TIMEOUT_MS:-10000}" -timeout "${CALL_TIMEOUT_S:-20}s" -timeout_error \
    -trace_msg -message_file "$TRACE" -nostdin >"$TRACE.out" 2>&1
}

# The last message sipp received, from TRACE.
last_received() {
  awk '/message received/ { buf = ""; on = 1; next } /message sent/ { on = 0 } on { buf = buf $0 "\n" } END { printf "%s", buf }' "$TRACE"
}

# expect_header REGEX: the last received message has a header line matching it.
expect_header() {
  last_received | tr -d '\r' | grep -Eq "^$1" || fail "no header matching '$1' in: $(last_received | tr -d '\r' | head -n 14 | tr '\n' '|')"
}
# expect_contacts URI...: the Contacts of the last received message, in
# order, with their q.
expect_contacts() {
  local got want
  got=$(last_received | tr -d '\r' | sed -n 's/^\(Contact\|m\): *//Ip' | tr ',' '\n' | sed 's/^ *//' | paste -sd' ')
  want="$*"
  [ "$got" = "$want" ] || fail "Contacts '$got', expected '$want'"
}
# expect_no_header NAME
expect_no_header() {
  ! last_received | tr -d '\r' | grep -Eiq "^$1:" || fail "unexpected $1 header"
}

status_is() {  # STATUS RURI [EXTRA] (to the main service)
  sip_call uac_status "$1" "$MAIN_PORT" "$2" "${3:-X-Test: none}" || fail "expected $1 for $2, got: $(last_received | head -n 1 | tr -d '\r')"
}

# -------------------------------------------------------------- 1. the response table

t_resolved() {
  status_is 302 "sip:+33676530019@127.0.0.1:$MAIN_PORT" || return 1
  expect_header "Contact: <sip:\+33676530019@127\.0\.0\.1:$AGENT_PORT>" || return 1
  expect_header "X-Tenant-Id: tenant-test-001" || return 1
  expect_header "X-Tenant-Client-Id: axeoguyane" || return 1
  expect_header "X-Tenant-Number: \+33676530019" || return 1
  expect_header "X-Tenant-Resolution: miss" || return 1
  expect_header "X-Tenant-Timezone: Europe/Paris" || return 1
  expect_header "X-Tenant-Locale: fr-FR"
}
t_cached() {
  status_is 302 "sip:+33676530019@127.0.0.1:$MAIN_PORT" || return 1
  expect_header "X-Tenant-Resolution: hit"
}
t_national() {
  # The Request-URI user as a national number, read with default-country FR.
  status_is 302 "sip:0676530019@127.0.0.1:$MAIN_PORT" || return 1
  expect_header "X-Tenant-Number: \+33676530019"
}
t_unknown() {
  status_is 404 "sip:+33100000999@127.0.0.1:$MAIN_PORT" || return 1
  expect_header "X-Tenant-Resolution: unknown"
}
t_disabled() {
  status_is 403 "sip:+33100000102@127.0.0.1:$MAIN_PORT" || return 1
  expect_header "X-Tenant-Resolution: disabled" && expect_header "X-Tenant-Id: tenant-sip-off"
}
t_not_a_number() { status_is 484 "sip:alice@127.0.0.1:$MAIN_PORT"; }
t_invalid() {
  # A mapping whose tenant has no configuration is broken: on-invalid is
  # "continue" here, so the call goes on to the agent, saying so.
  status_is 302 "sip:+33100000103@127.0.0.1:$MAIN_PORT" || return 1
  expect_header "X-Tenant-Resolution: invalid" && expect_header "Contact: <sip:\+33100000103@127\.0\.0\.1:$AGENT_PORT>"
}
t_transfer_uri() {
  # The first desk asked for: it, then the second (failover), q decreasing;
  # the office is closed and "off" disabled, so neither is a target.
  status_is 302 "sip:first@127.0.0.1:$MAIN_PORT;tenant=tenant-sip-a" || return 1
  expect_contacts "<sip:first@127.0.0.1:$AGENT_BUSY_PORT>;q=1.0" "<sip:second@127.0.0.1:$AGENT_PORT>;q=0.9" || return 1
  expect_header "X-Tenant-Destination: first" || return 1
  expect_header "X-Tenant-Reason: open" || return 1
  expect_header "X-Tenant-Label: the first desk" || return 1
  expect_header "X-Tenant-Id: tenant-sip-a" || return 1
  # Nothing was closed: nothing to explain.
  expect_no_header X-Tenant-Closed-By && expect_no_header X-Tenant-Closed-Label
}
t_transfer_headers() {
  status_is 302 "sip:transfer@127.0.0.1:$MAIN_PORT" $'X-Tenant-Id: tenant-sip-a\r\nX-Tenant-Destination: second' || return 1
  expect_contacts "<sip:second@127.0.0.1:$AGENT_PORT>;q=1.0" "<sip:first@127.0.0.1:$AGENT_BUSY_PORT>;q=0.9"
}
t_closed() {
  # Open one minute a year, at 00:00 on 1 January in Paris: the next
  # opening is next 1 January 00:00 CET, i.e. 31 December 23:00 UTC.
  local now year next_open want got
  now=$(date -u +%s)
  year=$(date -u +%Y)
  next_open=$(TZ=Europe/Paris date -d "$((year + 1))-01-01 00:00:00" +%s)
  status_is 480 "sip:office@127.0.0.1:$MAIN_PORT;tenant=tenant-sip-a" || return 1
  expect_header "X-Tenant-Next-Open: $year-12-31T23:00:00Z" || return 1
  expect_header "X-Tenant-Reason: closed" || return 1
  # Closed by its business hours: said so, with no label.
  expect_header "X-Tenant-Closed-By: hours$" || return 1
  expect_no_header X-Tenant-Closed-Label || return 1
  got=$(last_received | tr -d '\r' | sed -n 's/^Retry-After: *\([0-9]*\).*/\1/p')
  want=$((next_open - now))
  [ -n "$got" ] && [ "$got" -ge $((want - 30)) ] && [ "$got" -le $((want + 1)) ] ||
    fail "Retry-After '$got', expected about $want seconds"
}
t_closed_by_closure() {
  # Closed by its closure until tomorrow 12:00 in Paris, when its hours
  # (08:00-20:00) are open: that instant is the next opening.
  local now next_open want got
  now=$(date -u +%s)
  next_open=$(date -u -d "TZ=\"Europe/Paris\" $CLOSURE_END_DAY 12:00:00" +%s)
  status_is 480 "sip:stocktake@127.0.0.1:$MAIN_PORT;tenant=tenant-sip-a" || return 1
  expect_header "X-Tenant-Reason: closed$" || return 1
  expect_header "X-Tenant-Closed-By: closure$" || return 1
  expect_header "X-Tenant-Closed-Label: Fermé pour inventaire$" || return 1
  expect_header "X-Tenant-Chain: stocktake:closed$" || return 1
  expect_header "X-Tenant-Next-Open: $(date -u -d "@$next_open" +%Y-%m-%dT%H:%M:%SZ)$" || return 1
  got=$(last_received | tr -d '\r' | sed -n 's/^Retry-After: *\([0-9]*\).*/\1/p')
  want=$((next_open - now))
  [ -n "$got" ] && [ "$got" -ge $((want - 30)) ] && [ "$got" -le $((want + 1)) ] ||
    fail "Retry-After '$got', expected about $want seconds"
}
t_closure_after_hours() {
  # Closed every day by a closure, with the second desk as its after-hours
  # destination: a 302 to it (then, failover being on, to the first desk),
  # which still says what closed the desk asked for.
  status_is 302 "sip:transfer@127.0.0.1:$MAIN_PORT" $'X-Tenant-Id: tenant-sip-a\r\nX-Tenant-Destination: audit' || return 1
  expect_contacts "<sip:second@127.0.0.1:$AGENT_PORT>;q=1.0" "<sip:first@127.0.0.1:$AGENT_BUSY_PORT>;q=0.9" || return 1
  expect_header "X-Tenant-Destination: second$" || return 1
  expect_header "X-Tenant-Reason: after_hours$" || return 1
  expect_header "X-Tenant-Chain: audit:closed,second:open$" || return 1
  expect_header "X-Tenant-Closed-By: closure$" || return 1
  expect_header "X-Tenant-Closed-Label: Audit annuel$" || return 1
  expect_no_header X-Tenant-Next-Open && expect_no_header Retry-After
}
t_unknown_destination() {
  status_is 404 "sip:nowhere@127.0.0.1:$MAIN_PORT;tenant=tenant-sip-a" || return 1
  expect_header "X-Tenant-Reason: unknown_destination"
}
t_disabled_destination() {
  status_is 403 "sip:off@127.0.0.1:$MAIN_PORT;tenant=tenant-sip-a" || return 1
  expect_header "X-Tenant-Reason: destination_disabled"
}
t_disabled_tenant_transfer() {
  status_is 403 "sip:desk@127.0.0.1:$MAIN_PORT;tenant=tenant-sip-off" || return 1
  expect_header "X-Tenant-Reason: tenant_disabled"
}
t_unknown_tenant() {
  status_is 404 "sip:desk@127.0.0.1:$MAIN_PORT;tenant=tenant-nobody" || return 1
  expect_header "X-Tenant-Reason: unknown_tenant"
}
t_options() {
  sip_call uac_method 200 "$MAIN_PORT" "sip:ping@127.0.0.1:$MAIN_PORT" OPTIONS || fail "OPTIONS not answered 200"
  expect_header "X-Tenant-Store: reachable" && expect_header "Allow: INVITE, ACK, CANCEL, OPTIONS"
}
t_other_methods() {
  sip_call uac_method 405 "$MAIN_PORT" "sip:someone@127.0.0.1:$MAIN_PORT" REGISTER || fail "REGISTER not answered 405"
  expect_header "Allow: INVITE, ACK, CANCEL, OPTIONS" || return 1
  sip_call uac_method 405 "$MAIN_PORT" "sip:someone@127.0.0.1:$MAIN_PORT" BYE || fail "BYE not answered 405"
  sip_call uac_method 501 "$MAIN_PORT" "sip:someone@127.0.0.1:$MAIN_PORT" FROBNICATE || fail "FROBNICATE not answered 501"
}
t_oversized() {
  # Larger than max-message-bytes (16384): refused, and the service stays up.
  local big="$E2E_TMP/oversized.sip" got
  {
    printf 'OPTIONS sip:ping@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKbig\r\n'
    printf 'From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:ping@127.0.0.1>\r\nCall-ID: big@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n'
    for i in $(seq 1 400); do printf 'X-Filler-%03d: %s\r\n' "$i" "0123456789012345678901234567890123456789"; done
    printf 'Content-Length: 0\r\n\r\n'
  } >"$big"
  got=$(python3 "$E2E_SRCDIR/tests/sip/send_raw.py" --tcp 127.0.0.1 "$MAIN_PORT" "$big" --timeout 3)
  case "$got" in 413|400|closed) ;; *) fail "an oversized request over TCP got '$got'"; return 1 ;; esac
  sed 's|SIP/2.0/TCP|SIP/2.0/UDP|' "$big" >"$big.udp"
  got=$(python3 "$E2E_SRCDIR/tests/sip/send_raw.py" --udp 127.0.0.1 "$MAIN_PORT" "$big.udp" --timeout 2)
  case "$got" in 413|400|none) ;; *) fail "an oversized request over UDP got '$got'"; return 1 ;; esac
  kill -0 "$PID_main" 2>/dev/null || fail "the service died"
  t_options
}

run "302 for a resolved number, X-Tenant-* headers" t_resolved
run "the second call is a cache hit" t_cached
run "a national number in the Request-URI" t_national
run "unknown number: on-unknown reject:404" t_unknown
run "disabled tenant: 403" t_disabled
run "not a number: on-not-a-number reject:484" t_not_a_number
run "broken mapping: on-invalid continue, X-Tenant-Resolution: invalid" t_invalid
run "transfer by Request-URI: chosen target first, failover candidates by q" t_transfer_uri
run "transfer by X-Tenant-Id and X-Tenant-Destination" t_transfer_headers
run "closed destination: 480, Retry-After until the next opening" t_closed
run "closed by a closure: 480, X-Tenant-Closed-By/-Label, next opening at the closure's end" t_closed_by_closure
run "closed by a closure, after-hours destination open: 302 to it with X-Tenant-Closed-By" t_closure_after_hours
run "unknown destination: 404" t_unknown_destination
run "disabled destination: 403" t_disabled_destination
run "transfer for a disabled tenant: 403" t_disabled_tenant_transfer
run "transfer for an unknown tenant: 404" t_unknown_tenant
run "OPTIONS: 200, store reachable, Allow" t_options
run "REGISTER and BYE: 405 with Allow; an unknown method: 501" t_other_methods
run "an oversized request is refused" t_oversized

t_sighup() {
  # A changed on-unknown, reloaded: the next unknown number gets the new
  # status, and the store and cache are kept (nothing of theirs changed).
  sed -i 's/reject:404/reject:410/' "$E2E_TMP/main.conf.xml"
  kill -HUP "$PID_main"
  local i
  for i in $(seq 1 20); do grep -q "reloaded: store and cache kept" "$E2E_TMP/main.log" && break; sleep 0.25; done
  grep -q "reloaded: store and cache kept" "$E2E_TMP/main.log" || { fail "no reload in the log"; return 1; }
  status_is 410 "sip:+33100000998@127.0.0.1:$MAIN_PORT" || return 1
  # The cache was kept: the number resolved before is still a hit.
  status_is 302 "sip:+33676530019@127.0.0.1:$MAIN_PORT" && expect_header "X-Tenant-Resolution: hit"
}
t_sigusr1() {
  kill -USR1 "$PID_main"
  local i
  for i in $(seq 1 20); do grep -q 'info: status {' "$E2E_TMP/main.log" && break; sleep 0.25; done
  grep 'info: status {' "$E2E_TMP/main.log" | tail -n 1 | grep -q '"store_reachable":true' || { fail "no status line"; return 1; }
  grep 'info: status {' "$E2E_TMP/main.log" | tail -n 1 | grep -q '"hits":[1-9]' || fail "the status has no cache statistics"
}
run "SIGHUP reloads tenant.conf, keeping store and cache" t_sighup
run "SIGUSR1 logs the settings, store and cache statistics" t_sigusr1

# -------------------------------------------------------------- 2. a hung store, a full pool

e2e_free_port && SLOW_PORT=$E2E_PORT
start_service slow "$SLOW_PORT" lookup-timeout-ms=5000 max-pending-loads=2 ||
  setup_failed "the second tenant-redirectd did not start"

# in_background NAME STATUS RURI: a call to the slow service whose end is
# recorded in $E2E_TMP/done.NAME (its sipp status, then the time in ns).
BACKGROUND=()
in_background() {
  # A load held by the hung store ends after the lookup timeout, maybe
  # twice (server selection, then the socket): the call waits that long.
  ( RECV_TIMEOUT_MS=30000 CALL_TIMEOUT_S=40 sip_call uac_status "$2" "$SLOW_PORT" "$3"
    echo "$? $(date +%s%N)" >"$E2E_TMP/done.$1" ) &
  BACKGROUND+=($!)
}

t_hung_store() {
  sip_call uac_status 302 "$SLOW_PORT" "sip:+33676530019@127.0.0.1:$SLOW_PORT" || fail "warming the cache failed"
  kill -STOP "$FERRETDB_PID"
  # Two loads wait on the hung store (the pool's limit)...
  in_background a 503 "sip:+33123456789@127.0.0.1:$SLOW_PORT"
  in_background b 503 "sip:+33987654321@127.0.0.1:$SLOW_PORT"
  # Until both wait in the pool (the service's status says how many do).
  local i
  for i in $(seq 1 40); do
    kill -USR1 "$PID_slow"
    sleep 0.1
    grep 'info: status {' "$E2E_TMP/slow.log" | tail -n 1 | grep -q '"pending_loads":2' && break
  done
  grep 'info: status {' "$E2E_TMP/slow.log" | tail -n 1 | grep -q '"pending_loads":2' ||
    { kill -CONT "$FERRETDB_PID"; fail "the two loads never waited in the pool"; return 1; }
  # ... so a third uncached number is refused at once, and a cached one is
  # redirected at once: both before either waiting load ends.
  sip_call uac_status 503 "$SLOW_PORT" "sip:+33639980000@127.0.0.1:$SLOW_PORT"
  local refused=$? refused_at busy_header
  refused_at=$(date +%s%N)
  busy_header=$(last_received | tr -d '\r' | grep -c '^X-Tenant-Reason: too many store loads in flight')
  sip_call uac_status 302 "$SLOW_PORT" "sip:+33676530019@127.0.0.1:$SLOW_PORT"
  local cached=$? cached_at
  cached_at=$(date +%s%N)
  local p
  for p in "${BACKGROUND[@]}"; do wait "$p"; done
  kill -CONT "$FERRETDB_PID"
  [ $refused = 0 ] && [ "$busy_header" = 1 ] || { fail "a third load was not refused with 503 'too many store loads in flight'"; return 1; }
  [ $cached = 0 ] || { fail "a cached number was not redirected while the store hung"; return 1; }
  local a_status a_at b_status b_at
  read -r a_status a_at <"$E2E_TMP/done.a"
  read -r b_status b_at <"$E2E_TMP/done.b"
  [ "$a_status" = 0 ] && [ "$b_status" = 0 ] || { fail "the waiting loads did not end in 503"; return 1; }
  [ "$refused_at" -lt "$a_at" ] && [ "$refused_at" -lt "$b_at" ] && [ "$cached_at" -lt "$a_at" ] && [ "$cached_at" -lt "$b_at" ] ||
    fail "an answer waited for the hung store's loads"
}
t_cancel_while_loading() {
  kill -STOP "$FERRETDB_PID"
  sip_call uac_cancel 487 "$SLOW_PORT" "sip:+33100000101@127.0.0.1:$SLOW_PORT"
  local s=$?
  kill -CONT "$FERRETDB_PID"
  [ $s = 0 ] || fail "INVITE, CANCEL: expected 100, 200 and 487: $(tail -n 3 "$TRACE.out" | tr '\n' '|')"
}
# The store is marked down by a load that timed out; its probe marks it up
# again once it answers. Waits for that (OPTIONS says so), at most 15 s.
store_reachable_again() {
  local i
  for i in $(seq 1 30); do
    sip_call uac_method 200 "$SLOW_PORT" "sip:ping@127.0.0.1:$SLOW_PORT" OPTIONS &&
      last_received | tr -d '\r' | grep -q '^X-Tenant-Store: reachable' && return 0
    sleep 0.5
  done
  return 1
}
run "CANCEL while the store is loading: 487" t_cancel_while_loading
store_reachable_again || e2e_log "the store did not come back after the CANCEL scenario"
run "hung store: cached answered at once, a full pool answers 503" t_hung_store
store_reachable_again || e2e_log "the store did not come back after the hung-store scenario"

# -------------------------------------------------------------- 3. RFC 4475

t_torture() {  # transport port
  local transport="$1" port="$2" name udp tcp rest allowed got bad=""
  while read -r name udp tcp rest; do
    case "$name" in ''|'#'*) continue ;; esac
    [ "$transport" = udp ] && allowed="$udp" || allowed="$tcp"
    got=$(python3 "$E2E_SRCDIR/tests/sip/send_raw.py" --"$transport" 127.0.0.1 "$port" \
      "$E2E_SRCDIR/tests/sip/torture/$name.dat" --timeout 1.5)
    case "|$allowed|" in *"|$got|"*) ;; *) bad="$bad $name:$got(want $allowed)" ;; esac
  done <"$E2E_SRCDIR/tests/sip/torture/expected"
  [ -z "$bad" ] || { fail "$bad"; return 1; }
  kill -0 "$PID_torture" 2>/dev/null && kill -0 "$PID_slow" 2>/dev/null || fail "the service died"
}
# Each transport against its own service: a message's retransmission over
# the other would be absorbed by the first one's transaction. Both run with
# the default on-* actions (the expectations say so).
e2e_free_port && TORTURE_PORT=$E2E_PORT
start_service torture "$TORTURE_PORT" || setup_failed "the third tenant-redirectd did not start"
run "RFC 4475 torture messages over UDP" t_torture udp "$TORTURE_PORT"
run "RFC 4475 torture messages over TCP" t_torture tcp "$SLOW_PORT"
run "the service still answers after the torture" t_options

# -------------------------------------------------------------- 4. Kamailio

KAMAILIO_OK=0
if [ -x "$KAMAILIO" ]; then
  e2e_free_port && KAM_PORT=$E2E_PORT
  mkdir -p "$E2E_TMP/kamailio"
  "$KAMAILIO" -DD -E -f "$E2E_SRCDIR/conf/kamailio/kamailio.cfg" \
    -A "LISTEN_ADDR=udp:127.0.0.1:$KAM_PORT" -A "REDIRECT_SERVER=\"sip:127.0.0.1:$MAIN_PORT\"" \
    -Y "$E2E_TMP/kamailio" -w "$E2E_TMP/kamailio" -m 64 -M 8 -n 2 </dev/null >>"$E2E_TMP/kamailio.log" 2>&1 &
  KAM_PID=$!
  E2E_PIDS=("$KAM_PID" "${E2E_PIDS[@]}")
  # Kamailio answers OPTIONS 405 (its script takes INVITEs only): up when it does.
  for _ in $(seq 1 40); do
    kill -0 "$KAM_PID" 2>/dev/null || break
    if RECV_TIMEOUT_MS=500 sip_call uac_method 405 "$KAM_PORT" "sip:ping@127.0.0.1:$KAM_PORT" OPTIONS; then
      KAMAILIO_OK=1
      break
    fi
  done
fi

# agent SCENARIO PORT NAME: a sipp agent taking one call, in the background.
agent() {
  local trace="$E2E_TMP/traces/agent-$3.msg"
  timeout 40 "$SIPP" -sf "$E2E_SRCDIR/tests/sip/sipp/$1.xml" -m 1 -i 127.0.0.1 -p "$2" \
    -trace_msg -message_file "$trace" -nostdin >"$trace.out" 2>&1 &
  eval "AGENT_PID_$3=$!"
}
agent_got() {  # NAME REGEX: the INVITE the agent received has a line matching it
  tr -d '\r' <"$E2E_TMP/traces/agent-$1.msg" | grep -Eq "^$2" || fail "agent $1 got no line '$2'"
}

k_inbound() {
  agent uas_agent "$AGENT_PORT" inbound
  sip_call uac_call 200 "$KAM_PORT" "sip:+33676530019@127.0.0.1:$KAM_PORT" || { fail "the call through Kamailio failed: $(tail -n 2 "$TRACE.out" | tr '\n' '|')"; return 1; }
  wait "$AGENT_PID_inbound" || { fail "the agent did not complete its call"; return 1; }
  agent_got inbound "INVITE sip:\+33676530019@127\.0\.0\.1:$AGENT_PORT" || return 1
  agent_got inbound "X-Tenant-Id: tenant-test-001" || return 1
  agent_got inbound "X-Tenant-Client-Id: axeoguyane" || return 1
  agent_got inbound "X-Tenant-Number: \+33676530019" || return 1
  agent_got inbound "X-Tenant-Timezone: Europe/Paris"
}
k_failover() {
  agent uas_busy "$AGENT_BUSY_PORT" busy
  agent uas_agent "$AGENT_PORT" second
  sip_call uac_call 200 "$KAM_PORT" "sip:first@127.0.0.1:$KAM_PORT;tenant=tenant-sip-a" || { fail "the transfer through Kamailio failed: $(tail -n 2 "$TRACE.out" | tr '\n' '|')"; return 1; }
  wait "$AGENT_PID_busy" || { fail "the first target was not tried"; return 1; }
  wait "$AGENT_PID_second" || { fail "the second target did not get the call"; return 1; }
  agent_got busy "INVITE sip:first@127\.0\.0\.1:$AGENT_BUSY_PORT" || return 1
  agent_got second "INVITE sip:second@127\.0\.0\.1:$AGENT_PORT" || return 1
  agent_got second "X-Tenant-Destination: first"
}
k_closed() {
  sip_call uac_status 480 "$KAM_PORT" "sip:office@127.0.0.1:$KAM_PORT;tenant=tenant-sip-a" || { fail "expected 480 through Kamailio, got: $(last_received | head -n 1 | tr -d '\r')"; return 1; }
  expect_header "Retry-After: [0-9]+" && expect_header "X-Tenant-Next-Open: "
}
k_closed_by_closure() {
  # The proxy passes the 480 on as it is: what closed the desk, and its label.
  sip_call uac_status 480 "$KAM_PORT" "sip:stocktake@127.0.0.1:$KAM_PORT;tenant=tenant-sip-a" || { fail "expected 480 through Kamailio, got: $(last_received | head -n 1 | tr -d '\r')"; return 1; }
  expect_header "X-Tenant-Closed-By: closure$" && expect_header "X-Tenant-Closed-Label: Fermé pour inventaire$"
}
k_store_killed() {
  e2e_stop_ferretdb
  agent uas_agent "$AGENT_PORT" cached
  sip_call uac_call 200 "$KAM_PORT" "sip:+33676530019@127.0.0.1:$KAM_PORT" || { fail "a cached tenant was not redirected with the store gone"; return 1; }
  wait "$AGENT_PID_cached" || { fail "the agent did not get the call"; return 1; }
  agent_got cached "X-Tenant-Id: tenant-test-001" || return 1
  # An uncached number, with no store: the service answers 503, which a
  # proxy passes on as 500 (RFC 3261 16.7).
  sip_call uac_status 500 "$KAM_PORT" "sip:+33987654321@127.0.0.1:$KAM_PORT" || { fail "expected 500 from Kamailio with the store gone, got: $(last_received | head -n 1 | tr -d '\r')"; return 1; }
}
if [ "$KAMAILIO_OK" = 1 ]; then
  run "Kamailio: 302, get_redirects(), the agent gets the X-Tenant-* headers" k_inbound
  run "Kamailio: the first target busy (486), the second reached" k_failover
  run "Kamailio: a closed destination gives the caller 480 with Retry-After" k_closed
  run "Kamailio: a destination closed by a closure: the caller's 480 says so" k_closed_by_closure
  run "Kamailio: the store killed, cached tenants still redirected" k_store_killed
else
  run "Kamailio starts (scripts/setup-deps.sh installs it)" fail "no Kamailio at $KAMAILIO or it did not start: $(tail -n 3 "$E2E_TMP/kamailio.log" 2>/dev/null | tr '\n' '|')"
fi

# -------------------------------------------------------------- 5. the command line

t_command_line() {
  local conf="$E2E_TMP/bad.conf.xml" out status
  printf '%s\n' '<configuration name="tenant.conf"><settings>' \
    '<param name="number-source" value="variable:sip_h_X-Called"/>' '<param name="max-pending-loads" value="0"/>' \
    '</settings></configuration>' >"$conf"
  out=$("$REDIRECTD" --check-config --config "$conf")
  status=$?
  [ "$status" = 1 ] || { fail "--check-config of a bad file exited $status"; return 1; }
  case "$out" in *'"ok":false'*'number-source: the SIP service reads to-user or request-uri only'*) ;;
    *) fail "no number-source problem in: $out"; return 1 ;; esac
  case "$out" in *'max-pending-loads: must be a whole number from 1 to 10000'*) ;;
    *) fail "no max-pending-loads problem in: $out"; return 1 ;; esac
  out=$("$REDIRECTD" --check-config --config "$E2E_TMP/no-such.conf.xml")
  [ $? = 1 ] && [[ "$out" == *'"error":"cannot read '* ]] || { fail "a missing file: $out"; return 1; }
  out=$("$REDIRECTD" --log bogus 2>&1)
  [ $? = 2 ] && [[ "$out" == *"error: --log takes stderr or syslog"* ]] || { fail "--log bogus: $out"; return 1; }
  out=$("$REDIRECTD" --frobnicate 2>&1)
  [ $? = 2 ] && [[ "$out" == *"error: unknown argument '--frobnicate'"* ]] || fail "an unknown argument: $out"
}
run "the command line refuses bad settings and arguments with their reason" t_command_line

# -------------------------------------------------------------- 6. clean stop

t_clean_stop() {
  local name pid status bad=""
  for name in main slow torture; do
    eval "pid=\${PID_$name:-}"
    [ -n "$pid" ] || continue
    kill -TERM "$pid" 2>/dev/null
    wait "$pid"
    status=$?
    e2e_forget_pid "$pid"
    [ "$status" = 0 ] || bad="$bad $name:exit=$status"
    grep -q "info: stopping" "$E2E_TMP/$name.log" || bad="$bad $name:no-stop-line"
    # A sanitizer build reports here (AddressSanitizer, LeakSanitizer,
    # UndefinedBehaviorSanitizer, ThreadSanitizer).
    if grep -Eq "ERROR: (Address|Leak|Thread)Sanitizer|WARNING: ThreadSanitizer|runtime error:" "$E2E_TMP/$name.log"; then
      bad="$bad $name:sanitizer-report"
    fi
  done
  [ -z "$bad" ] || fail "$bad (logs in $E2E_TMP)"
}
run "SIGTERM stops every service cleanly, no sanitizer report" t_clean_stop

finish
