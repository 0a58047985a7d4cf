/**
 * libs/messaging over the broker's WebSocket API: throughput and latency of `PulsarWebSocketClient`.
 * Started by scripts/bench_messaging.sh; writes its figures as JSON to --out. A benchmark: nothing here passes or
 * fails on timings (the exit code is non-zero only when the benchmark itself could not run).
 *
 * Phases, each on its own fresh partitioned topic (created here, deleted by the shell script):
 *   produce  N messages, all sends awaited, no subscription          → msgs/s, MB/s, send→ack latency
 *   e2e      Key_Shared consumer (child process) subscribed first, N messages at max rate with the producer's
 *            backpressure (≤ maxPending in flight)                  → msgs/s end to end, send→receive latency,
 *                                                                      received == sent, duplicates
 *   rate     the same at a fixed moderate rate (R msg/s for S s)    → latency without saturation queueing
 *
 * The driver keeps at most `--max-pending` sends in flight (the producer's own bound, default 1000), so a message's
 * `sent_at` is stamped when it is handed to `send()` and goes straight onto the socket: latencies do not include
 * time spent waiting for an in-flight slot in the driver.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PulsarAdminClient, PulsarWebSocketClient, type OutgoingMessage, type Producer } from '@alpes/messaging';
import {
  cpuCount,
  cpuPercent,
  intArg,
  loadAverage,
  machineBusyPercent,
  nowMs,
  parseArgs,
  procStat,
  progress,
  round,
  sleep,
  summarize,
} from './bench-util';
import type { ConsumerResult } from './ws-consumer';

interface Config {
  readonly httpUrl: string;
  readonly topicPrefix: string;
  readonly messages: number;
  readonly partitions: number;
  readonly keys: number;
  readonly payloadBytes: number;
  readonly maxPending: number;
  readonly rate: number;
  readonly rateSeconds: number;
  readonly idleTimeoutMs: number;
  readonly phases: Set<string>;
}

interface ProduceStats {
  readonly count: number;
  readonly acked: number;
  readonly failed: number;
  readonly firstError?: string;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly seconds: number;
  readonly msgsPerSec: number;
  readonly payloadMBPerSec: number;
  readonly ackLatency: ReturnType<typeof summarize>;
}

function configFromArgs(): Config {
  const args = parseArgs(process.argv.slice(2));
  return {
    httpUrl: (args['http'] || process.env['PULSAR_HTTP_URL'] || 'http://127.0.0.1:8080').replace(/\/+$/, ''),
    topicPrefix: args['topic-prefix'] || `persistent://public/default/bench-messaging-${Date.now()}`,
    messages: intArg(args, 'messages', 50_000),
    partitions: intArg(args, 'partitions', 6),
    keys: Math.max(1, intArg(args, 'keys', 1000)),
    payloadBytes: intArg(args, 'payload-bytes', 400),
    maxPending: Math.max(1, intArg(args, 'max-pending', 1000)),
    rate: intArg(args, 'rate', 2000),
    rateSeconds: intArg(args, 'rate-seconds', 10),
    idleTimeoutMs: intArg(args, 'idle-timeout-ms', 20_000),
    phases: new Set((args['phases'] || 'produce,e2e,rate').split(',').map((s) => s.trim())),
  };
}

/** Random ~Avro-envelope-sized payloads (a small pool: the content does not matter, the size does). */
function payloadPool(size: number): Buffer[] {
  return Array.from({ length: 64 }, () => randomBytes(size));
}

function keyPool(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `afiliado-${String(i).padStart(5, '0')}`);
}

/**
 * Sends `count` messages through `producer`, at most `window` in flight, optionally paced at `rate` msg/s.
 * Resolves when every send has settled.
 */
async function drive(
  producer: Producer,
  count: number,
  window: number,
  make: (seq: number, sentAt: number) => OutgoingMessage,
  rate = 0,
): Promise<ProduceStats> {
  const ackLatencies = new Float64Array(count);
  let acked = 0;
  let failed = 0;
  let firstError: string | undefined;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const startedAt = nowMs();
  for (let seq = 0; seq < count; seq++) {
    if (rate > 0) {
      const due = startedAt + (seq * 1000) / rate;
      const wait = due - nowMs();
      if (wait >= 1) await sleep(wait);
    }
    while (inFlight >= window) await new Promise<void>((resolve) => (wake = resolve));
    inFlight++;
    const sentAt = nowMs();
    producer.send(make(seq, sentAt)).then(
      () => {
        ackLatencies[acked++] = nowMs() - sentAt;
        inFlight--;
        notify();
      },
      (err: unknown) => {
        failed++;
        firstError ??= err instanceof Error ? err.message : String(err);
        inFlight--;
        notify();
      },
    );
  }
  while (inFlight > 0) await new Promise<void>((resolve) => (wake = resolve));
  const endedAt = nowMs();
  const seconds = (endedAt - startedAt) / 1000;
  return {
    count,
    acked,
    failed,
    firstError,
    startedAt,
    endedAt,
    seconds: round(seconds, 3),
    msgsPerSec: round(acked / seconds, 0),
    payloadMBPerSec: 0, // filled by the caller (knows the payload size)
    ackLatency: summarize(ackLatencies, acked),
  };
}

