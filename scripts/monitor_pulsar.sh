#!/usr/bin/env bash
# Watch the Pulsar side of the ecosystem from a terminal, straight from the broker (monitoreo need not be running).
#
#   scripts/monitor_pulsar.sh dashboard [--once] [--interval 2] [--no-services]
#       refreshing view (every 2 s, Ctrl-C to quit) of every catalog topic (partitions, rate in/out, published,
#       storage, backlog), each subscription's backlog/consumers, the dead-letter topics holding messages and the
#       services answering /health; --once prints one frame and exits (exit 1 when the broker does not answer)
#   scripts/monitor_pulsar.sh log [--topic K[,K…]] [--from-start] [--limit N]
#       one line per message as it arrives on every catalog topic (or only K), read with non-durable readers over the
#       WebSocket API: the decoded Avro envelope (event_type, event_id, aggregate_id, producer, occurred_at, payload
#       summary), raw JSON for the alpes/externos topics; --from-start reads the retained history first
#
# Environment: PULSAR_HTTP_URL (http://127.0.0.1:8080), ALPES_TOPIC_PREFIX (per-run topics), MONITOREO_SERVICIOS
# (services to probe, name=url,…; default the five apps on 127.0.0.1:8001…8005), NO_COLOR.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

export PULSAR_HTTP_URL="${PULSAR_HTTP_URL:-http://127.0.0.1:${PULSAR_HTTP_PORT:-8080}}"

case "${1:-}" in
  dashboard | log) ;;
  -h | --help | '')
    sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    [[ -n "${1:-}" ]] && exit 0
    exit 2
    ;;
  *)
    fail "unknown mode '$1' (expected: dashboard, log)"
    exit 2
    ;;
esac

[[ -d "$ALPES_ROOT/node_modules/ts-node" && -d "$ALPES_ROOT/node_modules/tsconfig-paths" ]] || ensure_node_deps
run_ts scripts/tools/monitor-pulsar.ts "$@"
