#!/usr/bin/env bash
# Brings the whole AlpesPartners ecosystem up on this machine from a fresh clone (no Docker needed) and checks it end
# to end: node dependencies, MySQL/MariaDB (reused, or a local MariaDB started) + the service databases, Pulsar
# standalone (cached download outside the tree) + topics, schemas and subscriptions, the five apps built and started
# (each waited for on /health), test data seeded (scripts/init_test_data.sh), the end-to-end scenarios and the fault
# drill (scripts/run_e2e_tests.sh), the reports written; then the URLs and a summary. By default it tears down what
# it started when it is done.
#
#   scripts/run_full_ecosystem.sh                   everything, then tear down what this run started
#   scripts/run_full_ecosystem.sh --keep-running    everything, and leave it all up (dashboard, /docs, …)
#   scripts/run_full_ecosystem.sh --no-e2e          bring it up and seed data, no end-to-end check (implies --keep-running)
#   scripts/run_full_ecosystem.sh --no-fault-drill  end-to-end scenarios without the fault drill
#   scripts/run_full_ecosystem.sh --with-benchmark  also a short tracking benchmark (performance_report.json;
#                                                   BENCH_DURATION seconds, default 15)
#   scripts/run_full_ecosystem.sh --status          what runs where
#   scripts/run_full_ecosystem.sh --stop            stop the apps these scripts started, then Pulsar and MariaDB if
#                                                   these scripts started them
#
# Ports: afiliados 8001, conversiones 8002, marketing-comisiones 8003, tracking-queries 8004, monitoreo 8005
# (override one with e.g. MARKETING_COMISIONES_PORT=9003). Infrastructure: see scripts/lib/{pulsar,mysql}.sh.
# The fault drill restarts only what these scripts started (apps, and Pulsar/MariaDB when this machine had none);
# the report says what was not performed and why. Logs: .alpes/logs/; reports: .alpes/reports/.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/mysql.sh
source "$ALPES_SCRIPTS_DIR/lib/mysql.sh"
# shellcheck source=lib/pulsar.sh
source "$ALPES_SCRIPTS_DIR/lib/pulsar.sh"
# shellcheck source=lib/apps.sh
source "$ALPES_SCRIPTS_DIR/lib/apps.sh"

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false CI="${CI:-}"
export PULSAR_HTTP_URL MYSQL_HOST MYSQL_PORT MYSQL_USER MYSQL_PASSWORD ALPES_CACHE_DIR

ALPES_REPORT_DIR="${ALPES_REPORT_DIR:-$ALPES_RUN_DIR/reports}"
BENCH_DURATION="${BENCH_DURATION:-15}"

cd "$ALPES_ROOT"

