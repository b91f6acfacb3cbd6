#!/usr/bin/env bash
# Installs FerretDB (the MongoDB-wire server the integration tests and the demo
# run) from its Go module, built with the SQLite handler compiled in.
#
#   scripts/install-ferretdb.sh            -> $FERRETDB_BIN_DIR (default ~/.local/bin)
#
# Idempotent: does nothing when the wanted version is already installed there.
# Only the Go module proxy is used. `go install ...@v1.24.2` alone builds a
# binary that panics at start (the module ships without the generated
# build/version/version.txt), so the module is copied, the file is written and
# the binary is built from the copy.
set -euo pipefail

version="${FERRETDB_VERSION:-v1.24.2}"
bin_dir="${FERRETDB_BIN_DIR:-$HOME/.local/bin}"
target="$bin_dir/ferretdb"

if [ -x "$target" ] && "$target" --version 2>/dev/null | grep "^version: $version$" >/dev/null; then
  echo "install-ferretdb: FerretDB $version already at $target"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  for d in /usr/local/go/bin /usr/lib/go/bin; do
    [ -x "$d/go" ] && PATH="$d:$PATH" && break
  done
fi
if ! command -v go >/dev/null 2>&1; then
  # Debian's golang-go (1.19 in bookworm) is too old to build FerretDB 1.24,
  # and cannot fetch a newer toolchain by itself.
  echo "install-ferretdb: error: no Go toolchain found; FerretDB $version needs Go 1.21 or later" >&2
  echo "  (a newer Go fetches the exact toolchain FerretDB asks for through the module proxy)" >&2
  exit 1
fi

echo "install-ferretdb: building FerretDB $version (this takes a few minutes the first time)"
src=$(go mod download -json "github.com/FerretDB/FerretDB@$version" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
cp -R "$src/." "$work/"
chmod -R u+w "$work"
echo "$version" > "$work/build/version/version.txt"
mkdir -p "$bin_dir"
(cd "$work" && GOFLAGS="${GOFLAGS:-} -mod=mod" GOBIN="$bin_dir" go install -buildvcs=false ./cmd/ferretdb)
installed=$("$target" --version | grep '^version:' || true)
if [ "$installed" != "version: $version" ]; then
  echo "install-ferretdb: error: $target does not report $version (got: ${installed:-nothing})" >&2
  exit 1
fi
echo "install-ferretdb: installed FerretDB $version at $target"
