#!/usr/bin/env bash
# Builds mod_tenant in ./build (or $BUILD_DIR) after installing what it needs.
# Extra arguments go to ./configure.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/build}

"$top/scripts/setup-deps.sh"
if [ ! -x "$top/configure" ] || [ "$top/configure.ac" -nt "$top/configure" ]; then
  (cd "$top" && autoreconf -fi)
fi
mkdir -p "$build"
cd "$build"
if [ ! -f config.status ] || [ "$#" -gt 0 ]; then
  "$top/configure" "$@"
fi
make -j"${JOBS:-2}"
