import WebSocket from 'ws';
import { PulsarWebSocketClient } from '../../src/pulsar/pulsar-websocket.client';
import type { Consumer, IncomingMessage, Producer } from '../../src/pulsar/pulsar-client.port';
import { isPermanentSendError, MessageRejectedError, SendTimeoutError, SubscriptionRejectedError } from '../../src/pulsar/pulsar.errors';
import { isTransientDatabaseError, PoolAcquireTimeoutError } from '../../src/persistence/mysql-errors';
import type { WebSocketConsumer } from '../../src/pulsar/websocket-consumer';
import { DEFAULT_MAX_FRAME_BYTES } from '../../src/pulsar/websocket-producer';
import { admin, PULSAR_HTTP_URL, sleep, testTopic, waitFor } from '../support/env';

/** Fails the test instead of hanging it when `promise` does not settle in time. */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What the test reaches inside a consumer to play a network failure (the socket dropped) or a broker that starts
 * refusing the subscription (the next handshake asks for something the real broker answers 400 to).
 */
type ConsumerInternals = { ws?: WebSocket; url: string };

const text = (m: IncomingMessage) => m.payload.toString();

describe('Pulsar WebSocket client robustness, against the real broker', () => {
  let client: PulsarWebSocketClient;

  beforeAll(async () => {
    if (!(await admin.isHealthy())) throw new Error(`No healthy Pulsar broker at ${PULSAR_HTTP_URL}`);
  });

  beforeEach(() => {
    client = new PulsarWebSocketClient({ httpUrl: PULSAR_HTTP_URL, producer: { sendTimeoutMs: 10_000 } });
  });

  afterEach(async () => {
    await client.close();
  });

  async function drain(topic: string, subscription: string, count: number): Promise<IncomingMessage[]> {
    const received: IncomingMessage[] = [];
    await client.subscribe({ topic, subscription }, async (m) => {
      received.push(m);
    });
    await waitFor(() => received.length >= count, 30_000, `${count} messages on ${subscription}`);
    return received;
  }

  describe('producer', () => {
    it('rejects at once, as permanent, a message whose frame exceeds the broker frame limit; sends before and after it succeed', async () => {
      const topic = testTopic('oversized');
      await admin.createPartitionedTopic(topic, 2);
      const producer = client.producer(topic);

      await producer.send({ key: 'K', payload: Buffer.from('before') });
      const startedAt = Date.now();
      const error = await within(5_000, producer.send({ key: 'K', payload: Buffer.alloc(900_000, 7) }).catch((e: unknown) => e), 'oversized send');
      expect(Date.now() - startedAt).toBeLessThan(1_000);
      expect(error).toBeInstanceOf(MessageRejectedError);
      expect(isPermanentSendError(error)).toBe(true);
      // The largest message the default limit lets through is accepted by the broker (the margin is on the safe side).
      const largest = Buffer.alloc(Math.floor(((DEFAULT_MAX_FRAME_BYTES - 100) * 3) / 4), 1);
      await within(10_000, producer.send({ key: 'K', payload: largest }), 'largest allowed send');
      await within(10_000, Promise.all([1, 2, 3].map((i) => producer.send({ key: 'K', payload: Buffer.from(`after-${i}`) }))), 'later sends');

      const received = await drain(topic, 'test.oversized', 5);
      await sleep(300);
      expect(received.map((m) => (m.payload.length > 1_000 ? `large:${m.payload.length}` : text(m)))).toEqual([
        'before',
        `large:${largest.length}`,
        'after-1',
        'after-2',
        'after-3',
      ]);
    });

    it('an eventTime a Date cannot represent is rejected before taking a slot: with maxPendingMessages 2 the producer keeps working', async () => {
      const topic = testTopic('eventtime');
      await admin.createPartitionedTopic(topic, 2);
      const limited = new PulsarWebSocketClient({ httpUrl: PULSAR_HTTP_URL, producer: { maxPendingMessages: 2, sendTimeoutMs: 10_000 } });
      try {
        const producer = limited.producer(topic);
        for (const eventTime of [Number.NaN, 1e20, -1, 8.64e15 + 1, 2.5]) {
          const error = await within(2_000, producer.send({ key: 'K', payload: Buffer.from('bad'), eventTime }).catch((e: unknown) => e), 'bad send');
          expect(error).toBeInstanceOf(MessageRejectedError);
        }
        const eventTime = Date.UTC(2026, 5, 1);
        const receipts = await within(
          10_000,
          Promise.all(Array.from({ length: 6 }, (_, i) => producer.send({ key: 'K', payload: Buffer.from(`ok-${i}`), eventTime }))),
          'valid sends after the rejected ones',
        );
        expect(receipts).toHaveLength(6);
        const received = await drain(topic, 'test.eventtime', 6);
        expect(received.map(text)).toEqual(Array.from({ length: 6 }, (_, i) => `ok-${i}`));
        expect(received[0].eventTime).toBe(eventTime);
      } finally {
        await limited.close();
      }
    });

    it('backs off when the broker accepts the connection and closes it again (no reconnection every 100 ms)', async () => {
      const topic = testTopic('refused-frame');
      await admin.createPartitionedTopic(topic, 2);
      // A producer told the broker takes 4 MiB frames: the broker (1 MiB) closes the connection on each (re)send.
      const producer = client.producer(topic, { maxFrameBytes: 4 * 1_048_576, sendTimeoutMs: 3_500 });
      const writes = jest.spyOn(WebSocket.prototype, 'send');
      try {
        const oversized = producer.send({ key: 'K', payload: Buffer.alloc(900_000, 3) }).catch((e: unknown) => e);
        await sleep(3_000);
        const bigWrites = writes.mock.calls.filter(([data]) => typeof data === 'string' && data.length > 1_048_576).length;
        // Every connection re-sends the frame once. Backoff 100, 200, 400, 800, 1 600 ms (±jitter): at most ~6 in 3 s;
        // resetting the backoff on each successful handshake made it ~30.
        expect(bigWrites).toBeGreaterThanOrEqual(3);
        expect(bigWrites).toBeLessThanOrEqual(8);
        expect(await oversized).toBeInstanceOf(SendTimeoutError);
      } finally {
        writes.mockRestore();
      }
      // Once the poison frame is gone the same producer works again.
      await within(15_000, producer.send({ key: 'K', payload: Buffer.from('afterwards') }), 'send after the refused frame');
    });
  });

  describe('consumer', () => {
    async function publish(producer: Producer, key: string, bodies: string[]): Promise<void> {
      for (const body of bodies) await producer.send({ key, payload: Buffer.from(body) });
    }

    it('a handler that fails once is retried in place: the key keeps its order (effects 1, 2, 3)', async () => {
      const topic = testTopic('retry-order');
      await admin.createPartitionedTopic(topic, 2);
      await publish(client.producer(topic), 'K', ['1', '2', '3']);
      const effects: string[] = [];
      let failedOnce = false;
      const consumer = (await client.subscribe(
        { topic, subscription: 'test.retry-order', negativeAckRedeliveryDelayMs: 100, maxRedeliverCount: 5 },
        async (m) => {
          if (text(m) === '1' && !failedOnce) {
            failedOnce = true;
            throw new Error('transient failure');
          }
          effects.push(text(m));
        },
      )) as WebSocketConsumer;
      await waitFor(() => effects.length >= 3, 30_000, 'three effects');
      await sleep(500); // a late redelivery would show up as a fourth effect
      expect(effects).toEqual(['1', '2', '3']);
      expect(consumer.counters).toMatchObject({ retried: 1, nacked: 0, acked: 3 });
    });

    it('close() skips messages not started, waits for running handlers only up to closeTimeoutMs, and leaves them unacked', async () => {
      const topic = testTopic('close-hang');
      await admin.createPartitionedTopic(topic, 2);
      await publish(client.producer(topic), 'A', ['A-1', 'A-2', 'A-3', 'A-4']);
      const calls: string[] = [];
      let release!: () => void;
      const hanging = new Promise<void>((resolve) => (release = resolve));
      const consumer = (await client.subscribe(
        { topic, subscription: 'test.close-hang', closeTimeoutMs: 500 },
        async (m) => {
          calls.push(text(m));
          if (text(m) === 'A-1') await hanging; // a handler stuck on a resource that never answers
        },
      )) as WebSocketConsumer;
      try {
        await waitFor(() => calls.length === 1 && consumer.counters.received === 4, 10_000, 'A-1 running, the rest queued');
        const startedAt = Date.now();
        await within(5_000, consumer.close(), 'close()');
        expect(Date.now() - startedAt).toBeLessThan(3_000);
        expect(consumer.connected).toBe(false);
        await sleep(200);
        expect(calls).toEqual(['A-1']); // A-2…A-4 were never started
      } finally {
        release();
      }
      // Nothing was acked: the next consumer of the subscription gets all four, in order.
      const again = await drain(topic, 'test.close-hang', 4);
      expect(again.map(text)).toEqual(['A-1', 'A-2', 'A-3', 'A-4']);
    });

    it('close() lets a running handler finish and ack, and does not retry a failing one locally', async () => {
      const topic = testTopic('close-drain');
      await admin.createPartitionedTopic(topic, 2);
      await publish(client.producer(topic), 'A', ['slow']);
      await publish(client.producer(topic), 'B', ['failing']);
      const calls: string[] = [];
      const consumer = (await client.subscribe(
        { topic, subscription: 'test.close-drain', localRetries: 3, localRetryDelayMs: 5_000 },
        async (m) => {
          calls.push(text(m));
          if (text(m) === 'failing') throw new Error('always fails');
          await sleep(700);
        },
      )) as WebSocketConsumer;
      await waitFor(() => calls.length === 2, 10_000, 'both handlers started');
      const startedAt = Date.now();
      await consumer.close();
      expect(Date.now() - startedAt).toBeLessThan(3_000); // not the 5 s of the pending local retry
      expect(calls.filter((c) => c === 'failing')).toHaveLength(1);
      expect(consumer.counters).toMatchObject({ acked: 1, nacked: 1 });
      const again = await drain(topic, 'test.close-drain', 1);
      await sleep(500);
      expect(again.map(text)).toEqual(['failing']); // 'slow' was acked before the connection closed
    });

    it('when its connection drops, messages of that connection not started yet are dropped (the broker redelivers them)', async () => {
      const topic = testTopic('conn-drop');
      await admin.createPartitionedTopic(topic, 2);
      await publish(client.producer(topic), 'A', ['A-1', 'A-2', 'A-3']);
      const calls: string[] = [];
      let release!: () => void;
      const blocked = new Promise<void>((resolve) => (release = resolve));
      let first = true;
      const consumer = (await client.subscribe({ topic, subscription: 'test.conn-drop' }, async (m) => {
        calls.push(text(m));
        if (first) {
          first = false;
          await blocked;
        }
      })) as WebSocketConsumer;
      await waitFor(() => consumer.counters.received === 3, 10_000, 'three messages delivered');
      const internals = consumer as unknown as ConsumerInternals;
      internals.ws?.terminate(); // the network drops the connection while A-1 runs and wait
      await waitFor(() => consumer.connected && consumer.counters.received === 6, 15_000, 'reconnected and redelivered');
      release();
      await waitFor(() => calls.length >= 4, 10_000, 'redelivered messages handled');
      await sleep(500);
      // A-1 of the first connection (already running), then the redelivered A-1…A-3; not of the dead connection.
      expect(calls).toEqual(['A-1', 'A-1', 'A-2', 'A-3']);
      expect(consumer.counters.skipped).toBe(2);
    });

    it('a subscription refused (400) on a reconnection keeps retrying with backoff instead of ending silently', async () => {
      const topic = testTopic('refused-reconnect');
      await admin.createPartitionedTopic(topic, 2);
      const handled: string[] = [];
      const consumer = (await client.subscribe({ topic, subscription: 'test.refused' }, async (m) => {
        handled.push(text(m));
      })) as WebSocketConsumer;
      expect(consumer.connected).toBe(true);
      const internals = consumer as unknown as ConsumerInternals;
      const goodUrl = internals.url;
      internals.url = goodUrl.replace('subscriptionType=Key_Shared', 'subscriptionType=Refused'); // the broker answers 400
      const before = consumer.connectionAttempts;
      internals.ws?.terminate();
      await sleep(2_000);
      expect(consumer.connected).toBe(false);
      const refused = consumer.connectionAttempts - before;

      internals.url = goodUrl; // the broker accepts it again
      await waitFor(() => consumer.connected, 15_000, 'reconnected after the refusals');
      await client.producer(topic).send({ key: 'K', payload: Buffer.from('after refusal') });
      await waitFor(() => handled.includes('after refusal'), 15_000, 'message after the refusals');
      expect(refused).toBeGreaterThanOrEqual(2); // it kept trying while refused…
      expect(refused).toBeLessThanOrEqual(7); // …with backoff (100, 200, 400, 800 ms), not in a tight loop
    });

    it('a subscription refused on start() still fails start() with SubscriptionRejectedError', async () => {
      const topic = testTopic('refused-start');
      await admin.createPartitionedTopic(topic, 2);
      const options = { topic, subscription: 'test.refused-start', subscriptionType: 'Refused' } as unknown as Parameters<
        PulsarWebSocketClient['subscribe']
      >[0];
      await expect(client.subscribe(options, async () => undefined)).rejects.toBeInstanceOf(SubscriptionRejectedError);
    });

    it('a handler that always fails is called (1 + localRetries) × (1 + maxRedeliverCount) times, then dead-lettered', async () => {
      const topic = testTopic('retry-dlq');
      await admin.createPartitionedTopic(topic, 2);
      const subscription = 'test.retry-dlq';
      const deadLetterTopic = `${topic}-${subscription}-DLQ`;
      let calls = 0;
      const dead: IncomingMessage[] = [];
      await client.subscribe({ topic: deadLetterTopic, subscription: 'test.retry-dlq-reader' }, async (m) => {
        dead.push(m);
      });
      const consumers: Consumer[] = [];
      consumers.push(
        await client.subscribe(
          { topic, subscription, deadLetterTopic, maxRedeliverCount: 1, negativeAckRedeliveryDelayMs: 100, localRetries: 2, localRetryDelayMs: 20 },
          async () => {
            calls++;
            throw new Error('always fails');
          },
        ),
      );
      await client.producer(topic).send({ key: 'K', payload: Buffer.from('poison') });
      await waitFor(() => dead.length === 1, 60_000, 'poison dead-lettered');
      expect(calls).toBe((1 + 2) * (1 + 1));
    });

    for (const mode of ['single', 'batch'] as const) {
      it(`a transient failure (database pool exhausted) is retried in place past localRetries and maxRedeliverCount, never nacked nor dead-lettered (${mode})`, async () => {
        const topic = testTopic(`transient-${mode}`);
        await admin.createPartitionedTopic(topic, 2);
        const subscription = `test.transient-${mode}`;
        const deadLetterTopic = `${topic}-${subscription}-DLQ`;
        const dead: IncomingMessage[] = [];
        await client.subscribe({ topic: deadLetterTopic, subscription: `${subscription}-reader` }, async (m) => {
          dead.push(m);
        });
        let calls = 0;
        const effects: string[] = [];
        const fail = (m: IncomingMessage) => {
          calls++;
          // More failures than (1 + localRetries) × (1 + maxRedeliverCount) = 4, which would dead-letter any other error.
          if (calls <= 5) throw new PoolAcquireTimeoutError(5_000, { size: 4, waiting: 9 });
          effects.push(text(m));
        };
        const options = {
          topic,
          subscription,
          deadLetterTopic,
          maxRedeliverCount: 1,
          negativeAckRedeliveryDelayMs: 100,
          localRetries: 1,
          localRetryDelayMs: 10,
          isTransient: isTransientDatabaseError,
        };
        const consumer = (
          mode === 'single'
            ? await client.subscribe(options, async (m) => fail(m))
            : await client.subscribeBatch({ ...options, maxBatchSize: 10, maxWaitMs: 0 }, async (batch) => batch.forEach(fail))
        ) as WebSocketConsumer;
        await client.producer(topic).send({ key: 'K', payload: Buffer.from('survives') });
        await waitFor(() => effects.length === 1, 60_000, 'the message handled once the cause is gone');
        await sleep(500);
        expect(effects).toEqual(['survives']);
        expect(calls).toBe(6);
        expect(consumer.counters).toMatchObject({ nacked: 0, acked: 1 });
        expect(dead).toHaveLength(0);
      });
    }
  });
});
