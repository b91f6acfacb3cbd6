#!/usr/bin/env bash
# End-to-end suite for mod_tenant against an installed FreeSWITCH.
#
# Starts FerretDB and a FreeSWITCH of its own (configuration from
# tests/freeswitch/conf, everything on 127.0.0.1, in a temporary folder),
# seeds the example tenants and tests/freeswitch/data, and drives calls with
# sipp (scenarios in tests/freeswitch/sipp). One line per scenario,
# "ok - name" or "not ok - name: why", then "N passed, M failed".
#
# Environment:
#   FREESWITCH_PREFIX  installed FreeSWITCH (default: pkg-config's prefix,
#                      then the one this build was configured with, then
#                      /usr/local/freeswitch)
#   FREESWITCH_MODDIR  its module folder (default: PREFIX/mod)
#   MOD_TENANT_SO      the module to test (default: ./.libs/mod_tenant.so)
#   TENANTCTL          default: the tenantctl next to the module's build
#   SIPP, FERRETDB     the programs (default: from PATH / ~/.local/bin)
#   E2E_KEEP=1         keep the temporary folder (logs, sipp traces)
#   E2E_LOGLEVEL       FreeSWITCH log level (default info)
#   E2E_ONLY           a regular expression: run only the scenarios it matches
#   E2E_FS_OPTIONS     extra FreeSWITCH options (e.g. -core)
#
# Exit: 0 all passed, 1 a scenario failed or the setup broke, 77 skipped
# (no FreeSWITCH, module, sipp or FerretDB), as automake's test driver expects.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -n "${srcdir:-}" ] && [ -d "$srcdir/tests/freeswitch" ]; then
  E2E_SRCDIR=$(cd "$srcdir" && pwd)
else
  E2E_SRCDIR=$(cd "$here/../.." && pwd)
fi
E2E_BUILDDIR=$(pwd)
if [ -n "${MOD_TENANT_SO:-}" ] && [ ! -x "$E2E_BUILDDIR/tenantctl" ]; then
  # A module from another build folder: its tenantctl is there too.
  if d=$(cd "$(dirname "$MOD_TENANT_SO")" 2>/dev/null && pwd); then
    [ "$(basename "$d")" = .libs ] && d=$(dirname "$d")
    E2E_BUILDDIR="$d"
  fi
fi

. "$here/lib.sh"

if ! e2e_find_tools; then
  echo "SKIP: $E2E_SKIP"
  exit 77
fi

e2e_setup e2e || { echo "not ok - setup: cannot create a temporary folder"; exit 1; }
trap 'e2e_teardown' EXIT
trap 'exit 1' INT TERM

mkdir -p "$E2E_TMP/sipp"
NEXT_YEAR=$(( $(date -u +%Y) + 1 ))
REFER_TIMEOUT_MS=4000   # tenant.conf.xml's refer-timeout-ms
CACHE_TTL=10            # its cache-ttl-seconds (vars.xml): long enough that a loaded machine
                        # still sees the second call as a hit, short enough to expire on purpose
E2E_CACHE_TTL=$CACHE_TTL

# -------------------------------------------------------------- events

# A connection to the event socket that writes tenant::* and hangup events
# to events.log for the whole run: the suite finds a call's events by the
# X-E2E-Tag header sipp puts in the INVITE.
start_event_log() {
  local log="$E2E_TMP/events.log"
  : >"$log"
  (
    exec 3<>"/dev/tcp/127.0.0.1/$ESL_PORT" || exit 1
    printf 'auth %s\n\n' "$ESL_PASSWORD" >&3
    printf 'event plain CHANNEL_HANGUP_COMPLETE CUSTOM tenant::resolved tenant::refer tenant::changed\n\n' >&3
    exec cat <&3 >"$log"
  ) &
  E2E_PIDS+=("$!")
  local deadline=$((SECONDS + 10))
  while [ $SECONDS -lt $deadline ]; do
    grep -q "event listener enabled" "$log" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

# The events of one call: TAG, subclass or event name; URL-decoded, one
# event per paragraph.
events_of() {
  local tag="$1" what="$2"
  awk -v tag="variable_sip_h_X-E2E-Tag: $tag\n" -v sub1="Event-Subclass: $what\n" \
      -v name1="Event-Name: $what\n" '
    function decode(s,    out, i, c) {
      out = ""
      for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "%" && (substr(s, i + 1, 2) in hex)) { out = out hex[substr(s, i + 1, 2)]; i += 2 }
        else out = out c
      }
      return out
    }
    BEGIN {
      RS = ""
      for (i = 32; i < 256; i++) {
        hex[sprintf("%02X", i)] = sprintf("%c", i)
        hex[sprintf("%02x", i)] = sprintf("%c", i)
      }
    }
    {
      text = decode($0) "\n"
      if (index(text, tag) && (index(text, sub1) || index(text, name1))) print text
    }' "$E2E_TMP/events.log"
}

wait_event() {  # tag what seconds
  local deadline=$((SECONDS + $3))
  while [ $SECONDS -le $deadline ]; do
    [ -n "$(events_of "$1" "$2")" ] && return 0
    sleep 0.1
  done
  return 1
}

# Value of header NAME in text on stdin (first match).
field() {
  awk -v name="$1" '
    { sub(/\r$/, "") }
    index($0, name ": ") == 1 { print substr($0, length(name) + 3); exit }'
}

# -------------------------------------------------------------- sipp

