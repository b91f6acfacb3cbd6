# What every end-to-end suite shares (tests/freeswitch, tests/sip, the
# FreeSWITCH benchmark): free loopback ports, processes started and stopped,
# a FerretDB of the suite's own seeded with tenantctl, and a temporary folder.
#
# The caller sets E2E_SRCDIR (the source tree), E2E_BUILDDIR, FERRETDB_BIN
# (from e2e_find_ferretdb) and TENANTCTL, sources this file, calls
# e2e_setup and traps e2e_teardown on EXIT.

E2E_PIDS=()          # processes to stop at the end, in order
E2E_TMP=""
E2E_SKIP=""

e2e_log() { printf '%s\n' "$*" >&2; }

e2e_find_ferretdb() {
  local c
  for c in "${FERRETDB:-}" "$HOME/.local/bin/ferretdb" "$(command -v ferretdb 2>/dev/null)" \
           /usr/local/bin/ferretdb "$HOME/go/bin/ferretdb"; do
    [ -n "$c" ] && [ -x "$c" ] || continue
    # `go install` alone builds a binary that panics at start (see
    # scripts/install-ferretdb.sh): only one that answers --version will do.
    if timeout 10 "$c" --version >/dev/null 2>&1; then
      printf '%s\n' "$c"
      return 0
    fi
  done
  return 1
}

# The local ports in use (listening TCP, bound UDP), one per line.
e2e_used_ports() {
  if command -v ss >/dev/null 2>&1; then
    ss -Hlntu 2>/dev/null | awk '{ n = split($5, a, ":"); print a[n] }'
  fi
}

E2E_TAKEN_PORTS=" "
# Sets E2E_PORT to a free loopback port never handed out before in this run
# (not in a subshell, so that the run remembers it); with an argument N, the
# first of N consecutive free ports.
e2e_free_port() {
  local span="${1:-1}" tries=0 base ok i used
  used=" $(e2e_used_ports | tr '\n' ' ') "
  while [ $tries -lt 200 ]; do
    tries=$((tries + 1))
    base=$(( 20000 + (RANDOM * 32768 + RANDOM) % 30000 ))
    ok=1
    for ((i = 0; i < span; i++)); do
      case "$E2E_TAKEN_PORTS$used" in *" $((base + i)) "*) ok=0; break ;; esac
    done
    # Without ss: at least nothing accepts TCP there.
    if [ $ok = 1 ] && [ "$used" = "  " ] && (exec 3<>"/dev/tcp/127.0.0.1/$base") 2>/dev/null; then ok=0; fi
    if [ $ok = 1 ]; then
      for ((i = 0; i < span; i++)); do E2E_TAKEN_PORTS+="$((base + i)) "; done
      E2E_PORT=$base
      return 0
    fi
  done
  return 1
}

e2e_wait_port() {  # port seconds
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.2
  done
  return 1
}

# -------------------------------------------------------------- processes

e2e_stop_pid() {  # pid [seconds before SIGKILL]
  local pid="$1" grace="${2:-10}" deadline
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  deadline=$((SECONDS + grace))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null
    sleep 0.2
  fi
  wait "$pid" 2>/dev/null || true
}

# Drops a process that has ended from E2E_PIDS, so that teardown never
# signals a recycled process id.
e2e_forget_pid() {
  local keep=() p
  for p in "${E2E_PIDS[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done
  E2E_PIDS=("${keep[@]}")
}

# -------------------------------------------------------------- FerretDB

