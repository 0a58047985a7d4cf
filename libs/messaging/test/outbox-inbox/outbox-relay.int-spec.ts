import { DataSource } from 'typeorm';
import pino from 'pino';
import type { OutboxMessage } from '../../src/outbox/outbox-message';
import { OutboxRelay, OutboxRelayOptions } from '../../src/outbox/outbox.relay';
import { OutboxWriter } from '../../src/outbox/outbox.writer';
import { runInTransaction } from '../../src/persistence/run-in-transaction';
import { MessageRejectedError } from '../../src/pulsar/pulsar.errors';
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

    expect(round).toEqual({ fetched: 5, published: 5, failed: 0, parked: 0, held: 0 });
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
    expect(await outboxRelay.runOnce()).toEqual({ fetched: 0, published: 0, failed: 0, parked: 0, held: 0 });
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
    // Each relay counts a round after its COMMIT returns, which another connection may see a moment earlier.
    await eventually(() => Promise.resolve(a.stats().published + b.stats().published >= messages.length), 'both relays counted their rounds', 5_000);

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

    expect(secondRound).toEqual({ fetched: 2, published: 1, failed: 0, parked: 0, held: 1 });
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
    // The relay counts a round after its COMMIT returns, which another connection may see a moment earlier.
    await eventually(() => outboxRelay.stats().published >= 20 && outboxRelay.stats().consecutiveFailures === 0, 'the last round counted', 3000);

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

  describe('poison rows and failing keys never stall the other keys', () => {
    const tooLarge = (topic: string) => new MessageRejectedError(topic, 'frame of 1400000 bytes is over the 1048576 the broker accepts');

    function logged(): Record<string, unknown>[] {
      return logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    }

    it('a row the broker refuses for good is parked once; later rows of its key and topic are published in the same round', async () => {
      const messages = [
        outboxMessage(AFILIADOS, 'af-1'), // refused for good (MessageRejectedError)
        outboxMessage(AFILIADOS, 'af-1'), // same key: must NOT wait for the parked row
        outboxMessage(AFILIADOS, 'af-2'), // same topic
        outboxMessage(COMISIONES, 'af-1'),
      ];
      const poison = messages[0].eventId;
      const client = new FakePulsarClient((topic, message) => {
        if (message.properties?.['event_id'] === poison) throw tooLarge(topic);
      });
      await write(messages);
      const outboxRelay = relay(client);

      expect(await outboxRelay.runOnce()).toEqual({ fetched: 4, published: 3, failed: 0, parked: 1, held: 0 });
      expect(client.acceptedEventIds()).toEqual(messages.slice(1).map((m) => m.eventId));
      const parkedRow = (await outboxRows(dataSource)).find((r) => r.event_id === poison);
      expect(parkedRow).toMatchObject({ published_at: null, attempts: 1, last_error: expect.stringMatching(/^MessageRejectedError: .*1048576/) });
      expect(parkedRow?.failed_at).toBeInstanceOf(Date);
      expect(await outboxRelay.pendingCount()).toBe(0);
      expect(await outboxRelay.parkedCount()).toBe(1);
      expect(outboxRelay.stats()).toMatchObject({ published: 3, parked: 1, failedSends: 0, lastError: expect.stringMatching(/^MessageRejectedError/) });

      // Never selected again, never logged again.
      const later = outboxMessage(AFILIADOS, 'af-1');
      await write([later]);
      expect(await outboxRelay.runOnce()).toEqual({ fetched: 1, published: 1, failed: 0, parked: 0, held: 0 });
      expect(client.attempts.filter((a) => a.eventId === poison)).toHaveLength(1);
      const errors = logged().filter((l) => l['level'] === 50);
      expect(errors).toEqual([expect.objectContaining({ event: 'outbox.parked', event_id: poison, topic: AFILIADOS })]);
      expect(logLines.join('\n')).not.toContain('avro:'); // no payloads in logs
    });

    it('with a parked row at the head, the running relay keeps publishing at once after each commit (no backoff)', async () => {
      const poison = outboxMessage(AFILIADOS, 'af-1');
      const client = new FakePulsarClient((topic, message) => {
        if (message.properties?.['event_id'] === poison.eventId) throw tooLarge(topic);
      });
      // Only wake() can publish promptly: the polling interval and the backoff are a minute.
      const outboxRelay = relay(client, { pollIntervalMs: 60_000, maxBackoffMs: 60_000 });
      outboxRelay.start();
      await eventually(() => outboxRelay.stats().rounds >= 1, 'first round on start');

      const first = outboxMessage(AFILIADOS, 'af-1');
      await runInTransaction(dataSource, (manager) => writer.append(manager, [poison, first]), { relay: outboxRelay });
      await eventually(() => client.acceptedEventIds().includes(first.eventId), 'the row after the poison row published', 2000);
      for (const message of [outboxMessage(AFILIADOS, 'af-1'), outboxMessage(COMISIONES, 'af-9'), outboxMessage(AFILIADOS, 'af-2')]) {
        await runInTransaction(dataSource, (manager) => writer.append(manager, [message]), { relay: outboxRelay });
        await eventually(() => client.acceptedEventIds().includes(message.eventId), 'published right after its commit', 2000);
      }
      expect(outboxRelay.stats()).toMatchObject({ parked: 1, consecutiveFailures: 0, failedSends: 0 });
      expect(client.attempts.filter((a) => a.eventId === poison.eventId)).toHaveLength(1);
    });

    it('a key that keeps failing transiently backs off on its own: wake() still publishes the other keys at once', async () => {
      const stuck = outboxMessage(AFILIADOS, 'af-stuck');
      const client = new FakePulsarClient((_topic, message) => {
        if (message.key === 'af-stuck') throw new Error('ServerError: topic af-stuck cannot be written');
      });
      const outboxRelay = relay(client, { pollIntervalMs: 100, maxBackoffMs: 60_000 });
      await write([stuck, outboxMessage(COMISIONES, 'af-0')]);
      outboxRelay.start();
      await sleep(1500); // many rounds, each failing the stuck key

      for (let i = 1; i <= 5; i++) {
        const message = outboxMessage(i % 2 ? AFILIADOS : COMISIONES, `af-${i}`);
        await runInTransaction(dataSource, (manager) => writer.append(manager, [message]), { relay: outboxRelay });
        await eventually(() => client.acceptedEventIds().includes(message.eventId), `event ${i} published right after its commit`, 1000);
      }
      // A round that published resets the failure count when it has committed, a moment after its sends.
      await eventually(() => outboxRelay.stats().consecutiveFailures === 0, 'the publishing round to finish', 3000);
      expect(outboxRelay.stats().consecutiveFailures).toBe(0);
      const stuckRow = (await outboxRows(dataSource)).find((r) => r.event_id === stuck.eventId);
      expect(stuckRow).toMatchObject({ published_at: null, failed_at: null, last_error: 'Error: ServerError: topic af-stuck cannot be written' });
      expect(stuckRow?.attempts).toBeGreaterThanOrEqual(2); // still retried: a transient failure is never parked
      expect(await outboxRelay.pendingCount()).toBe(1);
    });

    it('a failing topic whose backlog fills whole batches does not starve the other topics', async () => {
      const client = new FakePulsarClient((topic) => {
        if (topic === COMISIONES) throw new Error('ServerError: comisiones.eventos is not writable');
      });
      const failing = Array.from({ length: 8 }, (_, i) => outboxMessage(COMISIONES, i < 4 ? 'af-1' : `af-${i}`));
      const healthy = Array.from({ length: 3 }, (_, i) => outboxMessage(AFILIADOS, `af-${i}`));
      await write([...failing, ...healthy]);
      const outboxRelay = relay(client, { batchSize: 5, pollIntervalMs: 50, maxBackoffMs: 60_000 });
      outboxRelay.start();

      await eventually(() => healthy.every((m) => client.acceptedEventIds().includes(m.eventId)), 'the healthy topic published', 5000);
      expect(client.acceptedEventIds()).toEqual(healthy.map((m) => m.eventId));
      expect(await pending()).toEqual(failing.map((m) => m.eventId));
      expect(outboxRelay.stats().keysBackingOff).toBeGreaterThan(0);
    });

    it('a row that cannot even be read (corrupt properties) is parked instead of failing every round', async () => {
      const messages = [outboxMessage(AFILIADOS, 'af-1'), outboxMessage(AFILIADOS, 'af-1'), outboxMessage(AFILIADOS, 'af-2')];
      await write(messages);
      await dataSource.query("UPDATE `outbox_messages` SET `properties` = '{not json' WHERE `event_id` = ?", [messages[0].eventId]);
      const client = new FakePulsarClient();
      const outboxRelay = relay(client);

      expect(await outboxRelay.runOnce()).toEqual({ fetched: 3, published: 2, failed: 0, parked: 1, held: 0 });
      expect(client.acceptedEventIds()).toEqual([messages[1].eventId, messages[2].eventId]);
      const row = (await outboxRows(dataSource)).find((r) => r.event_id === messages[0].eventId);
      expect(row?.failed_at).toBeInstanceOf(Date);
      expect(row?.last_error).toMatch(/unreadable outbox row: SyntaxError/);
      expect(await outboxRelay.runOnce()).toEqual({ fetched: 0, published: 0, failed: 0, parked: 0, held: 0 });
    });

    it('a send error that cannot be serialised (circular, BigInt) is recorded, and the rest of the round is still marked', async () => {
      const messages = [outboxMessage(AFILIADOS, 'af-1'), outboxMessage(AFILIADOS, 'af-2'), outboxMessage(AFILIADOS, 'af-3')];
      const circular: Record<string, unknown> = { code: 'weird' };
      circular['self'] = circular;
      const client = new FakePulsarClient((_topic, message) => {
        if (message.properties?.['event_id'] === messages[0].eventId) throw circular;
        if (message.properties?.['event_id'] === messages[1].eventId) throw 10n;
      });
      await write(messages);
      const outboxRelay = relay(client);

      expect(await outboxRelay.runOnce()).toEqual({ fetched: 3, published: 1, failed: 2, parked: 0, held: 0 });
      const rows = await outboxRows(dataSource);
      expect(rows.map((r) => [r.last_error, r.published_at === null])).toEqual([
        ['unknown error ([object Object])', true],
        ['10', true],
        [null, false],
      ]);
    });
  });

  describe('a round that throws unexpectedly never ends the relay', () => {
    it('runOnce resolves with the error, and later rounds run', async () => {
      const client = new FakePulsarClient();
      await write([outboxMessage(AFILIADOS, 'af-1')]);
      const outboxRelay = relay(client);
      const spy = jest.spyOn(dataSource, 'createQueryRunner').mockImplementationOnce(() => {
        throw new Error('Pool is closed');
      });
      try {
        const round = await outboxRelay.runOnce();
        expect(round).toMatchObject({ published: 0, error: 'Error: Pool is closed' });
        expect(outboxRelay.stats()).toMatchObject({ failedRounds: 1, lastError: 'Error: Pool is closed' });
      } finally {
        spy.mockRestore();
      }
      expect(await outboxRelay.runOnce()).toMatchObject({ published: 1 });
    });

    it('a started relay whose round throws keeps polling and publishes what comes next', async () => {
      const client = new FakePulsarClient();
      const spy = jest.spyOn(dataSource, 'createQueryRunner').mockImplementationOnce(() => {
        throw new Error('Pool is closed');
      });
      const outboxRelay = relay(client, { pollIntervalMs: 50, maxBackoffMs: 100 });
      try {
        outboxRelay.start();
        await eventually(() => outboxRelay.stats().failedRounds === 1, 'the first round failed');
      } finally {
        spy.mockRestore();
      }
      const message = outboxMessage(AFILIADOS, 'af-1');
      await write([message]);
      await eventually(() => client.acceptedEventIds().includes(message.eventId), 'published by a later round', 3000);
      // The round that sent it resets the failure count once it has committed, a moment after the send.
      await eventually(() => outboxRelay.stats().consecutiveFailures === 0, 'the publishing round to finish', 3000);
      expect(outboxRelay.stats()).toMatchObject({ running: true, consecutiveFailures: 0 });
    });
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

  it('cleanupPublished never deletes parked rows', async () => {
    const messages = [outboxMessage(AFILIADOS, 'af-1'), outboxMessage(AFILIADOS, 'af-2')];
    const client = new FakePulsarClient((topic, message) => {
      if (message.properties?.['event_id'] === messages[0].eventId) throw new MessageRejectedError(topic, 'too large');
    });
    await write(messages);
    const outboxRelay = relay(client);
    expect(await outboxRelay.runOnce()).toMatchObject({ published: 1, parked: 1 });
    await dataSource.query('UPDATE `outbox_messages` SET `created_at` = NOW(3) - INTERVAL 30 DAY, `failed_at` = NOW(3) - INTERVAL 30 DAY');
    await dataSource.query('UPDATE `outbox_messages` SET `published_at` = NOW(3) - INTERVAL 30 DAY WHERE `published_at` IS NOT NULL');
    expect(await outboxRelay.cleanupPublished(7)).toBe(1);
    expect((await outboxRows(dataSource)).map((r) => r.event_id)).toEqual([messages[0].eventId]);
    expect(await outboxRelay.parkedCount()).toBe(1);
  });
});
