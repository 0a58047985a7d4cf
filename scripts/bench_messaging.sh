#!/usr/bin/env bash
# Messaging benchmark: libs/messaging (PulsarWebSocketClient over the broker's WebSocket API) against the broker's
# own ceiling (bin/pulsar-perf, binary protocol), same broker, same machine, same run. A benchmark, not a test: it
# prints figures and never passes or fails on timings (exit 1 only when a part could not run at all).
#
#   scripts/bench_messaging.sh            (npm run bench:messaging)
#
# What runs (each on a fresh partitioned topic in public/default, deleted at the end):
#   1. WebSocket, scripts/bench/ws-bench.ts:
#        produce only  N messages, every send awaited                        msg/s, MB/s, send→ack latency
#        e2e           Key_Shared consumer (own process) subscribed first,   msg/s end to end, send→receive latency,
#                      producer at max rate with backpressure                 received == sent, duplicates
#        fixed rate    BENCH_RATE msg/s for BENCH_RATE_SECONDS s              latency without saturation queueing
#   2. bin/pulsar-perf (binary protocol) with the same message size/count, ≤ BENCH_MAX_PENDING in flight, random keys:
#        batching off and on, each as produce-only and as end to end (pulsar-perf consume, Key_Shared, subscribed
#        first, running concurrently; it stops at the count), plus batching off at the fixed rate. Throughput from
#        the log timestamps (its own "Aggregated" rates include JVM start/stop), latency from its aggregated stats.
#   3. Summary + ratios (ws ÷ binary); all figures as JSON in .alpes/bench/messaging-<timestamp>.json, logs next to it.
#
# Environment (defaults):
#   BENCH_MESSAGES=50000  BENCH_WARMUP_MESSAGES=30000 (0: no warm-up)  BENCH_PAYLOAD_BYTES=400  BENCH_PARTITIONS=6  BENCH_KEYS=1000  BENCH_MAX_PENDING=1000
#   BENCH_RATE=2000  BENCH_RATE_SECONDS=10
#   BENCH_WS=1  BENCH_PERF=1  BENCH_PERF_RATE=1          (set to 0 to skip a part)
#   BENCH_PERF_JVM_OPTS="-Xms128m -Xmx1g -XX:MaxDirectMemorySize=256m"   (PULSAR_EXTRA_OPTS of each pulsar-perf JVM;
#                        bin/pulsar-perf ignores PULSAR_MEM. pulsar-perf 4.0 allocates ~450 MB of latency histograms
#                        at start-up, so -Xmx512m fails intermittently with OutOfMemoryError)
#   BENCH_PERF_TIMEOUT=180  (s, per pulsar-perf process)   BENCH_KEEP_TOPICS=0   BENCH_OUT_DIR=.alpes/bench
#   PULSAR_HTTP_URL=http://127.0.0.1:8080  PULSAR_BROKER_URL=pulsar://127.0.0.1:6650
#   ALPES_CACHE_DIR=~/.cache/alpes  PULSAR_VERSION=4.0.8  (pulsar-perf from $ALPES_CACHE_DIR/pulsar/apache-pulsar-$PULSAR_VERSION)
set -euo pipefail

BENCH_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
BENCH_ROOT="$(cd "$BENCH_SCRIPT_DIR/.." && pwd -P)"

# shellcheck source=lib/common.sh
source "$BENCH_SCRIPT_DIR/lib/common.sh"
# shellcheck source=lib/pulsar.sh
source "$BENCH_SCRIPT_DIR/lib/pulsar.sh"

