# The FreeSWITCH part of tests/freeswitch/run-e2e.sh and
# bench/bench_freeswitch.sh: finds an installed FreeSWITCH, the built
# module, sipp and FerretDB, and starts a FreeSWITCH with the configuration
# in tests/freeswitch/conf in a temporary folder, all on 127.0.0.1. The rest
# (ports, processes, FerretDB, the folder) is tests/lib/harness.sh.
#
# The caller sets E2E_SRCDIR (the source tree) and E2E_BUILDDIR, sources this
# file, calls e2e_find_tools (returns 77 with $E2E_SKIP set when something is
# missing), then e2e_setup, and traps e2e_teardown on EXIT.

. "$(dirname "${BASH_SOURCE[0]}")/../lib/harness.sh"

# -------------------------------------------------------------- discovery

e2e_find_prefix() {
  local p=""
  if [ -n "${FREESWITCH_PREFIX:-}" ]; then
    p="$FREESWITCH_PREFIX"
  elif command -v pkg-config >/dev/null 2>&1 && p=$(pkg-config --variable=prefix freeswitch 2>/dev/null) && [ -n "$p" ]; then
    :
  elif [ -f "$E2E_BUILDDIR/Makefile" ] &&
       p=$(sed -n 's/^FREESWITCH_MODDIR = *//p' "$E2E_BUILDDIR/Makefile") && [ -n "$p" ]; then
    # The FreeSWITCH this build was configured against (--with-freeswitch).
    p="${p%/}"
    case "$p" in
      */lib/freeswitch/mod) p="${p%/lib/freeswitch/mod}" ;;
      */mod) p="${p%/mod}" ;;
    esac
  else
    p=/usr/local/freeswitch
  fi
  printf '%s\n' "$p"
}

