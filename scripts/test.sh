#!/usr/bin/env bash
# Every test of the monorepo (`npm test`): node deps, MySQL/MariaDB + databases, Pulsar + topics, Chromium (for the
# dashboard's browser test), then lint, unit tests and integration tests (real broker, real database) — the latter
# include the end-to-end suite (tests/e2e: scripts/run_e2e_tests.sh --isolated, the five built apps on free ports,
# a private MariaDB, per-run topics, scenarios + fault drill; while it runs nothing else does, and its drill stops
# and restarts the broker this script provisioned).
#
#   scripts/test.sh                      all stages
#   scripts/test.sh lint unit            only these test stages (infrastructure is skipped unless integration runs)
#
# Environment: PULSAR_HTTP_URL / PULSAR_HTTP_PORT / PULSAR_BROKER_PORT, MYSQL_HOST / MYSQL_PORT / MYSQL_USER /
# MYSQL_PASSWORD (see scripts/lib/*.sh); ALPES_KEEP_PULSAR=1 keeps a broker this run started (also ALPES_KEEP_MYSQL=1);
# ALPES_FAIL_FAST=1 stops at the first failing test stage; CHROMIUM_PATH (default /usr/bin/chromium, installed from
# Debian when missing). Logs: .alpes/logs/test-<stage>.log; end-to-end report: .alpes/reports/e2e_test_report.json
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/mysql.sh
source "$ALPES_SCRIPTS_DIR/lib/mysql.sh"
# shellcheck source=lib/pulsar.sh
source "$ALPES_SCRIPTS_DIR/lib/pulsar.sh"

export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false CI="${CI:-}"
export PULSAR_HTTP_URL MYSQL_HOST MYSQL_PORT MYSQL_USER MYSQL_PASSWORD ALPES_CACHE_DIR

cd "$ALPES_ROOT"
ensure_run_dirs
touch "$ALPES_RUN_DIR/.test-started"

# ---------------------------------------------------------------------------------------------------------------
# Which test stages
# ---------------------------------------------------------------------------------------------------------------
want_lint=0 want_unit=0 want_int=0
if (($# == 0)); then
  want_lint=1 want_unit=1 want_int=1
fi
for arg in "$@"; do
  case "$arg" in
    lint) want_lint=1 ;;
    unit | test) want_unit=1 ;;
    integration | int) want_int=1 ;;
    -h | --help)
      sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown stage '$arg' (expected: lint, unit, integration)" ;;
  esac
done

# ---------------------------------------------------------------------------------------------------------------
# Stage bookkeeping and clean-up
# ---------------------------------------------------------------------------------------------------------------
STAGE_NAMES=() STAGE_RESULTS=() STAGE_SECONDS=() STAGE_LOGS=()
FAILED=0
T_START=$(now_s)

record() { # name result seconds log
  STAGE_NAMES+=("$1") STAGE_RESULTS+=("$2") STAGE_SECONDS+=("$3") STAGE_LOGS+=("$4")
}

summary() {
  local i colour line
  printf '\n%s\n' "---------------- npm test summary ----------------" >&2
  for i in "${!STAGE_NAMES[@]}"; do
    case "${STAGE_RESULTS[$i]}" in
      ok) colour="$_C_GREEN" ;;
      failed) colour="$_C_RED" ;;
      *) colour="$_C_YELLOW" ;;
    esac
    line="$(printf '%-12s %s%-8s%s %8s' "${STAGE_NAMES[$i]}" "$colour" "${STAGE_RESULTS[$i]}" "$_C_RESET" "$(fmt_duration "${STAGE_SECONDS[$i]}")")"
    [[ "${STAGE_RESULTS[$i]}" == "failed" && -n "${STAGE_LOGS[$i]}" ]] && line+="   log: ${STAGE_LOGS[$i]}"
    printf '%s\n' "$line" >&2
  done
  local total=$(($(now_s) - T_START)) e2e="$ALPES_RUN_DIR/reports/e2e_test_report.json"
  if [[ -f "$e2e" && "$e2e" -nt "$ALPES_RUN_DIR/.test-started" ]]; then
    # shellcheck disable=SC2016 # a JavaScript template literal, not a shell expansion
    printf '%-12s %s\n' "e2e report" "$e2e ($(node -p 'const r = require(process.argv[1]); `${r.passed ? "passed" : "FAILED"}, ${r.summary.scenarios} scenarios, drill ${r.summary.fault_drill}, ${Math.round(r.duration_ms / 1000)} s`' "$e2e" 2>/dev/null || echo '?'))" >&2
  fi
  if ((FAILED)); then
    printf '%-12s %s%-8s%s %8s\n' "TOTAL" "$_C_RED" "failed" "$_C_RESET" "$(fmt_duration "$total")" >&2
  else
    printf '%-12s %s%-8s%s %8s\n' "TOTAL" "$_C_GREEN" "ok" "$_C_RESET" "$(fmt_duration "$total")" >&2
  fi
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ "$PULSAR_STARTED_BY_US" == "1" ]]; then
    if [[ "${ALPES_KEEP_PULSAR:-}" == "1" ]]; then
      info "ALPES_KEEP_PULSAR=1: leaving the Pulsar standalone this run started running ($PULSAR_HTTP_URL)"
    else
      pulsar_stop || true
    fi
  fi
  if [[ "$MYSQL_STARTED_BY_US" == "1" ]]; then
    if [[ "${ALPES_KEEP_MYSQL:-}" == "1" ]]; then
      info "ALPES_KEEP_MYSQL=1: leaving the MariaDB this run started running ($MYSQL_HOST:$MYSQL_PORT)"
    else
      mysql_stop || true
    fi
  fi
  summary
  ((FAILED)) && rc=1
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Infrastructure stage: runs a shell function; a failure aborts the run (the remaining stages cannot work).
infra_stage() { # name function
  local name="$1" fn="$2" t0 rc=0
  t0=$(now_s)
  step "[$name]"
  "$fn" || rc=$?
  if ((rc == 0)); then
    record "$name" ok $(($(now_s) - t0)) ""
  else
    record "$name" failed $(($(now_s) - t0)) ""
    FAILED=1
    fail "stage $name failed; not running the remaining stages"
    exit 1
  fi
}

