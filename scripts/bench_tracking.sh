#!/usr/bin/env bash
# Tracking benchmark (issue 4): drives the running services over HTTP with impressions : clicks : conversions ≈
# 100 : 10 : 1 over many campaigns and affiliates, and prints accepted requests/s and p50/p99/p999 per endpoint,
# end-to-end events/s until tracking-queries reflects every accepted event, projection lag p50/p99, lost and
# duplicated events, peak memory per service — and, in the same run, the ceilings: libs/messaging's raw produce
# rate and a trivial NestJS endpoint's request rate. Target on a 2-core machine with everything on it:
# ≥ 5,000 ingested events/s end to end, p99 ingest latency ≤ 50 ms, zero loss. A benchmark, not a test: exit 1 only
# when it cannot run, 2 when events were lost or duplicated.
#
#   scripts/bench_tracking.sh [--start] [options of scripts/bench/tracking-bench.ts]
#     --start                 bring the ecosystem up first (scripts/run_full_ecosystem.sh --no-e2e) if it is not
#     --duration 30 --concurrency 64 --campaigns 20 --affiliates 40 --per-campaign 5 --batch 0 (N: /lote endpoints)
#     --settle-timeout 300 --lag-samplers 2 --ceilings 1 --out .alpes/reports/performance_report.json
#
# Figures are also written as JSON (default .alpes/reports/performance_report.json).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ALPES_ROOT"

start=0
forward=()
for arg in "$@"; do
  case "$arg" in
    --start) start=1 ;;
    -h | --help)
      sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) forward+=("$arg") ;;
  esac
done

healthy() { curl -fsS -m 3 "http://127.0.0.1:$1/health" >/dev/null 2>&1; }
missing=()
for port in 8001 8002 8003 8004; do healthy "$port" || missing+=("$port"); done
if ((${#missing[@]})); then
  if ((start)); then
    info "services not healthy on ports ${missing[*]}: starting the ecosystem (scripts/run_full_ecosystem.sh --no-e2e)"
    bash "$ALPES_SCRIPTS_DIR/run_full_ecosystem.sh" --no-e2e
  else
    die "services not healthy on ports ${missing[*]}; run scripts/run_full_ecosystem.sh --no-e2e first, or pass --start"
  fi
fi
[[ -d node_modules/ts-node ]] || ensure_node_deps
run_ts scripts/bench/tracking-bench.ts "${forward[@]}"
