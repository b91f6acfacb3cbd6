#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what it needs, then builds and
# runs `make check` twice — a normal build with warnings as errors and an
# AddressSanitizer + UndefinedBehaviorSanitizer build — and `make distcheck`.
# Ends with every Check suite's summary line.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

scripts/setup-deps.sh
if [ -x scripts/install-ferretdb.sh ]; then scripts/install-ferretdb.sh; fi
autoreconf -fi >/dev/null

status=0
run_suite() {  # name, configure flags...
  local name=$1
  shift
  local dir="$top/build-test-$name"
  rm -rf "$dir"
  mkdir -p "$dir"
  echo "=== $name build: configure $*"
  (cd "$dir" && "$top/configure" --enable-werror "$@" >configure.out 2>&1 || { cat configure.out; exit 1; })
  sed -n '/mod_tenant .* configured/,$p' "$dir/configure.out"
  if ! (cd "$dir" && make -j"${JOBS:-2}" >make.out 2>&1); then
    tail -50 "$dir/make.out"
    return 1
  fi
  (cd "$dir" && make -j"${JOBS:-2}" check >check.out 2>&1) || {
    status=1
    sed -n '/^FAIL\|^ERROR/p' "$dir/check.out"
    for log in $(grep -l -E '^(FAIL|ERROR)' "$dir"/tests/*/*.log 2>/dev/null); do
      echo "--- $log"
      tail -40 "$log"
    done
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

if [ "${SKIP_DISTCHECK:-0}" != 1 ]; then
  echo "=== make distcheck"
  (cd "$top/build-test-normal" && make -j"${JOBS:-2}" distcheck >distcheck.out 2>&1) && echo "distcheck: ok" || {
    status=1
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
echo "=== Check summaries (normal, then sanitizers)"
for name in normal sanitizers; do
  for log in "$top/build-test-$name"/tests/*/*.log; do
    [ -f "$log" ] || continue
    line=$(grep -E '^[0-9]+%: Checks: ' "$log" | tail -1 || true)
    [ -n "$line" ] && echo "$name $(basename "$log" .log): $line"
  done
done
exit $status
