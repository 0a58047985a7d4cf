#!/usr/bin/env bash
# Creates the Pulsar tenant, namespaces, partitioned topics, Avro envelope schemas, subscriptions (earliest) and
# dead-letter topics of the topic catalog (libs/contracts/src/catalog/topic-catalog.ts). Idempotent: re-runs only
# report what is already there; nothing is ever deleted; partition counts only grow.
#
#   scripts/setup_pulsar_topics.sh           create what is missing (PULSAR_HTTP_URL, default http://127.0.0.1:8080)
#   scripts/setup_pulsar_topics.sh --check   change nothing; exit 1 when something is missing
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

export PULSAR_HTTP_URL="${PULSAR_HTTP_URL:-http://127.0.0.1:${PULSAR_HTTP_PORT:-8080}}"

case "${1:-}" in
  -h | --help)
    sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
esac

[[ -d "$ALPES_ROOT/node_modules/ts-node" && -d "$ALPES_ROOT/node_modules/tsconfig-paths" ]] || ensure_node_deps

step "Pulsar topic set-up from the catalog at $PULSAR_HTTP_URL"
run_ts scripts/tools/setup-pulsar-topics.ts "$@"
