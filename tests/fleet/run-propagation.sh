#!/usr/bin/env bash
# Two switches agree on every change within the poll interval: two
# tenant-redirectd processes (two independent resolvers, caches and change
# feeds, as two switches) in front of one FerretDB. Every change is made with
# tenantctl's write commands while both run, and each service is asked over
# real SIP, again and again, until it answers the new way:
#
#   1. an override set on a tenant: a transfer to its desk is refused (480)
#      with the override's label by both;
#   2. a number moved to another tenant: both redirect it with the new
#      X-Tenant-Id;
#   3. a number removed: both answer it as unknown (404);
#   4. the override cleared: both transfer again;
#   5. nothing that did not change was loaded again: an untouched number is
#      still answered from the cache (X-Tenant-Resolution: hit), and each
#      service's counters (SIGUSR1) show one refresh per tenant change and
#      one drop per mapping change.
#
# The caches live an hour (cache-ttl-seconds=3600, also for unknown
# numbers), so only the change feed (change-poll-seconds=1) can bring a
# change in; each must arrive within the interval plus a margin for a loaded
# machine (PROPAGATION_MARGIN_S, default 4 s). The delays are printed.
#
# Exit: 0 all passed, 1 a scenario failed, 77 skipped (no service built,
# no FerretDB or python3).
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -n "${srcdir:-}" ] && [ -d "$srcdir/tests/fleet" ]; then
  E2E_SRCDIR=$(cd "$srcdir" && pwd)
else
  E2E_SRCDIR=$(cd "$here/../.." && pwd)
fi
E2E_BUILDDIR=$(pwd)
E2E_KEEP="${FLEET_KEEP:-${E2E_KEEP:-}}"
. "$E2E_SRCDIR/tests/lib/harness.sh"

REDIRECTD="${TENANT_REDIRECTD:-$E2E_BUILDDIR/tenant-redirectd}"
TENANTCTL="${TENANTCTL:-$E2E_BUILDDIR/tenantctl}"
ASK="$E2E_SRCDIR/tests/fleet/sip_ask.py"
INTERVAL_S=1
MARGIN_S="${PROPAGATION_MARGIN_S:-4}"
skip() { echo "SKIP: $*"; exit 77; }
[ -x "$REDIRECTD" ] || skip "tenant-redirectd not built at $REDIRECTD"
[ -x "$TENANTCTL" ] || skip "tenantctl not built at $TENANTCTL"
command -v python3 >/dev/null 2>&1 || skip "python3 not found"
FERRETDB_BIN=$(e2e_find_ferretdb) || skip "FerretDB not found (run scripts/install-ferretdb.sh, or set FERRETDB)"

e2e_setup fleet || { echo "not ok - setup: cannot create a temporary folder"; exit 1; }
trap 'e2e_teardown' EXIT
trap 'exit 1' INT TERM

e2e_start_ferretdb || setup_failed "FerretDB did not start"
e2e_seed "$E2E_SRCDIR/tests/fleet/data/fleet-tenants.json" || setup_failed "seeding the store failed"

# start_switch NAME: a tenant-redirectd of its own on a free port
# (PORT_<NAME>, PID_<NAME>). Another suite running beside this one may take
# the port between the choice and the bind: then another port is tried.
start_switch() {
  local name="$1" conf="$E2E_TMP/$1.conf.xml" port attempt pid
  for attempt in 1 2 3; do
    e2e_free_port || return 1
    port=$E2E_PORT
    cat >"$conf" <<XML
<configuration name="tenant.conf"><settings>
  <param name="mongo-uri" value="$MONGO_URI"/>
  <param name="sip-listen" value="127.0.0.1:$port"/>
  <param name="agent-uri" value="sip:\${number}@127.0.0.1:5998"/>
  <param name="on-unknown" value="reject:404"/>
  <param name="cache-ttl-seconds" value="3600"/>
  <param name="cache-negative-ttl-seconds" value="3600"/>
  <param name="change-poll-seconds" value="$INTERVAL_S"/>
</settings></configuration>
XML
    "$REDIRECTD" --config "$conf" --log-level info </dev/null >>"$E2E_TMP/$name.log" 2>&1 &
    pid=$!
    E2E_PIDS=("$pid" "${E2E_PIDS[@]}")  # stopped before the store
    eval "PID_$name=$pid PORT_$name=$port"
    # Up when it says it listens; a failed bind ends the process at once.
    local deadline=$((SECONDS + 20))
    while [ $SECONDS -lt $deadline ] && kill -0 "$pid" 2>/dev/null; do
      grep -q "listening on sip:127.0.0.1:$port " "$E2E_TMP/$name.log" && return 0
      sleep 0.1
    done
    e2e_log "$name did not start on $port (attempt $attempt): $(tail -n 2 "$E2E_TMP/$name.log")"
    e2e_forget_pid "$pid"
  done
  return 1
}
start_switch one || setup_failed "the first service did not start"
start_switch two || setup_failed "the second service did not start"
SWITCHES="one two"

# -------------------------------------------------------------- helpers

ANSWER=""
ask() {  # SWITCH RURI [HEADER...]: ANSWER is the final response, status line first
  local port_var="PORT_$1"
  shift
  ANSWER=$(python3 "$ASK" "${!port_var}" "$@" 2>&1)
}
number_uri() { echo "sip:$1@127.0.0.1"; }
transfer_uri() { echo "sip:$1@127.0.0.1;tenant=$2"; }

