#!/usr/bin/env bash
# Every test of the monorepo (`npm test`): node deps, MySQL/MariaDB + databases, Pulsar + topics, then
# lint, unit tests and integration tests (real broker, real database).
#
#   scripts/test.sh                      all stages
#   scripts/test.sh lint unit            only these test stages (infrastructure is skipped unless integration runs)
#
# Environment: PULSAR_HTTP_URL / PULSAR_HTTP_PORT / PULSAR_BROKER_PORT, MYSQL_HOST / MYSQL_PORT / MYSQL_USER /
# MYSQL_PASSWORD (see scripts/lib/*.sh); ALPES_KEEP_PULSAR=1 keeps a broker this run started (also ALPES_KEEP_MYSQL=1);
# ALPES_FAIL_FAST=1 stops at the first failing test stage. Logs: .alpes/logs/test-<stage>.log
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
      sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
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
  local total=$(($(now_s) - T_START))
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

infra_stage deps ensure_node_deps
if ((want_int)); then
  infra_stage mysql mysql_ensure
  infra_stage pulsar pulsar_ensure
  infra_stage topics setup_topics
else
  skip_stage mysql
  skip_stage pulsar
  skip_stage topics
fi

NX=("$ALPES_ROOT/node_modules/.bin/nx")
typecheck_all() {
  "${NX[@]}" run-many -t typecheck --outputStyle=stream &&
    "$ALPES_ROOT/node_modules/.bin/tsc" -p "$ALPES_ROOT/tsconfig.scripts.json" --noEmit
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
  test_stage integration "${NX[@]}" run-many -t integration --parallel=1 --outputStyle=stream
else
  skip_stage integration
fi