# sipp_call TAG SCENARIO NUMBER ACTION DEST [sipp options...]
# Runs one call; its trace is $E2E_TMP/sipp/TAG.msg. Returns sipp's status.
sipp_call() {
  local tag="$1" scenario="$2" number="$3" action="$4" dest="$5"
  shift 5
  e2e_free_port || return 1
  local sip_port=$E2E_PORT
  e2e_free_port 4 || return 1
  local media_port=$E2E_PORT
  rm -f "$E2E_TMP/sipp/$tag".*
  timeout 60 "$SIPP" "127.0.0.1:$SIP_PORT" -sf "$here/sipp/$scenario.xml" -s "$number" \
    -key action "$action" -key dest "$dest" -key tag "$tag" \
    -key substate "${SUBSTATE:-terminated;reason=noresource}" \
    -i 127.0.0.1 -p "$sip_port" -mi 127.0.0.1 -mp "$media_port" \
    -m 1 -timeout 40s -timeout_error -max_retrans 5 -nostdin \
    -trace_msg -message_file "$E2E_TMP/sipp/$tag.msg" \
    -trace_err -error_file "$E2E_TMP/sipp/$tag.err" \
    "$@" </dev/null >"$E2E_TMP/sipp/$tag.out" 2>&1
}

# Why a sipp call failed, in one line.
sipp_why() {
  local tag="$1" detail=""
  if [ -s "$E2E_TMP/sipp/$tag.err" ]; then
    detail=$(grep -v "^The following events occurred" "$E2E_TMP/sipp/$tag.err" | tr -d '\r' | cut -f3- |
             sed 's/^[0-9.]*: //' | head -n 2 | tr '\n' ' ')
  fi
  printf 'sipp failed (%s); messages: %s' "${detail:-see $tag.out}" "$(flow "$tag")"
}

# The call's messages, start lines only, as one line: "> INVITE, < 100, ...".
flow() {
  [ -f "$E2E_TMP/sipp/$1.msg" ] || return 0
  tr -d '\r' <"$E2E_TMP/sipp/$1.msg" | awk '
    /message sent/ { dir = ">"; want = 1; next }
    /message received/ { dir = "<"; want = 1; next }
    want && NF {
      if ($1 == "SIP/2.0") line = $2; else line = $1
      out = out (out ? ", " : "") dir " " line
      want = 0
    }
    END { print out }'
}

# message TAG DIR START [N]: the Nth message ("sent" or "received") whose
# start line begins with START, headers only.
message() {
  local tag="$1" dir="$2" start="$3" n="${4:-1}"
  tr -d '\r' <"$E2E_TMP/sipp/$tag.msg" | awk -v dir="$dir" -v start="$start" -v n="$n" '
    /^-----------------------------------------------/ { inmsg = 0; next }
    /message (sent|received)/ { d = ($0 ~ /sent/) ? "sent" : "received"; first = 1; next }
    first && NF == 0 { next }
    first { first = 0; if (d == dir && index($0, start) == 1 && ++seen == n) inmsg = 1 }
    inmsg { if (NF == 0) { exit } print }'
}

count_messages() {  # tag dir start
  tr -d '\r' <"$E2E_TMP/sipp/$1.msg" | awk -v dir="$2" -v start="$3" '
    /message (sent|received)/ { d = ($0 ~ /sent/) ? "sent" : "received"; first = 1; next }
    first && NF == 0 { next }
    first { first = 0; if (d == dir && index($0, start) == 1) c++ }
    END { print c + 0 }'
}

# Waits for a background sipp and forgets its process id.
wait_sipp() {
  local rc=0
  wait "$1" || rc=$?
  e2e_forget_pid "$1"
  return $rc
}

# The failing NOTIFY keeps the subscription active. mod_sofia (1.10.x) tears
# down the call's SIP dialog by itself when a NOTIFY terminates the refer
# subscription, whatever the module does (docs/freeswitch-testing.md).
env_notify_active() { SUBSTATE="active;expires=60" "$@"; }

expect() {  # what actual expected
  [ "$2" = "$3" ] && return 0
  fail "$1: got '$2', want '$3'"
}

expect_match() {  # what actual regex
  [[ "$2" =~ $3 ]] && return 0
  fail "$1: got '$2', want /$3/"
}

# -------------------------------------------------------------- setup

e2e_start_ferretdb || setup_failed "FerretDB did not start"
e2e_seed "$here/data/e2e-tenants.json" || setup_failed "could not seed the store"
e2e_start_freeswitch || setup_failed "FreeSWITCH did not start (log: $E2E_TMP/fs/log/freeswitch.log)"
start_event_log || setup_failed "no event socket connection"

# -------------------------------------------------------------- scenarios

t_module_loaded() {
  expect "module_exists mod_tenant" "$(fsapi module_exists mod_tenant | tr -d '\r\n')" "true" || return 1
  local s
  s=$(fsapi "tenant status")
  expect_match "tenant status" "$s" '"store_reachable":true' || return 1
  expect_match "tenant status" "$s" '"on-unknown":"reject:404"' || return 1
  expect_match "tenant status" "$s" '"config_problems":\[\]' || return 1
}

t_api() {
  local s
  s=$(fsapi "tenant lookup +33676530019")
  expect_match "tenant lookup" "$s" '"tenant_id":"tenant-test-001"' || return 1
  expect_match "tenant lookup" "$s" '"status":"active"' || return 1
  s=$(fsapi "tenant lookup 0639980000")
  expect_match "tenant lookup (national form)" "$s" '"number":"\+33639980000".*"status":"disabled"' || return 1
  s=$(fsapi "tenant lookup +33100000099")
  expect_match "tenant lookup (unknown)" "$s" '"status":"unknown"' || return 1
  s=$(fsapi "tenant config tenant-e2e-open")
  expect_match "tenant config" "$s" '"display_name":"E2E Open Desk".*"problems":\[\]' || return 1
  s=$(fsapi "tenant destinations tenant-e2e-open")
  expect_match "tenant destinations" "$s" '"destination_id":"desk"' || return 1
  s=$(fsapi "tenant refer tenant-e2e-open night")
  expect_match "tenant refer (dry run)" "$s" '"ok":true,"destination_id":"voicemail".*"reason":"after_hours"' || return 1
  s=$(fsapi "tenant refer tenant-e2e-open future")
  expect_match "tenant refer (closed)" "$s" "\"ok\":false,\"error\":\"closed\",\"next_open\":\"$NEXT_YEAR-01-01T00:00:00Z\"" || return 1
  s=$(fsapi "tenant cache stats")
  expect_match "tenant cache stats" "$s" '"hits":[0-9]+.*"misses":[1-9]' || return 1
  s=$(fsapi "tenant frobnicate")
  expect_match "tenant (bad verb)" "$s" '^-ERR usage' || return 1
}

