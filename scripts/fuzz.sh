#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (docs/fuzzing.md).
#
#   scripts/fuzz.sh [-t SECONDS] [-j PARALLEL] [-b BUILD_DIR] [TARGET...]
#
# -t  seconds per target (default 60; use 1800 or more for a real search)
# -j  targets run at once (default 1; one core each)
# -b  build directory (default build-fuzz), configured with clang++ and
#     --enable-fuzzing when it is not yet
# TARGET: number, tenant_document, schedule, extended_json, tenant_conf, ics (default: all)
#
# Each target starts from its seed corpus and regression inputs; what it
# learns is kept in BUILD_DIR/fuzz-work/TARGET/corpus for the next run, and
# any crash, timeout or memory blow-up is written beside it. Prints one line
# per target (executions, coverage, findings); exits non-zero on a finding.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
seconds=60
parallel=1
build="$top/build-fuzz"
while getopts "t:j:b:" opt; do
  case $opt in
    t) seconds=$OPTARG ;;
    j) parallel=$OPTARG ;;
    b) build=$(mkdir -p "$OPTARG" && cd "$OPTARG" && pwd) ;;
    *) sed -n '2,15p' "$0" >&2; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
all_targets=(number tenant_document schedule extended_json tenant_conf ics)
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for t in "${targets[@]}"; do
  [ -f "$top/tests/fuzz/fuzz_$t.cc" ] || { echo "fuzz.sh: no target '$t' (known: ${all_targets[*]})" >&2; exit 2; }
done

command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found (Debian: apt-get install clang libclang-rt-dev)" >&2; exit 2; }
mkdir -p "$build"
if [ ! -f "$build/Makefile" ]; then
  [ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null)
  (cd "$build" && "$top/configure" CXX=clang++ --enable-fuzzing --enable-werror --without-freeswitch >configure.out 2>&1) ||
    { tail -20 "$build/configure.out"; echo "fuzz.sh: configure failed ($build/configure.out)" >&2; exit 1; }
fi
programs=()
for t in "${targets[@]}"; do programs+=("tests/fuzz/fuzz_$t"); done
(cd "$build" && make -j"${JOBS:-2}" "${programs[@]}" >make-fuzz.out 2>&1) ||
  { tail -30 "$build/make-fuzz.out"; echo "fuzz.sh: build failed ($build/make-fuzz.out)" >&2; exit 1; }

# One target: runs it, then prints its summary line. Findings are the files
# libFuzzer writes with the artifact prefix (crash-, timeout-, oom-, leak-).
run_target() {
  local t=$1 work="$build/fuzz-work/$1" started=$SECONDS
  mkdir -p "$work/corpus"
  rm -f "$work"/crash-* "$work"/timeout-* "$work"/oom-* "$work"/leak-* "$work"/slow-unit-*
  # -timeout (wall clock, per input) and -rss_limit_mb catch what the
  # targets' own CPU-time bound cannot: a hang, a memory blow-up. Inputs are
  # capped at 8 kB; the corpus holds a few larger regression files, which
  # are still read whole.
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -dict="$top/tests/fuzz/dict/$t.dict" -artifact_prefix="$work/" -print_final_stats=1 \
    "$work/corpus" "$top/tests/fuzz/corpus/$t" "$top/tests/fuzz/regressions/$t" >"$work/fuzz.log" 2>&1 || true
  local execs cov ft corpus findings elapsed=$((SECONDS - started))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -1 || true)
  cov=$(grep -oE 'cov: [0-9]+' "$work/fuzz.log" | tail -1 | cut -d' ' -f2 || true)
  ft=$(grep -oE 'ft: [0-9]+' "$work/fuzz.log" | tail -1 | cut -d' ' -f2 || true)
  corpus=$(find "$work/corpus" -type f | wc -l)
  findings=$(cd "$work" && ls crash-* timeout-* oom-* leak-* 2>/dev/null | tr '\n' ' ' || true)
  if [ -n "$findings" ] || [ -z "$execs" ]; then
    echo "fuzz $t: FINDING after ${execs:-?} executions: ${findings:-no statistics (see $work/fuzz.log)}"
    grep -m1 -E 'invariant broken|ERROR: (AddressSanitizer|libFuzzer|UndefinedBehaviorSanitizer)|runtime error' \
      "$work/fuzz.log" || true
    echo "  log: $work/fuzz.log"
    return 1
  fi
  echo "fuzz $t: ${execs} executions in ${elapsed} s, cov ${cov:-?}, ft ${ft:-?}, corpus ${corpus} files, findings: none"
}

status=0
pids=()
names=()
for t in "${targets[@]}"; do
  run_target "$t" >"$build/fuzz-$t.summary" &
  pids+=($!)
  names+=("$t")
  if [ ${#pids[@]} -ge "$parallel" ]; then
    wait "${pids[0]}" || status=1
    cat "$build/fuzz-${names[0]}.summary"
    pids=("${pids[@]:1}")
    names=("${names[@]:1}")
  fi
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || status=1
  cat "$build/fuzz-${names[$i]}.summary"
done
exit $status
