# shellcheck shell=bash
# Pulsar standalone from the official binary distribution (Maven Central), for machines without Docker.
# Source after common.sh. Entry points: pulsar_ensure, pulsar_start, pulsar_stop, pulsar_status, pulsar_wait.
#
# Environment (defaults):
#   PULSAR_VERSION=4.0.8            PULSAR_FALLBACK_VERSION=3.0.12 (used only when 4.0.x fails because of Java)
#   PULSAR_HTTP_PORT=8080           PULSAR_BROKER_PORT=6650        PULSAR_BOOKIE_PORT=3181
#   PULSAR_HTTP_URL=http://127.0.0.1:$PULSAR_HTTP_PORT (admin REST and WebSocket API base)
#   PULSAR_MEM="-Xms512m -Xmx1536m -XX:MaxDirectMemorySize=1g"
#   PULSAR_DATA_DIR=$ALPES_CACHE_DIR/pulsar-data/standalone     (metadata + bookkeeper data of the broker we start)
#   PULSAR_BIND_ADDRESS=0.0.0.0     PULSAR_ADVERTISED_ADDRESS=127.0.0.1
#   PULSAR_START_TIMEOUT=180        PULSAR_STOP_TIMEOUT=60

if [[ -n "${_ALPES_PULSAR_SH:-}" ]]; then return 0; fi
_ALPES_PULSAR_SH=1

export PULSAR_VERSION="${PULSAR_VERSION:-4.0.8}"
PULSAR_FALLBACK_VERSION="${PULSAR_FALLBACK_VERSION:-3.0.12}"
export PULSAR_HTTP_PORT="${PULSAR_HTTP_PORT:-8080}"
export PULSAR_BROKER_PORT="${PULSAR_BROKER_PORT:-6650}"
PULSAR_BOOKIE_PORT="${PULSAR_BOOKIE_PORT:-3181}"
export PULSAR_HTTP_URL="${PULSAR_HTTP_URL:-http://127.0.0.1:$PULSAR_HTTP_PORT}"
PULSAR_HTTP_URL="${PULSAR_HTTP_URL%/}"
export PULSAR_MEM="${PULSAR_MEM:--Xms512m -Xmx1536m -XX:MaxDirectMemorySize=1g}"
PULSAR_DATA_DIR="${PULSAR_DATA_DIR:-$ALPES_CACHE_DIR/pulsar-data/standalone}"
PULSAR_BIND_ADDRESS="${PULSAR_BIND_ADDRESS:-0.0.0.0}"
PULSAR_ADVERTISED_ADDRESS="${PULSAR_ADVERTISED_ADDRESS:-127.0.0.1}"
PULSAR_START_TIMEOUT="${PULSAR_START_TIMEOUT:-180}"
PULSAR_STOP_TIMEOUT="${PULSAR_STOP_TIMEOUT:-60}"

PULSAR_RUN_DIR="$ALPES_RUN_DIR/pulsar"
PULSAR_CONF_FILE="$PULSAR_RUN_DIR/standalone.conf"
PULSAR_PID_FILE="$ALPES_PID_DIR/pulsar.pid"
PULSAR_LOG_FILE="$ALPES_LOG_DIR/pulsar-standalone.log"
# Set to 1 by pulsar_ensure/pulsar_start when this shell started the broker.
PULSAR_STARTED_BY_US="${PULSAR_STARTED_BY_US:-0}"

pulsar_home() { printf '%s\n' "$ALPES_CACHE_DIR/pulsar/apache-pulsar-${1:-$PULSAR_VERSION}"; }
pulsar_tarball() { printf '%s\n' "$ALPES_CACHE_DIR/downloads/pulsar-server-distribution-${1:-$PULSAR_VERSION}-bin.tar.gz"; }
pulsar_ws_url() { printf '%s\n' "${PULSAR_HTTP_URL/#http/ws}"; }
pulsar_broker_url() {
  local host="${PULSAR_HTTP_URL#*://}"
  host="${host%%[:/]*}"
  printf 'pulsar://%s:%s\n' "$host" "$PULSAR_BROKER_PORT"
}

# Healthy = the broker answers its health check, which round-trips a message through a heartbeat topic: once it
# passes, topics can be created and written.
pulsar_healthy() {
  [[ "$(http_status "$PULSAR_HTTP_URL/admin/v2/brokers/health" 15)" == "200" ]]
}