# Closures and overrides through the API: what closed a destination, with
# its label, in the refer dry runs and the destination list.
t_api_closures() {
  local s
  s=$(fsapi "tenant refer tenant-e2e-open holiday")
  expect_match "tenant refer (override)" "$s" \
    '^\{"ok":false,"error":"closed","next_open":null,' || return 1
  expect_match "tenant refer (override)" "$s" \
    '"chain":\[\{"destination_id":"holiday","status":"closed","closed_by":"override","label":"Fermeture exceptionnelle"\}\],"closed_by":"override","closed_label":"Fermeture exceptionnelle"\}' || return 1
  s=$(fsapi "tenant refer tenant-e2e-open inventory")
  expect_match "tenant refer (closure, after hours)" "$s" \
    '^\{"ok":true,"destination_id":"voicemail",.*"reason":"after_hours","chain":\[\{"destination_id":"inventory","status":"closed","closed_by":"closure","label":"Inventaire"\},\{"destination_id":"voicemail","status":"open"\}\],.*"closed_by":"closure","closed_label":"Inventaire"\}' || return 1
  # Closed by its hours: said so, without a label.
  s=$(fsapi "tenant refer tenant-e2e-open night")
  expect_match "tenant refer (hours)" "$s" '"closed_by":"hours","closed_label":null\}' || return 1
  s=$(fsapi "tenant refer tenant-e2e-open desk")
  expect_match "tenant refer (open)" "$s" '"reason":"open",.*"closed_by":null,"closed_label":null\}' || return 1
  # The tenant's closure closes the destination and its fallback alike.
  s=$(fsapi "tenant refer tenant-e2e-closed desk")
  expect_match "tenant refer (tenant closure)" "$s" \
    '^\{"ok":false,"error":"closed","next_open":null,.*"chain":\[\{"destination_id":"desk","status":"closed","closed_by":"closure","label":"Fermeture annuelle"\},\{"destination_id":"voicemail","status":"closed","closed_by":"closure","label":"Fermeture annuelle"\}\],"closed_by":"closure","closed_label":"Fermeture annuelle"\}' || return 1
  # An override "open" comes before the tenant's closure...
  s=$(fsapi "tenant refer tenant-e2e-closed duty")
  expect_match "tenant refer (override open)" "$s" '^\{"ok":true,"destination_id":"duty",.*"reason":"open",.*"closed_by":null' || return 1
  # ... and without a destination, the first by priority says why it was passed over.
  s=$(fsapi "tenant refer tenant-e2e-closed")
  expect_match "tenant refer (priority)" "$s" \
    '^\{"ok":true,"destination_id":"duty",.*"reason":"priority","chain":\[\{"destination_id":"desk","status":"closed","closed_by":"closure","label":"Fermeture annuelle"\},\{"destination_id":"duty","status":"open"\}\],.*"closed_by":"closure","closed_label":"Fermeture annuelle"\}' || return 1
  # The transfer tool: only what is open now, by priority; a tenant whose
  # transfers are refused gets none.
  s=$(fsapi "tenant tools tenant-e2e-open")
  expect_match "tenant tools" "$s" \
    '^\{"type":"function","function":\{"name":"transfer_call",.*"enum":\["desk","backup","phone","voicemail"\],' || return 1
  expect_match "tenant tools (tenant closure, override open)" "$(fsapi "tenant tools +33100000003")" '"enum":\["duty"\],' || return 1
  expect_match "tenant tools (refer disabled)" "$(fsapi "tenant tools +33987654321")" \
    '^-ERR transfers are disabled for tenant tenant-prod-002' || return 1
  s=$(fsapi "tenant destinations tenant-e2e-open")
  expect_match "tenant destinations (override)" "$s" \
    '\{"destination_id":"holiday",[^}]*"open":false,"closed_by":"override","closed_label":"Fermeture exceptionnelle","next_change":null\}' || return 1
  expect_match "tenant destinations (closure)" "$s" \
    '\{"destination_id":"inventory",[^}]*"open":false,"closed_by":"closure","closed_label":"Inventaire","next_change":null\}'
}

