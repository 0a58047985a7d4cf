#!/usr/bin/env bash
# Test data for the running ecosystem, over HTTP only (seed 003): three affiliates (activated; Juan Pérez is premium),
# two campaigns with commission rules (CPS venta, CPA registro, CPC, CPM), the affiliates assigned and the campaigns
# activated. Fresh entities on every run (client ids, emails with the run id). Writes their ids to
# .alpes/reports/test_data_ids.json and prints the path.
#
#   scripts/init_test_data.sh [--out FILE]
#
# Services: AFILIADOS_URL (http://127.0.0.1:8001), MARKETING_COMISIONES_URL (http://127.0.0.1:8003).
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ALPES_ROOT"

out=""
while (($#)); do
  case "$1" in
    --out)
      out="${2:?--out needs a path}"
      shift
      ;;
    --out=*) out="${1#*=}" ;;
    -h | --help)
      sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
out="${out:-${E2E_TEST_DATA:-$ALPES_RUN_DIR/reports/test_data_ids.json}}"

afiliados="${AFILIADOS_URL:-http://127.0.0.1:8001}" marketing="${MARKETING_COMISIONES_URL:-http://127.0.0.1:8003}"
for url in "$afiliados" "$marketing"; do
  [[ "$(http_status "$url/health" 5)" == "200" ]] ||
    die "step 'seed data': $url/health does not answer 200 (start the ecosystem: scripts/run_full_ecosystem.sh --no-e2e)"
done
[[ -d node_modules/ts-node ]] || ensure_node_deps

step "Seeding test data over HTTP (afiliados $afiliados, marketing-comisiones $marketing)"
t0=$SECONDS
path="$(run_ts scripts/e2e/init-test-data.ts --out "$out")" || die "step 'seed data' failed (see the messages above)"
ok "test data ids: $path ($(fmt_duration $((SECONDS - t0))))"
