# shellcheck shell=bash
# The five apps as processes started by these scripts (`node dist/apps/<app>/main.js`): discover, build, start (waiting
# for /health), stop, kill -9 and restart with the same environment. Source after common.sh.
#
# Environment (defaults):
#   <APP>_PORT (AFILIADOS_PORT=8001 … MONITOREO_PORT=8005)      APP_HEALTH_TIMEOUT=120   APP_STOP_TIMEOUT=30
#   ALPES_APPS_SET=(empty)   a name for a separate set of apps (pid files in $ALPES_PID_DIR/<set>/, logs in
#                            $ALPES_LOG_DIR/<set>/): the isolated end-to-end run uses `e2e`, so it never touches the
#                            apps of scripts/run_full_ecosystem.sh (which uses the default set).
#
# Each start writes the app's launch environment next to its pid file (app-<app>.env, KEY=VALUE lines), so a restart
# (after a crash, or the fault drill's kill -9) runs it exactly as before.

if [[ -n "${_ALPES_APPS_SH:-}" ]]; then return 0; fi
_ALPES_APPS_SH=1

APP_HEALTH_TIMEOUT="${APP_HEALTH_TIMEOUT:-120}"
APP_STOP_TIMEOUT="${APP_STOP_TIMEOUT:-30}"
ALPES_APPS_SET="${ALPES_APPS_SET:-}"
ALPES_APPS_PID_DIR="$ALPES_PID_DIR${ALPES_APPS_SET:+/$ALPES_APPS_SET}"
ALPES_APPS_LOG_DIR="$ALPES_LOG_DIR${ALPES_APPS_SET:+/$ALPES_APPS_SET}"

# app -> default port (DESIGN.md §1)
declare -A APP_PORTS=(
  [afiliados]=8001
  [conversiones]=8002
  [marketing-comisiones]=8003
  [tracking-queries]=8004
  [monitoreo]=8005
)
KNOWN_APPS=(afiliados conversiones marketing-comisiones tracking-queries monitoreo)

app_env_prefix() { tr 'a-z-' 'A-Z_' <<<"$1"; }

# Port of an app: <APP>_PORT env override, else the table.
app_port() { # app
  local var
  var="$(app_env_prefix "$1")_PORT"
  if [[ -n "${!var:-}" ]]; then printf '%s\n' "${!var}"; else printf '%s\n' "${APP_PORTS[$1]:-}"; fi
}

app_pidfile() { printf '%s\n' "$ALPES_APPS_PID_DIR/app-$1.pid"; }
app_envfile() { printf '%s\n' "$ALPES_APPS_PID_DIR/app-$1.env"; }
app_log() { printf '%s\n' "$ALPES_APPS_LOG_DIR/$1.log"; }
app_main() { printf '%s\n' "dist/apps/$1/main.js"; }