# (a) A call to a known number: the hook's variables, seen by the caller in
# the 200 OK and by fs_cli on the live channel.
t_known_number() {
  local tag=known
  sipp_call $tag uac_answer +33676530019 answer "" -d 2500 &
  local sipp_pid=$!
  E2E_PIDS+=("$sipp_pid")
  local uuid="" ok=1
  if wait_event $tag tenant::resolved 10; then
    uuid=$(events_of $tag tenant::resolved | field Unique-ID)
  fi
  declare -A want=([tenant_id]=tenant-test-001 [tenant_client_id]=axeoguyane
                   [tenant_display_name]="AXEO Services Guyane" [tenant_timezone]=Europe/Paris
                   [timezone]=Europe/Paris [tenant_locale]=fr-FR [tenant_status]=active
                   [tenant_number]=+33676530019)
  local v got
  if [ -z "$uuid" ]; then
    fail "no tenant::resolved event for the call"
    ok=0
  else
    for v in "${!want[@]}"; do
      got=$(fsapi "uuid_getvar $uuid $v" | tr -d '\r\n')
      expect "uuid_getvar $v" "$got" "${want[$v]}" || { ok=0; break; }
    done
    if [ $ok = 1 ]; then
      got=$(fsapi "uuid_getvar $uuid tenant_resolution" | tr -d '\r\n')
      expect_match "uuid_getvar tenant_resolution" "$got" '^(hit|miss)$' || ok=0
    fi
  fi
  wait_sipp "$sipp_pid" || { [ $ok = 0 ] || fail "$(sipp_why $tag)"; return 1; }
  [ $ok = 1 ] || return 1
  local m
  m=$(message $tag received "SIP/2.0 200" 1)
  expect "200 OK X-Tenant-ID" "$(field X-Tenant-ID <<<"$m")" tenant-test-001 || return 1
  expect "200 OK X-Tenant-Client-ID" "$(field X-Tenant-Client-ID <<<"$m")" axeoguyane || return 1
  expect "200 OK X-Tenant-Display-Name" "$(field X-Tenant-Display-Name <<<"$m")" "AXEO Services Guyane" || return 1
  expect "200 OK X-Tenant-Timezone" "$(field X-Tenant-Timezone <<<"$m")" Europe/Paris || return 1
  expect "200 OK X-Tenant-FS-Timezone" "$(field X-Tenant-FS-Timezone <<<"$m")" Europe/Paris || return 1
  expect "200 OK X-Tenant-Locale" "$(field X-Tenant-Locale <<<"$m")" fr-FR || return 1
  expect "200 OK X-Tenant-Status" "$(field X-Tenant-Status <<<"$m")" active || return 1
  expect "200 OK X-Tenant-Number" "$(field X-Tenant-Number <<<"$m")" +33676530019 || return 1
  expect_match "200 OK X-Tenant-Resolution" "$(field X-Tenant-Resolution <<<"$m")" '^(hit|miss)$' || return 1
  local ev
  ev=$(events_of $tag tenant::resolved)
  expect "tenant::resolved Tenant-ID" "$(field Tenant-ID <<<"$ev")" tenant-test-001 || return 1
  expect "tenant::resolved Tenant-Action" "$(field Tenant-Action <<<"$ev")" continue || return 1
}

# A second call within the cache TTL is a cache hit.
t_cache_hit() {
  local tag=cachehit
  sipp_call $tag uac_answer +33676530019 answer "" -d 200 || { fail "$(sipp_why $tag)"; return; }
  expect "X-Tenant-Resolution" "$(message $tag received "SIP/2.0 200" | field X-Tenant-Resolution)" hit
}

# tenant_resolve with a number from the dialplan.
t_resolve_app() {
  local tag=resolveapp
  sipp_call $tag uac_answer +33100000001 resolve "+33123456789" -d 200 || { fail "$(sipp_why $tag)"; return; }
  local m
  m=$(message $tag received "SIP/2.0 200")
  expect "X-Tenant-ID" "$(field X-Tenant-ID <<<"$m")" tenant-prod-001 || return 1
  expect "X-Tenant-Number" "$(field X-Tenant-Number <<<"$m")" +33123456789
}

# The call bridged to the agent (a sipp UAS): export-headers (id,
# client-id, number, resolution in tenant.conf.xml) puts the tenant on the
# agent's INVITE with no export in the dialplan; timezone and locale are not
# chosen, and the X-Tenant-* headers the caller sent never get through.
t_bridge_headers() {
  local tag=agent_leg
  e2e_free_port || return 1
  local agent_port=$E2E_PORT
  e2e_free_port 4 || return 1
  rm -f "$E2E_TMP/sipp/$tag".*
  timeout 60 "$SIPP" -sf "$here/sipp/uas_agent.xml" -i 127.0.0.1 -p "$agent_port" -mi 127.0.0.1 -mp "$E2E_PORT" \
    -m 1 -timeout 40s -timeout_error -max_retrans 5 -nostdin \
    -trace_msg -message_file "$E2E_TMP/sipp/$tag.msg" -trace_err -error_file "$E2E_TMP/sipp/$tag.err" \
    </dev/null >"$E2E_TMP/sipp/$tag.out" 2>&1 &
  local agent_pid=$!
  E2E_PIDS+=("$agent_pid")
  sleep 0.3
  sipp_call bridged uac_bridge +33676530019 bridge "$agent_port" -d 500 || {
    kill "$agent_pid" 2>/dev/null; wait_sipp "$agent_pid"; fail "caller: $(sipp_why bridged)"; return 1; }
  wait_sipp "$agent_pid" || { fail "agent: $(sipp_why $tag)"; return 1; }
  local m
  m=$(message $tag received "INVITE ")
  [ -n "$m" ] || { fail "the agent got no INVITE; messages: $(flow $tag)"; return 1; }
  expect "agent X-Tenant-Id" "$(field X-Tenant-Id <<<"$m")" tenant-test-001 || return 1
  expect "agent X-Tenant-Client-Id" "$(field X-Tenant-Client-Id <<<"$m")" axeoguyane || return 1
  expect "agent X-Tenant-Number" "$(field X-Tenant-Number <<<"$m")" +33676530019 || return 1
  expect_match "agent X-Tenant-Resolution" "$(field X-Tenant-Resolution <<<"$m")" '^(hit|miss)$' || return 1
  expect "agent X-Tenant-Timezone" "$(field X-Tenant-Timezone <<<"$m")" "" || return 1
  expect "agent X-Tenant-Locale (the caller's)" "$(field X-Tenant-Locale <<<"$m")" "" || return 1
  expect "agent X-Tenant-Id headers" "$(grep -c '^X-Tenant-Id:' <<<"$m")" 1
}