usage() { sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# ---------------------------------------------------------------------------------------------------------------
# Steps: each recorded with its result, duration and log, for the summary
# ---------------------------------------------------------------------------------------------------------------
STEP_NAMES=() STEP_RESULTS=() STEP_SECONDS=() STEP_LOGS=()
STARTED_APPS=()
T_START=$(now_s)
KEEP=0 E2E=1 DRILL=1 BENCH=0
FAILED_STEP="" CURRENT_STEP="" STEP_N=0 STEP_TOTAL=0 FAILED_LOG=""

record_step() { STEP_NAMES+=("$1") STEP_RESULTS+=("$2") STEP_SECONDS+=("$3") STEP_LOGS+=("$4"); }

# Runs a step (a shell function); a failure records it, names the step and its log, and stops the run.
run_step() { # name log fn [args...]
  local name="$1" log="$2" t0 rc=0
  shift 2
  t0=$(now_s)
  STEP_N=$((STEP_N + 1)) CURRENT_STEP="$name"
  step "[$STEP_N/$STEP_TOTAL] $name${log:+ (log: $log)}"
  "$@" || rc=$?
  if ((rc == 0)); then
    record_step "$name" ok $(($(now_s) - t0)) "$log"
    CURRENT_STEP=""
    return 0
  fi
  # A step over several apps names the log of the one that failed.
  log="${FAILED_LOG:-$log}"
  record_step "$name" failed $(($(now_s) - t0)) "$log"
  FAILED_STEP="$name" CURRENT_STEP=""
  fail "step '$name' failed (exit $rc)${log:+; read $log}"
  exit 1
}

skip_step() { record_step "$1" "skipped" 0 "${2:-}"; }

app_url() { printf 'http://127.0.0.1:%s\n' "$(app_port "$1")"; }

print_urls() {
  local app
  printf '\n%s\n' "---------------- AlpesPartners ecosystem ----------------" >&2
  for app in "${KNOWN_APPS[@]}"; do
    printf '%-22s %s/docs   health %s/health\n' "$app" "$(app_url "$app")" "$(app_url "$app")" >&2
  done
  printf '%-22s %s/dashboard\n' "dashboard" "$(app_url monitoreo)" >&2
  printf '%-22s %s/admin/v2   (WebSocket %s/ws/v2, binary %s)\n' "Pulsar admin" "$PULSAR_HTTP_URL" "$(pulsar_ws_url)" "$(pulsar_broker_url)" >&2
  printf '%-22s %s:%s (user %s; databases: %s)\n' "MySQL" "$MYSQL_HOST" "$MYSQL_PORT" "$MYSQL_USER" "$ALPES_DATABASES" >&2
  printf '%-22s %s (pid files %s)\n' "logs" "$ALPES_LOG_DIR" "$ALPES_PID_DIR" >&2
}

summary() {
  local i colour line report
  printf '\n%s\n' "---------------- run_full_ecosystem summary ----------------" >&2
  for i in "${!STEP_NAMES[@]}"; do
    case "${STEP_RESULTS[$i]}" in
      ok) colour="$_C_GREEN" ;;
      failed) colour="$_C_RED" ;;
      *) colour="$_C_YELLOW" ;;
    esac
    line="$(printf '%-36s %s%-8s%s %8s' "${STEP_NAMES[$i]}" "$colour" "${STEP_RESULTS[$i]}" "$_C_RESET" "$(fmt_duration "${STEP_SECONDS[$i]}")")"
    [[ -n "${STEP_LOGS[$i]}" ]] && line+="   ${STEP_LOGS[$i]}"
    printf '%s\n' "$line" >&2
  done
  local total=$(($(now_s) - T_START))
  if [[ -n "$FAILED_STEP" ]]; then
    printf '%-36s %s%-8s%s %8s   first failure: %s\n' "TOTAL" "$_C_RED" "failed" "$_C_RESET" "$(fmt_duration "$total")" "$FAILED_STEP" >&2
  else
    printf '%-36s %s%-8s%s %8s\n' "TOTAL" "$_C_GREEN" "ok" "$_C_RESET" "$(fmt_duration "$total")" >&2
  fi
  printf '%s\n' "reports:" >&2
  for report in test_data_ids.json e2e_test_report.json performance_report.json; do
    if [[ -f "$ALPES_REPORT_DIR/$report" && "$ALPES_REPORT_DIR/$report" -nt "$ALPES_RUN_DIR/.run-started" ]]; then
      printf '  %s\n' "$ALPES_REPORT_DIR/$report" >&2
    fi
  done
}

