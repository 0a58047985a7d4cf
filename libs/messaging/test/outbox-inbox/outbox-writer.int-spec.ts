import { DataSource } from 'typeorm';
import { OutboxCommitSubscriber } from '../../src/outbox/outbox-commit.subscriber';
import {
  DEFAULT_MAX_OUTBOX_PAYLOAD_BYTES,
  InvalidOutboxMessageError,
  OutboxPayloadTooLargeError,
  OutboxWriter,
} from '../../src/outbox/outbox.writer';
import { runInTransaction } from '../../src/persistence/run-in-transaction';
import { openTestDatabase, outboxMessage, outboxRows, truncate } from './support/test-database';

const TOPIC = 'persistent://alpes/eventos/afiliados.eventos';

describe('Outbox writer (real MariaDB/MySQL)', () => {
  let dataSource: DataSource;
  const writer = new OutboxWriter();

  beforeAll(async () => {
    dataSource = await openTestDatabase('writer');
    await dataSource.query(
      'CREATE TABLE IF NOT EXISTS `afiliados_test` (`id` VARCHAR(36) PRIMARY KEY, `nombre` VARCHAR(100) NOT NULL) ENGINE=InnoDB',
    );
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  beforeEach(async () => {
    await truncate(dataSource, 'outbox_messages', 'afiliados_test');
  });

  it('the migrations create exactly what the entities describe (no pending schema change)', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('commits the outbox rows with the aggregate rows, in the given order, bytes and properties intact', async () => {
    const payload = Buffer.from([0, 1, 2, 250, 255, 0]);
    const messages = [outboxMessage(TOPIC, 'af-1', 'AfiliadoRegistrado', payload), outboxMessage(TOPIC, 'af-1'), outboxMessage(TOPIC, 'af-2')];
    await runInTransaction(dataSource, async (manager) => {
      await manager.query('INSERT INTO `afiliados_test` (`id`, `nombre`) VALUES (?, ?)', ['af-1', 'Ana']);
      await writer.append(manager, messages);
    });

    const rows: {
      event_id: string;
      topic: string;
      message_key: string;
      event_type: string;
      payload: Buffer;
      properties: string;
      event_time: string;
      published_at: Date | null;
      attempts: number;
      created_at: Date;
    }[] = await dataSource.query('SELECT * FROM `outbox_messages` ORDER BY `id`');
    expect(rows.map((r) => r.event_id)).toEqual(messages.map((m) => m.eventId));
    expect(rows[0]).toMatchObject({ topic: TOPIC, message_key: 'af-1', event_type: 'AfiliadoRegistrado', published_at: null, attempts: 0 });
    expect(Buffer.compare(rows[0].payload, payload)).toBe(0);
    expect(JSON.parse(rows[0].properties)).toEqual({
      event_id: messages[0].eventId,
      event_type: 'AfiliadoRegistrado',
      correlation_id: 'corr-af-1',
    });
    expect(Number(rows[0].event_time)).toBe(messages[0].eventTime);
    expect(rows[0].created_at).toBeInstanceOf(Date);
    expect(await dataSource.query('SELECT `id` FROM `afiliados_test`')).toHaveLength(1);
  });

  it("rolls the outbox rows back with the caller's transaction", async () => {
    await expect(
      runInTransaction(dataSource, async (manager) => {
        await manager.query('INSERT INTO `afiliados_test` (`id`, `nombre`) VALUES (?, ?)', ['af-1', 'Ana']);
        await writer.append(manager, [outboxMessage(TOPIC, 'af-1'), outboxMessage(TOPIC, 'af-1')]);
        throw new Error('business rule refused after the events were appended');
      }),
    ).rejects.toThrow('business rule refused');
    expect(await outboxRows(dataSource)).toEqual([]);
    expect(await dataSource.query('SELECT `id` FROM `afiliados_test`')).toEqual([]);
  });

  it('writes through a plain DataSource.transaction manager too', async () => {
    await dataSource.transaction(async (manager) => writer.append(manager, [outboxMessage(TOPIC, 'af-9')]));
    expect(await outboxRows(dataSource)).toHaveLength(1);
  });

  it('inserts large lists in several statements, keeping their order', async () => {
    const smallStatements = new OutboxWriter({ rowsPerStatement: 7 });
    const messages = Array.from({ length: 50 }, (_, i) => outboxMessage(TOPIC, `af-${i % 4}`));
    await runInTransaction(dataSource, (manager) => smallStatements.append(manager, messages));
    expect((await outboxRows(dataSource)).map((r) => r.event_id)).toEqual(messages.map((m) => m.eventId));
  });

  it('refuses a manager that is not in a transaction (the rows would commit on their own)', async () => {
    await expect(writer.append(dataSource.manager, [outboxMessage(TOPIC, 'af-1')])).rejects.toThrow(/open transaction/);
    expect(await outboxRows(dataSource)).toEqual([]);
  });

  it('fails the whole transaction when an event id is appended twice', async () => {
    const message = outboxMessage(TOPIC, 'af-1');
    await runInTransaction(dataSource, (manager) => writer.append(manager, [message]));
    await expect(
      runInTransaction(dataSource, async (manager) => {
        await manager.query('INSERT INTO `afiliados_test` (`id`, `nombre`) VALUES (?, ?)', ['af-2', 'Bea']);
        await writer.append(manager, [outboxMessage(TOPIC, 'af-2'), message]);
      }),
    ).rejects.toMatchObject({ errno: 1062 });
    expect(await outboxRows(dataSource)).toHaveLength(1);
    expect(await dataSource.query('SELECT `id` FROM `afiliados_test`')).toEqual([]);
  });

  it('rejects malformed messages before touching the database', async () => {
    await expect(
      runInTransaction(dataSource, (manager) => writer.append(manager, [{ ...outboxMessage(TOPIC, 'af-1'), key: '' }])),
    ).rejects.toThrow(InvalidOutboxMessageError);
    await expect(
      runInTransaction(dataSource, (manager) => writer.append(manager, [{ ...outboxMessage(TOPIC, 'af-1'), eventId: 'x'.repeat(37) }])),
    ).rejects.toThrow(/eventId/);
  });

  it('refuses a payload larger than the broker can take, failing the business transaction (default 700 000 bytes)', async () => {
    expect(DEFAULT_MAX_OUTBOX_PAYLOAD_BYTES).toBe(700_000);
    // 700 000 bytes in base64 (4/3) plus the JSON around it stays under the broker's 1 MiB WebSocket frame.
    expect(Math.ceil(DEFAULT_MAX_OUTBOX_PAYLOAD_BYTES / 3) * 4).toBeLessThan(1024 * 1024 - 100 * 1024);
    const tooLarge = outboxMessage(TOPIC, 'af-1', 'AfiliadoRegistrado', Buffer.alloc(DEFAULT_MAX_OUTBOX_PAYLOAD_BYTES + 1, 7));
    const error = await runInTransaction(dataSource, async (manager) => {
      await manager.query('INSERT INTO `afiliados_test` (`id`, `nombre`) VALUES (?, ?)', ['af-1', 'Ana']);
      await writer.append(manager, [outboxMessage(TOPIC, 'af-1'), tooLarge]);
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboxPayloadTooLargeError);
    expect(error).toMatchObject({
      eventId: tooLarge.eventId,
      eventType: 'AfiliadoRegistrado',
      sizeBytes: DEFAULT_MAX_OUTBOX_PAYLOAD_BYTES + 1,
      maxBytes: DEFAULT_MAX_OUTBOX_PAYLOAD_BYTES,
      message: expect.stringContaining(`payload is ${DEFAULT_MAX_OUTBOX_PAYLOAD_BYTES + 1} bytes`),
    });
    expect(await outboxRows(dataSource)).toEqual([]);
    expect(await dataSource.query('SELECT `id` FROM `afiliados_test`')).toEqual([]);

    const largest = outboxMessage(TOPIC, 'af-1', 'AfiliadoRegistrado', Buffer.alloc(DEFAULT_MAX_OUTBOX_PAYLOAD_BYTES, 7));
    await runInTransaction(dataSource, (manager) => writer.append(manager, [largest]));
    expect((await outboxRows(dataSource)).map((r) => r.event_id)).toEqual([largest.eventId]);
  });

  it('the payload limit is configurable', async () => {
    const small = new OutboxWriter({ maxPayloadBytes: 16 });
    await expect(
      runInTransaction(dataSource, (manager) => small.append(manager, [outboxMessage(TOPIC, 'af-1', 'AfiliadoActivado', Buffer.alloc(17))])),
    ).rejects.toMatchObject({ name: 'OutboxPayloadTooLargeError', sizeBytes: 17, maxBytes: 16 });
    await runInTransaction(dataSource, (manager) => small.append(manager, [outboxMessage(TOPIC, 'af-1', 'AfiliadoActivado', Buffer.alloc(16))]));
    expect(await outboxRows(dataSource)).toHaveLength(1);
  });

  it('refuses an eventTime a JS Date cannot hold (0 ≤ t ≤ 8.64e15)', async () => {
    for (const eventTime of [8.64e15 + 1, 9_007_199_254_740_991, -1, 1.5]) {
      const error = await runInTransaction(dataSource, (manager) =>
        writer.append(manager, [{ ...outboxMessage(TOPIC, 'af-1'), eventTime }]),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidOutboxMessageError);
      expect(error).toMatchObject({ field: 'eventTime', message: expect.stringMatching(/eventTime must be epoch milliseconds from 0 to 8640000000000000/) });
    }
    expect(await outboxRows(dataSource)).toEqual([]);
    const edges = [{ ...outboxMessage(TOPIC, 'af-1'), eventTime: 8.64e15 }, { ...outboxMessage(TOPIC, 'af-1'), eventTime: 0 }];
    await runInTransaction(dataSource, (manager) => writer.append(manager, edges));
    const times: { event_time: string }[] = await dataSource.query('SELECT `event_time` FROM `outbox_messages` ORDER BY `id`');
    expect(times.map((t) => Number(t.event_time))).toEqual([8.64e15, 0]);
  });

  it('runInTransaction wakes the relay after COMMIT, never after a rollback', async () => {
    const relay = { wake: jest.fn() };
    await runInTransaction(dataSource, (manager) => writer.append(manager, [outboxMessage(TOPIC, 'af-1')]), { relay });
    expect(relay.wake).toHaveBeenCalledTimes(1);
    await expect(
      runInTransaction(
        dataSource,
        async (manager) => {
          await writer.append(manager, [outboxMessage(TOPIC, 'af-1')]);
          throw new Error('refused');
        },
        { relay },
      ),
    ).rejects.toThrow('refused');
    expect(relay.wake).toHaveBeenCalledTimes(1);
  });

  describe('OutboxCommitSubscriber', () => {
    const relay = { wake: jest.fn() };
    let subscriber: OutboxCommitSubscriber;

    beforeAll(() => {
      subscriber = OutboxCommitSubscriber.register(dataSource, relay);
    });

    afterAll(() => {
      dataSource.subscribers.splice(dataSource.subscribers.indexOf(subscriber), 1);
    });

    beforeEach(() => relay.wake.mockClear());

    it('wakes the relay once after the outermost COMMIT of a transaction that appended rows', async () => {
      await dataSource.transaction(async (manager) => {
        await writer.append(manager, [outboxMessage(TOPIC, 'af-1')]);
        // A nested transaction (savepoint) commits into its parent: no wake yet.
        await manager.transaction(async (nested) => writer.append(nested, [outboxMessage(TOPIC, 'af-1')]));
        expect(relay.wake).not.toHaveBeenCalled();
      });
      expect(relay.wake).toHaveBeenCalledTimes(1);
    });

    it('does not wake for transactions without outbox rows, nor for rolled back ones', async () => {
      await dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO `afiliados_test` (`id`, `nombre`) VALUES (?, ?)', ['af-3', 'Carla']);
      });
      await expect(
        dataSource.transaction(async (manager) => {
          await writer.append(manager, [outboxMessage(TOPIC, 'af-1')]);
          throw new Error('refused');
        }),
      ).rejects.toThrow('refused');
      expect(relay.wake).not.toHaveBeenCalled();
    });
  });
});