# ---------------------------------------------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------------------------------------------
BENCH_MESSAGES="${BENCH_MESSAGES:-50000}"
BENCH_WARMUP_MESSAGES="${BENCH_WARMUP_MESSAGES:-30000}"
BENCH_PAYLOAD_BYTES="${BENCH_PAYLOAD_BYTES:-400}"
BENCH_PARTITIONS="${BENCH_PARTITIONS:-6}"
BENCH_KEYS="${BENCH_KEYS:-1000}"
BENCH_MAX_PENDING="${BENCH_MAX_PENDING:-1000}"
BENCH_RATE="${BENCH_RATE:-2000}"
BENCH_RATE_SECONDS="${BENCH_RATE_SECONDS:-10}"
BENCH_WS="${BENCH_WS:-1}"
BENCH_PERF="${BENCH_PERF:-1}"
BENCH_PERF_RATE="${BENCH_PERF_RATE:-1}"
BENCH_PERF_JVM_OPTS="${BENCH_PERF_JVM_OPTS:--Xms128m -Xmx1g -XX:MaxDirectMemorySize=256m}"
BENCH_PERF_TIMEOUT="${BENCH_PERF_TIMEOUT:-180}"
BENCH_KEEP_TOPICS="${BENCH_KEEP_TOPICS:-0}"
BENCH_OUT_DIR="${BENCH_OUT_DIR:-$BENCH_ROOT/.alpes/bench}"

PULSAR_HTTP_URL="${PULSAR_HTTP_URL:-http://127.0.0.1:8080}"
PULSAR_HTTP_URL="${PULSAR_HTTP_URL%/}"
if [[ -z "${PULSAR_BROKER_URL:-}" ]]; then
  PULSAR_BROKER_URL="$(pulsar_broker_url)"
fi
PULSAR_VERSION="${PULSAR_VERSION:-4.0.8}"
BENCH_PULSAR_HOME="${ALPES_CACHE_DIR:-$HOME/.cache/alpes}/pulsar/apache-pulsar-${PULSAR_VERSION}"

for v in BENCH_MESSAGES BENCH_PAYLOAD_BYTES BENCH_PARTITIONS BENCH_KEYS BENCH_MAX_PENDING BENCH_RATE BENCH_RATE_SECONDS BENCH_PERF_TIMEOUT; do
  [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a non-negative integer (got '${!v}')"
done
((BENCH_MESSAGES > 0 && BENCH_PARTITIONS > 0 && BENCH_PAYLOAD_BYTES > 0)) || die "BENCH_MESSAGES, BENCH_PARTITIONS and BENCH_PAYLOAD_BYTES must be > 0"

BENCH_TS="$(date +%Y%m%d-%H%M%S)"
BENCH_RUN_ID="messaging-$BENCH_TS"
BENCH_RUN_DIR="$BENCH_OUT_DIR/$BENCH_RUN_ID"
BENCH_JSON="$BENCH_OUT_DIR/$BENCH_RUN_ID.json"
BENCH_NS="public/default"
BENCH_TOPIC_BASE="bench-messaging-$BENCH_TS-$$"
BENCH_TOPIC_PREFIX="persistent://$BENCH_NS/$BENCH_TOPIC_BASE"
BENCH_TOPICS=(warmup-ws-produce warmup-ws-e2e warmup-ws-rate ws-produce ws-e2e ws-rate perf-nobatch-produce perf-nobatch-e2e perf-batch-produce perf-batch-e2e perf-rate-nobatch)
BENCH_FAILURES=()
PERF_CONSUMER_PID=""

# ---------------------------------------------------------------------------------------------------------------
# Cleanup: our background processes (by pid) and the benchmark topics
# ---------------------------------------------------------------------------------------------------------------
bench_cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$PERF_CONSUMER_PID" ]] && kill -0 "$PERF_CONSUMER_PID" 2>/dev/null; then
    kill -TERM "$PERF_CONSUMER_PID" 2>/dev/null || true
    wait "$PERF_CONSUMER_PID" 2>/dev/null || true
  fi
  if [[ "$BENCH_KEEP_TOPICS" == "1" ]]; then
    info "keeping the benchmark topics ($BENCH_TOPIC_PREFIX-*): BENCH_KEEP_TOPICS=1"
  else
    local t code deleted=0
    for t in "${BENCH_TOPICS[@]}"; do
      code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X DELETE \
        "$PULSAR_HTTP_URL/admin/v2/persistent/$BENCH_NS/$BENCH_TOPIC_BASE-$t/partitions?force=true" 2>/dev/null || true)"
      case "$code" in
        2??) deleted=$((deleted + 1)) ;;
        404) ;;
        *) warn "could not delete topic $BENCH_TOPIC_PREFIX-$t (HTTP $code); delete it by hand" ;;
      esac
    done
    ((deleted > 0)) && info "deleted $deleted benchmark topic(s) ($BENCH_TOPIC_PREFIX-*)"
  fi
  exit "$rc"
}
trap bench_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------------
loadavg_json() { awk '{printf "[%s, %s, %s]", $1, $2, $3}' /proc/loadavg 2>/dev/null || printf '[]'; }