# Is the process from our pid file alive (and our standalone)?
pulsar_ours_running() { pidfile_alive "$PULSAR_PID_FILE" "$PULSAR_CONF_FILE"; }

# ---------------------------------------------------------------------------------------------------------------
# Java and Maven
# ---------------------------------------------------------------------------------------------------------------
pulsar_java_bin() { if [[ -n "${JAVA_HOME:-}" ]]; then printf '%s\n' "$JAVA_HOME/bin/java"; else printf 'java\n'; fi; }

pulsar_java_major() {
  local java v
  java="$(pulsar_java_bin)"
  have "$java" || return 1
  v="$("$java" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  [[ "$v" == 1.* ]] && v="${v#1.}"
  printf '%s\n' "${v%%[.+-]*}"
}

# Pulsar 4.0 (and the 3.0 broker) need Java 17+. Install OpenJDK 17 from Debian when java is missing or too old.
pulsar_ensure_java() {
  local major
  major="$(pulsar_java_major || true)"
  if [[ -n "$major" ]] && ((major >= 17)); then
    return 0
  fi
  warn "Java 17+ is required by Pulsar ${PULSAR_VERSION} (found: ${major:-none}); installing openjdk-17-jre-headless"
  if apt_install openjdk-17-jre-headless; then
    local jh
    for jh in /usr/lib/jvm/java-17-openjdk-*; do
      if [[ -x "$jh/bin/java" ]]; then
        export JAVA_HOME="$jh"
        break
      fi
    done
    return 0
  fi
  warn "could not install Java 17; will try Pulsar ${PULSAR_VERSION} anyway and fall back to ${PULSAR_FALLBACK_VERSION}"
}

pulsar_ensure_mvn() {
  have mvn && return 0
  apt_install maven || die "Maven is needed to fetch the Pulsar distribution from Maven Central"
}

# ---------------------------------------------------------------------------------------------------------------
# Distribution: fetch (Maven Central only, via scripts/lib/maven-settings.xml) and unpack into the cache
# ---------------------------------------------------------------------------------------------------------------
pulsar_fetch() { # [version]
  local version="${1:-$PULSAR_VERSION}" tarball
  tarball="$(pulsar_tarball "$version")"
  if [[ -s "$tarball" ]]; then
    info "Pulsar $version distribution cached: $tarball"
    return 0
  fi
  pulsar_ensure_mvn
  ensure_run_dirs
  local dl_dir tmp log="$ALPES_LOG_DIR/pulsar-fetch-$version.log"
  dl_dir="$(dirname "$tarball")"
  mkdir -p "$dl_dir"
  tmp="$(mktemp -d "$dl_dir/.fetch.XXXXXX")"
  step "Fetching org.apache.pulsar:pulsar-server-distribution:$version:tar.gz:bin from Maven Central (log: $log)"
  local t0=$SECONDS
  if ! run_logged "mvn dependency:copy (Pulsar $version)" "$log" \
    mvn -B -ntp -s "$ALPES_SCRIPTS_DIR/lib/maven-settings.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
    "-Dartifact=org.apache.pulsar:pulsar-server-distribution:$version:tar.gz:bin" \
    "-DoutputDirectory=$tmp"; then
    rm -rf "$tmp"
    return 1
  fi
  mv -f "$tmp/$(basename "$tarball")" "$tarball"
  rm -rf "$tmp"
  ok "fetched $(basename "$tarball") ($(du -h "$tarball" | cut -f1)) in $(fmt_duration $((SECONDS - t0)))"
}

pulsar_unpack() { # [version]
  local version="${1:-$PULSAR_VERSION}" home
  home="$(pulsar_home "$version")"
  if [[ -x "$home/bin/pulsar" && -f "$home/conf/standalone.conf" ]]; then
    info "Pulsar $version unpacked: $home"
    return 0
  fi
  pulsar_fetch "$version" || return 1
  local parent tmp
  parent="$(dirname "$home")"
  mkdir -p "$parent"
  tmp="$(mktemp -d "$parent/.unpack.XXXXXX")"
  step "Unpacking Pulsar $version into $parent"
  if ! tar -xzf "$(pulsar_tarball "$version")" -C "$tmp"; then
    rm -rf "$tmp"
    fail "could not unpack $(pulsar_tarball "$version") (corrupt download? delete it and re-run)"
    return 1
  fi
  rm -rf "$home"
  mv "$tmp/$(basename "$home")" "$home"
  rm -rf "$tmp"
  ok "unpacked $home"
}

# ---------------------------------------------------------------------------------------------------------------
# Configuration: a per-run copy of the distribution's conf/standalone.conf (the distribution is never edited)
# ---------------------------------------------------------------------------------------------------------------
_pulsar_conf_set() { # file key value  (replace the first `key=` line, or append)
  local file="$1" key="$2" value="$3"
  awk -v k="$key" -v v="$value" '
    BEGIN { done = 0 }
    !done && index($0, k "=") == 1 { print k "=" v; done = 1; next }
    { print }
    END { if (!done) print k "=" v }
  ' "$file" >"$file.tmp" && mv "$file.tmp" "$file"
}

pulsar_write_conf() { # [version]
  local version="${1:-$PULSAR_VERSION}" home
  home="$(pulsar_home "$version")"
  mkdir -p "$PULSAR_RUN_DIR"
  local tmp="$PULSAR_CONF_FILE.new"
  cp "$home/conf/standalone.conf" "$tmp"
  local kv
  for kv in \
    "brokerServicePort=$PULSAR_BROKER_PORT" \
    "webServicePort=$PULSAR_HTTP_PORT" \
    "bindAddress=$PULSAR_BIND_ADDRESS" \
    "advertisedAddress=$PULSAR_ADVERTISED_ADDRESS" \
    "clusterName=standalone" \
    "webSocketServiceEnabled=true" \
    "managedLedgerDefaultEnsembleSize=1" \
    "managedLedgerDefaultWriteQuorum=1" \
    "managedLedgerDefaultAckQuorum=1" \
    "brokerDeduplicationEnabled=false" \
    "allowAutoTopicCreation=true" \
    "allowAutoTopicCreationType=non-partitioned" \
    "brokerDeleteInactiveTopicsEnabled=false" \
    "isSchemaValidationEnforced=false" \
    "functionsWorkerEnabled=false" \
    "transactionCoordinatorEnabled=false" \
    "brokerShutdownTimeoutMs=20000" \
    "managedLedgerCacheSizeMB=128" \
    "dbStorage_writeCacheMaxSizeMb=64" \
    "dbStorage_readAheadCacheMaxSizeMb=64" \
    "numIOThreads=4" \
    "numHttpServerThreads=8"; do
    _pulsar_conf_set "$tmp" "${kv%%=*}" "${kv#*=}"
  done
  {
    echo
    echo "# Written by scripts/lib/pulsar.sh from $home/conf/standalone.conf (Pulsar $version)."
  } >>"$tmp"
  if [[ -f "$PULSAR_CONF_FILE" ]] && cmp -s "$tmp" "$PULSAR_CONF_FILE"; then
    rm -f "$tmp"
  else
    mv -f "$tmp" "$PULSAR_CONF_FILE"
    info "wrote $PULSAR_CONF_FILE"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Lifecycle
# ---------------------------------------------------------------------------------------------------------------
# Wait for the broker to be healthy. Watches our process (when we started one) to fail fast if it dies.
pulsar_wait() { # [timeout] [pid-to-watch]
  local timeout="${1:-$PULSAR_START_TIMEOUT}" pid="${2:-}"
  [[ -z "$pid" ]] && pulsar_ours_running && pid="$(pidfile_pid "$PULSAR_PID_FILE")"
  local t0=$SECONDS
  if wait_for_http "$PULSAR_HTTP_URL/admin/v2/brokers/health" "$timeout" 200 "$pid"; then
    # A fresh standalone answers the health check about a second before it has created the `public/default`
    # namespace; callers (tests) may use that namespace at once, so wait for it too (briefly: other brokers may
    # simply not have it).
    local deadline=$((SECONDS + 30))
    while [[ "$(http_status "$PULSAR_HTTP_URL/admin/v2/namespaces/public/default/retention" 5)" != "200" ]]; do
      if ((SECONDS >= deadline)); then
        warn "namespace public/default not found on $PULSAR_HTTP_URL (not a standalone?); continuing"
        break
      fi
      sleep 0.5
    done
    ok "Pulsar is healthy at $PULSAR_HTTP_URL (waited $(fmt_duration $((SECONDS - t0))))"
    return 0
  fi
  if [[ -f "$PULSAR_LOG_FILE" ]]; then
    log_tail "$PULSAR_LOG_FILE" 60
    fail "Pulsar did not become healthy; log: $PULSAR_LOG_FILE"
  fi
  return 1
}

# Did the start (log lines after $1) fail because of the Java runtime? Class files too new for this JVM, or the JVM
# refusing Pulsar's options while it is older than 17.
_pulsar_log_says_java_problem() { # first-line-of-this-attempt
  [[ -f "$PULSAR_LOG_FILE" ]] || return 1
  local part major
  part="$(tail -n "+$1" "$PULSAR_LOG_FILE")"
  grep -qE 'UnsupportedClassVersionError|compiled by a more recent version of the Java Runtime' <<<"$part" && return 0
  major="$(pulsar_java_major || echo 0)"
  ((major < 17)) && grep -qE 'Unrecognized VM option|Could not create the Java Virtual Machine' <<<"$part"
}

_pulsar_start_version() { # version -> 0 healthy, 1 failed, 3 failed because of Java
  local version="$1" home
  home="$(pulsar_home "$version")"
  pulsar_unpack "$version" || return 1
  pulsar_write_conf "$version"
  mkdir -p "$PULSAR_DATA_DIR" "$ALPES_LOG_DIR/pulsar"
  local first_line=1
  [[ -f "$PULSAR_LOG_FILE" ]] && first_line=$(($(wc -l <"$PULSAR_LOG_FILE") + 1))
  {
    echo
    echo "===== $(date -Is) starting Pulsar $version standalone (http $PULSAR_HTTP_PORT, broker $PULSAR_BROKER_PORT, data $PULSAR_DATA_DIR)"
  } >>"$PULSAR_LOG_FILE"
  step "Starting Pulsar $version standalone (http :$PULSAR_HTTP_PORT, broker :$PULSAR_BROKER_PORT, data $PULSAR_DATA_DIR, log $PULSAR_LOG_FILE)"
  local t0=$SECONDS
  (
    cd "$home" || exit 1
    export PULSAR_MEM PULSAR_LOG_DIR="$ALPES_LOG_DIR/pulsar" PULSAR_STANDALONE_CONF="$PULSAR_CONF_FILE"
    export PULSAR_LOG_APPENDER=Console
    start_detached "$PULSAR_PID_FILE" "$PULSAR_LOG_FILE" \
      bin/pulsar standalone -c "$PULSAR_CONF_FILE" \
      --no-functions-worker --no-stream-storage \
      --metadata-dir "$PULSAR_DATA_DIR/metadata" \
      --bookkeeper-dir "$PULSAR_DATA_DIR/bookkeeper" \
      --bookkeeper-port "$PULSAR_BOOKIE_PORT" \
      -a "$PULSAR_ADVERTISED_ADDRESS" >/dev/null
  )
  PULSAR_STARTED_BY_US=1
  local pid
  pid="$(pidfile_pid "$PULSAR_PID_FILE" || true)"
  info "pid ${pid:-?}; waiting up to ${PULSAR_START_TIMEOUT} s for $PULSAR_HTTP_URL/admin/v2/brokers/health"
  if pulsar_wait "$PULSAR_START_TIMEOUT" "$pid"; then
    ok "Pulsar $version started in $(fmt_duration $((SECONDS - t0)))"
    return 0
  fi
  # Do not leave a half-started broker behind.
  stop_pidfile "$PULSAR_PID_FILE" "Pulsar standalone" "$PULSAR_STOP_TIMEOUT" "$PULSAR_CONF_FILE" || true
  PULSAR_STARTED_BY_US=0
  if _pulsar_log_says_java_problem "$first_line"; then return 3; fi
  return 1
}

pulsar_start() {
  ensure_run_dirs
  if pulsar_ours_running; then
    info "Pulsar standalone started by these scripts is running (pid $(pidfile_pid "$PULSAR_PID_FILE"))"
    pulsar_wait
    return
  fi
  rm -f "$PULSAR_PID_FILE"
  if pulsar_healthy; then
    ok "a Pulsar broker already answers at $PULSAR_HTTP_URL (not started by these scripts); not starting another"
    return 0
  fi
  local port
  for port in "$PULSAR_HTTP_PORT" "$PULSAR_BROKER_PORT"; do
    if port_open "$port"; then
      fail "port $port is in use but no healthy Pulsar answers at $PULSAR_HTTP_URL"
      fail "free it, or choose other ports: PULSAR_HTTP_PORT / PULSAR_BROKER_PORT (and PULSAR_HTTP_URL)"
      return 1
    fi
  done
  pulsar_ensure_java
  local rc=0
  _pulsar_start_version "$PULSAR_VERSION" || rc=$?
  if ((rc == 3)) && [[ "$PULSAR_FALLBACK_VERSION" != "$PULSAR_VERSION" ]]; then
    warn "Pulsar $PULSAR_VERSION failed to start because of the Java runtime ($("$(pulsar_java_bin)" -version 2>&1 | head -n1))"
    warn "NOTE: falling back to Pulsar $PULSAR_FALLBACK_VERSION (LTS); see $PULSAR_LOG_FILE"
    rc=0
    _pulsar_start_version "$PULSAR_FALLBACK_VERSION" || rc=$?
  fi
  if ((rc != 0)); then
    fail "could not start Pulsar standalone; log: $PULSAR_LOG_FILE"
    return 1
  fi
}

# The services speak the WebSocket API: a plain GET on a WebSocket endpoint answers 405 (or 400) when the service is
# enabled and 404 when it is not. Creates nothing on the broker.
pulsar_websocket_enabled() {
  local code
  code="$(http_status "$PULSAR_HTTP_URL/ws/v2/consumer/persistent/public/default/alpes-probe/alpes-probe" 5)"
  [[ "$code" != "404" && "$code" != "000" ]]
}

# Reuse a healthy broker at PULSAR_HTTP_URL, else start our own.
pulsar_ensure() {
  if pulsar_healthy; then
    if pulsar_ours_running; then
      ok "Pulsar (started by these scripts, pid $(pidfile_pid "$PULSAR_PID_FILE")) is healthy at $PULSAR_HTTP_URL"
    else
      ok "reusing the Pulsar broker that answers at $PULSAR_HTTP_URL"
    fi
    pulsar_websocket_enabled ||
      warn "the broker at $PULSAR_HTTP_URL does not serve the WebSocket API (webSocketServiceEnabled=false?); the services need it"
    return 0
  fi
  pulsar_start
}

pulsar_stop() {
  if ! pulsar_ours_running; then
    if [[ -f "$PULSAR_PID_FILE" ]]; then
      info "stale Pulsar pid file removed ($PULSAR_PID_FILE)"
      rm -f "$PULSAR_PID_FILE"
    fi
    if pulsar_healthy; then
      info "a Pulsar broker answers at $PULSAR_HTTP_URL but was not started by these scripts: leaving it alone"
    else
      info "no Pulsar standalone started by these scripts is running"
    fi
    return 0
  fi
  stop_pidfile "$PULSAR_PID_FILE" "Pulsar standalone" "$PULSAR_STOP_TIMEOUT" "$PULSAR_CONF_FILE"
}

pulsar_status() {
  local rc=0
  if pulsar_healthy; then
    ok "Pulsar healthy at $PULSAR_HTTP_URL"
  else
    fail "no healthy Pulsar at $PULSAR_HTTP_URL"
    rc=1
  fi
  if pulsar_ours_running; then
    info "started by these scripts: pid $(pidfile_pid "$PULSAR_PID_FILE"), conf $PULSAR_CONF_FILE, log $PULSAR_LOG_FILE"
  else
    info "not started by these scripts (no live pid in $PULSAR_PID_FILE)"
  fi
  if ((rc == 0)); then
    local v clusters
    v="$(curl -fsS --max-time 5 "$PULSAR_HTTP_URL/admin/v2/brokers/version" 2>/dev/null || true)"
    clusters="$(curl -fsS --max-time 5 "$PULSAR_HTTP_URL/admin/v2/clusters" 2>/dev/null || true)"
    info "version: ${v:-?}; clusters: ${clusters:-?}"
    info "admin REST: $PULSAR_HTTP_URL/admin/v2   WebSocket: $(pulsar_ws_url)/ws/v2   binary: $(pulsar_broker_url)"
  fi
  return "$rc"
}
