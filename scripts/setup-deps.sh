#!/usr/bin/env bash
# Installs every system package the build, the tests and the benchmark need,
# from Debian's archive. Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
  build-essential autoconf automake autoconf-archive libtool pkg-config
  libsofia-sip-ua-dev libical-dev libcjson-dev libphonenumber-dev
  libmongoc-dev libbson-dev libxml2-dev check tzdata
  python3 python3-dateutil sip-tester kamailio
  clang libclang-rt-dev
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

# Another apt-get, dpkg or unattended-upgrades run may hold the package
# locks (a fresh machine often runs one at boot). apt-get fails at once on a
# held lock; wait for it instead, saying so, for up to lock_wait seconds.
lock_wait=600
locks=(/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock /var/cache/apt/archives/lock)

# Prints the pid holding one of the package locks, nothing when none is held.
# apt and dpkg take fcntl locks, which /proc/locks lists by device and inode
# (no fuser or lslocks needed).
lock_holder() {
  local f id
  for f in "${locks[@]}"; do
    [ -e "$f" ] || continue
    # /proc/locks names a file as MAJOR:MINOR:INODE, the device in hex.
    id=$(stat -c '%Hd %Ld %i' "$f" 2>/dev/null | { read -r ma mi ino && printf '%02x:%02x:%s' "$ma" "$mi" "$ino"; }) ||
      continue
    # Waiters show as "N: -> POSIX ..."; only a holder counts.
    awk -v id="$id" '$2 != "->" && $6 == id { print $5; exit }' /proc/locks 2>/dev/null
  done | head -1
}

wait_for_dpkg_lock() {
  local waited=0 holder
  holder=$(lock_holder)
  [ -n "$holder" ] || return 0
  echo "setup-deps: waiting for the dpkg lock (held by pid $holder: $(ps -o comm= -p "$holder" 2>/dev/null || echo '?'))," \
    "at most ${lock_wait} s"
  while [ -n "$holder" ] && [ "$waited" -lt "$lock_wait" ]; do
    sleep 5
    waited=$((waited + 5))
    holder=$(lock_holder)
  done
  if [ -n "$holder" ]; then
    echo "setup-deps: the dpkg lock is still held by pid $holder after ${lock_wait} s" >&2
    exit 1
  fi
  echo "setup-deps: the dpkg lock is free after ${waited} s"
}

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "setup-deps: installing ${missing[*]}"
  # The lock may be taken between the check and apt-get: apt-get waits too.
  apt_opts=(-o "DPkg::Lock::Timeout=$lock_wait")
  wait_for_dpkg_lock
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update -qq
  wait_for_dpkg_lock
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup-deps: all system packages present"
fi
