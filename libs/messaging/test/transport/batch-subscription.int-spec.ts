import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { encodeEnvelope, encodeEvent, messageProperties, SAMPLE_PAYLOADS, type TopicKey } from '@alpes/contracts';
import { createLogger } from '../../src/logging/logger';
import { PulsarWebSocketClient } from '../../src/pulsar/pulsar-websocket.client';
import { BatchSubscription, type BatchEventHandler, type DeadLetterNotice } from '../../src/transport/batch-subscription';
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
    await dataSource.query('CREATE TABLE dead (id CHAR(36) NOT NULL PRIMARY KEY, kind VARCHAR(20) NOT NULL, reason VARCHAR(500) NOT NULL)');
    client = new PulsarWebSocketClient({ httpUrl: PULSAR_HTTP_URL });
  });
  afterAll(async () => {
    await client?.close();
    await dataSource?.destroy();
  });

  function subscription(topic: string, handler: (events: ReceivedEvent[], m: EntityManager) => Promise<void>, maxRedeliverCount = 2) {
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

  /** Reads a DLQ from the start until `count` messages arrived; returns their `dlq_reason` by message key or payload. */
  async function readDlq(dlq: string, count: number): Promise<{ key?: string; payload: string; reason: string }[]> {
    const got: { key?: string; payload: string; reason: string }[] = [];
    const reader = await client.subscribe({ topic: dlq, subscription: `check-${randomUUID().slice(0, 8)}`, subscriptionType: 'Exclusive', initialPosition: 'Earliest' }, async (m) => {
      got.push({ key: m.key, payload: m.payload.toString('utf8'), reason: m.properties['dlq_reason'] ?? '' });
    });
    try {
      await waitFor(() => got.length >= count, 30_000, `${count} messages in ${dlq}`);
    } finally {
      await reader.close();
    }
    return got;
  }

  it('a JSON batch: the handler refuses one message (DLQ with its reason), the poison and the refused are reported to onDeadLetter, the rest commit with their JSON text', async () => {
    const topic = testTopic('batch-json');
    const producer = client.producer(topic);
    const rawById = new Map<string, string>();
    const handler: BatchEventHandler = async (events, manager) => {
      const keep = events.filter((e) => !(e.payload as { refuse?: boolean }).refuse);
      for (const e of keep) rawById.set(e.eventId, e.rawJson ?? '');
      if (keep.length > 0) {
        await manager.query(`INSERT INTO seen (event_id, batch_no) VALUES ${keep.map(() => '(?, 7)').join(',')}`, keep.map((e) => e.eventId));
      }
      return { deadLetter: events.filter((e) => !keep.includes(e)).map((e) => ({ eventId: e.eventId, reason: 'refuse: the field says so' })) };
    };
    const notices: DeadLetterNotice[] = [];
    const sub = new BatchSubscription(
      {
        topic: 'clicks',
        maxBatchSize: 50,
        maxWaitMs: 200,
        handler,
        onDeadLetter: async (batch, manager) => {
          notices.push(...batch);
          await manager.query(`INSERT IGNORE INTO dead (id, kind, reason) VALUES ${batch.map(() => '(?, ?, ?)').join(',')}`, batch.flatMap((n) => [n.id, n.kind, n.reason]));
        },
      },
      {
        app: 'monitoreo',
        client,
        dataSource,
        resolveTopic: () => topic,
        consumer: { maxRedeliverCount: 2, negativeAckRedeliveryDelayMs: 200, localRetries: 1, localRetryDelayMs: 20 },
        logger: createLogger('test'),
      },
    );
    // Sent before the consumer starts, so they arrive in one batch.
    const bodies = ['{"n":1}', '{"n":2,', '{"n":3,"refuse":true}', '{"n":4,"amount":123456789012.3456}', '[1,2]'];
    for (const body of bodies) await producer.send({ key: 'k', payload: Buffer.from(body) });
    await sub.start();
    await waitFor(() => sub.counters.processed === 2 && sub.counters.deadLettered === 3, 30_000, 'two kept, three dead-lettered');

    const kept = [...rawById.values()].sort();
    expect(kept).toEqual(['{"n":1}', '{"n":4,"amount":123456789012.3456}']);
    const dead: { kind: string; reason: string }[] = await dataSource.query(`SELECT kind, reason FROM dead WHERE id IN (${notices.map(() => '?').join(',')})`, notices.map((n) => n.id));
    expect(dead.sort((a, b) => (a.kind + a.reason < b.kind + b.reason ? -1 : 1))).toEqual([
      { kind: 'poison', reason: 'JSON payload is not an object' },
      { kind: 'poison', reason: expect.stringMatching(/^invalid JSON/) },
      { kind: 'rejected', reason: 'refuse: the field says so' },
    ]);
    expect(notices.every((n) => n.topic === 'clicks')).toBe(true);

    const dlq = await readDlq(`${topic}-monitoreo.externos-DLQ`, 3);
    expect(dlq.map((m) => [m.payload, m.reason.replace(/^invalid JSON.*/, 'invalid JSON')]).sort()).toEqual([
      ['[1,2]', 'JSON payload is not an object'],
      ['{"n":2,', 'invalid JSON'],
      ['{"n":3,"refuse":true}', 'refuse: the field says so'],
    ]);
    await sub.close();
  });

  it('an Avro batch: the refused event goes to the DLQ once (a redelivered copy is a duplicate), the others commit with their producer', async () => {
    const topic = testTopic('batch-refuse');
    const producer = client.producer(topic);
    const events = Array.from({ length: 10 }, () => impression());
    const refused = events[4].envelope.event_id;
    const producers = new Set<string | undefined>();
    const sub = new BatchSubscription(
      {
        topic: 'conversiones.eventos',
        maxBatchSize: 200,
        maxWaitMs: 10,
        handler: async (batch, manager) => {
          const keep = batch.filter((e) => e.eventId !== refused);
          for (const e of keep) producers.add(e.producer);
          if (keep.length > 0) {
            await manager.query(`INSERT INTO seen (event_id, batch_no) VALUES ${keep.map(() => '(?, 8)').join(',')}`, keep.map((e) => e.eventId));
          }
          return batch.some((e) => e.eventId === refused) ? { deadLetter: [{ eventId: refused, reason: 'valor: not exact' }] } : undefined;
        },
      },
      {
        app: 'tracking-queries',
        client,
        dataSource,
        resolveTopic: () => topic,
        consumer: { maxRedeliverCount: 2, negativeAckRedeliveryDelayMs: 200, localRetries: 1, localRetryDelayMs: 20 },
        logger: createLogger('test'),
      },
    );
    await sub.start();
    await Promise.all(events.map((e) => producer.send({ key: e.envelope.aggregate_id, payload: e.bytes })));
    await waitFor(() => sub.counters.processed === 9 && sub.counters.deadLettered === 1, 30_000, 'nine kept, one refused');
    // The same refused event again (as a redelivery after a crash between COMMIT and ack would bring it).
    await producer.send({ key: events[4].envelope.aggregate_id, payload: events[4].bytes });
    await waitFor(() => sub.counters.duplicates === 1, 30_000, 'the copy skipped as a duplicate');
    expect(sub.counters).toMatchObject({ processed: 9, deadLettered: 1, failures: 0 });
    expect([...producers]).toEqual(['test']);
    const ids = events.map((e) => e.envelope.event_id);
    const rows: { n: string }[] = await dataSource.query(`SELECT COUNT(*) AS n FROM seen WHERE event_id IN (${ids.map(() => '?').join(',')})`, ids);
    expect(Number(rows[0].n)).toBe(9);
    const dlq = await readDlq(`${topic}-tracking-queries.proyecciones-DLQ`, 1);
    expect(dlq).toEqual([expect.objectContaining({ key: events[4].envelope.aggregate_id, reason: 'valor: not exact' })]);
    await sub.close();
  });
});
