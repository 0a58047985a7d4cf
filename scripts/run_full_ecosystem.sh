#!/usr/bin/env bash
# Brings the whole AlpesPartners ecosystem up on this machine (no Docker needed) and runs its end-to-end check:
# node dependencies, MySQL/MariaDB + service databases, Pulsar standalone + topics, then every app under
# apps/*/project.json built (`nx build <app>`) and started (`node dist/apps/<app>/main.js`), each waited for on /health.
# Re-runs reuse whatever is already up.
#
#   scripts/run_full_ecosystem.sh            bring everything up (then scripts/run_e2e_tests.sh when it exists)
#   scripts/run_full_ecosystem.sh --no-e2e   bring everything up, skip the end-to-end check
#   scripts/run_full_ecosystem.sh --status   show what runs where
#   scripts/run_full_ecosystem.sh --stop     stop the apps, then Pulsar and MariaDB if these scripts started them
#
# Ports: afiliados 8001, conversiones 8002, marketing-comisiones 8003, tracking-queries 8004, monitoreo 8005
# (override one with e.g. MARKETING_COMISIONES_PORT=9003). Infrastructure: see scripts/lib/{pulsar,mysql}.sh.
# Logs: .alpes/logs/<app>.log, .alpes/logs/build-<app>.log, .alpes/logs/pulsar-standalone.log, .alpes/logs/mariadb.log
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/mysql.sh
source "$ALPES_SCRIPTS_DIR/lib/mysql.sh"
# shellcheck source=lib/pulsar.sh
source "$ALPES_SCRIPTS_DIR/lib/pulsar.sh"

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false CI="${CI:-}"
export PULSAR_HTTP_URL MYSQL_HOST MYSQL_PORT MYSQL_USER MYSQL_PASSWORD ALPES_CACHE_DIR

APP_HEALTH_TIMEOUT="${APP_HEALTH_TIMEOUT:-120}"
APP_STOP_TIMEOUT="${APP_STOP_TIMEOUT:-30}"

# app -> default port (DESIGN.md §1)
declare -A APP_PORTS=(
  [afiliados]=8001
  [conversiones]=8002
  [marketing-comisiones]=8003
  [tracking-queries]=8004
  [monitoreo]=8005
)
KNOWN_APPS=(afiliados conversiones marketing-comisiones tracking-queries monitoreo)

cd "$ALPES_ROOT"

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# Port of an app: <APP>_PORT env override, else the table.
app_port() { # app
  local var
  var="$(tr 'a-z-' 'A-Z_' <<<"$1")_PORT"
  if [[ -n "${!var:-}" ]]; then printf '%s\n' "${!var}"; else printf '%s\n' "${APP_PORTS[$1]:-}"; fi
}

app_pidfile() { printf '%s\n' "$ALPES_PID_DIR/app-$1.pid"; }
app_log() { printf '%s\n' "$ALPES_LOG_DIR/$1.log"; }
app_main() { printf '%s\n' "dist/apps/$1/main.js"; }

# Apps that exist: apps/*/project.json, in the order of the table, then any other app alphabetically.
discover_apps() {
  local found=() app dir
  for dir in apps/*/; do
    [[ -f "$dir/project.json" ]] || continue
    found+=("$(basename "$dir")")
  done
  for app in "${KNOWN_APPS[@]}"; do
    [[ " ${found[*]:-} " == *" $app "* ]] && printf '%s\n' "$app"
  done
  for app in "${found[@]:-}"; do
    [[ -n "$app" && -z "${APP_PORTS[$app]:-}" ]] && printf '%s\n' "$app"
  done
  return 0
}

# Nx project name of an app (the "name" of its project.json, else the folder name).
app_project() { # app
  node -e 'try { const p = require(process.argv[1]); console.log(p.name || process.argv[2]); } catch { console.log(process.argv[2]); }' \
    "$ALPES_ROOT/apps/$1/project.json" "$1"
}

app_running() { pidfile_alive "$(app_pidfile "$1")" "$(app_main "$1")"; }

build_app() { # app
  local app="$1" log="$ALPES_LOG_DIR/build-$1.log" project t0=$SECONDS
  project="$(app_project "$app")"
  step "Building $app (nx build $project; log: $log)"
  if ! run_logged "build of $app" "$log" "$ALPES_ROOT/node_modules/.bin/nx" build "$project" --outputStyle=static; then
    die "step 'build $app' failed; log: $log"
  fi
  [[ -f "$(app_main "$app")" ]] || die "step 'build $app': $(app_main "$app") not found after the build; log: $log"
  ok "built $app in $(fmt_duration $((SECONDS - t0)))"
}

start_app() { # app
  local app="$1" port pidfile log pid
  port="$(app_port "$app")"
  [[ -n "$port" ]] || die "no port for app $app: set $(tr 'a-z-' 'A-Z_' <<<"$app")_PORT"
  pidfile="$(app_pidfile "$app")" log="$(app_log "$app")"
  if app_running "$app"; then
    info "$app already running (pid $(pidfile_pid "$pidfile")); restarting it with the fresh build"
    stop_pidfile "$pidfile" "$app" "$APP_STOP_TIMEOUT" "$(app_main "$app")" || die "step 'stop $app' failed"
  fi
  if port_open "$port"; then
    die "step 'start $app': port $port is already in use by another process (set $(tr 'a-z-' 'A-Z_' <<<"$app")_PORT)"
  fi
  step "Starting $app on :$port (log: $log)"
  printf '\n===== %s starting %s on port %s\n' "$(date -Is)" "$app" "$port" >>"$log"
  pid="$(start_detached "$pidfile" "$log" env PORT="$port" node "$(app_main "$app")")"
  info "$app pid $pid; waiting up to ${APP_HEALTH_TIMEOUT} s for http://127.0.0.1:$port/health"
  local t0=$SECONDS
  if ! wait_for_http "http://127.0.0.1:$port/health" "$APP_HEALTH_TIMEOUT" 200 "$pid"; then
    log_tail "$log" 40
    die "step 'start $app' failed: /health not 200; log: $log (run $0 --stop to stop what was started)"
  fi
  ok "$app healthy on :$port in $(fmt_duration $((SECONDS - t0)))"
}

print_endpoints() {
  local apps=("$@") app port
  printf '\n%s\n' "---------------- AlpesPartners ecosystem ----------------"
  if ((${#apps[@]} == 0)); then
    printf '%s\n' "no apps yet (apps/*/project.json): infrastructure only"
  fi
  for app in "${apps[@]}"; do
    port="$(app_port "$app")"
    printf '%-22s http://127.0.0.1:%s   docs http://127.0.0.1:%s/docs   health http://127.0.0.1:%s/health   log %s\n' \
      "$app" "$port" "$port" "$port" "$(app_log "$app")"
  done
  printf '%-22s admin %s/admin/v2   WebSocket %s/ws/v2   binary %s\n' "Pulsar" "$PULSAR_HTTP_URL" "$(pulsar_ws_url)" "$(pulsar_broker_url)"
  printf '%-22s %s:%s (user %s; databases: %s)\n' "MySQL" "$MYSQL_HOST" "$MYSQL_PORT" "$MYSQL_USER" "$ALPES_DATABASES"
  printf '%-22s %s   (stop with: %s --stop)\n' "pid files / logs" "$ALPES_RUN_DIR" "$0"
}