# (b), (c): rejections the caller sees. final_status TAG NUMBER STATUS
final_status() {
  local tag="$1" number="$2" status="$3"
  sipp_call "$tag" uac_final "$number" answer "" || { fail "$(sipp_why "$tag")"; return; }
  local got
  got=$(message "$tag" received "SIP/2.0 " "$(count_messages "$tag" received "SIP/2.0 ")" | awk '{ print $2; exit }')
  expect "final response" "$got" "$status" || return 1
  [ "$(count_messages "$tag" received "SIP/2.0 200")" = 0 ] || fail "the call was answered"
}

# (d) tenant_refer on an answered call, destination open: REFER, 202,
# NOTIFY 200 -> FreeSWITCH ends the call as a blind transfer.
refer_completes() {  # tag number dest refer_to [chain]
  local tag="$1" number="$2" dest="$3" refer_to="$4" chain="${5:-}"
  sipp_call "$tag" uac_refer_ok "$number" refer "$dest" || { fail "$(sipp_why "$tag")"; return; }
  expect "Refer-To" "$(message "$tag" received "REFER " | field Refer-To)" "<$refer_to>" || return 1
  [ "$(count_messages "$tag" received "BYE ")" = 1 ] || { fail "no BYE from FreeSWITCH"; return 1; }
  wait_event "$tag" CHANNEL_HANGUP_COMPLETE 5 || { fail "no CHANNEL_HANGUP_COMPLETE event"; return 1; }
  expect "Hangup-Cause" "$(events_of "$tag" CHANNEL_HANGUP_COMPLETE | field Hangup-Cause)" BLIND_TRANSFER || return 1
  local ev
  ev=$(events_of "$tag" tenant::refer | awk 'BEGIN { RS = "" } /Refer-Result: transferred/ { print; exit }')
  [ -n "$ev" ] || { fail "no tenant::refer event with Refer-Result: transferred"; return 1; }
  expect "tenant::refer Refer-To" "$(field Refer-To <<<"$ev")" "$refer_to" || return 1
  if [ -n "$chain" ]; then
    expect "tenant::refer Refer-Chain" "$(field Refer-Chain <<<"$ev")" "$chain" || return 1
  fi
}

t_refer_in_hours() {
  refer_completes refer_open +33100000001 desk sip:desk@desk.e2e.example "desk:open" || return 1
  # export-headers is on, for bridged legs only: the caller's REFER has none.
  expect "REFER X-Tenant-Id" "$(message refer_open received "REFER " | field X-Tenant-Id)" "" || return 1
  local ev
  ev=$(events_of refer_open tenant::refer | awk 'BEGIN { RS = "" } /Refer-Result: transferred/ { print; exit }')
  expect "Refer-Attempts" "$(field Refer-Attempts <<<"$ev")" "desk:200"
}

t_refer_by_priority() {
  refer_completes refer_priority +33100000001 "" sip:desk@desk.e2e.example
}

# (e) after hours: the closed destination's after-hours fallback.
t_refer_after_hours() {
  refer_completes refer_after_hours +33100000001 night sip:voicemail@vm.e2e.example "night:closed,voicemail:open" || return 1
  local ev
  ev=$(events_of refer_after_hours tenant::refer | awk 'BEGIN { RS = "" } /Refer-Result: transferred/ { print; exit }')
  expect "Refer-Reason" "$(field Refer-Reason <<<"$ev")" after_hours
}

# (f) refused: no REFER, the dialplan goes on with the reason.
refused() {  # tag number dest reason [next_open [closed_by [closed_label]]]
  local tag="$1" number="$2" dest="$3" reason="$4" next_open="${5:-}" closed_by="${6:-}" closed_label="${7:-}"
  sipp_call "$tag" uac_no_refer "$number" refer "$dest" || { fail "$(sipp_why "$tag")"; return; }
  local bye
  bye=$(message "$tag" received "BYE ")
  expect "X-Refer-Result" "$(field X-Refer-Result <<<"$bye")" refused || return 1
  expect "X-Refer-Reason" "$(field X-Refer-Reason <<<"$bye")" "$reason" || return 1
  expect "X-Refer-Next-Open" "$(field X-Refer-Next-Open <<<"$bye")" "$next_open" || return 1
  # tenant_refer_closed_by / _label: empty unless a destination was closed.
  expect "X-Refer-Closed-By" "$(field X-Refer-Closed-By <<<"$bye")" "$closed_by" || return 1
  expect "X-Refer-Closed-Label" "$(field X-Refer-Closed-Label <<<"$bye")" "$closed_label"
}

