#!/usr/bin/env bash
# What mod_tenant costs a real FreeSWITCH per call.
#
# Starts FerretDB and a FreeSWITCH of its own (tests/freeswitch/conf, all on
# 127.0.0.1), then offers sipp calls at a fixed rate to one number, in
# alternating phases: with mod_tenant loaded (its inbound hook resolves every
# call; the cache is warm, so these are cache hits) and with the module
# unloaded (`unload mod_tenant`), to the same dialplan extension, which uses
# no tenant application. For each phase it reads FreeSWITCH's CPU time
# (utime + stime of the process, /proc/<pid>/stat) before and after.
#
# Prints JSON lines: one per phase ("freeswitch.phase") and a summary
#   {"bench":"freeswitch.calls","with_module_cpu_ms_per_call":...,
#    "without_module_cpu_ms_per_call":...,"overhead_pct":...,"target_pct":5,
#    "calls_per_s_with":...,"calls_per_s_without":...,...}
# CPU per call is the process's CPU time over the phase divided by the calls
# completed, idle work (timers, SIP stack) included; "idle_cpu_ms_per_s"
# tells how much of it FreeSWITCH spends doing nothing.
#
# Run from the build folder (where .libs/mod_tenant.so and tenantctl are):
#   ../bench/bench_freeswitch.sh
# Environment: FREESWITCH_PREFIX, MOD_TENANT_SO, SIPP, FERRETDB as for
# tests/freeswitch/run-e2e.sh; BENCH_RATE (calls/s, 20), BENCH_SECONDS (per
# phase, 15), BENCH_ROUNDS (with/without pairs, 2), BENCH_HOLD_MS (call
# length, 100), BENCH_NUMBER (+33676530019).
# Exit 0 on success, 1 on failure, 77 when something needed is missing.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_SRCDIR=$(cd "$here/.." && pwd)
E2E_BUILDDIR=$(pwd)
if [ -n "${MOD_TENANT_SO:-}" ] && [ ! -x "$E2E_BUILDDIR/tenantctl" ]; then
  if d=$(cd "$(dirname "$MOD_TENANT_SO")" 2>/dev/null && pwd); then
    [ "$(basename "$d")" = .libs ] && d=$(dirname "$d")
    E2E_BUILDDIR="$d"
  fi
fi
. "$E2E_SRCDIR/tests/freeswitch/lib.sh"

RATE="${BENCH_RATE:-20}"
SECONDS_PER_PHASE="${BENCH_SECONDS:-15}"
ROUNDS="${BENCH_ROUNDS:-2}"
HOLD_MS="${BENCH_HOLD_MS:-100}"
NUMBER="${BENCH_NUMBER:-+33676530019}"
CALLS=$((RATE * SECONDS_PER_PHASE))
CLK_TCK=$(getconf CLK_TCK)

if ! e2e_find_tools; then
  echo "SKIP: $E2E_SKIP" >&2
  exit 77
fi

die() {
  echo "bench_freeswitch: $*" >&2
  exit 1
}

e2e_setup bench || die "cannot create a temporary folder"
trap 'e2e_teardown' EXIT
trap 'exit 1' INT TERM

# Long cache TTL: every measured call is a cache hit. Warnings only in the
# log, so that logging does not dominate what is measured.
E2E_CACHE_TTL=3600
E2E_LOGLEVEL="${E2E_LOGLEVEL:-warning}"
e2e_start_ferretdb || die "FerretDB did not start"
e2e_seed "$E2E_SRCDIR/tests/freeswitch/data/e2e-tenants.json" || die "could not seed the store"
e2e_start_freeswitch || die "FreeSWITCH did not start"
mkdir -p "$E2E_TMP/sipp"

# sipp_run NAME CALLS RATE: calls to NUMBER, the "bench" extension; sets
# SIPP_OK (successful calls) and SIPP_WALL_S.
sipp_run() {
  local name="$1" calls="$2" rate="$3" t0 t1
  e2e_free_port || return 1
  local sip_port=$E2E_PORT
  e2e_free_port 4 || return 1
  local media_port=$E2E_PORT
  local stat="$E2E_TMP/sipp/$name.csv"
  rm -f "$stat"
  t0=$(date +%s.%N)
  timeout $((calls / rate + 120)) "$SIPP" "127.0.0.1:$SIP_PORT" -sf "$E2E_SRCDIR/tests/freeswitch/sipp/uac_answer.xml" \
    -s "$NUMBER" -key action bench -key dest "" -key tag "$name" \
    -i 127.0.0.1 -p "$sip_port" -mi 127.0.0.1 -mp "$media_port" \
    -r "$rate" -m "$calls" -l $((rate * 5)) -d "$HOLD_MS" \
    -timeout $((calls / rate + 60))s -timeout_error -max_retrans 5 -nostdin \
    -trace_stat -stf "$stat" -fd 1 -trace_err -error_file "$E2E_TMP/sipp/$name.err" \
    </dev/null >"$E2E_TMP/sipp/$name.out" 2>&1
  t1=$(date +%s.%N)
  SIPP_WALL_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
  # The last line of the statistics file holds the totals.
  SIPP_OK=$(awk -F';' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "SuccessfulCall(C)") c = i }
                      END { print (c ? $c : 0) + 0 }' "$stat" 2>/dev/null || echo 0)
}

