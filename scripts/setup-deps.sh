#!/usr/bin/env bash
# Installs every system package the build, the tests and the benchmark need,
# from Debian's archive. Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  build-essential autoconf automake autoconf-archive libtool pkg-config
  libsofia-sip-ua-dev libical-dev libcjson-dev libphonenumber-dev
  libmongoc-dev libbson-dev check tzdata
  python3 python3-dateutil sip-tester
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup-deps: installing ${missing[*]}"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup-deps: all system packages present"
fi
