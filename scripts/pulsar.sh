#!/usr/bin/env bash
# Pulsar standalone for machines without Docker (official binary distribution from Maven Central).
#
#   scripts/pulsar.sh ensure   reuse a healthy broker at PULSAR_HTTP_URL, else fetch/unpack/configure/start one
#   scripts/pulsar.sh start    start our standalone (no-op when a broker already answers)
#   scripts/pulsar.sh stop     stop the standalone these scripts started (pid file); never touches another broker
#   scripts/pulsar.sh status   health, pid, URLs (exit 1 when no healthy broker answers)
#   scripts/pulsar.sh wait     wait until the broker is healthy (PULSAR_START_TIMEOUT, default 180 s)
#
# Ports, directories and memory come from the environment; see scripts/lib/pulsar.sh.
set -euo pipefail
# shellcheck source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=lib/pulsar.sh
source "$ALPES_SCRIPTS_DIR/lib/pulsar.sh"

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

cmd="${1:-}"
case "$cmd" in
  ensure) pulsar_ensure ;;
  start) pulsar_start ;;
  stop) pulsar_stop ;;
  status) pulsar_status ;;
  wait) pulsar_wait "${2:-$PULSAR_START_TIMEOUT}" ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