teardown() {
  local rc=$?
  trap - EXIT INT TERM
  if ((rc != 0)) && [[ -z "$FAILED_STEP" ]]; then
    # A helper died inside a step (die), or the run was interrupted.
    FAILED_STEP="${CURRENT_STEP:-interrupted} (exit $rc)"
    [[ -n "$CURRENT_STEP" ]] && record_step "$CURRENT_STEP" failed 0 ""
  fi
  if ((KEEP)); then
    print_urls
    info "--keep-running: everything stays up; stop it with: $0 --stop"
  elif ((${#STARTED_APPS[@]} > 0)) || [[ "$PULSAR_STARTED_BY_US" == "1" || "$MYSQL_STARTED_BY_US" == "1" ]]; then
    local t0 app
    t0=$(now_s)
    step "Tearing down what this run started (use --keep-running to leave it up)"
    for app in "${STARTED_APPS[@]}"; do stop_app "$app" || true; done
    [[ "$PULSAR_STARTED_BY_US" == "1" ]] && { pulsar_stop || true; }
    [[ "$MYSQL_STARTED_BY_US" == "1" ]] && { mysql_stop || true; }
    record_step "teardown" ok $(($(now_s) - t0)) ""
  fi
  summary
  [[ -n "$FAILED_STEP" ]] && rc=1
  exit "$rc"
}

# ---------------------------------------------------------------------------------------------------------------
# Step bodies
# ---------------------------------------------------------------------------------------------------------------
step_topics() { run_ts scripts/tools/setup-pulsar-topics.ts >"$ALPES_LOG_DIR/setup-pulsar-topics.log" 2>&1 || {
  log_tail "$ALPES_LOG_DIR/setup-pulsar-topics.log" 30
  return 1
}; }

step_build_apps() {
  local app
  for app in "$@"; do build_app "$app" || {
    FAILED_LOG="$ALPES_LOG_DIR/build-$app.log"
    return 1
  }; done
}

step_start_apps() {
  local app
  for app in "$@"; do
    STARTED_APPS+=("$app")
    start_app "$app" || {
      FAILED_LOG="$(app_log "$app")"
      return 1
    }
  done
}

step_seed() {
  bash "$ALPES_SCRIPTS_DIR/init_test_data.sh" --out "$ALPES_REPORT_DIR/test_data_ids.json" 2>&1 | tee "$ALPES_LOG_DIR/init-test-data.log" >&2
  return "${PIPESTATUS[0]}"
}

step_e2e() {
  local args=()
  ((DRILL)) || args+=(--no-fault-drill)
  E2E_TEST_DATA="$ALPES_REPORT_DIR/test_data_ids.json" bash "$ALPES_SCRIPTS_DIR/run_e2e_tests.sh" "${args[@]}" \
    --report "$ALPES_REPORT_DIR/e2e_test_report.json" 2>&1 | tee "$ALPES_LOG_DIR/e2e-run.log" >&2
  local rc="${PIPESTATUS[0]}"
  ((rc == 0)) || fail "end-to-end report: $ALPES_REPORT_DIR/e2e_test_report.json"
  return "$rc"
}

step_bench() {
  bash "$ALPES_SCRIPTS_DIR/bench_tracking.sh" --duration "$BENCH_DURATION" --ceilings 0 \
    --out "$ALPES_REPORT_DIR/performance_report.json" 2>&1 | tee "$ALPES_LOG_DIR/bench-tracking.log" >&2
  return "${PIPESTATUS[0]}"
}

do_up() {
  ensure_run_dirs
  mkdir -p "$ALPES_REPORT_DIR"
  touch "$ALPES_RUN_DIR/.run-started"
  trap teardown EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  local apps=()
  STEP_TOTAL=$((7 + E2E + BENCH))
  run_step "node dependencies" "$ALPES_LOG_DIR/npm-ci.log" ensure_node_deps
  run_step "MySQL/MariaDB + databases" "$MYSQL_LOG_FILE" mysql_ensure
  run_step "Pulsar" "$PULSAR_LOG_FILE" pulsar_ensure
  run_step "topics, schemas, subscriptions" "$ALPES_LOG_DIR/setup-pulsar-topics.log" step_topics
  mapfile -t apps < <(discover_apps)
  ((${#apps[@]} > 0)) || die "no apps found under apps/*/project.json"
  # The URLs the seeding, the end-to-end suite and the benchmark use: the ports these apps get.
  local app var
  for app in "${apps[@]}"; do
    var="$(app_env_prefix "$app")_URL"
    export "$var=$(app_url "$app")"
  done
  run_step "build ${#apps[@]} apps" "$ALPES_LOG_DIR/build-<app>.log" step_build_apps "${apps[@]}"
  run_step "start ${#apps[@]} apps" "$ALPES_APPS_LOG_DIR/<app>.log" step_start_apps "${apps[@]}"
  print_urls
  run_step "seed test data" "$ALPES_LOG_DIR/init-test-data.log" step_seed
  if ((E2E)); then
    local what="end-to-end scenarios"
    ((DRILL)) && what+=" + fault drill"
    run_step "$what" "$ALPES_LOG_DIR/e2e-run.log" step_e2e
  else
    skip_step "end-to-end (--no-e2e)"
  fi
  if ((BENCH)); then
    run_step "tracking benchmark (${BENCH_DURATION} s)" "$ALPES_LOG_DIR/bench-tracking.log" step_bench
  fi
  ok "all steps passed"
}

do_stop() {
  local rc=0
  stop_all_apps || rc=1
  # Isolated end-to-end ecosystems left up with `scripts/run_e2e_tests.sh --isolated --keep` (or by a crashed run):
  # their apps, topics, databases and private MariaDB. Runs still in progress are left alone.
  bash "$ALPES_SCRIPTS_DIR/run_e2e_tests.sh" --stop || rc=1
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
      info "$app: pid $(pidfile_pid "$(app_pidfile "$app")"), http://127.0.0.1:$port/health $(http_status "http://127.0.0.1:$port/health")"
    else
      info "$app: not started by these scripts (port $port: /health $(http_status "http://127.0.0.1:$port/health"))"
    fi
  done
  pulsar_status || true
  mysql_status || true
}

mode=up
while (($#)); do
  case "$1" in
    --keep-running) KEEP=1 ;;
    --no-e2e)
      E2E=0
      KEEP=1
      ;;
    --no-fault-drill) DRILL=0 ;;
    --with-benchmark) BENCH=1 ;;
    --stop) mode=stop ;;
    --status) mode=status ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
  shift
done

case "$mode" in
  up) do_up ;;
  stop) do_stop ;;
  status) do_status ;;
esac
