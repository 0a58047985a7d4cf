import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Inbox } from '../../src/inbox/inbox';
import { InboxIdempotencyAdapter } from '../../src/inbox/inbox-idempotency.adapter';
import { OutboxWriter } from '../../src/outbox/outbox.writer';
import { gate, sleep } from './support/fake-pulsar-client';
import { openTestDatabase, outboxMessage, outboxRows, truncate } from './support/test-database';

const SUBSCRIPTION = 'marketing-comisiones.conversiones';

describe('Inbox (real MariaDB/MySQL)', () => {
  let dataSource: DataSource;
  const inbox = new Inbox({ retryBaseDelayMs: 5 });

  /** The "effect": one commission row per applied event; its count is what a user would notice. */
  async function applyCommission(manager: EntityManager, eventId: string): Promise<void> {
    await manager.query('INSERT INTO `comisiones_test` (`id`, `event_id`) VALUES (?, ?)', [randomUUID(), eventId]);
  }

  async function commissions(eventId?: string): Promise<number> {
    const rows: { n: string | number }[] = eventId
      ? await dataSource.query('SELECT COUNT(*) AS `n` FROM `comisiones_test` WHERE `event_id` = ?', [eventId])
      : await dataSource.query('SELECT COUNT(*) AS `n` FROM `comisiones_test`');
    return Number(rows[0].n);
  }

  async function inboxRows(): Promise<{ subscription: string; event_id: string; event_type: string; processed_at: Date }[]> {
    return dataSource.query('SELECT * FROM `inbox_messages` ORDER BY `processed_at`');
  }

  beforeAll(async () => {
    dataSource = await openTestDatabase('inbox');
    await dataSource.query(
      'CREATE TABLE IF NOT EXISTS `comisiones_test` (`id` CHAR(36) PRIMARY KEY, `event_id` CHAR(36) NOT NULL, `conversion_id` CHAR(36) NULL UNIQUE) ENGINE=InnoDB',
    );
    await dataSource.query('CREATE TABLE IF NOT EXISTS `counters_test` (`id` INT PRIMARY KEY, `value` INT NOT NULL) ENGINE=InnoDB');
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    await truncate(dataSource, 'inbox_messages', 'comisiones_test', 'counters_test', 'outbox_messages');
  });

  it('processes an event once; a redelivery is reported as duplicate and has no effect', async () => {
    const eventId = randomUUID();
    expect(await inbox.handle(dataSource, SUBSCRIPTION, eventId, 'ConversionValidada', (m) => applyCommission(m, eventId))).toBe('processed');
    expect(await inbox.handle(dataSource, SUBSCRIPTION, eventId, 'ConversionValidada', (m) => applyCommission(m, eventId))).toBe('duplicate');

    expect(await commissions(eventId)).toBe(1);
    expect(await inboxRows()).toEqual([
      { subscription: SUBSCRIPTION, event_id: eventId, event_type: 'ConversionValidada', processed_at: expect.any(Date) },
    ]);
  });

  it('the same event on another subscription is processed there too', async () => {
    const eventId = randomUUID();
    await inbox.handle(dataSource, SUBSCRIPTION, eventId, 'ConversionValidada', (m) => applyCommission(m, eventId));
    expect(await inbox.handle(dataSource, 'tracking-queries.conversiones', eventId, 'ConversionValidada', (m) => applyCommission(m, eventId))).toBe(
      'processed',
    );
    expect(await commissions(eventId)).toBe(2);
  });

  it('concurrent deliveries of one event end with exactly one effect; the others are duplicates, not failures', async () => {
    const eventId = randomUUID();
    const effect = async (manager: EntityManager): Promise<void> => {
      await applyCommission(manager, eventId);
      await sleep(200); // keep the winner's transaction open while the others try
    };
    const outcomes = await Promise.all(
      Array.from({ length: 6 }, () => inbox.handle(dataSource, SUBSCRIPTION, eventId, 'ConversionValidada', effect)),
    );
    expect(outcomes.filter((o) => o === 'processed')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(5);
    expect(await commissions(eventId)).toBe(1);
  });

  it('a failing effect rolls back the inbox row too, so the redelivery is processed', async () => {
    const eventId = randomUUID();
    await expect(
      inbox.handle(dataSource, SUBSCRIPTION, eventId, 'ConversionValidada', async (manager) => {
        await applyCommission(manager, eventId);
        throw new Error('campaign projection not there yet');
      }),
    ).rejects.toThrow('campaign projection not there yet');
    expect(await inboxRows()).toEqual([]);
    expect(await commissions()).toBe(0);

    expect(await inbox.handle(dataSource, SUBSCRIPTION, eventId, 'ConversionValidada', (m) => applyCommission(m, eventId))).toBe('processed');
    expect(await commissions(eventId)).toBe(1);
  });

  it("a duplicate key raised by the effect itself (a business key) is the effect's failure, not an inbox duplicate", async () => {
    const conversionId = randomUUID();
    const insertCommission = (eventId: string) => (manager: EntityManager) =>
      manager.query('INSERT INTO `comisiones_test` (`id`, `event_id`, `conversion_id`) VALUES (?, ?, ?)', [randomUUID(), eventId, conversionId]);
    const first = randomUUID();
    const second = randomUUID();
    expect(await inbox.handle(dataSource, SUBSCRIPTION, first, 'ConversionValidada', insertCommission(first))).toBe('processed');
    await expect(inbox.handle(dataSource, SUBSCRIPTION, second, 'ConversionValidada', insertCommission(second))).rejects.toMatchObject({
      errno: 1062,
    });
    expect((await inboxRows()).map((r) => r.event_id)).toEqual([first]);
  });

  it('retries a deadlock victim and both handlers end processed', async () => {
    await dataSource.query('INSERT INTO `counters_test` (`id`, `value`) VALUES (1, 0), (2, 0)');
    const bothLockedFirstRow = { count: 0, gate: gate() };
    let runs = 0;
    // Each effect locks one row, waits until the other has locked its row, then wants the other's row: a deadlock.
    const crossing = (first: number, second: number) => async (manager: EntityManager) => {
      runs++;
      await manager.query('UPDATE `counters_test` SET `value` = `value` + 1 WHERE `id` = ?', [first]);
      if (++bothLockedFirstRow.count === 2) bothLockedFirstRow.gate.open();
      await bothLockedFirstRow.gate.promise;
      await manager.query('UPDATE `counters_test` SET `value` = `value` + 1 WHERE `id` = ?', [second]);
    };
    const outcomes = await Promise.all([
      inbox.handle(dataSource, SUBSCRIPTION, randomUUID(), 'ComisionCalculada', crossing(1, 2)),
      inbox.handle(dataSource, SUBSCRIPTION, randomUUID(), 'ComisionCalculada', crossing(2, 1)),
    ]);
    expect(outcomes).toEqual(['processed', 'processed']);
    expect(runs).toBe(3); // the victim ran again
    expect(await dataSource.query('SELECT `id`, `value` FROM `counters_test` ORDER BY `id`')).toEqual([
      { id: 1, value: 2 },
      { id: 2, value: 2 },
    ]);
    expect(await inboxRows()).toHaveLength(2);
  });

  it('gives up after a few lock-wait timeouts and throws (the consumer nacks), leaving no inbox row', async () => {
    await dataSource.query('INSERT INTO `counters_test` (`id`, `value`) VALUES (1, 0)');
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('UPDATE `counters_test` SET `value` = 100 WHERE `id` = 1');
    const eventId = randomUUID();
    let runs = 0;
    try {
      const patient = new Inbox({ retries: 2, retryBaseDelayMs: 5 });
      await expect(
        patient.handle(dataSource, SUBSCRIPTION, eventId, 'ComisionAprobada', async (manager) => {
          runs++;
          // Session scoped: restored before the pooled connection goes back to the pool.
          await manager.query('SET SESSION innodb_lock_wait_timeout = 1');
          try {
            await manager.query('UPDATE `counters_test` SET `value` = `value` + 1 WHERE `id` = 1');
          } finally {
            await manager.query('SET SESSION innodb_lock_wait_timeout = DEFAULT');
          }
        }),
      ).rejects.toMatchObject({ errno: 1205 });
    } finally {
      await holder.rollbackTransaction();
      await holder.release();
    }
    expect(runs).toBe(3);
    expect(await inbox.isProcessed(dataSource, SUBSCRIPTION, eventId)).toBe(false);
  });

  it('outbox rows written by the effect commit with the inbox row, and the relay is woken after the commit', async () => {
    const relay = { wake: jest.fn() };
    const withRelay = new Inbox({ relay });
    const writer = new OutboxWriter();
    const eventId = randomUUID();
    const outgoing = outboxMessage('persistent://alpes/eventos/comisiones.eventos', 'af-1', 'ComisionCalculada');
    await withRelay.handle(dataSource, SUBSCRIPTION, eventId, 'ConversionValidada', async (manager) => {
      await applyCommission(manager, eventId);
      await writer.append(manager, [outgoing]);
    });
    expect((await outboxRows(dataSource)).map((r) => r.event_id)).toEqual([outgoing.eventId]);
    expect(relay.wake).toHaveBeenCalledTimes(1);

    expect(await withRelay.handle(dataSource, SUBSCRIPTION, eventId, 'ConversionValidada', async () => undefined)).toBe(
      'duplicate',
    );
    expect(relay.wake).toHaveBeenCalledTimes(1);
  });

  it('forgetSubscription lets a replay (read-model rebuild) apply the events again', async () => {
    const eventId = randomUUID();
    await inbox.handle(dataSource, SUBSCRIPTION, eventId, 'ConversionValidada', (m) => applyCommission(m, eventId));
    await inbox.handle(dataSource, 'monitoreo.eventos', eventId, 'ConversionValidada', async () => undefined);
    expect(await dataSource.transaction((manager) => inbox.forgetSubscription(manager, SUBSCRIPTION))).toBe(1);
    expect(await inbox.handle(dataSource, SUBSCRIPTION, eventId, 'ConversionValidada', async () => undefined)).toBe('processed');
    expect(await inbox.isProcessed(dataSource, 'monitoreo.eventos', eventId)).toBe(true);
  });

  it('refuses ids that do not fit the table instead of truncating them', async () => {
    await expect(inbox.handle(dataSource, SUBSCRIPTION, 'x'.repeat(37), 'ConversionValidada', async () => undefined)).rejects.toThrow(/eventId/);
  });

  it('InboxIdempotencyAdapter serves the transport port over one DataSource', async () => {
    const port = new InboxIdempotencyAdapter(dataSource, inbox);
    const eventId = randomUUID();
    expect(await port.handle(SUBSCRIPTION, eventId, 'ConversionValidada', (m) => applyCommission(m, eventId))).toBe('processed');
    expect(await port.handle(SUBSCRIPTION, eventId, 'ConversionValidada', (m) => applyCommission(m, eventId))).toBe('duplicate');
    expect(await commissions(eventId)).toBe(1);
  });
});
