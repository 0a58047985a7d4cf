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
#                                               on free ports, fresh databases on a private MariaDB (E2E_MYSQL_PORT,
#                                               default 3390), per-run topics on the broker (what `npm test` runs)
#   options: --no-fault-drill   skip the drill       --report FILE   report path (default .alpes/reports/e2e_test_report.json)
#            --scenarios a,b    only these scenarios (names as in the report)   --keep   (--isolated) leave it running
#
# The drill acts only on what these scripts started (pid files): apps, the Pulsar standalone, the MariaDB. Anything
# else is reported as "not performed" with the reason. E2E_DRILL_SKIP=broker,mysql,apps skips injections by name.
# Logs: .alpes/logs/e2e/*.log (isolated apps), .alpes/logs/e2e-run.log
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false

isolated=0 drill=1 keep=0 scenarios="" report=""
while (($#)); do
  case "$1" in
    --isolated) isolated=1 ;;
    --no-fault-drill) drill=0 ;;
    --keep) keep=1 ;;
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
      sed -n '2,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
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
export E2E_MODE=isolated ALPES_APPS_SET=e2e
# shellcheck source=lib/apps.sh
source "$ALPES_SCRIPTS_DIR/lib/apps.sh"
export E2E_APP_LOGS="$ALPES_APPS_LOG_DIR"
E2E_MYSQL_PORT="${E2E_MYSQL_PORT:-3390}"
RUN_ID="$(node -e 'process.stdout.write(require("crypto").randomUUID().slice(0, 8))')"
export E2E_RUN_ID="$RUN_ID"
TOPIC_PREFIX="persistent://public/default/alpes-e2e-$RUN_ID-"
export E2E_TEST_DATA="$ALPES_REPORT_DIR/isolated/test_data_ids.json"
PRIVATE_MYSQL=0 TOPICS_CREATED=0 BROKER_WAS_OURS=0
APPS=(afiliados conversiones marketing-comisiones tracking-queries monitoreo)

teardown() {
  local rc=$?
  trap - EXIT INT TERM
  if ((keep)); then
    warn "--keep: the isolated ecosystem stays up (pid files in $ALPES_APPS_PID_DIR; stop it with scripts/run_full_ecosystem.sh --stop)"
    info "URLs: afiliados ${AFILIADOS_URL:-?}, conversiones ${CONVERSIONES_URL:-?}, marketing-comisiones ${MARKETING_COMISIONES_URL:-?}, tracking-queries ${TRACKING_QUERIES_URL:-?}, monitoreo ${MONITOREO_URL:-?} (dashboard ${MONITOREO_URL:-?}/dashboard)"
    exit "$rc"
  fi
  step "Tearing down the isolated ecosystem"
  stop_all_apps || true
  # The drill restarts the broker it stops; should it have been left down (a failed start), bring it back.
  if ((BROKER_WAS_OURS)) && ! pulsar_healthy; then
    warn "the broker is not healthy after the run: starting it again"
    pulsar_start || fail "could not start the broker again; log: $PULSAR_LOG_FILE"
  fi
  if ((TOPICS_CREATED)) && pulsar_healthy; then
    run_ts scripts/e2e/run-topics.ts delete "$TOPIC_PREFIX" >>"$ALPES_LOG_DIR/e2e-run.log" 2>&1 || warn "could not delete the run's topics ($TOPIC_PREFIX*)"
  fi
  if ((PRIVATE_MYSQL)); then
    MYSQL_PORT="$E2E_MYSQL_PORT" bash "$ALPES_SCRIPTS_DIR/mysql.sh" stop || true
  fi
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

t0=$SECONDS
step "[isolated 1/5] built apps"
for app in "${APPS[@]}"; do
  [[ -f "$(app_main "$app")" ]] || build_app "$app" || die "step 'build $app' failed; log: $ALPES_LOG_DIR/build-$app.log"
done
ok "dist/apps/{$(
  IFS=,
  echo "${APPS[*]}"
)}/main.js present"

step "[isolated 2/5] Pulsar at $PULSAR_HTTP_URL"
pulsar_ensure || die "step 'pulsar' failed (log: $PULSAR_LOG_FILE)"
pulsar_ours_running && BROKER_WAS_OURS=1

step "[isolated 3/5] private MariaDB on port $E2E_MYSQL_PORT (the drill restarts it)"
if MYSQL_PORT="$E2E_MYSQL_PORT" MYSQL_HOST=127.0.0.1 bash "$ALPES_SCRIPTS_DIR/mysql.sh" ensure; then
  export MYSQL_HOST=127.0.0.1 MYSQL_PORT="$E2E_MYSQL_PORT"
  PRIVATE_MYSQL=1
else
  warn "could not start a private MariaDB on port $E2E_MYSQL_PORT: using the shared server (the drill will not restart it)"
fi
# shellcheck source=lib/mysql.sh
source "$ALPES_SCRIPTS_DIR/lib/mysql.sh"
mysql_ensure_server || die "step 'mysql' failed (log: $MYSQL_LOG_FILE)"
export MYSQL_HOST MYSQL_PORT MYSQL_USER MYSQL_PASSWORD
for app in "${APPS[@]}"; do
  db="alpes_e2e_${app//-/_}"
  mysql_exec "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci" ||
    die "step 'databases': could not recreate $db at $MYSQL_HOST:$MYSQL_PORT"
done
ok "fresh databases alpes_e2e_* at $MYSQL_HOST:$MYSQL_PORT"

step "[isolated 4/5] per-run topics $TOPIC_PREFIX*"
run_ts scripts/e2e/run-topics.ts create "$TOPIC_PREFIX" || die "step 'topics' failed"
TOPICS_CREATED=1

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
  start_app "$app" "PORT=${PORT_OF[$app]}" HOST=127.0.0.1 \
    "MYSQL_HOST=$MYSQL_HOST" "MYSQL_PORT=$MYSQL_PORT" "MYSQL_USER=$MYSQL_USER" "MYSQL_PASSWORD=$MYSQL_PASSWORD" \
    "MYSQL_DATABASE=alpes_e2e_${app//-/_}" "ALPES_TOPIC_PREFIX=$TOPIC_PREFIX" "PULSAR_HTTP_URL=$PULSAR_HTTP_URL" \
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
bash "$ALPES_SCRIPTS_DIR/init_test_data.sh" --out "$E2E_TEST_DATA" || die "step 'seed data' failed"
run_suite