# Share (%) of all CPUs busy over the next `seconds` (from /proc/stat; "null" where unavailable): how much other
# work (teammates' tests, other brokers) competes with the benchmark.
cpu_busy_percent() { # seconds
  local a b
  a="$(head -n1 /proc/stat 2>/dev/null)" || {
    echo null
    return
  }
  sleep "$1"
  b="$(head -n1 /proc/stat 2>/dev/null)" || {
    echo null
    return
  }
  awk -v a="$a" -v b="$b" 'BEGIN {
    n = split(a, x, " "); split(b, y, " "); ta = 0; tb = 0
    for (i = 2; i <= n; i++) { ta += x[i]; tb += y[i] }
    dt = tb - ta; di = (y[5] + y[6]) - (x[5] + x[6])
    if (dt <= 0) print "null"; else printf "%.1f\n", 100 * (1 - di / dt)
  }'
}

create_topic() { # local-name
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -X PUT -H 'content-type: application/json' \
    --data "$BENCH_PARTITIONS" "$PULSAR_HTTP_URL/admin/v2/persistent/$BENCH_NS/$1/partitions" || true)"
  [[ "$code" == 2?? || "$code" == 409 ]] || {
    fail "could not create partitioned topic $BENCH_NS/$1 (HTTP $code)"
    return 1
  }
}

# Number of partitions of a topic on which subscription `bench` has a connected consumer.
subscribed_partitions() { # local-name
  curl -s --max-time 5 "$PULSAR_HTTP_URL/admin/v2/persistent/$BENCH_NS/$1/partitioned-stats?perPartition=true" 2>/dev/null |
    node -e '
      let s = "";
      process.stdin.on("data", (d) => (s += d)).on("end", () => {
        try {
          const parts = Object.values(JSON.parse(s).partitions || {});
          console.log(parts.filter((p) => ((p.subscriptions || {}).bench?.consumers || []).length > 0).length);
        } catch { console.log(0); }
      });' 2>/dev/null || echo 0
}

run_ts_script() { # script args...
  LOG_LEVEL="${LOG_LEVEL:-warn}" run_ts "$@"
}

