#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what it needs, then builds and
# runs `make check` three times — a normal build with warnings as errors, an
# AddressSanitizer + UndefinedBehaviorSanitizer build, and a ThreadSanitizer
# build of the suites that share state between threads — then each libFuzzer
# target for FUZZ_SECONDS (60) when clang is available, and `make distcheck`.
# Ends with every Check suite's summary line, then one verdict line,
# "RESULT: PASS" or "RESULT: FAIL (suites: ...)" naming what failed; the exit
# status is non-zero on failure.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
# A step that stops the script early (set -e) still ends with a verdict.
verdict=""
trap 'stopped_at=$LINENO' ERR
trap '[ -n "$verdict" ] || echo "RESULT: FAIL (suites: scripts/test.sh stopped at line ${stopped_at:-?})"' EXIT

scripts/setup-deps.sh
if [ -x scripts/install-ferretdb.sh ]; then scripts/install-ferretdb.sh; fi
autoreconf -fi >/dev/null

status=0
failed=()  # what the verdict line names: "build/suite", "build (step)", "distcheck"
failure() {
  failed+=("$1")
  status=1
}

# A failure is recorded and the next build still runs, so that the verdict
# names everything that failed. With CHECK_TESTS set, only those tests run.
run_suite() {  # name, configure flags...
  local name=$1
  shift
  local dir="$top/build-test-$name"
  rm -rf "$dir"
  mkdir -p "$dir"
  echo "=== $name build: configure $*"
  if ! (cd "$dir" && "$top/configure" --enable-werror "$@" >configure.out 2>&1); then
    cat "$dir/configure.out"
    failure "$name (configure)"
    return 0
  fi
  sed -n '/mod_tenant .* configured/,$p' "$dir/configure.out"
  if ! (cd "$dir" && make -j"${JOBS:-2}" >make.out 2>&1); then
    tail -50 "$dir/make.out"
    failure "$name (build)"
    return 0
  fi
  local check_args=()
  if [ -n "${CHECK_TESTS:-}" ]; then check_args=(TESTS="$CHECK_TESTS"); fi
  (cd "$dir" && make -j"${JOBS:-2}" check "${check_args[@]}" >check.out 2>&1) || {
    sed -n '/^FAIL\|^ERROR/p' "$dir/check.out"
    local trs any=0
    for trs in $(grep -l -E '^:test-result: (FAIL|ERROR|XPASS)' "$dir"/tests/*/*.trs "$dir"/tests/unit/*/*.trs 2>/dev/null); do
      any=1
      failure "$name/$(basename "$trs" .trs)"
      echo "--- ${trs%.trs}.log"
      tail -40 "${trs%.trs}.log"
    done
    # make check failed before any test did (a test program did not build).
    if [ $any = 0 ]; then
      tail -30 "$dir/check.out"
      failure "$name (make check)"
    fi
  }
  sed -n '/^Testsuite summary/,/^=====/p' "$dir/check.out" | sed -n '/^#/p'
}

# With FREESWITCH_PREFIX set (an installed FreeSWITCH), the normal build also
# builds the module and its end-to-end suite runs; otherwise it is skipped.
fs_flags=()
if [ -n "${FREESWITCH_PREFIX:-}" ]; then fs_flags=(--with-freeswitch="$FREESWITCH_PREFIX"); fi
run_suite normal "${fs_flags[@]}"
# The module runs inside FreeSWITCH, which is not built with the sanitizers.
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  run_suite sanitizers --enable-sanitizers --without-freeswitch
# ThreadSanitizer excludes AddressSanitizer: a build of its own, running the
# suites whose code is shared by call threads (resolver and cache, store,
# schedules and zones, the SIP service's load threads) and the concurrency
# stress test. Races reported inside
# libraries we do not build are listed, each with why, in tests/tsan.supp.
tsan_tests="tests/unit/resolve/check_resolver tests/unit/hours/check_schedule tests/unit/hours/check_timezone"
tsan_tests="$tsan_tests tests/unit/resolve/check_concurrency"
tsan_tests="$tsan_tests tests/integration/check_mongo_source tests/integration/check_store_reliability"
tsan_tests="$tsan_tests tests/unit/sip/check_load_pool tests/sip/run-sip.sh"
tsan_tests="$tsan_tests tests/unit/resolve/check_change_feed tests/fleet/run-propagation.sh"
# Instrumented code runs several times slower: Check's per-test timeouts grow.
TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$top/tests/tsan.supp" CK_TIMEOUT_MULTIPLIER=10 CHECK_TESTS="$tsan_tests" \
  run_suite tsan --enable-tsan --without-freeswitch

# The fuzz targets, a short fixed run each, two at a time (scripts/fuzz.sh
# runs them longer). Skipped, saying so, where clang cannot build them.
if command -v clang++ >/dev/null 2>&1 && [ "${FUZZ_SECONDS:-60}" != 0 ]; then
  echo "=== fuzz targets, ${FUZZ_SECONDS:-60} s each"
  rm -rf "$top/build-test-fuzz"
  fuzz_out=$(scripts/fuzz.sh -t "${FUZZ_SECONDS:-60}" -j "${JOBS:-2}" -b "$top/build-test-fuzz" 2>&1) || true
  echo "$fuzz_out"
  while read -r _ target rest; do
    case $rest in *"findings: none") ;; *) failure "fuzz/${target%:}" ;; esac
  done < <(grep '^fuzz ' <<<"$fuzz_out")
  grep -q '^fuzz ' <<<"$fuzz_out" || failure "fuzz (build)"
else
  echo "=== fuzz targets: skipped (clang++ not found)"
fi

if [ "${SKIP_DISTCHECK:-0}" != 1 ]; then
  echo "=== make distcheck"
  (cd "$top/build-test-normal" && make -j"${JOBS:-2}" distcheck >distcheck.out 2>&1) && echo "distcheck: ok" || {
    failure distcheck
    echo "distcheck: FAILED"
    tail -40 "$top/build-test-normal/distcheck.out"
  }
fi

e2e_log="$top/build-test-normal/tests/freeswitch/run-e2e.sh.log"
if [ -f "$e2e_log" ]; then
  echo
  echo "=== FreeSWITCH end-to-end: $(grep -E '^(SKIP: |[0-9]+ passed, [0-9]+ failed)' "$e2e_log" | tail -1)"
fi

echo
echo "=== Check summaries (normal, then sanitizers, then tsan)"
for name in normal sanitizers tsan; do
  for log in "$top/build-test-$name"/tests/*/*.log "$top/build-test-$name"/tests/unit/*/*.log; do
    [ -f "$log" ] || continue
    line=$(grep -E '^[0-9]+%: Checks: ' "$log" | tail -1 || true)
    [ -n "$line" ] && echo "$name $(basename "$log" .log): $line"
  done
done

if [ $status = 0 ]; then
  verdict="RESULT: PASS"
else
  list=$(printf '%s, ' "${failed[@]}")
  verdict="RESULT: FAIL (suites: ${list%, })"
fi
echo "$verdict"
exit $status
