import pino from 'pino';
import { DataSource } from 'typeorm';
import type { IncomingMessage } from '../../src/pulsar/pulsar-client.port';
import { PulsarWebSocketClient } from '../../src/pulsar/pulsar-websocket.client';
import type { OutboxMessage } from '../../src/outbox/outbox-message';
import { OutboxRelay } from '../../src/outbox/outbox.relay';
import { OutboxWriter } from '../../src/outbox/outbox.writer';
import { runInTransaction } from '../../src/persistence/run-in-transaction';
import { admin, PULSAR_HTTP_URL, testTopic, waitFor } from '../support/env';
import { expectPerKeyOrder, openTestDatabase, outboxMessage, truncate } from './support/test-database';

const silent = pino({ level: 'silent' });

describe('Outbox relay through the real Pulsar broker', () => {
  let dataSource: DataSource;
  const writer = new OutboxWriter();
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    if (!(await admin.isHealthy())) throw new Error(`No healthy Pulsar broker at ${PULSAR_HTTP_URL}`);
    dataSource = await openTestDatabase('pulsar');
  });

  beforeEach(async () => {
    await truncate(dataSource, 'outbox_messages');
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  async function receiveAll(client: PulsarWebSocketClient, topic: string, expected: number): Promise<IncomingMessage[]> {
    const received: IncomingMessage[] = [];
    const consumer = await client.subscribe({ topic, subscription: 'test.outbox', subscriptionType: 'Key_Shared' }, async (m) => {
      received.push(m);
    });
    closers.push(() => consumer.close());
    await waitFor(() => received.length >= expected, 30_000, `${expected} messages`);
    return received;
  }

  it('publishes committed rows to a partitioned topic, each once, in order per key, bytes and properties intact', async () => {
    const topic = testTopic('outbox');
    await admin.createPartitionedTopic(topic, 4);
    await admin.createSubscription(topic, 'test.outbox', 'earliest');
    const client = new PulsarWebSocketClient({ httpUrl: PULSAR_HTTP_URL, logger: silent });
    closers.push(() => client.close());
    const relay = new OutboxRelay(dataSource, client, { batchSize: 50, logger: silent });
    relay.start();
    closers.push(() => relay.stop());

    const messages: OutboxMessage[] = [];
    for (let i = 0; i < 40; i++) {
      const batch = Array.from({ length: 5 }, (_, j) => outboxMessage(topic, `af-${(i + j) % 6}`, 'AfiliadoActivado', Buffer.from([i, j, 0, 255])));
      messages.push(...batch);
      await runInTransaction(dataSource, (manager) => writer.append(manager, batch), { relay });
    }

    const received = await receiveAll(client, topic, messages.length);
    await waitFor(async () => (await relay.pendingCount()) === 0, 10_000, 'every row marked published');
    // The relay counts a round after its COMMIT returns, which another connection may see a moment earlier.
    await waitFor(() => relay.stats().published >= messages.length, 5_000, 'the relay to count its last round');

    expect(received).toHaveLength(messages.length);
    const byEventId = new Map(received.map((m) => [m.properties['event_id'], m]));
    expect(byEventId.size).toBe(messages.length);
    const first = byEventId.get(messages[0].eventId);
    expect(first?.key).toBe(messages[0].key);
    expect(first?.payload).toEqual(Buffer.from([0, 0, 0, 255]));
    expect(first?.properties).toMatchObject({ event_type: 'AfiliadoActivado', correlation_id: `corr-${messages[0].key}` });
    expect(first?.eventTime).toBe(messages[0].eventTime);
    expectPerKeyOrder(
      received.map((m) => ({ topic, key: m.key, eventId: m.properties['event_id'] })),
      messages,
    );
    expect(relay.stats()).toMatchObject({ published: messages.length, failedSends: 0 });
  });

  it('while the broker is unreachable the rows wait in the outbox; a relay that reaches it publishes each exactly once', async () => {
    const topic = testTopic('outbox-down');
    await admin.createPartitionedTopic(topic, 2);
    await admin.createSubscription(topic, 'test.outbox', 'earliest');
    const messages = Array.from({ length: 30 }, (_, i) => outboxMessage(topic, `af-${i % 4}`));
    await runInTransaction(dataSource, (manager) => writer.append(manager, messages));

    // Nothing listens on this port: every send fails once its timeout passes.
    const unreachable = new PulsarWebSocketClient({
      httpUrl: 'http://127.0.0.1:9',
      producer: { sendTimeoutMs: 500 },
      backoff: { initialDelayMs: 50, maxDelayMs: 200 },
      logger: silent,
    });
    const stranded = new OutboxRelay(dataSource, unreachable, { logger: silent, drainTimeoutMs: 0 });
    const round = await stranded.runOnce();
    expect(round).toMatchObject({ fetched: 30, published: 0, failed: expect.any(Number) });
    expect(round.failed + round.held).toBe(30);
    expect(await stranded.pendingCount()).toBe(30);
    await unreachable.close();

    const client = new PulsarWebSocketClient({ httpUrl: PULSAR_HTTP_URL, logger: silent });
    closers.push(() => client.close());
    const relay = new OutboxRelay(dataSource, client, { logger: silent });
    relay.start();
    closers.push(() => relay.stop());

    const received = await receiveAll(client, topic, messages.length);
    await waitFor(async () => (await relay.pendingCount()) === 0, 10_000, 'backlog marked published');
    expect(new Set(received.map((m) => m.properties['event_id'])).size).toBe(messages.length);
    expect(received).toHaveLength(messages.length);
    expectPerKeyOrder(
      received.map((m) => ({ topic, key: m.key, eventId: m.properties['event_id'] })),
      messages,
    );
  });
});