# Starts FerretDB on a free port with its data in $E2E_TMP/ferretdb; sets
# MONGO_URI and FERRETDB_PID. A second call (after e2e_stop_ferretdb) starts
# it again on the same port and data.
e2e_start_ferretdb() {
  local dir="$E2E_TMP/ferretdb"
  mkdir -p "$dir/data" "$dir/state"
  if [ -z "${FERRETDB_PORT:-}" ]; then
    e2e_free_port || return 1
    FERRETDB_PORT=$E2E_PORT
  fi
  MONGO_URI="mongodb://127.0.0.1:$FERRETDB_PORT"
  "$FERRETDB_BIN" --handler=sqlite --sqlite-url="file:$dir/data/" --state-dir="$dir/state" \
    --listen-addr="127.0.0.1:$FERRETDB_PORT" --telemetry=disable --debug-addr=- --log-level=warn \
    </dev/null >>"$dir/ferretdb.log" 2>&1 &
  FERRETDB_PID=$!
  E2E_PIDS+=("$FERRETDB_PID")
  if ! e2e_wait_port "$FERRETDB_PORT" 20; then
    e2e_log "FerretDB did not start: $(tail -n 5 "$dir/ferretdb.log")"
    return 1
  fi
}

e2e_stop_ferretdb() {
  e2e_stop_pid "$FERRETDB_PID" 10
  e2e_forget_pid "$FERRETDB_PID"
  FERRETDB_PID=""
}

# Creates the indexes and loads the spec's example tenants plus FILES.
e2e_seed() {
  local out="$E2E_TMP/seed.out" year
  year=$(( $(date -u +%Y) + 1 ))
  mkdir -p "$E2E_TMP/data"
  local f seeded=()
  for f in "$@"; do
    sed "s/@NEXT_YEAR@/$year/g" "$f" >"$E2E_TMP/data/$(basename "$f")"
    seeded+=("$E2E_TMP/data/$(basename "$f")")
  done
  if ! timeout 60 "$TENANTCTL" db init --mongo-uri "$MONGO_URI" >"$out" 2>&1 ||
     ! timeout 60 "$TENANTCTL" db seed --mongo-uri "$MONGO_URI" \
         "$E2E_SRCDIR"/conf/examples/*.json "${seeded[@]}" >>"$out" 2>&1; then
    e2e_log "seeding the store failed: $(tail -n 5 "$out")"
    return 1
  fi
}

# -------------------------------------------------------------- scenarios

# Each scenario is a function run by `run NAME FUNCTION [ARGS...]`, which
# prints "ok - NAME" or "not ok - NAME: WHY" (WHY set by `fail`). E2E_ONLY,
# a regular expression, runs only the scenarios it matches. `finish` prints
# "N passed, M failed" and exits 0 only when all passed.
PASSED=0
FAILED=0
WHY=""

fail() { WHY="$*"; return 1; }

run() {  # name function [args...]
  local name="$1"
  shift
  if [ -n "${E2E_ONLY:-}" ] && ! [[ "$name" =~ $E2E_ONLY ]]; then return 0; fi
  WHY=""
  if "$@"; then
    echo "ok - $name"
    PASSED=$((PASSED + 1))
  else
    echo "not ok - $name: ${WHY:-failed}"
    FAILED=$((FAILED + 1))
  fi
}

finish() {
  echo "$PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ] && exit 0
  exit 1
}

setup_failed() {
  echo "not ok - setup: $*"
  FAILED=$((FAILED + 1))
  finish
}

# -------------------------------------------------------------- life cycle

e2e_setup() {  # name
  E2E_TMP=$(mktemp -d "${TMPDIR:-/tmp}/mod_tenant-$1-XXXXXX") || return 1
}

e2e_teardown() {
  local pid
  # In list order: a process that holds connections to the store is put
  # first (it is stopped before the store).
  for pid in "${E2E_PIDS[@]}"; do e2e_stop_pid "$pid" 15; done
  E2E_PIDS=()
  if [ -n "$E2E_TMP" ] && [ -d "$E2E_TMP" ]; then
    if [ -n "${E2E_KEEP:-}" ]; then
      e2e_log "kept $E2E_TMP"
    else
      rm -rf "$E2E_TMP"
    fi
  fi
}

# The CPU time (user + system, in clock ticks) a process has used so far.
e2e_cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