function messageFactory(cfg: Config): (seq: number, sentAt: number) => OutgoingMessage {
  const payloads = payloadPool(cfg.payloadBytes);
  const keys = keyPool(cfg.keys);
  return (seq, sentAt) => ({
    key: keys[Math.floor(Math.random() * keys.length)],
    payload: payloads[seq & 63],
    properties: { event_type: 'alpes.bench.MessagingBenchmarked', seq: String(seq), sent_at: sentAt.toFixed(3) },
    eventTime: Math.floor(sentAt),
  });
}

/** One warm-up message (no `seq`): opens the producer's WebSocket before the clock starts. */
async function warmUp(producer: Producer): Promise<void> {
  await producer.send({ key: 'warmup', payload: Buffer.from('warmup'), properties: { warmup: 'true' } });
}

interface PhaseEnv {
  readonly load: { before: number[]; after: number[] };
  readonly machineBusyPercent: number;
  readonly producerCpuPercent: number;
}

async function withEnv<T>(fn: () => Promise<T>): Promise<{ result: T; env: PhaseEnv }> {
  const before = loadAverage();
  const stat0 = procStat();
  const cpu0 = process.cpuUsage();
  const t0 = nowMs();
  const result = await fn();
  const wall = nowMs() - t0;
  return {
    result,
    env: {
      load: { before, after: loadAverage() },
      machineBusyPercent: machineBusyPercent(stat0, procStat()),
      producerCpuPercent: cpuPercent(process.cpuUsage(cpu0), wall),
    },
  };
}

async function phaseProduce(cfg: Config, admin: PulsarAdminClient): Promise<unknown> {
  const topic = `${cfg.topicPrefix}-ws-produce`;
  await admin.createPartitionedTopic(topic, cfg.partitions);
  const client = new PulsarWebSocketClient({ httpUrl: cfg.httpUrl, producer: { maxPendingMessages: cfg.maxPending } });
  try {
    const producer = client.producer(topic);
    await warmUp(producer);
    progress(`[ws produce] ${cfg.messages} messages → ${topic}`);
    const { result, env } = await withEnv(() => drive(producer, cfg.messages, cfg.maxPending, messageFactory(cfg)));
    const stats = { ...result, payloadMBPerSec: round((result.msgsPerSec * cfg.payloadBytes) / 1e6, 2) };
    progress(
      `[ws produce] ${stats.acked} acked, ${stats.failed} failed in ${stats.seconds} s → ${stats.msgsPerSec} msg/s ` +
        `(${stats.payloadMBPerSec} MB/s payload); ack p50 ${round(stats.ackLatency.p50, 1)} ms`,
    );
    return { topic, ...stats, env };
  } finally {
    await client.close();
  }
}