# One pulsar-perf run. Mode `produce`: the producer alone (no subscription). Mode `e2e`: a consumer (Key_Shared, from
# the earliest message) is started first and waited for on every partition, then the producer; the consumer stops by
# itself once it has received `count` messages.
perf_run() { # label title mode(produce|e2e) rate(0 = max) count batching(0|1)
  local label="$1" title="$2" mode="$3" rate="$4" count="$5" batching="$6"
  local name="$BENCH_TOPIC_BASE-perf-$label" topic="$BENCH_TOPIC_PREFIX-perf-$label"
  local prod_log="$BENCH_RUN_DIR/perf-$label-produce.log" cons_log="$BENCH_RUN_DIR/perf-$label-consume.log"
  local produce_rc=0 consume_rc=0 stopped=false
  create_topic "$name" || return 1
  step "pulsar-perf $title, $mode: $count msgs of $BENCH_PAYLOAD_BYTES B, rate $([[ "$rate" == 0 ]] && echo max || echo "$rate/s"), ≤ $BENCH_MAX_PENDING in flight → $topic"
  [[ "$mode" == e2e ]] || cons_log=/dev/null
  if [[ "$mode" == e2e ]]; then

    (
      cd "$BENCH_PULSAR_HOME"
      exec env PULSAR_EXTRA_OPTS="$BENCH_PERF_JVM_OPTS" timeout "$BENCH_PERF_TIMEOUT" bin/pulsar-perf consume \
        -u "$PULSAR_BROKER_URL" -st Key_Shared -sp Earliest -ss bench -q 1000 -m "$count" "$topic"
    ) >"$cons_log" 2>&1 &
    PERF_CONSUMER_PID=$!

    local deadline=$((SECONDS + 90)) n=0
    while :; do
      n="$(subscribed_partitions "$name")"
      ((n >= BENCH_PARTITIONS)) && break
      if ! kill -0 "$PERF_CONSUMER_PID" 2>/dev/null; then
        wait "$PERF_CONSUMER_PID" || consume_rc=$?
        PERF_CONSUMER_PID=""
        fail "pulsar-perf consume exited (code $consume_rc) before subscribing; log: $cons_log"
        tail -n 20 "$cons_log" | sed 's/^/  | /' >&2
        return 1
      fi
      if ((SECONDS >= deadline)); then
        fail "pulsar-perf consume did not subscribe within 90 s ($n/$BENCH_PARTITIONS partitions); log: $cons_log"
        kill -TERM "$PERF_CONSUMER_PID" 2>/dev/null || true
        wait "$PERF_CONSUMER_PID" 2>/dev/null || true
        PERF_CONSUMER_PID=""
        return 1
      fi
      sleep 0.3
    done
    info "consumer subscribed on $n/$BENCH_PARTITIONS partitions; producing"
  fi

  local flags=(-u "$PULSAR_BROKER_URL" -m "$count" -s "$BENCH_PAYLOAD_BYTES" -o "$BENCH_MAX_PENDING" -p "$BENCH_MAX_PENDING"
    -mk random --warmup-time 0)
  if [[ "$rate" == 0 ]]; then flags+=(-r 100000000); else flags+=(-r "$rate"); fi
  [[ "$batching" == 1 ]] || flags+=(--disable-batching)
  (
    cd "$BENCH_PULSAR_HOME"
    exec env PULSAR_EXTRA_OPTS="$BENCH_PERF_JVM_OPTS" timeout "$BENCH_PERF_TIMEOUT" bin/pulsar-perf produce "${flags[@]}" "$topic"
  ) >"$prod_log" 2>&1 || produce_rc=$?
  ((produce_rc == 0)) || warn "pulsar-perf produce exited with $produce_rc; log: $prod_log"

  if [[ "$mode" == e2e ]]; then
    # The consumer exits once it has `count` messages; give it a little while, then stop it (it prints its stats).
    local drain_deadline=$((SECONDS + 60))
    while kill -0 "$PERF_CONSUMER_PID" 2>/dev/null && ((SECONDS < drain_deadline)); do sleep 0.2; done
    if kill -0 "$PERF_CONSUMER_PID" 2>/dev/null; then
      warn "pulsar-perf consume had not received $count messages 60 s after the producer ended; stopping it"
      kill -TERM "$PERF_CONSUMER_PID" 2>/dev/null || true
      stopped=true
    fi
    wait "$PERF_CONSUMER_PID" || consume_rc=$?
    PERF_CONSUMER_PID=""
  fi

  curl -s --max-time 10 "$PULSAR_HTTP_URL/admin/v2/persistent/$BENCH_NS/$name/partitioned-stats" \
    >"$BENCH_RUN_DIR/perf-$label-stats.json" 2>/dev/null || true
  printf '{"label":"%s","title":"%s","mode":"%s","topic":"%s","batching":%s,"rate":%s,"messages":%s,"payloadBytes":%s,"produceExit":%s,"consumeExit":%s,"consumerStopped":%s}\n' \
    "$label" "$title" "$mode" "$topic" "$([[ "$batching" == 1 ]] && echo true || echo false)" "$rate" "$count" \
    "$BENCH_PAYLOAD_BYTES" "$produce_rc" "$consume_rc" "$stopped" >"$BENCH_RUN_DIR/perf-$label-meta.json"
  grep -hE 'Aggregated (throughput|latency) stats' "$prod_log" "$cons_log" 2>/dev/null | sed -E 's/^.*(Aggregated)/  \1/' >&2 || true
}