# Apps that exist: apps/*/project.json, in the order of the table, then any other app alphabetically.
discover_apps() {
  local found=() app dir
  for dir in "$ALPES_ROOT"/apps/*/; do
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

# nx build <app>; output in .alpes/logs/build-<app>.log. Returns non-zero (after naming the step and the log) on failure.
build_app() { # app
  local app="$1" log="$ALPES_LOG_DIR/build-$1.log" project t0=$SECONDS
  project="$(app_project "$app")"
  step "Building $app (nx build $project; log: $log)"
  (cd "$ALPES_ROOT" && run_logged "build of $app" "$log" "$ALPES_ROOT/node_modules/.bin/nx" build "$project" --outputStyle=static) || {
    fail "step 'build $app' failed; log: $log"
    return 1
  }
  if [[ ! -f "$ALPES_ROOT/$(app_main "$app")" ]]; then
    fail "step 'build $app': $(app_main "$app") not found after the build; log: $log"
    return 1
  fi
  ok "built $app in $(fmt_duration $((SECONDS - t0)))"
}

# Start an app detached on its port with extra KEY=VALUE environment, and wait for /health 200.
# Refuses a port another process holds. Returns non-zero (after showing the log tail) when it does not get healthy.
start_app() { # app [KEY=VALUE...]
  local app="$1" port pidfile log envfile pid
  shift
  local extra=("$@") kv
  port="$(app_port "$app")"
  for kv in "${extra[@]}"; do [[ "$kv" == PORT=* ]] && port="${kv#PORT=}"; done
  if [[ -z "$port" ]]; then
    fail "no port for app $app: set $(app_env_prefix "$app")_PORT"
    return 1
  fi
  pidfile="$(app_pidfile "$app")" log="$(app_log "$app")" envfile="$(app_envfile "$app")"
  mkdir -p "$ALPES_APPS_PID_DIR" "$ALPES_APPS_LOG_DIR"
  if app_running "$app"; then
    info "$app already running (pid $(pidfile_pid "$pidfile")); restarting it with the fresh build"
    stop_pidfile "$pidfile" "$app" "$APP_STOP_TIMEOUT" "$(app_main "$app")" || {
      fail "step 'stop $app' failed"
      return 1
    }
  fi
  if port_open "$port"; then
    fail "step 'start $app': port $port is already in use by another process (set $(app_env_prefix "$app")_PORT)"
    return 1
  fi
  local launch=("PORT=$port")
  for kv in "${extra[@]}"; do [[ "$kv" == PORT=* ]] || launch+=("$kv"); done
  printf '%s\n' "${launch[@]}" >"$envfile"
  _start_app_with_env "$app" "$port" "${launch[@]}"
}

_start_app_with_env() { # app port KEY=VALUE...
  local app="$1" port="$2" pidfile log pid
  shift 2
  pidfile="$(app_pidfile "$app")" log="$(app_log "$app")"
  step "Starting $app on :$port (log: $log)"
  printf '\n===== %s starting %s on port %s\n' "$(date -Is)" "$app" "$port" >>"$log"
  pid="$(cd "$ALPES_ROOT" && start_detached "$pidfile" "$log" env "$@" node "$(app_main "$app")")"
  info "$app pid $pid; waiting up to ${APP_HEALTH_TIMEOUT} s for http://127.0.0.1:$port/health"
  local t0=$SECONDS
  if ! wait_for_http "http://127.0.0.1:$port/health" "$APP_HEALTH_TIMEOUT" 200 "$pid"; then
    log_tail "$log" 40
    fail "step 'start $app' failed: /health not 200; log: $log"
    return 1
  fi
  ok "$app healthy on :$port in $(fmt_duration $((SECONDS - t0)))"
}

# Start an app again with the environment of its last start (its .env file). Used after kill -9.
restart_app() { # app
  local app="$1" envfile port launch=()
  envfile="$(app_envfile "$app")"
  if [[ ! -s "$envfile" ]]; then
    fail "$app: no launch environment $envfile (was it started by these scripts?)"
    return 1
  fi
  mapfile -t launch <"$envfile"
  port="$(grep -m1 '^PORT=' "$envfile" | cut -d= -f2)"
  if app_running "$app"; then
    stop_pidfile "$(app_pidfile "$app")" "$app" "$APP_STOP_TIMEOUT" "$(app_main "$app")" || return 1
  fi
  _start_app_with_env "$app" "$port" "${launch[@]}"
}

# kill -9 the app (the process of its pid file, only when it is ours). Returns 3 when it is not running/ours.
kill9_app() { # app
  local app="$1" pid
  if ! app_running "$app"; then
    info "$app: not running as started by these scripts (pid file $(app_pidfile "$app"))"
    return 3
  fi
  pid="$(pidfile_pid "$(app_pidfile "$app")")"
  step "kill -9 $app (pid $pid)"
  kill -KILL "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 10))
  while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
  if pid_alive "$pid"; then
    fail "$app (pid $pid) still alive after SIGKILL"
    return 1
  fi
  ok "$app killed (SIGKILL)"
}

stop_app() { # app
  stop_pidfile "$(app_pidfile "$1")" "$1" "$APP_STOP_TIMEOUT" "$(app_main "$1")"
}

# Stop every app of this set that these scripts started (pid files).
stop_all_apps() {
  local pidfile app rc=0
  shopt -s nullglob
  local pidfiles=("$ALPES_APPS_PID_DIR"/app-*.pid)
  shopt -u nullglob
  for pidfile in "${pidfiles[@]}"; do
    app="$(basename "$pidfile" .pid)"
    app="${app#app-}"
    stop_pidfile "$pidfile" "$app" "$APP_STOP_TIMEOUT" "$(app_main "$app")" || rc=1
  done
  ((${#pidfiles[@]} > 0)) || info "no apps started by these scripts${ALPES_APPS_SET:+ (set $ALPES_APPS_SET)}"
  return "$rc"
}
