import { randomUUID } from 'node:crypto';
import { DataSource, DataSourceOptions, EntityManager } from 'typeorm';
import { CreateInboxMessages1790000000001 } from '../../../src/inbox/migrations/1790000000001-create-inbox-messages.migration';
import { InboxMessageOrmEntity } from '../../../src/inbox/inbox.orm-entity';
import { CreateOutboxMessages1790000000000 } from '../../../src/outbox/migrations/1790000000000-create-outbox-messages.migration';
import type { OutboxMessage } from '../../../src/outbox/outbox-message';
import { OutboxMessageOrmEntity } from '../../../src/outbox/outbox.orm-entity';

/** Every database these tests use starts with this name; one per test file, so jest workers never share tables. */
export const TEST_DATABASE_PREFIX = 'alpes_test_outbox';

export function connectionOptions(): { host: string; port: number; username: string; password: string } {
  return {
    host: process.env['MYSQL_HOST'] ?? '127.0.0.1',
    port: Number(process.env['MYSQL_PORT'] ?? 3306),
    username: process.env['MYSQL_USER'] ?? 'root',
    password: process.env['MYSQL_PASSWORD'] ?? '',
  };
}

/**
 * Drops and creates `database` (so its tables always come from the current migrations) and tells which TypeORM
 * driver type fits the server: TypeORM reads column defaults differently on MariaDB, and the right type keeps its
 * schema diff exact.
 */
export async function recreateDatabase(database: string): Promise<'mysql' | 'mariadb'> {
  const admin = new DataSource({ type: 'mysql', ...connectionOptions() });
  await admin.initialize();
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4`);
    const [{ version }]: { version: string }[] = await admin.query('SELECT VERSION() AS `version`');
    return /mariadb/i.test(version) ? 'mariadb' : 'mysql';
  } finally {
    await admin.destroy();
  }
}

/**
 * Creates `alpes_test_outbox[_suffix]` afresh (dropping what an earlier run left, so the tables always come from the
 * current migrations), connects with the messaging entities and runs the migrations (never `synchronize`), as an
 * app does at start-up. One database per test file, so dropping it never disturbs another jest worker.
 */
export async function openTestDatabase(suffix?: string, extra: Partial<DataSourceOptions> = {}): Promise<DataSource> {
  const database = suffix ? `${TEST_DATABASE_PREFIX}_${suffix}` : TEST_DATABASE_PREFIX;
  const type = await recreateDatabase(database);
  const dataSource = new DataSource({
    type,
    ...connectionOptions(),
    database,
    entities: [OutboxMessageOrmEntity, InboxMessageOrmEntity],
    migrations: [CreateOutboxMessages1790000000000, CreateInboxMessages1790000000001],
    synchronize: false,
    extra: { connectionLimit: 30 },
    ...extra,
  } as DataSourceOptions);
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}

export async function truncate(dataSource: DataSource, ...tables: string[]): Promise<void> {
  for (const table of tables) await dataSource.query(`TRUNCATE TABLE \`${table}\``);
}

export function outboxMessage(topic: string, key: string, eventType = 'AfiliadoActivado', payload?: Buffer): OutboxMessage {
  const eventId = randomUUID();
  return {
    eventId,
    topic,
    key,
    eventType,
    payload: payload ?? Buffer.from(`avro:${eventId}`),
    properties: { correlation_id: `corr-${key}` },
    eventTime: Date.now(),
  };
}

export interface OutboxRow {
  id: string;
  event_id: string;
  topic: string;
  message_key: string;
  published_at: Date | null;
  failed_at: Date | null;
  attempts: number;
  last_error: string | null;
}

export async function outboxRows(dataSource: DataSource | EntityManager): Promise<OutboxRow[]> {
  const rows: OutboxRow[] = await dataSource.query(
    'SELECT `id`, `event_id`, `topic`, `message_key`, `published_at`, `failed_at`, `attempts`, `last_error` FROM `outbox_messages` ORDER BY `id`',
  );
  return rows.map((row) => ({ ...row, id: String(row.id) }));
}

/** Waits until `condition` holds, polling; fails the test with `what` after `timeoutMs`. */
export async function eventually(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Asserts `sends` (in broker order) holds each key's events in the order they were written (`written`). */
export function expectPerKeyOrder(
  sends: readonly { topic: string; key?: string; eventId: string }[],
  written: readonly OutboxMessage[],
): void {
  const position = new Map(written.map((m, index) => [m.eventId, index]));
  const lastByKey = new Map<string, number>();
  for (const send of sends) {
    const key = `${send.topic}|${send.key}`;
    const index = position.get(send.eventId);
    if (index === undefined) throw new Error(`unexpected event ${send.eventId}`);
    const last = lastByKey.get(key) ?? -1;
    if (index < last) throw new Error(`event ${send.eventId} of ${key} was published after a later event of that key`);
    lastByKey.set(key, index);
  }
}