# until_all MATCH RURI: asks every switch until its answer matches the
# extended regular expression MATCH, within the interval plus the margin;
# prints each switch's delay in milliseconds.
until_all() {
  local match="$1" ruri="$2" sw start now deadline delays=""
  start=$(date +%s%N)
  deadline=$((start + (INTERVAL_S + MARGIN_S) * 1000000000))
  for sw in $SWITCHES; do
    while :; do
      ask "$sw" "$ruri"
      now=$(date +%s%N)
      if grep -Eq "$match" <<<"$ANSWER"; then
        delays="$delays $sw=$(((now - start) / 1000000))ms"
        break
      fi
      [ "$now" -lt "$deadline" ] || { fail "$sw still answers '$(head -n 1 <<<"$ANSWER")' after $((INTERVAL_S + MARGIN_S)) s (wanted /$match/)"; return 1; }
      sleep 0.1
    done
  done
  echo "# seen by every switch:$delays"
}

tenantctl_write() {  # the write command; its output kept for the log
  "$TENANTCTL" "$@" --mongo-uri "$MONGO_URI" >>"$E2E_TMP/writes.out" 2>&1 ||
    { fail "tenantctl $* failed: $(tail -n 3 "$E2E_TMP/writes.out" | tr '\n' '|')"; return 1; }
}

# counter SWITCH NAME: a cache counter from the service's status (SIGUSR1).
counter() {
  local pid_var="PID_$1" log="$E2E_TMP/$1.log" before
  before=$(grep -c '"cache"' "$log")
  kill -USR1 "${!pid_var}"
  for _ in $(seq 1 50); do
    [ "$(grep -c '"cache"' "$log")" -gt "$before" ] && break
    sleep 0.1
  done
  grep '"cache"' "$log" | tail -n 1 | grep -o "\"$2\":[0-9]*" | head -n 1 | cut -d: -f2
}

# -------------------------------------------------------------- scenarios

warm_caches() {
  local sw n
  for sw in $SWITCHES; do
    for n in +33100000201 +33100000202 +33100000203; do
      ask "$sw" "$(number_uri "$n")"
      grep -q "^SIP/2.0 302" <<<"$ANSWER" || { fail "$sw: $n answered '$(head -n 1 <<<"$ANSWER")'"; return 1; }
    done
    ask "$sw" "$(transfer_uri desk tenant-fleet-a)"
    grep -q "^X-Tenant-Destination: desk" <<<"$ANSWER" || { fail "$sw: the desk is not open: $ANSWER"; return 1; }
    # An unknown number, cached as unknown for the hour.
    ask "$sw" "$(number_uri +33100000209)"
    grep -q "^SIP/2.0 404" <<<"$ANSWER" || { fail "$sw: +33100000209 answered '$(head -n 1 <<<"$ANSWER")'"; return 1; }
  done
  # The feeds have polled at least once (they learn where the store stands
  # first): a change from now on is one they must bring in.
  sleep $((INTERVAL_S * 2))
  REFRESHES_BEFORE_one=$(counter one refreshes)
  REFRESHES_BEFORE_two=$(counter two refreshes)
}

override_set() {
  tenantctl_write override set tenant-fleet-a --state closed --label "Tempête sur le port" || return 1
  until_all "^X-Tenant-Closed-Label: Tempête sur le port" "$(transfer_uri desk tenant-fleet-a)" || return 1
  grep -q "^SIP/2.0 480" <<<"$ANSWER" && grep -q "^X-Tenant-Closed-By: override" <<<"$ANSWER" ||
    fail "not a 480 closed by the override: $ANSWER"
}

number_moved() {
  tenantctl_write number move +33100000201 tenant-fleet-b || return 1
  until_all "^X-Tenant-Id: tenant-fleet-b" "$(number_uri +33100000201)"
}

number_removed() {
  tenantctl_write number remove +33100000202 || return 1
  until_all "^SIP/2.0 404" "$(number_uri +33100000202)"
}

number_added() {
  tenantctl_write number add +33100000209 tenant-fleet-b || return 1
  until_all "^X-Tenant-Id: tenant-fleet-b" "$(number_uri +33100000209)"
}

override_cleared() {
  tenantctl_write override clear tenant-fleet-a || return 1
  until_all "^X-Tenant-Destination: desk" "$(transfer_uri desk tenant-fleet-a)"
}

nothing_else_reloaded() {
  local sw refreshes drops before
  for sw in $SWITCHES; do
    ask "$sw" "$(number_uri +33100000203)"
    grep -q "^X-Tenant-Resolution: hit" <<<"$ANSWER" || { fail "$sw: the untouched number was not a cache hit: $ANSWER"; return 1; }
    # Two changes of tenant-fleet-a's document (set, clear); three numbers
    # changed (moved, removed, added).
    before="REFRESHES_BEFORE_$sw"
    refreshes=$(( $(counter "$sw" refreshes) - ${!before} ))
    drops=$(counter "$sw" change_drops)
    [ "$refreshes" -eq 2 ] || { fail "$sw refreshed $refreshes tenants, expected 2"; return 1; }
    [ "$drops" -eq 3 ] || { fail "$sw dropped $drops numbers, expected 3"; return 1; }
  done
}

run "two switches warm" warm_caches
run "override set with tenantctl: both refuse the transfer with its label" override_set
run "number moved: both redirect it to its new tenant" number_moved
run "number removed: both answer it as unknown" number_removed
run "number added (cached as unknown): both find it" number_added
run "override cleared: both transfer again" override_cleared
run "nothing that did not change was reloaded" nothing_else_reloaded
finish