# A destination closed by an override or a closure: refused "closed", and the
# refusal says what closed it and its label, in the channel variables (the
# BYE) and in the tenant::refer event. The override has no end and the
# closure comes back every day, so there is no next opening (null within the
# 400-day search).
# An override set with tenantctl while FreeSWITCH runs (tenant.conf polls
# the store every second): the change feed brings it in, and says so with a
# tenant::changed event naming the tenant; the next tenant_refer is refused
# with the override's label; cleared, the destination takes calls again.
# Both arrive well within the cache's TTL: the feed brought them, not expiry.
t_override_while_running() {
  local s deadline
  : >>"$E2E_TMP/writes.out"
  "$TENANTCTL" override set tenant-e2e-open --destination backup --state closed --label "Alerte météo" \
    --mongo-uri "$MONGO_URI" >>"$E2E_TMP/writes.out" 2>&1 || { fail "override set: $(tail -n 2 "$E2E_TMP/writes.out")"; return 1; }
  deadline=$((SECONDS + 4))
  until grep -q '^Tenants-Refreshed: .*tenant-e2e-open' "$E2E_TMP/events.log"; do
    [ $SECONDS -lt $deadline ] || { fail "no tenant::changed event naming tenant-e2e-open within 4 s"; return 1; }
    sleep 0.1
  done
  refused_explained override_live +33100000001 backup "backup:closed" override "Alerte météo" || return 1
  "$TENANTCTL" override clear tenant-e2e-open --destination backup \
    --mongo-uri "$MONGO_URI" >>"$E2E_TMP/writes.out" 2>&1 || { fail "override clear: $(tail -n 2 "$E2E_TMP/writes.out")"; return 1; }
  deadline=$((SECONDS + 4))
  until s=$(fsapi "tenant refer tenant-e2e-open backup"); grep -q '"ok":true,"destination_id":"backup"' <<<"$s"; do
    [ $SECONDS -lt $deadline ] || { fail "still refused after the override was cleared: $s"; return 1; }
    sleep 0.1
  done
}

refused_explained() {  # tag number dest chain closed_by closed_label
  local tag="$1" number="$2" dest="$3" chain="$4" closed_by="$5" closed_label="$6"
  refused "$tag" "$number" "$dest" closed "" "$closed_by" "$closed_label" || return 1
  expect "X-Refer-Chain" "$(message "$tag" received "BYE " | field X-Refer-Chain)" "$chain" || return 1
  wait_event "$tag" tenant::refer 5 || { fail "no tenant::refer event"; return 1; }
  local ev
  ev=$(events_of "$tag" tenant::refer | awk 'BEGIN { RS = "" } /Refer-Result: refused/ { print; exit }')
  [ -n "$ev" ] || { fail "no tenant::refer event with Refer-Result: refused"; return 1; }
  expect "tenant::refer Refer-Reason" "$(field Refer-Reason <<<"$ev")" closed || return 1
  expect "tenant::refer Refer-Closed-By" "$(field Refer-Closed-By <<<"$ev")" "$closed_by" || return 1
  expect "tenant::refer Refer-Closed-Label" "$(field Refer-Closed-Label <<<"$ev")" "$closed_label" || return 1
  expect "tenant::refer Refer-Next-Open" "$(field Refer-Next-Open <<<"$ev")" ""
}

# A destination closed by a closure, with an after-hours destination that is
# open: the REFER goes to the fallback, and the closure is named all the same.
t_refer_closure_fallback() {
  local tag=refer_closure_fallback
  refer_completes $tag +33100000001 inventory sip:voicemail@vm.e2e.example "inventory:closed,voicemail:open" || return 1
  local ev
  ev=$(events_of $tag tenant::refer | awk 'BEGIN { RS = "" } /Refer-Result: transferred/ { print; exit }')
  expect "Refer-Reason" "$(field Refer-Reason <<<"$ev")" after_hours || return 1
  expect "Refer-Closed-By" "$(field Refer-Closed-By <<<"$ev")" closure || return 1
  expect "Refer-Closed-Label" "$(field Refer-Closed-Label <<<"$ev")" Inventaire || return 1
  # The channel variables, as the event carries the channel's data.
  expect "tenant_refer_closed_by" "$(field variable_tenant_refer_closed_by <<<"$ev")" closure || return 1
  expect "tenant_refer_closed_label" "$(field variable_tenant_refer_closed_label <<<"$ev")" Inventaire
}

# (g) the far end says no: the caller stays (the INFO check in the
# scenario), the outcome comes back in the BYE the dialplan sends later.
refer_fails() {  # tag scenario number dest status attempts reason [sipp options]
  local tag="$1" scenario="$2" number="$3" dest="$4" status="$5" attempts="$6" reason="$7"
  shift 7
  sipp_call "$tag" "$scenario" "$number" refer "$dest" "$@" || { fail "$(sipp_why "$tag")"; return; }
  local bye
  bye=$(message "$tag" received "BYE ")
  expect "X-Refer-Result" "$(field X-Refer-Result <<<"$bye")" failed || return 1
  expect "X-Refer-Status" "$(field X-Refer-Status <<<"$bye")" "$status" || return 1
  expect "X-Refer-Attempts" "$(field X-Refer-Attempts <<<"$bye")" "$attempts" || return 1
  expect "X-Refer-Reason" "$(field X-Refer-Reason <<<"$bye")" "$reason" || return 1
  wait_event "$tag" CHANNEL_HANGUP_COMPLETE 5 || { fail "no CHANNEL_HANGUP_COMPLETE event"; return 1; }
  expect "Hangup-Cause" "$(events_of "$tag" CHANNEL_HANGUP_COMPLETE | field Hangup-Cause)" NORMAL_CLEARING
}

# (g) with failover: a second REFER to the next destination, which succeeds.
refer_fails_over() {  # tag scenario attempts
  local tag="$1" scenario="$2" attempts="$3"
  sipp_call "$tag" "$scenario" +33100000002 refer "" || { fail "$(sipp_why "$tag")"; return; }
  expect "first Refer-To" "$(message "$tag" received "REFER " 1 | field Refer-To)" "<sip:first@fo.e2e.example>" || return 1
  expect "second Refer-To" "$(message "$tag" received "REFER " 2 | field Refer-To)" "<sip:second@fo.e2e.example>" || return 1
  wait_event "$tag" CHANNEL_HANGUP_COMPLETE 5 || { fail "no CHANNEL_HANGUP_COMPLETE event"; return 1; }
  expect "Hangup-Cause" "$(events_of "$tag" CHANNEL_HANGUP_COMPLETE | field Hangup-Cause)" BLIND_TRANSFER || return 1
  local ev
  ev=$(events_of "$tag" tenant::refer | awk 'BEGIN { RS = "" } /Refer-Result: transferred/ { print; exit }')
  [ -n "$ev" ] || { fail "no tenant::refer event with Refer-Result: transferred"; return 1; }
  expect "Refer-Attempts" "$(field Refer-Attempts <<<"$ev")" "$attempts" || return 1
  expect "Refer-Reason" "$(field Refer-Reason <<<"$ev")" failover
}