# Sets FS_PREFIX FS_BIN FS_CLI FS_MODDIR MOD_SO SIPP FERRETDB_BIN TENANTCTL,
# or E2E_SKIP and returns 77.
e2e_find_tools() {
  FS_PREFIX=$(e2e_find_prefix)
  FS_BIN="$FS_PREFIX/bin/freeswitch"
  FS_CLI="$FS_PREFIX/bin/fs_cli"
  FS_MODDIR="${FREESWITCH_MODDIR:-}"
  if [ -z "$FS_MODDIR" ] && [ -z "${FREESWITCH_PREFIX:-}" ] && [ -f "$E2E_BUILDDIR/Makefile" ]; then
    FS_MODDIR=$(sed -n 's/^FREESWITCH_MODDIR = *//p' "$E2E_BUILDDIR/Makefile")
    case "$FS_MODDIR" in "$FS_PREFIX"/*) ;; *) FS_MODDIR="" ;; esac
  fi
  if [ -z "$FS_MODDIR" ]; then
    FS_MODDIR="$FS_PREFIX/mod"
    [ -d "$FS_MODDIR" ] || FS_MODDIR="$FS_PREFIX/lib/freeswitch/mod"
  fi
  if [ ! -x "$FS_BIN" ]; then
    E2E_SKIP="no FreeSWITCH at $FS_PREFIX (set FREESWITCH_PREFIX to an installed FreeSWITCH's prefix)"
    return 77
  fi
  if [ ! -x "$FS_CLI" ]; then
    E2E_SKIP="no fs_cli at $FS_CLI"
    return 77
  fi
  if [ ! -f "$FS_MODDIR/mod_sofia.so" ]; then
    E2E_SKIP="no mod_sofia.so in $FS_MODDIR (set FREESWITCH_MODDIR)"
    return 77
  fi
  MOD_SO="${MOD_TENANT_SO:-$E2E_BUILDDIR/.libs/mod_tenant.so}"
  if [ ! -f "$MOD_SO" ]; then
    E2E_SKIP="mod_tenant.so not built at $MOD_SO (configure --with-freeswitch=PREFIX and make, or set MOD_TENANT_SO)"
    return 77
  fi
  SIPP="${SIPP:-$(command -v sipp 2>/dev/null || true)}"
  if [ -z "$SIPP" ] || [ ! -x "$SIPP" ]; then
    E2E_SKIP="sipp not found (install sip-tester, or set SIPP)"
    return 77
  fi
  if ! FERRETDB_BIN=$(e2e_find_ferretdb); then
    E2E_SKIP="FerretDB not found (run scripts/install-ferretdb.sh, or set FERRETDB)"
    return 77
  fi
  TENANTCTL="${TENANTCTL:-$E2E_BUILDDIR/tenantctl}"
  if [ ! -x "$TENANTCTL" ]; then
    E2E_SKIP="tenantctl not built at $TENANTCTL"
    return 77
  fi
  local m
  for m in mod_console mod_logfile mod_event_socket mod_commands mod_dptools mod_dialplan_xml; do
    if [ ! -f "$FS_MODDIR/$m.so" ]; then
      E2E_SKIP="$m.so missing from $FS_MODDIR"
      return 77
    fi
  done
  return 0
}

# -------------------------------------------------------------- ports

# -------------------------------------------------------------- FreeSWITCH

# Writes the configuration and module folder and starts FreeSWITCH in the
# foreground of a background job; sets FS_PID, SIP_PORT, ESL_PORT, ESL_PASSWORD.
# Variables E2E_CACHE_TTL, E2E_ON_UNKNOWN, E2E_LOGLEVEL and E2E_FS_OPTIONS tune it.
e2e_start_freeswitch() {
  local base="$E2E_TMP/fs" so d
  mkdir -p "$base"/{log,db,run,mod,tmp,cache,storage,recordings,sounds,grammar,certs,scripts,htdocs}
  cp -R "$E2E_SRCDIR/tests/freeswitch/conf" "$base/conf"
  chmod -R u+w "$base/conf"
  # The hook sets FreeSWITCH's `timezone` variable to the tenant's IANA zone;
  # FreeSWITCH looks zone names up in timezones.conf, which its own
  # installation ships (not this project).
  for d in "$FS_PREFIX/conf" "$FS_PREFIX/etc/freeswitch" /etc/freeswitch; do
    if [ -f "$d/autoload_configs/timezones.conf.xml" ]; then
      cp "$d/autoload_configs/timezones.conf.xml" "$base/conf/autoload_configs/"
      break
    fi
  done
  # Every module of the installation, and the module under test.
  for so in "$FS_MODDIR"/*.so; do
    [ "$(basename "$so")" = mod_tenant.so ] && continue
    ln -s "$so" "$base/mod/$(basename "$so")"
  done
  ln -s "$(cd "$(dirname "$MOD_SO")" && pwd)/$(basename "$MOD_SO")" "$base/mod/mod_tenant.so"

  e2e_free_port || return 1
  SIP_PORT=$E2E_PORT
  e2e_free_port || return 1
  ESL_PORT=$E2E_PORT
  e2e_free_port 400 || return 1
  E2E_RTP_START=$E2E_PORT
  ESL_PASSWORD="e2e-$RANDOM$RANDOM"
  e2e_write_vars
  # shellcheck disable=SC2086  # E2E_FS_OPTIONS: extra options, e.g. -core
  "$FS_BIN" -nonat -nonatmap -nc -nf -np ${E2E_FS_OPTIONS:-} \
    -base "$base" -conf "$base/conf" -log "$base/log" -db "$base/db" -run "$base/run" \
    -mod "$base/mod" -temp "$base/tmp" -cache "$base/cache" -storage "$base/storage" \
    -recordings "$base/recordings" -sounds "$base/sounds" -grammar "$base/grammar" \
    -certs "$base/certs" -scripts "$base/scripts" -htdocs "$base/htdocs" \
    </dev/null >"$base/log/stdout.log" 2>&1 &
  FS_PID=$!
  E2E_PIDS=("$FS_PID" "${E2E_PIDS[@]}")   # stopped before the store
  e2e_wait_freeswitch 60
}

# vars.xml: everything in the configuration that changes from run to run.
e2e_write_vars() {
  local rtp_start="$E2E_RTP_START"
  cat >"$E2E_TMP/fs/conf/vars.xml" <<EOF
<include>
  <X-PRE-PROCESS cmd="set" data="e2e_sip_port=$SIP_PORT"/>
  <X-PRE-PROCESS cmd="set" data="e2e_esl_port=$ESL_PORT"/>
  <X-PRE-PROCESS cmd="set" data="e2e_esl_password=$ESL_PASSWORD"/>
  <X-PRE-PROCESS cmd="set" data="e2e_rtp_start=$rtp_start"/>
  <X-PRE-PROCESS cmd="set" data="e2e_rtp_end=$((rtp_start + 399))"/>
  <X-PRE-PROCESS cmd="set" data="e2e_mongo_uri=$MONGO_URI"/>
  <X-PRE-PROCESS cmd="set" data="e2e_cache_ttl=${E2E_CACHE_TTL:-10}"/>
  <X-PRE-PROCESS cmd="set" data="e2e_on_unknown=${E2E_ON_UNKNOWN:-reject:404}"/>
  <X-PRE-PROCESS cmd="set" data="e2e_loglevel=${E2E_LOGLEVEL:-info}"/>
</include>
EOF
}

# fs_cli with bounds on the connection and the command.
fsapi() {
  timeout 15 "$FS_CLI" -H 127.0.0.1 -P "$ESL_PORT" -p "$ESL_PASSWORD" -t 10000 -x "$*" 2>&1
}

e2e_wait_freeswitch() {  # seconds
  local deadline=$((SECONDS + $1)) out
  while [ $SECONDS -lt $deadline ]; do
    if ! kill -0 "$FS_PID" 2>/dev/null; then
      e2e_log "FreeSWITCH exited at start: $(tail -n 20 "$E2E_TMP/fs/log/stdout.log" "$E2E_TMP/fs/log/freeswitch.log" 2>/dev/null)"
      return 1
    fi
    out=$(timeout 5 "$FS_CLI" -H 127.0.0.1 -P "$ESL_PORT" -p "$ESL_PASSWORD" -t 3000 -x status 2>/dev/null || true)
    if printf '%s' "$out" | grep -q "is ready" &&
       fsapi "sofia status" | grep -Eq "^ *e2e[[:space:]]+profile.*RUNNING"; then
      return 0
    fi
    sleep 0.5
  done
  e2e_log "FreeSWITCH not ready after $1 s: $(tail -n 20 "$E2E_TMP/fs/log/freeswitch.log" 2>/dev/null)"
  return 1
}

