#!/usr/bin/env bash
# End-to-end check of the running ecosystem, over HTTP only (seed 003): the commission flow (affiliate → campaign with
# rules → impressions, clicks, conversions → commission → approved → payout PAGADO), every tracking-queries statistic
# and monitoreo metric against what was sent, rejection reasons, a reverted conversion, bad inputs on every service
# (4xx, never 500) — then the fault drill: while traffic flows, kill -9 consuming services and restart them, stop the
# broker ~20 s, restart MariaDB; afterwards every count must be exact. Writes .alpes/reports/e2e_test_report.json
# and exits non-zero when anything failed.
#
#   scripts/run_e2e_tests.sh                    against the services on AFILIADOS_URL … MONITOREO_URL
#                                               (defaults http://127.0.0.1:8001 … :8005, e.g. scripts/run_full_ecosystem.sh)
#   scripts/run_e2e_tests.sh --isolated         start a private ecosystem first and tear it down after: the built apps
#                                               on free ports, databases alpes_e2e_<run>_<app> on a MariaDB this run
#                                               starts (first free port of E2E_MYSQL_PORTS, default 3390-3409, or
#                                               E2E_MYSQL_PORT), per-run topics on the broker (what `npm test` runs)
#   scripts/run_e2e_tests.sh --stop             stop what `--isolated --keep` runs (or crashed ones) left behind
#   options: --no-fault-drill   skip the drill       --report FILE   report path (default .alpes/reports/e2e_test_report.json)
#            --scenarios a,b    only these scenarios (names as in the report)   --keep   (--isolated) leave it running
#
# Concurrent --isolated runs do not meet: each has its own run id (databases, topics, app set .alpes/pids/e2e/<run>/)
# and its own MariaDB port, held by a lock beside the data dir ($ALPES_CACHE_DIR/mariadb-data/<port>.lock); a server
# this run did not start is never stopped or restarted (with E2E_MYSQL_PORT naming one, it only hosts the databases).
# The drill acts only on what these scripts started (pid files): apps, the Pulsar standalone, the MariaDB. Anything
# else is reported as "not performed" with the reason. E2E_DRILL_SKIP=broker,mysql,apps skips injections by name.
# Logs: .alpes/logs/e2e/<run>/*.log (isolated apps), .alpes/logs/e2e-run.log
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

isolated=0 drill=1 keep=0 stop_kept=0 scenarios="" report=""
while (($#)); do
  case "$1" in
    --isolated) isolated=1 ;;
    --no-fault-drill) drill=0 ;;
    --keep) keep=1 ;;
    --stop) stop_kept=1 ;;
    --scenarios)
      scenarios="${2:?--scenarios needs a list}"
      shift
      ;;
    --scenarios=*) scenarios="${1#*=}" ;;
    --report)
      report="${2:?--report needs a path}"
      shift
      ;;
    --report=*) report="${1#*=}" ;;
    -h | --help)
      sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

cd "$ALPES_ROOT"
ensure_run_dirs
ALPES_REPORT_DIR="${ALPES_REPORT_DIR:-$ALPES_RUN_DIR/reports}"
mkdir -p "$ALPES_REPORT_DIR"
export E2E_REPORT="${report:-$ALPES_REPORT_DIR/e2e_test_report.json}"
export E2E_FAULT_DRILL="$drill" E2E_SCENARIOS="$scenarios"
export E2E_CONTROL="$ALPES_SCRIPTS_DIR/e2e/control.sh"
export E2E_TEST_DATA="${E2E_TEST_DATA:-$ALPES_REPORT_DIR/test_data_ids.json}"
# One directory per isolated run: the pid/env files of its apps (its app set) and run.env, what --stop needs.
E2E_RUNS_DIR="$ALPES_PID_DIR/e2e"
APPS=(afiliados conversiones marketing-comisiones tracking-queries monitoreo)

run_database() { # run-id app
  printf 'alpes_e2e_%s_%s\n' "$1" "${2//-/_}"
}