# Waits until FreeSWITCH has no channel left (bounded).
wait_idle() {
  local deadline=$((SECONDS + 30))
  while [ $SECONDS -lt $deadline ]; do
    fsapi "show channels count" | grep -q "^0 total" && return 0
    sleep 0.2
  done
  return 1
}

# phase NAME: one measured run; prints its JSON line, sets PHASE_TICKS,
# PHASE_OK, PHASE_WALL.
phase() {
  local name="$1" c0 c1
  wait_idle || die "calls left over before $name"
  c0=$(e2e_cpu_ticks "$FS_PID")
  sipp_run "$name" "$CALLS" "$RATE" || die "sipp could not start"
  wait_idle || die "calls left over after $name"
  c1=$(e2e_cpu_ticks "$FS_PID")
  PHASE_TICKS=$((c1 - c0))
  PHASE_OK=$SIPP_OK
  PHASE_WALL=$SIPP_WALL_S
  [ "$PHASE_OK" -gt 0 ] || die "$name: no call succeeded ($(tail -n 3 "$E2E_TMP/sipp/$name.err" 2>/dev/null | tr '\n' ' '))"
  awk -v name="$name" -v t="$PHASE_TICKS" -v hz="$CLK_TCK" -v ok="$PHASE_OK" -v offered="$CALLS" -v wall="$PHASE_WALL" 'BEGIN {
    printf "{\"bench\":\"freeswitch.phase\",\"phase\":\"%s\",\"calls_offered\":%d,\"calls_ok\":%d,\"wall_s\":%.3f,\"cpu_ms\":%.1f,\"cpu_ms_per_call\":%.3f}\n",
      name, offered, ok, wall, t * 1000 / hz, t * 1000 / hz / ok }'
}

cache_hits() { fsapi "tenant cache stats" | sed -n 's/.*"hits":\([0-9]*\).*/\1/p'; }

module_loaded() { [ "$(fsapi module_exists mod_tenant | tr -d '\r\n')" = true ]; }

# A call that must be routed by the module: checks the set-up and fills the
# cache, so that the measured calls are hits.
warm_up() {
  sipp_run "warmup-$1" 3 3 || die "sipp could not start"
  [ "$SIPP_OK" = 3 ] || die "warm-up calls failed ($(tail -n 3 "$E2E_TMP/sipp/warmup-$1.err" 2>/dev/null | tr '\n' ' '))"
  fsapi "tenant cache stats" | grep -q '"hits":[1-9]' || die "the module did not serve the warm-up calls from its cache"
}

# Idle CPU: what FreeSWITCH burns with no call at all.
wait_idle
i0=$(e2e_cpu_ticks "$FS_PID")
sleep 5
i1=$(e2e_cpu_ticks "$FS_PID")
IDLE_MS_PER_S=$(awk -v t=$((i1 - i0)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t * 1000 / hz / 5 }')

with_ticks=0 with_ok=0 with_wall=0
without_ticks=0 without_ok=0 without_wall=0
for ((round = 1; round <= ROUNDS; round++)); do
  if ! module_loaded; then
    fsapi "load mod_tenant" | grep -q "+OK" || die "load mod_tenant failed"
  fi
  warm_up "$round"
  hits0=$(cache_hits)
  phase "with_module_$round"
  hits1=$(cache_hits)
  # Every measured call went through the module's hook, from its cache.
  [ $((hits1 - hits0)) -ge "$PHASE_OK" ] || die "with_module_$round: $((hits1 - hits0)) cache hits for $PHASE_OK calls"
  with_ticks=$((with_ticks + PHASE_TICKS)) with_ok=$((with_ok + PHASE_OK))
  with_wall=$(awk -v a="$with_wall" -v b="$PHASE_WALL" 'BEGIN { print a + b }')

  fsapi "unload mod_tenant" | grep -q "+OK" || die "unload mod_tenant failed"
  module_loaded && die "mod_tenant still loaded after unload"
  phase "without_module_$round"
  without_ticks=$((without_ticks + PHASE_TICKS)) without_ok=$((without_ok + PHASE_OK))
  without_wall=$(awk -v a="$without_wall" -v b="$PHASE_WALL" 'BEGIN { print a + b }')
done

awk -v wt="$with_ticks" -v wo="$with_ok" -v ww="$with_wall" \
    -v nt="$without_ticks" -v no="$without_ok" -v nw="$without_wall" \
    -v hz="$CLK_TCK" -v rate="$RATE" -v rounds="$ROUNDS" -v calls="$CALLS" -v hold="$HOLD_MS" \
    -v idle="$IDLE_MS_PER_S" 'BEGIN {
  with_ms = wt * 1000 / hz / wo
  without_ms = nt * 1000 / hz / no
  printf "{\"bench\":\"freeswitch.calls\",\"with_module_cpu_ms_per_call\":%.3f,\"without_module_cpu_ms_per_call\":%.3f,", with_ms, without_ms
  printf "\"overhead_pct\":%.1f,\"target_pct\":5,", (with_ms - without_ms) * 100 / without_ms
  printf "\"calls_per_s_with\":%.2f,\"calls_per_s_without\":%.2f,", wo / ww, no / nw
  printf "\"calls_with\":%d,\"calls_without\":%d,\"offered_rate\":%d,\"rounds\":%d,\"calls_per_phase\":%d,\"hold_ms\":%d,", wo, no, rate, rounds, calls, hold
  printf "\"clock_ticks_per_s\":%d,\"idle_cpu_ms_per_s\":%s,\"cache\":\"hit\"}\n", hz, idle
}'
