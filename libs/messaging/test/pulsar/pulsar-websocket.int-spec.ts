import { PulsarWebSocketClient } from '../../src/pulsar/pulsar-websocket.client';
import type { IncomingMessage } from '../../src/pulsar/pulsar-client.port';
import type { WebSocketProducer } from '../../src/pulsar/websocket-producer';
import { admin, testTopic, waitFor, PULSAR_HTTP_URL } from '../support/env';

describe('PulsarWebSocketClient against the real broker', () => {
  let client: PulsarWebSocketClient;

  beforeAll(async () => {
    if (!(await admin.isHealthy())) throw new Error(`No healthy Pulsar broker at ${PULSAR_HTTP_URL}`);
  });

  beforeEach(() => {
    client = new PulsarWebSocketClient({ httpUrl: PULSAR_HTTP_URL });
  });

  afterEach(async () => {
    await client.close();
  });

  it('round-trips through a partitioned topic keeping per-key order, with key, properties and event time', async () => {
    const topic = testTopic('roundtrip');
    await admin.createPartitionedTopic(topic, 4);
    const keys = ['afiliado-1', 'afiliado-2', 'afiliado-3', 'afiliado-4', 'afiliado-5'];
    const perKey = 100;
    const eventTime = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

    const producer = client.producer(topic);
    const sends: Promise<unknown>[] = [];
    for (let i = 0; i < perKey; i++) {
      for (const key of keys) {
        sends.push(
          producer.send({
            key,
            payload: Buffer.from(JSON.stringify({ key, seq: i })),
            properties: { event_type: 'Prueba', seq: String(i) },
            eventTime,
          }),
        );
      }
    }
    await Promise.all(sends);

    const received: IncomingMessage[] = [];
    await client.subscribe(
      { topic, subscription: 'test.roundtrip', subscriptionType: 'Key_Shared' },
      async (m) => {
        received.push(m);
      },
    );
    await waitFor(() => received.length >= keys.length * perKey, 30_000, 'all messages');

    expect(received).toHaveLength(keys.length * perKey);
    for (const key of keys) {
      const seqs = received.filter((m) => m.key === key).map((m) => JSON.parse(m.payload.toString()).seq as number);
      expect(seqs).toEqual([...Array(perKey).keys()]);
    }
    const partitions = new Set(received.map((m) => m.messageId));
    expect(partitions.size).toBe(received.length);
    expect(received[0].properties['event_type']).toBe('Prueba');
    expect(received[0].eventTime).toBe(eventTime);

    // All acked: nothing left in the subscription's backlog.
    await waitFor(async () => {
      const stats = await admin.partitionedStats(topic);
      return stats.subscriptions['test.roundtrip']?.msgBacklog === 0;
    }, 15_000, 'backlog drained');
  });

  it('spreads keys over partitions (routing by key hash, not a single partition)', async () => {
    const topic = testTopic('routing');
    await admin.createPartitionedTopic(topic, 4);
    const producer = client.producer(topic);
    await Promise.all(
      Array.from({ length: 64 }, (_, i) => producer.send({ key: `k-${i}`, payload: Buffer.from(String(i)) })),
    );
    const stats = await admin.partitionedStats(topic);
    const perPartition = Object.values((stats as unknown as { partitions: Record<string, { msgInCounter: number }> }).partitions)
      .map((p) => p.msgInCounter);
    expect(perPartition.filter((n) => n > 0).length).toBeGreaterThan(1);
    expect(perPartition.reduce((a, b) => a + b, 0)).toBe(64);
  });

  it('negatively acknowledged messages are redelivered, then dead-lettered after maxRedeliverCount while later messages keep flowing', async () => {
    const topic = testTopic('dlq');
    await admin.createPartitionedTopic(topic, 2);
    const subscription = 'test.dlq';
    const deadLetterTopic = `${topic}-${subscription}-DLQ`;
    const attempts = new Map<string, number>();
    const handled: string[] = [];

    await client.subscribe(
      { topic, subscription, maxRedeliverCount: 2, negativeAckRedeliveryDelayMs: 100, deadLetterTopic },
      async (m) => {
        const body = m.payload.toString();
        attempts.set(body, (attempts.get(body) ?? 0) + 1);
        if (body === 'poison') throw new Error('always fails');
        handled.push(body);
      },
    );
    const dead: IncomingMessage[] = [];
    await client.subscribe({ topic: deadLetterTopic, subscription: 'test.dlq-reader' }, async (m) => {
      dead.push(m);
    });

    const producer = client.producer(topic);
    await producer.send({ key: 'same-key', payload: Buffer.from('poison') });
    for (let i = 0; i < 20; i++) await producer.send({ key: i % 2 ? 'same-key' : 'other', payload: Buffer.from(`ok-${i}`) });

    await waitFor(() => handled.length === 20, 30_000, 'later messages handled');
    await waitFor(() => dead.length === 1, 60_000, 'poison message dead-lettered');
    expect(dead[0].payload.toString()).toBe('poison');
    // (first delivery + 2 redeliveries) × (first call + 3 local retries, the default)
    expect(attempts.get('poison')).toBe(3 * 4);
  });

  it('bounds in-flight sends: callers wait for a slot instead of queueing without limit, and every send completes', async () => {
    const topic = testTopic('backpressure');
    await admin.createPartitionedTopic(topic, 2);
    const limited = new PulsarWebSocketClient({ httpUrl: PULSAR_HTTP_URL, producer: { maxPendingMessages: 8 } });
    try {
      const producer = limited.producer(topic) as WebSocketProducer;
      let maxPending = 0;
      const sends = Array.from({ length: 2_000 }, (_, i) => {
        const p = producer.send({ key: `k-${i % 16}`, payload: Buffer.from(String(i)) });
        maxPending = Math.max(maxPending, producer.pendingCount);
        return p;
      });
      const timer = setInterval(() => (maxPending = Math.max(maxPending, producer.pendingCount)), 1);
      const receipts = await Promise.all(sends);
      clearInterval(timer);
      expect(new Set(receipts.map((r) => r.messageId)).size).toBe(2_000);
      expect(maxPending).toBeLessThanOrEqual(8);
      expect(maxPending).toBeGreaterThan(0);
      const stats = await admin.partitionedStats(topic);
      expect(stats.msgInCounter).toBe(2_000);
    } finally {
      await limited.close();
    }
  });

  it('close() flushes what was sent before it and refuses later sends', async () => {
    const topic = testTopic('close');
    await admin.createPartitionedTopic(topic, 2);
    const producer = client.producer(topic);
    const pending = Array.from({ length: 200 }, (_, i) => producer.send({ key: `k-${i % 4}`, payload: Buffer.from(String(i)) }));
    await producer.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(200);
    await expect(producer.send({ key: 'k', payload: Buffer.from('late') })).rejects.toThrow(/closed/);
  });
});