do_up() {
  local run_e2e="$1" t_all=$SECONDS
  ensure_run_dirs
  step "[1/5] node dependencies"
  ensure_node_deps
  step "[2/5] MySQL/MariaDB and the service databases"
  mysql_ensure || die "step 'mysql' failed (log: $MYSQL_LOG_FILE)"
  step "[3/5] Pulsar"
  pulsar_ensure || die "step 'pulsar' failed (log: $PULSAR_LOG_FILE)"
  step "[4/5] Pulsar tenant, namespaces, topics, schemas, subscriptions"
  local topics_log="$ALPES_LOG_DIR/setup-pulsar-topics.log"
  run_ts scripts/tools/setup-pulsar-topics.ts 2>&1 | tee "$topics_log" ||
    die "step 'topics' failed; log: $topics_log"

  local apps=()
  mapfile -t apps < <(discover_apps)
  step "[5/5] apps: ${apps[*]:-none yet}"
  local app
  for app in "${apps[@]}"; do build_app "$app"; done
  for app in "${apps[@]}"; do start_app "$app"; done

  print_endpoints "${apps[@]}"
  ok "ecosystem up in $(fmt_duration $((SECONDS - t_all)))"

  if ((run_e2e)) && [[ -f "$ALPES_SCRIPTS_DIR/run_e2e_tests.sh" ]]; then
    if ((${#apps[@]} == 0)); then
      info "no apps yet: skipping the end-to-end check"
    else
      step "End-to-end check: scripts/run_e2e_tests.sh"
      bash "$ALPES_SCRIPTS_DIR/run_e2e_tests.sh" || die "step 'e2e' failed (apps keep running; logs in $ALPES_LOG_DIR)"
      ok "end-to-end check passed"
    fi
  fi
}

do_stop() {
  local pidfile app rc=0
  shopt -s nullglob
  local pidfiles=("$ALPES_PID_DIR"/app-*.pid)
  shopt -u nullglob
  for pidfile in "${pidfiles[@]}"; do
    app="$(basename "$pidfile" .pid)"
    app="${app#app-}"
    stop_pidfile "$pidfile" "$app" "$APP_STOP_TIMEOUT" "$(app_main "$app")" || rc=1
  done
  ((${#pidfiles[@]} > 0)) || info "no apps started by these scripts"
  pulsar_stop || rc=1
  mysql_stop || rc=1
  return "$rc"
}

do_status() {
  local apps=() app port
  mapfile -t apps < <(discover_apps)
  for app in "${apps[@]}"; do
    port="$(app_port "$app")"
    if app_running "$app"; then
      info "$app: pid $(pidfile_pid "$(app_pidfile "$app")"), /health $(http_status "http://127.0.0.1:$port/health")"
    else
      info "$app: not running (port $port)"
    fi
  done
  pulsar_status || true
  mysql_status || true
}

case "${1:-}" in
  "") do_up 1 ;;
  --no-e2e) do_up 0 ;;
  --stop) do_stop ;;
  --status) do_status ;;
  -h | --help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