# DROP the databases of one run on host:port (a no-op when that server does not answer). In a child shell: lib/mysql.sh
# fixes its port when sourced, and this may be another server than the one this script uses.
drop_run_databases() { # host port run-id
  local sql="" app
  for app in "${APPS[@]}"; do sql+="DROP DATABASE IF EXISTS \`$(run_database "$3" "$app")\`; "; done
  # shellcheck disable=SC2016 # expanded by the child shell
  MYSQL_HOST="$1" MYSQL_PORT="$2" bash -c 'source "$0/lib/common.sh" && source "$0/lib/mysql.sh" && { ! mysql_reachable || mysql_exec "$1"; }' \
    "$ALPES_SCRIPTS_DIR" "$sql"
}

run_env_value() { # file key -> the value, empty when the file or the key is missing
  [[ -f "$1" ]] || return 0
  sed -n "s/^$2=//p" "$1" | head -n 1
}

# --stop: the runs left up by --keep, and runs whose script is gone (killed); a run still in progress is left alone.
stop_kept_runs() {
  # shellcheck source=lib/pulsar.sh
  source "$ALPES_SCRIPTS_DIR/lib/pulsar.sh"
  export ALPES_APPS_SET=e2e
  # shellcheck source=lib/apps.sh
  source "$ALPES_SCRIPTS_DIR/lib/apps.sh"
  local dir env run owner rc=0 any=0 host port prefix failed
  shopt -s nullglob
  for dir in "$E2E_RUNS_DIR"/*/; do
    failed=0
    dir="${dir%/}" run="$(basename "$dir")" env="$dir/run.env"
    owner="$(run_env_value "$env" OWNER_PID)"
    if [[ ! -f "$dir/kept" && -n "$owner" ]] && pid_alive "$owner"; then
      info "isolated run $run is in progress (pid $owner): left alone"
      continue
    fi
    any=1
    step "Stopping the isolated run $run"
    ALPES_APPS_PID_DIR="$dir" stop_all_apps || failed=1
    prefix="$(run_env_value "$env" TOPIC_PREFIX)"
    if [[ -n "$prefix" ]] && pulsar_healthy; then
      run_ts scripts/e2e/run-topics.ts delete "$prefix" >>"$ALPES_LOG_DIR/e2e-run.log" 2>&1 || warn "could not delete the topics $prefix*"
    fi
    host="$(run_env_value "$env" MYSQL_HOST)" port="$(run_env_value "$env" MYSQL_PORT)"
    if [[ -n "$port" ]]; then
      drop_run_databases "$host" "$port" "$run" || warn "could not drop the databases of run $run at $host:$port"
    fi
    port="$(run_env_value "$env" MYSQL_PRIVATE_PORT)"
    if [[ -n "$port" ]]; then
      MYSQL_HOST=127.0.0.1 MYSQL_PORT="$port" bash "$ALPES_SCRIPTS_DIR/mysql.sh" stop || failed=1
    fi
    # Kept when something could not be stopped, so that a second --stop tries again.
    if ((failed)); then rc=1; else rm -rf "$dir"; fi
  done
  # Apps of an isolated run from before runs had their own set. (nullglob again: stop_all_apps turns it off.)
  shopt -s nullglob
  local legacy=("$E2E_RUNS_DIR"/app-*.pid)
  shopt -u nullglob
  if ((${#legacy[@]})); then
    any=1
    ALPES_APPS_PID_DIR="$E2E_RUNS_DIR" stop_all_apps || rc=1
  fi
  ((any)) || info "no isolated end-to-end run left behind"
  return "$rc"
}

if ((stop_kept)); then
  stop_kept_runs
  exit $?
fi

[[ -d node_modules/ts-node ]] || ensure_node_deps

run_suite() {
  local what="End-to-end scenarios"
  ((drill)) && what+=" and fault drill"
  step "$what against: afiliados ${AFILIADOS_URL:-:8001}, conversiones ${CONVERSIONES_URL:-:8002}, marketing-comisiones ${MARKETING_COMISIONES_URL:-:8003}, tracking-queries ${TRACKING_QUERIES_URL:-:8004}, monitoreo ${MONITOREO_URL:-:8005}"
  ((drill)) || info "fault drill skipped (--no-fault-drill)"
  local rc=0
  run_ts scripts/e2e/run-e2e.ts || rc=$?
  if ((rc == 0)); then
    ok "end-to-end: every scenario passed; report: $E2E_REPORT"
  else
    fail "end-to-end: failures (exit $rc); report: $E2E_REPORT"
  fi
  return "$rc"
}

if ((!isolated)); then
  # The drill's control acts on the default set of apps (scripts/run_full_ecosystem.sh) and on the infrastructure the
  # scripts started; it needs the same MYSQL_* / PULSAR_* environment as they had.
  export E2E_MODE=running E2E_APP_LOGS="${E2E_APP_LOGS:-$ALPES_LOG_DIR}"
  run_suite
  exit $?
fi

# ---------------------------------------------------------------------------------------------------------------
# Isolated ecosystem
# ---------------------------------------------------------------------------------------------------------------
# shellcheck source=lib/pulsar.sh
source "$ALPES_SCRIPTS_DIR/lib/pulsar.sh"
RUN_ID="$(node -e 'process.stdout.write(require("crypto").randomUUID().slice(0, 8))')"
export E2E_RUN_ID="$RUN_ID" E2E_MODE=isolated ALPES_APPS_SET="e2e/$RUN_ID"
# shellcheck source=lib/apps.sh
source "$ALPES_SCRIPTS_DIR/lib/apps.sh"
RUN_DIR="$ALPES_APPS_PID_DIR"
export E2E_APP_LOGS="$ALPES_APPS_LOG_DIR"
TOPIC_PREFIX="persistent://public/default/alpes-e2e-$RUN_ID-"
export E2E_TEST_DATA="$ALPES_REPORT_DIR/isolated/test_data_ids-$RUN_ID.json"
# The server the apps fall back to when no private one can be started (whatever MYSQL_* named before this script).
SHARED_MYSQL_HOST="${MYSQL_HOST:-127.0.0.1}" SHARED_MYSQL_PORT="${MYSQL_PORT:-3306}"
E2E_MYSQL_PORTS="${E2E_MYSQL_PORTS:-3390-3409}"
[[ "$E2E_MYSQL_PORTS" =~ ^[0-9]+(-[0-9]+)?$ ]] || die "E2E_MYSQL_PORTS must be a port or a range like 3390-3409 (got '$E2E_MYSQL_PORTS')"
PRIVATE_PORT="" MYSQL_LOCK_FD="" PRIVATE_MYSQL=0 DATABASES_CREATED=0 TOPICS_CREATED=0 BROKER_WAS_OURS=0
mkdir -p "$RUN_DIR"

save_run_state() {
  local prefix="" private=""
  ((TOPICS_CREATED)) && prefix="$TOPIC_PREFIX"
  # Only a server this run started is ever stopped by --stop (never the shared one the run may have fallen back to).
  ((${MYSQL_STARTED_BY_US:-0})) && private="$PRIVATE_PORT"
  {
    printf 'OWNER_PID=%s\nRUN_ID=%s\nTOPIC_PREFIX=%s\nMYSQL_PRIVATE_PORT=%s\n' "$$" "$RUN_ID" "$prefix" "$private"
    if ((DATABASES_CREATED)); then printf 'MYSQL_HOST=%s\nMYSQL_PORT=%s\n' "$MYSQL_HOST" "$MYSQL_PORT"; fi
  } >"$RUN_DIR/run.env"
}

# The lock a port's private MariaDB is held under, for as long as this script runs (and by the server it starts, which
# inherits the descriptor, so a server left up by --keep keeps its port). It sits beside the data dirs, which every
# checkout on this machine shares, so runs from other trees see it too.
lock_mysql_port() { # port
  local fd
  have flock || return 0 # without flock only the listening and pid-file checks protect a port
  mkdir -p "$ALPES_CACHE_DIR/mariadb-data"
  exec {fd}>>"$ALPES_CACHE_DIR/mariadb-data/$1.lock" || return 1
  if flock -n "$fd"; then
    MYSQL_LOCK_FD="$fd"
    return 0
  fi
  exec {fd}>&-
  return 1
}

unlock_mysql_port() {
  [[ -z "$MYSQL_LOCK_FD" ]] && return 0
  exec {MYSQL_LOCK_FD}>&-
  MYSQL_LOCK_FD=""
}

# A port nobody uses: nothing listens, no server of these scripts holds it, no other run has its lock.
claim_mysql_port() { # port
  lock_mysql_port "$1" || return 1
  if port_open "$1" || pidfile_alive "$ALPES_PID_DIR/mysql-$1.pid"; then
    unlock_mysql_port
    return 1
  fi
}

# Runs a command without the port lock, for processes that may outlive this run (the broker the drill restarts, apps).
without_lock() {
  if [[ -n "$MYSQL_LOCK_FD" ]]; then "$@" {MYSQL_LOCK_FD}>&-; else "$@"; fi
}

teardown() {
  local rc=$?
  trap - EXIT INT TERM
  if ((keep)); then
    save_run_state
    touch "$RUN_DIR/kept"
    warn "--keep: the isolated ecosystem stays up (run $RUN_ID, pid files in $RUN_DIR; stop it with scripts/run_e2e_tests.sh --stop)"
    info "URLs: afiliados ${AFILIADOS_URL:-?}, conversiones ${CONVERSIONES_URL:-?}, marketing-comisiones ${MARKETING_COMISIONES_URL:-?}, tracking-queries ${TRACKING_QUERIES_URL:-?}, monitoreo ${MONITOREO_URL:-?} (dashboard ${MONITOREO_URL:-?}/dashboard); MariaDB $MYSQL_HOST:$MYSQL_PORT"
    exit "$rc"
  fi
  step "Tearing down the isolated ecosystem (run $RUN_ID)"
  stop_all_apps || true
  # The drill restarts the broker it stops; should it have been left down (a failed start), bring it back.
  if ((BROKER_WAS_OURS)) && ! pulsar_healthy; then
    warn "the broker is not healthy after the run: starting it again"
    without_lock pulsar_start || fail "could not start the broker again; log: $PULSAR_LOG_FILE"
  fi
  if ((TOPICS_CREATED)) && pulsar_healthy; then
    run_ts scripts/e2e/run-topics.ts delete "$TOPIC_PREFIX" >>"$ALPES_LOG_DIR/e2e-run.log" 2>&1 || warn "could not delete the run's topics ($TOPIC_PREFIX*)"
  fi
  # Dropped on a private server too: its data dir is reused by the next run on that port.
  if ((DATABASES_CREATED)); then
    drop_run_databases "$MYSQL_HOST" "$MYSQL_PORT" "$RUN_ID" || warn "could not drop the run's databases alpes_e2e_${RUN_ID}_* at $MYSQL_HOST:$MYSQL_PORT"
  fi
  if ((${MYSQL_STARTED_BY_US:-0})); then
    mysql_stop || true
  fi
  rm -rf "$RUN_DIR"
  ((rc == 0)) && rm -f "$E2E_TEST_DATA"
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
save_run_state

t0=$SECONDS
# Always through Nx: a dist/ left by an older checkout would otherwise be tested instead of this code. Nx's cache
# makes this a restore when nothing changed (inside `npm test` the builds have just run).
step "[isolated 1/5] build the apps (nx build, cached)"
build_log="$ALPES_LOG_DIR/build-e2e-apps.log"
projects="$(for app in "${APPS[@]}"; do app_project "$app"; done | paste -sd, -)"
(cd "$ALPES_ROOT" && run_logged "nx build $projects" "$build_log" "$ALPES_ROOT/node_modules/.bin/nx" run-many -t build -p "$projects" --outputStyle=static) ||
  die "step 'build' failed; log: $build_log"
for app in "${APPS[@]}"; do [[ -f "$(app_main "$app")" ]] || die "$(app_main "$app") missing after the build; log: $build_log"; done
ok "built $projects"

step "[isolated 2/5] Pulsar at $PULSAR_HTTP_URL"
pulsar_ensure || die "step 'pulsar' failed (log: $PULSAR_LOG_FILE)"
pulsar_ours_running && BROKER_WAS_OURS=1

if [[ -n "${E2E_MYSQL_PORT:-}" ]]; then
  step "[isolated 3/5] MariaDB on port $E2E_MYSQL_PORT (E2E_MYSQL_PORT)"
  if claim_mysql_port "$E2E_MYSQL_PORT"; then
    PRIVATE_PORT="$E2E_MYSQL_PORT"
  elif lock_mysql_port "$E2E_MYSQL_PORT"; then
    # In use, and no run holds its lock: someone's server. It may host this run's databases (their names carry the
    # run id), but it is neither stopped nor restarted.
    unlock_mysql_port
    warn "a server this run did not start answers on port $E2E_MYSQL_PORT: the run's databases go there, the drill will not restart it"
    SHARED_MYSQL_HOST=127.0.0.1 SHARED_MYSQL_PORT="$E2E_MYSQL_PORT"
  else
    warn "port $E2E_MYSQL_PORT is held by another isolated run (lock $ALPES_CACHE_DIR/mariadb-data/$E2E_MYSQL_PORT.lock), which stops its server when it ends"
  fi
else
  step "[isolated 3/5] private MariaDB on the first free port of $E2E_MYSQL_PORTS (the drill restarts it)"
  for ((port = ${E2E_MYSQL_PORTS%-*}; port <= ${E2E_MYSQL_PORTS#*-}; port++)); do
    if claim_mysql_port "$port"; then
      PRIVATE_PORT="$port"
      break
    fi
  done
  [[ -n "$PRIVATE_PORT" ]] || warn "no free port in $E2E_MYSQL_PORTS (E2E_MYSQL_PORTS)"
fi
if [[ -n "$PRIVATE_PORT" ]]; then
  export MYSQL_HOST=127.0.0.1 MYSQL_PORT="$PRIVATE_PORT"
else
  export MYSQL_HOST="$SHARED_MYSQL_HOST" MYSQL_PORT="$SHARED_MYSQL_PORT"
fi
# shellcheck source=lib/mysql.sh
source "$ALPES_SCRIPTS_DIR/lib/mysql.sh"
if [[ -n "$PRIVATE_PORT" ]]; then
  # The port was free, so whatever answers there now is the server this call starts (MYSQL_STARTED_BY_US).
  if mysql_start_local && ((MYSQL_STARTED_BY_US)); then
    PRIVATE_MYSQL=1
    # Databases of earlier runs on this port that died before their teardown: nobody else can be using this server.
    stale="$(mysql_exec "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'alpes\\_e2e\\_%'" || true)"
    for db in $stale; do mysql_exec "DROP DATABASE IF EXISTS \`$db\`" || true; done
  else
    warn "could not start a private MariaDB on port $PRIVATE_PORT (log: $MYSQL_LOG_FILE)"
    export MYSQL_HOST="$SHARED_MYSQL_HOST" MYSQL_PORT="$SHARED_MYSQL_PORT"
  fi
fi
if ((!PRIVATE_MYSQL)); then
  mysql_reachable || die "step 'mysql': no private MariaDB, and $MYSQL_USER@$SHARED_MYSQL_HOST:$SHARED_MYSQL_PORT does not answer either"
  warn "using the MySQL/MariaDB at $MYSQL_HOST:$MYSQL_PORT, which this run did not start: the drill will not restart it"
fi
# control.sh restarts a MariaDB only when this run started it (a pid file alone may belong to another run's server).
export E2E_MYSQL_PRIVATE="$PRIVATE_MYSQL"
export MYSQL_HOST MYSQL_PORT MYSQL_USER MYSQL_PASSWORD
DATABASES_CREATED=1
save_run_state
for app in "${APPS[@]}"; do
  db="$(run_database "$RUN_ID" "$app")"
  mysql_exec "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" ||
    die "step 'databases': could not create $db at $MYSQL_HOST:$MYSQL_PORT"
done
ok "fresh databases alpes_e2e_${RUN_ID}_* at $MYSQL_HOST:$MYSQL_PORT$( ((PRIVATE_MYSQL)) && echo " (private, data $MYSQL_DATA_DIR)")"

step "[isolated 4/5] per-run topics $TOPIC_PREFIX*"
TOPICS_CREATED=1
save_run_state
run_ts scripts/e2e/run-topics.ts create "$TOPIC_PREFIX" || die "step 'topics' failed"

step "[isolated 5/5] the five apps on free ports (logs: $ALPES_APPS_LOG_DIR/<app>.log)"
# shellcheck disable=SC2016 # JavaScript, not shell
mapfile -t PORTS < <(node -e '
  const net = require("net");
  (async () => {
    const servers = [];
    for (let i = 0; i < 5; i++) {
      const s = net.createServer();
      await new Promise((r) => s.listen(0, "127.0.0.1", r));
      servers.push(s);
    }
    // Not console.log: under FORCE_COLOR (Nx sets it) numbers would come out with colour codes.
    for (const s of servers) process.stdout.write(`${s.address().port}\n`);
    servers.forEach((s) => s.close());
  })();
')
declare -A PORT_OF=()
for i in "${!APPS[@]}"; do PORT_OF[${APPS[$i]}]="${PORTS[$i]}"; done
servicios=""
for app in "${APPS[@]}"; do servicios+="${servicios:+,}$app=http://127.0.0.1:${PORT_OF[$app]}"; done
for app in "${APPS[@]}"; do
  without_lock start_app "$app" "PORT=${PORT_OF[$app]}" HOST=127.0.0.1 \
    "MYSQL_HOST=$MYSQL_HOST" "MYSQL_PORT=$MYSQL_PORT" "MYSQL_USER=$MYSQL_USER" "MYSQL_PASSWORD=$MYSQL_PASSWORD" \
    "MYSQL_DATABASE=$(run_database "$RUN_ID" "$app")" "ALPES_TOPIC_PREFIX=$TOPIC_PREFIX" "PULSAR_HTTP_URL=$PULSAR_HTTP_URL" \
    "MONITOREO_SERVICIOS=$servicios" "LOG_LEVEL=${LOG_LEVEL:-info}" \
    "CONVERSIONES_GRACIA_CLICK_MS=${E2E_GRACIA_CLICK_MS:-5000}" ||
    die "step 'start $app' failed; log: $(app_log "$app")"
done
export AFILIADOS_URL="http://127.0.0.1:${PORT_OF[afiliados]}"
export CONVERSIONES_URL="http://127.0.0.1:${PORT_OF[conversiones]}"
export MARKETING_COMISIONES_URL="http://127.0.0.1:${PORT_OF[marketing-comisiones]}"
export TRACKING_QUERIES_URL="http://127.0.0.1:${PORT_OF[tracking-queries]}"
export MONITOREO_URL="http://127.0.0.1:${PORT_OF[monitoreo]}"
ok "isolated ecosystem up in $(fmt_duration $((SECONDS - t0)))"

step "Seeding test data (scripts/init_test_data.sh)"
without_lock bash "$ALPES_SCRIPTS_DIR/init_test_data.sh" --out "$E2E_TEST_DATA" || die "step 'seed data' failed"
without_lock run_suite
