#!/usr/bin/env bash
# The benchmark compares against python-dateutil; install it when missing
# (Debian's package for the system Python, pip for any other interpreter).
set -euo pipefail
python=${PYTHON:-python3}
if "$python" -c 'import dateutil.rrule, zoneinfo' 2>/dev/null; then
  exit 0
fi
if [ "$(command -v "$python")" = /usr/bin/python3 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-dateutil
else
  "$python" -m pip install --quiet python-dateutil
fi
