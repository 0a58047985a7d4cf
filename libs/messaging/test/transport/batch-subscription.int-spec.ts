import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { encodeEnvelope, encodeEvent, messageProperties, SAMPLE_PAYLOADS, type TopicKey } from '@alpes/contracts';
import { createLogger } from '../../src/logging/logger';
import { PulsarWebSocketClient } from '../../src/pulsar/pulsar-websocket.client';
import { BatchSubscription } from '../../src/transport/batch-subscription';
import type { ReceivedEvent } from '../../src/transport/pulsar.server';
import { openTestDatabase } from '../outbox-inbox/support/test-database';
import { PULSAR_HTTP_URL, testTopic, waitFor } from '../support/env';

function impression(id = randomUUID(), eventId = randomUUID()) {
  return encodeEvent('ImpresionRegistrada', { ...SAMPLE_PAYLOADS.ImpresionRegistrada, id }, { aggregate_id: id, producer: 'test', event_id: eventId });
}

describe('BatchSubscription (real Pulsar + MariaDB)', () => {
  let dataSource: DataSource;
  let client: PulsarWebSocketClient;

  beforeAll(async () => {
    dataSource = await openTestDatabase('batch');
    await dataSource.query('CREATE TABLE seen (event_id CHAR(36) NOT NULL, batch_no INT NOT NULL)');
    client = new PulsarWebSocketClient({ httpUrl: PULSAR_HTTP_URL });
  });
  afterAll(async () => {
    await client?.close();
    await dataSource?.destroy();
  });

  function subscription(topic: string, handler: (events: ReceivedEvent[], m: import('typeorm').EntityManager) => Promise<void>, maxRedeliverCount = 2) {
    return new BatchSubscription(
      { topic: 'conversiones.eventos', handler, maxBatchSize: 200, maxWaitMs: 10 },
      {
        app: 'tracking-queries',
        client,
        dataSource,
        resolveTopic: (_key: TopicKey) => topic,
        consumer: { maxRedeliverCount, negativeAckRedeliveryDelayMs: 200, localRetries: 1, localRetryDelayMs: 20 },
        logger: createLogger('test'),
      },
    );
  }

  it('hands events over in batches, once each (duplicates skipped through the inbox), poison to the DLQ', async () => {
    const topic = testTopic('batch');
    const producer = client.producer(topic);
    const sent = Array.from({ length: 600 }, () => impression());
    let batchNo = 0;
    const sizes: number[] = [];
    const sub = subscription(topic, async (events, manager) => {
      batchNo++;
      sizes.push(events.length);
      await manager.query(`INSERT INTO seen (event_id, batch_no) VALUES ${events.map(() => '(?, ?)').join(',')}`, events.flatMap((e) => [e.eventId, batchNo]));
    });
    await sub.start();
    // Twice each of the first 50 (a redelivery as the broker could make it), plus one undecodable message and one
    // event type this build does not know.
    const unknownType = encodeEnvelope({ ...sent[0].envelope, event_id: randomUUID(), event_type: 'EventoDelFuturo' });
    await Promise.all([
      ...sent.map((e) => producer.send({ key: e.envelope.aggregate_id, payload: e.bytes, properties: messageProperties(e.envelope) })),
      ...sent.slice(0, 50).map((e) => producer.send({ key: e.envelope.aggregate_id, payload: e.bytes })),
      producer.send({ key: 'poison', payload: Buffer.from('not avro at all') }),
      producer.send({ key: 'future', payload: unknownType }),
    ]);
    await waitFor(async () => sub.counters.processed + sub.counters.duplicates >= 650 && sub.counters.deadLettered === 1, 30_000, 'all messages');
    const rows: { n: string; d: string }[] = await dataSource.query('SELECT COUNT(*) AS n, COUNT(DISTINCT event_id) AS d FROM seen');
    expect(Number(rows[0].n)).toBe(600);
    expect(Number(rows[0].d)).toBe(600);
    expect(sub.counters).toMatchObject({ processed: 600, duplicates: 50, deadLettered: 1, unknownEventTypes: 1 });
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(sizes.length).toBeLessThan(600);
    await sub.close();
  });

  it('a batch that keeps failing is split: the bad message alone is dead-lettered, the others commit', async () => {
    const topic = testTopic('batch-split');
    const producer = client.producer(topic);
    const events = Array.from({ length: 40 }, () => impression());
    const bad = events[17].envelope.event_id;
    const sub = subscription(topic, async (batch, manager) => {
      await manager.query(`INSERT INTO seen (event_id, batch_no) VALUES ${batch.map(() => '(?, 0)').join(',')}`, batch.map((e) => e.eventId));
      if (batch.some((e) => e.eventId === bad)) throw new Error('cannot handle this one');
    }, 1);
    await sub.start();
    await Promise.all(events.map((e) => producer.send({ key: e.envelope.aggregate_id, payload: e.bytes })));
    const ids = events.map((e) => e.envelope.event_id);
    await waitFor(async () => {
      const rows: { n: string }[] = await dataSource.query(
        `SELECT COUNT(DISTINCT event_id) AS n FROM seen WHERE event_id IN (${ids.map(() => '?').join(',')})`,
        ids,
      );
      return Number(rows[0].n) === 39;
    }, 30_000, '39 good events committed');
    // Rolled back every time: the bad one never committed.
    const badRows: unknown[] = await dataSource.query('SELECT 1 FROM seen WHERE event_id = ?', [bad]);
    expect(badRows).toHaveLength(0);
    // …and after maxRedeliverCount the broker moves it to the DLQ.
    const dlq = `${topic}-tracking-queries.proyecciones-DLQ`;
    const got: string[] = [];
    const reader = await client.subscribe({ topic: dlq, subscription: 'check', subscriptionType: 'Exclusive', initialPosition: 'Earliest' }, async (m) => {
      got.push(m.key ?? '');
    });
    await waitFor(() => got.includes(events[17].envelope.aggregate_id), 30_000, 'bad message in the DLQ');
    await reader.close();
    await sub.close();
  });
});