# ---------------------------------------------------------------------------------------------------------------
# Preflight
# ---------------------------------------------------------------------------------------------------------------
have node || die "Node.js 20+ is required (node not found on PATH)"
have curl || die "curl is required"
if ! (cd "$BENCH_ROOT" && node -e 'for (const m of ["ts-node/register/transpile-only", "tsconfig-paths/register", "ws", "pino"]) require.resolve(m)' 2>/dev/null); then
  ensure_node_deps
fi

pulsar_ensure || die "no Pulsar broker at $PULSAR_HTTP_URL and could not start one"

if [[ "$BENCH_PERF" == 1 && ! -x "$BENCH_PULSAR_HOME/bin/pulsar-perf" ]]; then
  pulsar_unpack "$PULSAR_VERSION" || true
  if [[ ! -x "$BENCH_PULSAR_HOME/bin/pulsar-perf" ]]; then
    warn "pulsar-perf not found at $BENCH_PULSAR_HOME/bin/pulsar-perf: skipping the broker-ceiling part"
    BENCH_FAILURES+=("pulsar-perf not available")
    BENCH_PERF=0
  fi
fi
if [[ "$BENCH_PERF" == 1 ]] && ! have java && [[ -z "${JAVA_HOME:-}" ]]; then
  warn "java not found: skipping the pulsar-perf part"
  BENCH_FAILURES+=("java not available for pulsar-perf")
  BENCH_PERF=0
fi

mkdir -p "$BENCH_RUN_DIR"
bench_started=$SECONDS
load_before="$(loadavg_json)"
step "Messaging benchmark $BENCH_RUN_ID: $BENCH_MESSAGES msgs × $BENCH_PAYLOAD_BYTES B, $BENCH_PARTITIONS partitions, $BENCH_KEYS keys; broker $PULSAR_HTTP_URL / $PULSAR_BROKER_URL"
busy_before="$(cpu_busy_percent 2)"
info "$(nproc 2>/dev/null || echo '?') CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'), ${busy_before}% busy before starting; logs in $BENCH_RUN_DIR"