# Test stage: output shown live and kept in .alpes/logs/test-<name>.log.
test_stage() { # name cmd...
  local name="$1" t0 rc=0 log="$ALPES_LOG_DIR/test-$1.log"
  shift
  t0=$(now_s)
  step "[$name] $* (log: $log)"
  "$@" 2>&1 | tee "$log" || rc=$?
  if ((rc == 0)); then
    ok "stage $name passed in $(fmt_duration $(($(now_s) - t0)))"
    record "$name" ok $(($(now_s) - t0)) "$log"
  else
    fail "stage $name failed (exit $rc); log: $log"
    record "$name" failed $(($(now_s) - t0)) "$log"
    FAILED=1
    if [[ "${ALPES_FAIL_FAST:-}" == "1" ]]; then exit 1; fi
  fi
}

skip_stage() { record "$1" skipped 0 ""; }

# ---------------------------------------------------------------------------------------------------------------
# Stages
# ---------------------------------------------------------------------------------------------------------------
setup_topics() { run_ts scripts/tools/setup-pulsar-topics.ts; }

# Debian's chromium for the dashboard test (playwright-core drives it), unless CHROMIUM_PATH names one. apt-get update
# only when the plain install fails (the package lists are usually fresh enough, and updating them is slow).
ensure_chromium() {
  if [[ -n "${CHROMIUM_PATH:-}" ]]; then
    [[ -x "$CHROMIUM_PATH" ]] || {
      fail "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable"
      return 1
    }
    ok "chromium: $CHROMIUM_PATH (CHROMIUM_PATH)"
    return 0
  fi
  if [[ ! -x /usr/bin/chromium ]]; then
    local sudo=() log="$ALPES_LOG_DIR/apt-chromium.log"
    if ((EUID != 0)); then
      if have sudo && sudo -n true 2>/dev/null; then sudo=(sudo -n); else
        fail "chromium is missing (/usr/bin/chromium) and this is not root: install it (apt-get install -y chromium) or set CHROMIUM_PATH"
        return 1
      fi
    fi
    have apt-get || {
      fail "chromium is missing and apt-get is not available: install a Chromium and set CHROMIUM_PATH"
      return 1
    }
    step "Installing Debian chromium for the dashboard browser test (log: $log)"
    if ! run_logged "apt-get install chromium" "$log" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; then
      info "retrying after apt-get update"
      run_logged "apt-get update" "$log.update" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update || return 1
      run_logged "apt-get install chromium" "$log" "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium || return 1
    fi
    [[ -x /usr/bin/chromium ]] || {
      fail "apt-get installed chromium but /usr/bin/chromium is missing; set CHROMIUM_PATH"
      return 1
    }
  fi
  export CHROMIUM_PATH=/usr/bin/chromium
  ok "chromium: $CHROMIUM_PATH ($("$CHROMIUM_PATH" --version 2>/dev/null | head -n1 || echo '?'))"
}

infra_stage deps ensure_node_deps
if ((want_int)); then
  infra_stage mysql mysql_ensure
  infra_stage pulsar pulsar_ensure
  infra_stage topics setup_topics
  infra_stage chromium ensure_chromium
else
  skip_stage mysql
  skip_stage pulsar
  skip_stage topics
  skip_stage chromium
fi

NX=("$ALPES_ROOT/node_modules/.bin/nx")
typecheck_all() {
  "${NX[@]}" run-many -t typecheck --outputStyle=stream &&
    "$ALPES_ROOT/node_modules/.bin/tsc" -p "$ALPES_ROOT/tsconfig.scripts.json" --noEmit
}
# Integration suites use their own throw-away databases and per-run topics, so ALPES_INT_PARALLEL=2 can run two side
# by side; the default is one at a time, because some checks have bounds sized for one suite on two cores (a fresh
# clone's run with two at a time saw /health's broker probe miss its bound once). The end-to-end suite runs last and
# alone, because its fault drill stops the broker and restarts MariaDB.
integration_all() {
  local rc=0
  "${NX[@]}" run-many -t integration --exclude=e2e --parallel="${ALPES_INT_PARALLEL:-1}" --outputStyle=stream || rc=$?
  "${NX[@]}" run e2e:integration --outputStyle=stream || rc=$?
  return "$rc"
}
if ((want_lint)); then
  test_stage lint "${NX[@]}" run-many -t lint --outputStyle=stream
  test_stage typecheck typecheck_all
else
  skip_stage lint
  skip_stage typecheck
fi
if ((want_unit)); then test_stage unit "${NX[@]}" run-many -t test --outputStyle=stream; else skip_stage unit; fi
if ((want_int)); then
  info "integration env: PULSAR_HTTP_URL=$PULSAR_HTTP_URL MYSQL_HOST=$MYSQL_HOST MYSQL_PORT=$MYSQL_PORT MYSQL_USER=$MYSQL_USER"
  test_stage integration integration_all
else
  skip_stage integration
fi
