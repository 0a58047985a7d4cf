#!/bin/sh
# Health check of the `pulsar` service in docker-compose.yml (mounted read-only into the container).
# Healthy = the broker's own health check passes (it publishes and reads a heartbeat message) AND the WebSocket API
# the services speak is served: a plain GET on a WebSocket endpoint answers 405/400 when it is enabled, 404 when it
# is not (the same probe as scripts/lib/pulsar.sh; it creates nothing on the broker).
# Without curl in the image it falls back to `pulsar-admin brokers healthcheck` (slower: it starts a JVM).
set -u
url="${PULSAR_HEALTH_URL:-http://127.0.0.1:8080}"

if ! command -v curl >/dev/null 2>&1; then
  exec "${PULSAR_HOME:-/pulsar}/bin/pulsar-admin" --admin-url "$url" brokers healthcheck
fi

curl -fsS -m 20 -o /dev/null "$url/admin/v2/brokers/health" || exit 1
code="$(curl -s -o /dev/null -m 5 -w '%{http_code}' "$url/ws/v2/consumer/persistent/public/default/alpes-probe/alpes-probe")"
case "$code" in
  000) echo "WebSocket API at $url not answering" >&2; exit 1 ;;
  404) echo "WebSocket API not enabled at $url (webSocketServiceEnabled=false)" >&2; exit 1 ;;
esac
exit 0
