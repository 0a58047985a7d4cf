import { DataSource } from 'typeorm';
import pino from 'pino';
import type { OutboxMessage } from '../../src/outbox/outbox-message';
import { OutboxRelay, OutboxRelayOptions } from '../../src/outbox/outbox.relay';
import { OutboxWriter } from '../../src/outbox/outbox.writer';
import { runInTransaction } from '../../src/persistence/run-in-transaction';
import { BrokerDownError, FakePulsarClient, gate, sleep } from './support/fake-pulsar-client';
import { eventually, expectPerKeyOrder, openTestDatabase, outboxMessage, outboxRows, truncate } from './support/test-database';

const AFILIADOS = 'persistent://alpes/eventos/afiliados.eventos';
const COMISIONES = 'persistent://alpes/eventos/comisiones.eventos';

describe('Outbox relay (real MariaDB/MySQL, fake Pulsar port)', () => {
  let dataSource: DataSource;
  const writer = new OutboxWriter();
  const relays: OutboxRelay[] = [];
  /** What the relay logged, one JSON document per line. */
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });

  function relay(client: FakePulsarClient, options: OutboxRelayOptions = {}): OutboxRelay {
    const created = new OutboxRelay(dataSource, client, { logger, ...options });
    relays.push(created);
    return created;
  }

  async function write(messages: readonly OutboxMessage[]): Promise<void> {
    await runInTransaction(dataSource, (manager) => writer.append(manager, messages));
  }

  async function pending(): Promise<string[]> {
    return (await outboxRows(dataSource)).filter((r) => r.published_at === null).map((r) => r.event_id);
  }

  beforeAll(async () => {
    dataSource = await openTestDatabase('relay');
  });

  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    logLines.length = 0;
    await truncate(dataSource, 'outbox_messages');
  });

  it('publishes pending rows in id order per key, marks them published and reports it', async () => {
    const client = new FakePulsarClient();
    const messages = [
      outboxMessage(AFILIADOS, 'af-1', 'AfiliadoRegistrado'),
      outboxMessage(COMISIONES, 'af-1', 'ComisionCalculada'),
      outboxMessage(AFILIADOS, 'af-2', 'AfiliadoRegistrado'),
      outboxMessage(AFILIADOS, 'af-1', 'AfiliadoActivado'),
      outboxMessage(AFILIADOS, 'af-2', 'AfiliadoActivado'),
    ];
    await write(messages);
    const outboxRelay = relay(client);
    expect(await outboxRelay.pendingCount()).toBe(5);

    const round = await outboxRelay.runOnce();

    expect(round).toEqual({ fetched: 5, published: 5, failed: 0, held: 0 });
    expect(client.acceptedEventIds()).toEqual(messages.map((m) => m.eventId));
    expect(client.accepted[0]).toMatchObject({ topic: AFILIADOS, key: 'af-1', eventType: 'AfiliadoRegistrado' });
    expect(client.accepted[0].properties).toEqual({
      event_id: messages[0].eventId,
      event_type: 'AfiliadoRegistrado',
      correlation_id: 'corr-af-1',
    });
    expect(client.accepted[0].payload.toString()).toBe(`avro:${messages[0].eventId}`);
    expect(client.accepted[0].eventTime).toBe(messages[0].eventTime);
    const rows = await outboxRows(dataSource);
    expect(rows.every((r) => r.published_at instanceof Date && r.attempts === 1)).toBe(true);
    expect(await outboxRelay.pendingCount()).toBe(0);
    expect(outboxRelay.stats()).toMatchObject({ published: 5, failedSends: 0, failedRounds: 0 });
    expect(await outboxRelay.runOnce()).toEqual({ fetched: 0, published: 0, failed: 0, held: 0 });
    expect(client.accepted).toHaveLength(5);
  });

  it('processes the backlog in batches, oldest first', async () => {
    const client = new FakePulsarClient();
    const messages = Array.from({ length: 25 }, (_, i) => outboxMessage(AFILIADOS, `af-${i % 3}`));
    await write(messages);
    const outboxRelay = relay(client, { batchSize: 10 });
    expect((await outboxRelay.runOnce()).published).toBe(10);
    expect(client.acceptedEventIds()).toEqual(messages.slice(0, 10).map((m) => m.eventId));
    await outboxRelay.runOnce();
    await outboxRelay.runOnce();
    expect(client.acceptedEventIds()).toEqual(messages.map((m) => m.eventId));
  });

  it('on a partial failure marks only the succeeded rows without an earlier failure of their key; the rest goes next round', async () => {
    const messages = [
      outboxMessage(AFILIADOS, 'af-1'), // ok
      outboxMessage(AFILIADOS, 'af-1'), // fails
      outboxMessage(AFILIADOS, 'af-2'), // ok
      outboxMessage(AFILIADOS, 'af-1'), // sent (pipelined) but must stay pending behind the failed one
      outboxMessage(COMISIONES, 'af-1'), // another topic: its own order
    ];
    const failing = messages[1].eventId;
    let brokerRefuses = true;
    const client = new FakePulsarClient((_topic, message) => {
      if (brokerRefuses && message.properties?.['event_id'] === failing) throw new Error('ServerError: persistence failed');
    });
    await write(messages);
    const outboxRelay = relay(client);

    expect(await outboxRelay.runOnce()).toMatchObject({ fetched: 5, published: 3, failed: 1 });
    expect(await pending()).toEqual([messages[1].eventId, messages[3].eventId]);
    const failedRow = (await outboxRows(dataSource)).find((r) => r.event_id === failing);
    expect(failedRow).toMatchObject({ attempts: 1, published_at: null, last_error: 'Error: ServerError: persistence failed' });
    expect(outboxRelay.stats()).toMatchObject({ published: 3, failedSends: 1, lastError: 'Error: ServerError: persistence failed' });

    brokerRefuses = false;
    expect(await outboxRelay.runOnce()).toMatchObject({ fetched: 2, published: 2, failed: 0 });
    expect(await pending()).toEqual([]);
    // The last accepted messages are the failed one and then its successor, in that order.
    expect(client.acceptedEventIds().slice(-2)).toEqual([messages[1].eventId, messages[3].eventId]);
  });

  it('two relays running at once never publish a row twice (FOR UPDATE SKIP LOCKED) and keep per-key order', async () => {
    const messages = Array.from({ length: 400 }, (_, i) => outboxMessage(i % 2 ? AFILIADOS : COMISIONES, `af-${i % 7}`));
    for (let i = 0; i < messages.length; i += 50) await write(messages.slice(i, i + 50));
    // Slow acknowledgements keep each relay's batch locked while the other one looks for rows.
    const client = new FakePulsarClient(() => sleep(Math.random() * 5));
    const a = relay(client, { batchSize: 20, pollIntervalMs: 10 });
    const b = relay(client, { batchSize: 20, pollIntervalMs: 10 });
    a.start();
    b.start();

    await eventually(async () => (await a.pendingCount()) === 0, 'every row published', 30_000);

    const ids = client.acceptedEventIds();
    expect(ids).toHaveLength(messages.length);
    expect(new Set(ids).size).toBe(messages.length);
    expect(a.stats().published + b.stats().published).toBe(messages.length);
    expect(a.stats().published).toBeGreaterThan(0);
    expect(b.stats().published).toBeGreaterThan(0);
    expectPerKeyOrder(client.accepted, messages);
  });

  it('a relay does not overtake an earlier row of the same key that another relay holds', async () => {
    const messages = [outboxMessage(AFILIADOS, 'af-1'), outboxMessage(AFILIADOS, 'af-2'), outboxMessage(AFILIADOS, 'af-1')];
    await write(messages);
    const ack = gate();
    const slow = new FakePulsarClient(() => ack.promise);
    const fast = new FakePulsarClient();
    const first = relay(slow, { batchSize: 1 });
    const second = relay(fast, { batchSize: 10 });

    const firstRound = first.runOnce(); // locks row 1 (af-1) and waits for the broker
    await eventually(() => slow.attempts.length === 1, 'the first relay sent row 1');
    const secondRound = await second.runOnce(); // sees rows 2 and 3; row 3 (af-1) must wait for row 1

    expect(secondRound).toEqual({ fetched: 2, published: 1, failed: 0, held: 1 });
    expect(fast.acceptedEventIds()).toEqual([messages[1].eventId]);
    ack.open();
    expect((await firstRound).published).toBe(1);
    expect((await second.runOnce()).published).toBe(1);
    expect(fast.acceptedEventIds()).toEqual([messages[1].eventId, messages[2].eventId]);
    expect(await pending()).toEqual([]);
  });

  it('broker down: rows stay pending (writes keep succeeding), then all are published exactly once after it recovers', async () => {
    let brokerUp = false;
    const client = new FakePulsarClient(() => {
      if (!brokerUp) throw new BrokerDownError();
    });
    const outboxRelay = relay(client, { pollIntervalMs: 20, maxBackoffMs: 200 });
    outboxRelay.start();
    const messages: OutboxMessage[] = [];
    for (let i = 0; i < 10; i++) {
      const batch = [outboxMessage(AFILIADOS, `af-${i % 3}`), outboxMessage(COMISIONES, `af-${i % 2}`)];
      messages.push(...batch);
      await runInTransaction(dataSource, (manager) => writer.append(manager, batch), { relay: outboxRelay });
      await sleep(30);
    }
    await eventually(
      async () => (await outboxRows(dataSource)).every((r) => r.attempts >= 2),
      'every row retried at least twice while the broker is down',
    );

    expect(await outboxRelay.pendingCount()).toBe(20);
    expect(client.accepted).toEqual([]);
    expect(outboxRelay.stats()).toMatchObject({ published: 0, lastError: 'BrokerDownError: connect ECONNREFUSED 127.0.0.1:8080' });
    expect(outboxRelay.stats().consecutiveFailures).toBeGreaterThan(1);
    expect((await outboxRows(dataSource)).every((r) => r.last_error === 'BrokerDownError: connect ECONNREFUSED 127.0.0.1:8080')).toBe(true);
    const logged = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.length).toBeGreaterThan(1);
    expect(logged[0]).toMatchObject({ level: 40, event: 'outbox.send_failed', first_error: expect.stringContaining('ECONNREFUSED') });
    expect(logLines.join('\n')).not.toContain('avro:'); // no payloads in logs

    brokerUp = true;
    await eventually(async () => (await outboxRelay.pendingCount()) === 0, 'backlog published after recovery');

    expect(client.acceptedEventIds()).toEqual(messages.map((m) => m.eventId));
    expect(outboxRelay.stats()).toMatchObject({ published: 20, consecutiveFailures: 0, running: true });
  });

  it('a database outage fails the round, not the process; the relay resumes when the database is back', async () => {
    const client = new FakePulsarClient();
    await write([outboxMessage(AFILIADOS, 'af-1')]);
    const outboxRelay = relay(client);
    await dataSource.query('RENAME TABLE `outbox_messages` TO `outbox_messages_away`');
    try {
      const round = await outboxRelay.runOnce();
      expect(round.error).toMatch(/outbox_messages/);
      expect(outboxRelay.stats().failedRounds).toBe(1);
    } finally {
      await dataSource.query('RENAME TABLE `outbox_messages_away` TO `outbox_messages`');
    }
    expect((await outboxRelay.runOnce()).published).toBe(1);
    expect(client.accepted).toHaveLength(1);
  });

  it('writers are not blocked while a round waits for the broker (READ COMMITTED, no gap locks)', async () => {
    const ack = gate();
    const client = new FakePulsarClient(() => ack.promise);
    await write([outboxMessage(AFILIADOS, 'af-1'), outboxMessage(AFILIADOS, 'af-2')]);
    const outboxRelay = relay(client);
    const round = outboxRelay.runOnce();
    await eventually(() => client.attempts.length === 2, 'the round is waiting for acknowledgements');

    const started = Date.now();
    await write([outboxMessage(AFILIADOS, 'af-1')]);
    await dataSource.query('DELETE FROM `outbox_messages` WHERE `published_at` IS NOT NULL');
    expect(Date.now() - started).toBeLessThan(1000);

    ack.open();
    expect((await round).published).toBe(2);
    expect(await outboxRelay.pendingCount()).toBe(1);
  });

  it('wake() right after a commit publishes without waiting for the polling interval', async () => {
    const client = new FakePulsarClient();
    const outboxRelay = relay(client, { pollIntervalMs: 60_000 });
    outboxRelay.start();
    await eventually(() => outboxRelay.stats().rounds >= 1, 'first round on start');

    const message = outboxMessage(AFILIADOS, 'af-1');
    const started = Date.now();
    await runInTransaction(dataSource, (manager) => writer.append(manager, [message]), { relay: outboxRelay });
    await eventually(() => client.accepted.length === 1, 'published after wake', 2000);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(client.acceptedEventIds()).toEqual([message.eventId]);
  });

  it('the polling fallback publishes rows nobody woke it for', async () => {
    const client = new FakePulsarClient();
    const outboxRelay = relay(client, { pollIntervalMs: 50 });
    outboxRelay.start();
    await eventually(() => outboxRelay.stats().rounds >= 1, 'first round on start');
    await write([outboxMessage(AFILIADOS, 'af-1')]); // no wake
    await eventually(() => client.accepted.length === 1, 'published by polling', 3000);
  });

  it('stop() waits for the round in flight and publishes what was committed before it', async () => {
    const client = new FakePulsarClient(() => sleep(50));
    const outboxRelay = relay(client, { pollIntervalMs: 60_000 });
    outboxRelay.start();
    await eventually(() => outboxRelay.stats().rounds >= 1, 'first round on start');
    const messages = Array.from({ length: 30 }, (_, i) => outboxMessage(AFILIADOS, `af-${i % 5}`));
    await write(messages.slice(0, 10));
    outboxRelay.wake();
    await eventually(() => client.attempts.length > 0, 'a round is sending');
    await write(messages.slice(10)); // committed, never woken for: stop() must still flush it

    await outboxRelay.stop();

    expect(outboxRelay.isRunning).toBe(false);
    expect(await outboxRelay.pendingCount()).toBe(0);
    expect(client.acceptedEventIds()).toEqual(messages.map((m) => m.eventId));
    const roundsAfterStop = outboxRelay.stats().rounds;
    outboxRelay.wake();
    await sleep(50);
    expect(outboxRelay.stats().rounds).toBe(roundsAfterStop);
  });

  it('cleanupPublished deletes only published rows older than the retention', async () => {
    const client = new FakePulsarClient();
    const messages = [outboxMessage(AFILIADOS, 'af-1'), outboxMessage(AFILIADOS, 'af-2'), outboxMessage(AFILIADOS, 'af-3')];
    await write(messages);
    const outboxRelay = relay(client);
    await outboxRelay.runOnce();
    await write([outboxMessage(AFILIADOS, 'af-4')]); // pending: never deleted
    await dataSource.query('UPDATE `outbox_messages` SET `published_at` = NOW(3) - INTERVAL 10 DAY WHERE `event_id` IN (?, ?)', [
      messages[0].eventId,
      messages[1].eventId,
    ]);

    expect(await outboxRelay.cleanupPublished(7, 1)).toBe(2);

    expect((await outboxRows(dataSource)).map((r) => r.event_id)).toEqual([messages[2].eventId, expect.any(String)]);
    expect(await outboxRelay.pendingCount()).toBe(1);
  });
});