# (g) the usual final NOTIFY, which ends the subscription. The module's
# verdict must be right whatever mod_sofia does with the dialog; mod_sofia
# 1.10.x tears the dialog down by itself on such a NOTIFY (a note says so).
t_notify_terminated() {
  local tag=busy_terminated
  sipp_call $tag uac_refer_notify_terminated +33100000001 refer desk || { fail "$(sipp_why $tag)"; return; }
  local deadline=$((SECONDS + 5)) ev=""
  while [ $SECONDS -le $deadline ]; do
    ev=$(events_of $tag tenant::refer | awk 'BEGIN { RS = "" } /Refer-Result: failed/ { print; exit }')
    [ -n "$ev" ] && break
    sleep 0.1
  done
  [ -n "$ev" ] || { fail "no tenant::refer event with Refer-Result: failed"; return 1; }
  expect "Refer-Attempts" "$(field Refer-Attempts <<<"$ev")" "desk:486" || return 1
  if [ "$(count_messages $tag sent "INFO ")" = 0 ]; then
    echo "# note: FreeSWITCH itself ended the SIP dialog on the NOTIFY that terminated the subscription (docs/freeswitch-testing.md)"
  fi
}

# (h) an unanswered call: 302 with the Refer-To URI as Contact, in angle
# brackets and without the display name "unknown".
redirected() {  # tag dest contact
  local tag="$1" dest="$2" contact="$3"
  sipp_call "$tag" uac_final +33100000001 redirect "$dest" || { fail "$(sipp_why "$tag")"; return; }
  local m
  m=$(message "$tag" received "SIP/2.0 302")
  [ -n "$m" ] || { fail "no 302; messages: $(flow "$tag")"; return 1; }
  expect "302 Contact" "$(field Contact <<<"$m")" "$contact"
}

t_redirect_refused() {
  local tag=redirect_refused
  sipp_call $tag uac_final +33987654321 redirect "" || { fail "$(sipp_why $tag)"; return; }
  local m
  m=$(message $tag received "SIP/2.0 480")
  [ -n "$m" ] || { fail "no 480; messages: $(flow $tag)"; return 1; }
  expect "X-Refer-Result" "$(field X-Refer-Result <<<"$m")" refused || return 1
  expect "X-Refer-Reason" "$(field X-Refer-Reason <<<"$m")" refer_disabled
}

# An unanswered call to a destination the tenant's closure closes: no 302,
# and the dialplan's 480 says what closed it.
t_redirect_closed() {
  local tag=redirect_closed
  sipp_call $tag uac_final +33100000003 redirect desk || { fail "$(sipp_why $tag)"; return; }
  [ "$(count_messages $tag received "SIP/2.0 302")" = 0 ] || { fail "a 302 was sent; messages: $(flow $tag)"; return 1; }
  local m
  m=$(message $tag received "SIP/2.0 480")
  [ -n "$m" ] || { fail "no 480; messages: $(flow $tag)"; return 1; }
  expect "X-Refer-Result" "$(field X-Refer-Result <<<"$m")" refused || return 1
  expect "X-Refer-Reason" "$(field X-Refer-Reason <<<"$m")" closed || return 1
  expect "X-Refer-Closed-By" "$(field X-Refer-Closed-By <<<"$m")" closure || return 1
  expect "X-Refer-Closed-Label" "$(field X-Refer-Closed-Label <<<"$m")" "Fermeture annuelle"
}

# (j) reload mod_tenant while a call is up: the call lives on (sipp ends it
# itself after its pause; a BYE from FreeSWITCH would fail it), and a new
# call afterwards resolves through the reloaded module.
t_reload_under_call() {
  local tag=reload_hold
  sipp_call $tag uac_answer +33100000001 answer "" -d 4000 &
  local sipp_pid=$!
  E2E_PIDS+=("$sipp_pid")
  if ! wait_event $tag tenant::resolved 10; then
    wait_sipp "$sipp_pid"
    fail "no tenant::resolved event for the held call"
    return 1
  fi
  sleep 0.5
  local out
  out=$(fsapi "reload mod_tenant")
  if ! grep -q "+OK module loaded" <<<"$out"; then
    wait_sipp "$sipp_pid"
    fail "reload mod_tenant: $(tr '\n' ' ' <<<"$out")"
    return 1
  fi
  wait_sipp "$sipp_pid" || { fail "the held call: $(sipp_why $tag)"; return 1; }
  [ "$(count_messages $tag received "BYE ")" = 0 ] || { fail "FreeSWITCH hung up the held call"; return 1; }
  tag=after_reload
  sipp_call $tag uac_answer +33100000001 answer "" -d 200 || { fail "call after reload: $(sipp_why $tag)"; return 1; }
  local m
  m=$(message $tag received "SIP/2.0 200")
  expect "after reload X-Tenant-ID" "$(field X-Tenant-ID <<<"$m")" tenant-e2e-open || return 1
  # The reloaded module starts with an empty cache.
  expect "after reload X-Tenant-Resolution" "$(field X-Tenant-Resolution <<<"$m")" miss || return 1
  expect_match "tenant status after reload" "$(fsapi "tenant status")" '"store_reachable":true'
}