# ---------------------------------------------------------------------------------------------------------------
# 1. libs/messaging over WebSocket
# ---------------------------------------------------------------------------------------------------------------
if [[ "$BENCH_WS" == 1 ]]; then
  if ((BENCH_WARMUP_MESSAGES > 0)); then
    # A freshly started broker runs its first tens of thousands of messages through a cold JIT (measured here: 3×
    # slower); warm it up so the WebSocket figures and the pulsar-perf ceilings that follow see the same broker.
    step "warming the broker up: $BENCH_WARMUP_MESSAGES messages over WebSocket (not reported)"
    run_ts_script scripts/bench/ws-bench.ts \
      --http "$PULSAR_HTTP_URL" --topic-prefix "$BENCH_TOPIC_PREFIX-warmup" --messages "$BENCH_WARMUP_MESSAGES" \
      --partitions "$BENCH_PARTITIONS" --keys "$BENCH_KEYS" --payload-bytes "$BENCH_PAYLOAD_BYTES" \
      --max-pending "$BENCH_MAX_PENDING" --rate "$BENCH_RATE" --rate-seconds 1 \
      --out "$BENCH_RUN_DIR/warmup.json" >"$BENCH_RUN_DIR/warmup.log" 2>&1 ||
      warn "warm-up failed (log: $BENCH_RUN_DIR/warmup.log); figures below may include JIT warm-up"
  fi
  step "libs/messaging over WebSocket (scripts/bench/ws-bench.ts)"
  ws_rc=0
  run_ts_script scripts/bench/ws-bench.ts \
    --http "$PULSAR_HTTP_URL" --topic-prefix "$BENCH_TOPIC_PREFIX" --messages "$BENCH_MESSAGES" \
    --partitions "$BENCH_PARTITIONS" --keys "$BENCH_KEYS" --payload-bytes "$BENCH_PAYLOAD_BYTES" \
    --max-pending "$BENCH_MAX_PENDING" --rate "$BENCH_RATE" --rate-seconds "$BENCH_RATE_SECONDS" \
    --out "$BENCH_RUN_DIR/ws.json" 2>&1 | tee "$BENCH_RUN_DIR/ws-bench.log" || ws_rc=$?
  if ((ws_rc != 0)); then
    fail "WebSocket benchmark failed (exit $ws_rc); log: $BENCH_RUN_DIR/ws-bench.log"
    BENCH_FAILURES+=("WebSocket benchmark exit $ws_rc")
  fi
fi

# ---------------------------------------------------------------------------------------------------------------
# 2. Broker ceiling: pulsar-perf (binary protocol)
# ---------------------------------------------------------------------------------------------------------------
if [[ "$BENCH_PERF" == 1 ]]; then
  perf_run nobatch-produce "batching off" produce 0 "$BENCH_MESSAGES" 0 || BENCH_FAILURES+=("pulsar-perf produce, batching off")
  perf_run nobatch-e2e "batching off" e2e 0 "$BENCH_MESSAGES" 0 || BENCH_FAILURES+=("pulsar-perf e2e, batching off")
  perf_run batch-produce "batching on" produce 0 "$BENCH_MESSAGES" 1 || BENCH_FAILURES+=("pulsar-perf produce, batching on")
  perf_run batch-e2e "batching on" e2e 0 "$BENCH_MESSAGES" 1 || BENCH_FAILURES+=("pulsar-perf e2e, batching on")
  if [[ "$BENCH_PERF_RATE" == 1 ]] && ((BENCH_RATE > 0 && BENCH_RATE_SECONDS > 0)); then
    perf_run rate-nobatch "batching off" e2e "$BENCH_RATE" $((BENCH_RATE * BENCH_RATE_SECONDS)) 0 ||
      BENCH_FAILURES+=("pulsar-perf e2e at a fixed rate")
  fi
fi

# ---------------------------------------------------------------------------------------------------------------
# 3. Report
# ---------------------------------------------------------------------------------------------------------------
printf '{"cpus":%s,"loadBefore":%s,"loadAfter":%s,"busyPercentBefore":%s,"seconds":%s,"node":"%s","perfJvmOpts":"%s"}\n' \
  "$(nproc 2>/dev/null || echo 0)" "$load_before" "$(loadavg_json)" "$busy_before" "$((SECONDS - bench_started))" \
  "$(node -v)" "$BENCH_PERF_JVM_OPTS" >"$BENCH_RUN_DIR/host.json"
run_ts_script scripts/bench/report.ts --run-dir "$BENCH_RUN_DIR" --out "$BENCH_JSON" --http "$PULSAR_HTTP_URL" \
  --broker-url "$PULSAR_BROKER_URL" --run-id "$BENCH_RUN_ID" || BENCH_FAILURES+=("report")

info "benchmark took $((SECONDS - bench_started)) s"
if ((${#BENCH_FAILURES[@]} > 0)); then
  fail "parts of the benchmark could not run: ${BENCH_FAILURES[*]}"
  exit 1
fi