/** Forks the consumer, waits until it is subscribed, runs `produce`, then collects the consumer's result. */
async function withConsumer(
  cfg: Config,
  topic: string,
  expected: number,
  produce: () => Promise<ProduceStats>,
): Promise<{ produced: ProduceStats; consumed: ConsumerResult }> {
  const child = fork(
    join(__dirname, 'ws-consumer.ts'),
    [
      '--topic', topic,
      '--expected', String(expected),
      '--http', cfg.httpUrl,
      '--idle-timeout-ms', String(cfg.idleTimeoutMs),
    ],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  let resultResolve!: (r: ConsumerResult) => void;
  let resultReject!: (e: Error) => void;
  const result = new Promise<ConsumerResult>((resolve, reject) => {
    resultResolve = resolve;
    resultReject = reject;
  });
  result.catch(() => undefined); // awaited later; do not let an early exit become an unhandled rejection
  let readyResolve!: () => void;
  const ready = new Promise<void>((resolve) => (readyResolve = resolve));
  child.on('message', (msg: { type?: string }) => {
    if (msg?.type === 'ready') readyResolve();
    else if (msg?.type === 'result') resultResolve(msg as ConsumerResult);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  void exited.then((code) => resultReject(new Error(`consumer process exited (code ${code}) before reporting`)));
  try {
    await Promise.race([
      ready,
      exited.then((code) => Promise.reject(new Error(`consumer process exited (code ${code}) before subscribing`))),
      sleep(60_000).then(() => Promise.reject(new Error('consumer did not subscribe within 60 s'))),
    ]);
    const produced = await produce();
    child.send({ type: 'produced', sent: produced.acked });
    const consumed = await result;
    await Promise.race([exited, sleep(10_000)]);
    return { produced, consumed };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
}

function e2eFigures(cfg: Config, produced: ProduceStats, consumed: ConsumerResult): Record<string, unknown> {
  const seconds = (consumed.lastReceiveAt - produced.startedAt) / 1000;
  const msgsPerSec = consumed.unique > 0 && seconds > 0 ? round(consumed.unique / seconds, 0) : 0;
  return {
    sent: produced.acked,
    sendFailed: produced.failed,
    firstSendError: produced.firstError,
    received: consumed.received,
    unique: consumed.unique,
    duplicates: consumed.duplicates,
    missing: consumed.missing,
    unexpected: consumed.unexpected,
    redelivered: consumed.redelivered,
    consumerTimedOut: consumed.timedOut,
    countsMatch: consumed.unique === produced.acked && consumed.duplicates === 0 && consumed.missing === 0,
    seconds: round(seconds, 3),
    msgsPerSec,
    payloadMBPerSec: round((msgsPerSec * cfg.payloadBytes) / 1e6, 2),
    produceSeconds: produced.seconds,
    produceMsgsPerSec: produced.msgsPerSec,
    latency: consumed.latency,
    ackLatency: produced.ackLatency,
    consumerCpuPercent: consumed.cpuPercent,
  };
}

async function phaseE2e(cfg: Config, admin: PulsarAdminClient): Promise<unknown> {
  const topic = `${cfg.topicPrefix}-ws-e2e`;
  await admin.createPartitionedTopic(topic, cfg.partitions);
  const client = new PulsarWebSocketClient({ httpUrl: cfg.httpUrl, producer: { maxPendingMessages: cfg.maxPending } });
  try {
    const producer = client.producer(topic);
    progress(`[ws e2e] Key_Shared consumer subscribing, then ${cfg.messages} messages at max rate → ${topic}`);
    const { result, env } = await withEnv(() =>
      withConsumer(cfg, topic, cfg.messages, async () => {
        await warmUp(producer);
        return drive(producer, cfg.messages, cfg.maxPending, messageFactory(cfg));
      }),
    );
    const figures = e2eFigures(cfg, result.produced, result.consumed);
    const lat = result.consumed.latency;
    progress(
      `[ws e2e] sent ${figures['sent']}, received ${figures['unique']} unique (+${figures['duplicates']} duplicates, ` +
        `${figures['missing']} missing) → ${figures['msgsPerSec']} msg/s e2e; latency p50 ${round(lat.p50, 1)} / ` +
        `p99 ${round(lat.p99, 1)} / max ${round(lat.max, 1)} ms`,
    );
    return { topic, ...figures, env };
  } finally {
    await client.close();
  }
}

async function phaseRate(cfg: Config, admin: PulsarAdminClient): Promise<unknown> {
  const topic = `${cfg.topicPrefix}-ws-rate`;
  const count = cfg.rate * cfg.rateSeconds;
  await admin.createPartitionedTopic(topic, cfg.partitions);
  const client = new PulsarWebSocketClient({ httpUrl: cfg.httpUrl, producer: { maxPendingMessages: cfg.maxPending } });
  try {
    const producer = client.producer(topic);
    progress(`[ws rate] ${cfg.rate} msg/s for ${cfg.rateSeconds} s (${count} messages) → ${topic}`);
    const { result, env } = await withEnv(() =>
      withConsumer(cfg, topic, count, async () => {
        await warmUp(producer);
        return drive(producer, count, cfg.maxPending, messageFactory(cfg), cfg.rate);
      }),
    );
    const figures = e2eFigures(cfg, result.produced, result.consumed);
    const lat = result.consumed.latency;
    progress(
      `[ws rate] achieved ${result.produced.msgsPerSec} msg/s; received ${figures['unique']}/${figures['sent']} ` +
        `(+${figures['duplicates']} dup); latency p50 ${round(lat.p50, 1)} / p99 ${round(lat.p99, 1)} / max ${round(lat.max, 1)} ms`,
    );
    return { topic, targetRate: cfg.rate, targetSeconds: cfg.rateSeconds, achievedRate: result.produced.msgsPerSec, ...figures, env };
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const out = args['out'];
  const cfg = configFromArgs();
  const admin = new PulsarAdminClient(cfg.httpUrl);
  if (!(await admin.isHealthy())) throw new Error(`no healthy Pulsar broker at ${cfg.httpUrl}`);

  const report: Record<string, unknown> = {
    config: { ...cfg, phases: [...cfg.phases], node: process.version, cpus: cpuCount() },
  };
  if (cfg.phases.has('produce')) report['produce'] = await phaseProduce(cfg, admin);
  if (cfg.phases.has('e2e')) report['e2e'] = await phaseE2e(cfg, admin);
  if (cfg.phases.has('rate') && cfg.rate > 0 && cfg.rateSeconds > 0) report['rate'] = await phaseRate(cfg, admin);

  const json = JSON.stringify(report, null, 2);
  if (out) writeFileSync(out, json);
  else process.stdout.write(json + '\n');
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`ws-bench: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
