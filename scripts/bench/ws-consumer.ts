/**
 * Consumer side of the WebSocket end-to-end benchmark, run as a child process of ws-bench.ts (IPC channel), so
 * that producer and consumer each get their own event loop, as two services would.
 *
 * Protocol (process.send / process.on('message')):
 *   child → parent  { type: 'ready' }                         subscription established (before any produce)
 *   parent → child  { type: 'produced', sent: number }        the producer is done; `sent` messages were acked
 *   child → parent  { type: 'result', ... }                   when every expected message arrived, or after an idle
 *                                                            timeout once the producer is done (then some are lost)
 *
 * Each benchmark message carries `seq` (0..expected-1) and `sent_at` (epoch ms, sub-ms) in its properties; messages
 * without `seq` (the producer's warm-up message) are acked and ignored.
 */
import { PulsarWebSocketClient, type IncomingMessage } from '@alpes/messaging';
import { cpuPercent, intArg, nowMs, parseArgs, sleep, summarize } from './bench-util';

export interface ConsumerResult {
  readonly type: 'result';
  readonly expected: number;
  readonly sent: number;
  /** Every delivery of a benchmark message, duplicates included. */
  readonly received: number;
  readonly unique: number;
  readonly duplicates: number;
  readonly missing: number;
  /** seq outside 0..expected-1 (should never happen). */
  readonly unexpected: number;
  readonly redelivered: number;
  readonly firstReceiveAt: number;
  readonly lastReceiveAt: number;
  readonly latency: ReturnType<typeof summarize>;
  readonly cpuPercent: number;
  readonly timedOut: boolean;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const topic = args['topic'];
  const subscription = args['subscription'] ?? 'bench';
  const expected = intArg(args, 'expected', 0);
  const idleTimeoutMs = intArg(args, 'idle-timeout-ms', 20_000);
  const receiverQueueSize = intArg(args, 'receiver-queue-size', 1000);
  if (!topic || expected <= 0) throw new Error('usage: ws-consumer.ts --topic T --expected N [--subscription S]');
  if (!process.send) throw new Error('ws-consumer.ts must be started with an IPC channel (child_process.fork)');

  const seen = new Uint8Array(expected);
  const latencies = new Float64Array(expected);
  let unique = 0;
  let received = 0;
  let duplicates = 0;
  let unexpected = 0;
  let redelivered = 0;
  let firstReceiveAt = 0;
  let lastReceiveAt = 0;
  let lastActivity = nowMs();
  let producedCount: number | undefined;
  let finished = false;

  const client = new PulsarWebSocketClient({ httpUrl: args['http'] });
  const handler = async (m: IncomingMessage): Promise<void> => {
    const now = nowMs();
    const seqRaw = m.properties['seq'];
    if (seqRaw === undefined) return; // warm-up
    received++;
    lastActivity = now;
    if (m.redeliveryCount > 0) redelivered++;
    const seq = Number(seqRaw);
    if (!Number.isInteger(seq) || seq < 0 || seq >= expected) {
      unexpected++;
      return;
    }
    if (seen[seq]) {
      duplicates++;
      return;
    }
    seen[seq] = 1;
    latencies[unique++] = now - Number(m.properties['sent_at']);
    if (firstReceiveAt === 0) firstReceiveAt = now;
    lastReceiveAt = now;
  };

  process.on('message', (msg: { type?: string; sent?: number }) => {
    if (msg?.type === 'produced') {
      producedCount = msg.sent ?? expected;
      lastActivity = Math.max(lastActivity, nowMs());
    }
  });
  // The parent went away: do not linger.
  process.on('disconnect', () => {
    if (!finished) process.exit(2);
  });

  const consumer = await client.subscribe(
    { topic, subscription, subscriptionType: 'Key_Shared', initialPosition: 'Earliest', receiverQueueSize },
    handler,
  );
  const cpuStart = process.cpuUsage();
  const wallStart = nowMs();
  process.send({ type: 'ready' });

  let timedOut = false;
  for (;;) {
    if (unique >= expected) {
      // A short grace period to catch late duplicates before reporting.
      await sleep(500);
      break;
    }
    if (producedCount !== undefined && unique >= producedCount) {
      await sleep(500);
      break;
    }
    if (producedCount !== undefined && nowMs() - lastActivity > idleTimeoutMs) {
      timedOut = true;
      break;
    }
    await sleep(5);
  }
  const cpu = cpuPercent(process.cpuUsage(cpuStart), nowMs() - wallStart);
  finished = true;
  const result: ConsumerResult = {
    type: 'result',
    expected,
    sent: producedCount ?? expected,
    received,
    unique,
    duplicates,
    missing: (producedCount ?? expected) - unique,
    unexpected,
    redelivered,
    firstReceiveAt,
    lastReceiveAt,
    latency: summarize(latencies, unique),
    cpuPercent: cpu,
    timedOut,
  };
  process.send(result, () => undefined);
  await consumer.close();
  await client.close();
  process.disconnect();
}

main().catch((err) => {
  process.stderr.write(`ws-consumer: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