# reloadxml re-reads tenant.conf: on-unknown changes from 404 to 480 and back.
t_reloadxml() {
  E2E_ON_UNKNOWN="reject:480" e2e_write_vars
  local out
  out=$(fsapi reloadxml)
  grep -q "+OK" <<<"$out" || { fail "reloadxml: $out"; return 1; }
  expect_match "tenant status" "$(fsapi "tenant status")" '"on-unknown":"reject:480"' || return 1
  final_status reloadxml_unknown +33100000098 480 || return 1
  e2e_write_vars
  fsapi reloadxml >/dev/null
  expect_match "tenant status" "$(fsapi "tenant status")" '"on-unknown":"reject:404"' || return 1
  final_status reloadxml_back +33100000097 404
}

# (i) the store goes away: a tenant seen before is still routed (its cache
# entry has expired, so it is served stale), an unseen number gets on-error.
t_store_down() {
  local tag=store_before m
  sipp_call $tag uac_answer +33100000001 answer "" -d 100 || { fail "$(sipp_why $tag)"; return; }
  e2e_stop_ferretdb
  sleep $((CACHE_TTL + 1))
  tag=store_down
  sipp_call $tag uac_answer +33100000001 answer "" -d 100 || { fail "cached tenant, store down: $(sipp_why $tag)"; return 1; }
  m=$(message $tag received "SIP/2.0 200")
  expect "X-Tenant-ID" "$(field X-Tenant-ID <<<"$m")" tenant-e2e-open || return 1
  expect "X-Tenant-Resolution" "$(field X-Tenant-Resolution <<<"$m")" stale || return 1
  final_status store_down_unseen +33100000055 503 || { WHY="unseen number, store down: $WHY"; return 1; }
  local s
  s=$(fsapi "tenant status")
  expect_match "tenant status" "$s" '"store_reachable":false' || return 1
  expect_match "tenant status" "$s" '"last_error":"[^"]+' || return 1
  expect_match "tenant cache stats" "$(fsapi "tenant cache stats")" '"stale_serves":[1-9]'
}

run "module loaded, tenant status" t_module_loaded
run "tenant API (lookup, config, destinations, refer, cache stats)" t_api
run "tenant API: closed_by and closed_label (override, closure, tenant closure, override open)" t_api_closures
run "known number: 200 OK, tenant variables (SIP headers, uuid_getvar, event)" t_known_number
run "known number again: cache hit" t_cache_hit
run "tenant_resolve application" t_resolve_app
run "bridged to the agent: X-Tenant-* headers on its INVITE (export-headers), none from the caller" t_bridge_headers
run "unknown number: 404 (on-unknown=reject:404)" final_status unknown +33100000099 404
run "disabled tenant: 403 (on-disabled=reject:403)" final_status disabled +33639980000 403
run "not a number: 484 (on-not-a-number=reject:484)" final_status not_a_number abc 484
run "tenant_refer in hours: REFER, NOTIFY 200, call ended" t_refer_in_hours
run "tenant_refer without destination: priority order" t_refer_by_priority
run "tenant_refer after hours: REFER to the fallback" t_refer_after_hours
run "tenant_refer refused (refer disabled): no REFER" refused refused_disabled +33987654321 "" refer_disabled
run "tenant_refer refused (closed, next opening)" refused refused_closed +33100000001 future closed "$NEXT_YEAR-01-01T00:00:00Z" hours
run "tenant_refer refused (override): closed_by override and its label" \
  refused_explained refused_override +33100000001 holiday "holiday:closed" override "Fermeture exceptionnelle"
run "tenant_refer refused (tenant-wide closure): closed_by closure and its label" \
  refused_explained refused_closure +33100000003 desk "desk:closed,voicemail:closed" closure "Fermeture annuelle"
run "tenant_refer closed by a closure: REFER to the after-hours fallback" t_refer_closure_fallback
run "REFER declined 603: caller kept, result failed" \
  refer_fails declined uac_refer_decline +33100000001 desk 603 "desk:603" open
run "NOTIFY 486 sipfrag: caller kept, result failed" \
  env_notify_active refer_fails busy uac_refer_notify_fail +33100000001 desk 486 "desk:486" open
run "NOTIFY 486 ending the subscription: result failed" t_notify_terminated
run "no NOTIFY within refer-timeout-ms: caller kept, result failed" \
  refer_fails no_notify uac_refer_no_notify +33100000001 desk "" "desk:timeout" open -d $((REFER_TIMEOUT_MS + 700))
run "failover after 603: second REFER to the next destination" \
  refer_fails_over failover_declined uac_refer_failover_decline "first:603,second:200"
run "failover after NOTIFY 486: second REFER to the next destination" \
  env_notify_active refer_fails_over failover_busy uac_refer_failover_notify "first:486,second:200"
run "failover, every destination declines: caller kept, result failed" \
  refer_fails all_declined uac_refer_all_fail +33100000002 "" 603 "first:603,second:603" transfer_failed
run "unanswered call: 302 Contact <sip:...>" redirected redirect_sip desk "<sip:desk@desk.e2e.example>"
run "unanswered call, tel: target: 302 Contact via tel-sip-domain" \
  redirected redirect_tel phone "<sip:+33140000002@gw.e2e.example;user=phone>"
run "unanswered call, refused: no 302, dialplan answers 480" t_redirect_refused
run "unanswered call, closed by the tenant's closure: no 302, 480 with closed_by" t_redirect_closed
run "override set with tenantctl while running: tenant::changed, next tenant_refer refused with its label" \
  t_override_while_running
run "reload mod_tenant under a call: call kept, next call resolves" t_reload_under_call
run "reloadxml re-reads tenant.conf" t_reloadxml
run "store stopped: cached tenant still routed (stale), unseen number 503" t_store_down

finish
