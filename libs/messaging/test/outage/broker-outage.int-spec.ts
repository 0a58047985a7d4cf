import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { DataSource } from 'typeorm';
import { InboxIdempotencyAdapter } from '../../src/inbox/inbox-idempotency.adapter';
import { OutboxRelay } from '../../src/outbox/outbox.relay';
import { OutboxWriter } from '../../src/outbox/outbox.writer';
import { runInTransaction } from '../../src/persistence/run-in-transaction';
import { PulsarAdminClient } from '../../src/pulsar/pulsar-admin.client';
import { PulsarWebSocketClient } from '../../src/pulsar/pulsar-websocket.client';
import { openTestDatabase } from '../outbox-inbox/support/test-database';
import { waitFor } from '../support/env';

/**
 * A real outage: this suite starts its own Pulsar standalone (scripts/pulsar.sh, on other ports and its own data
 * directory, so the shared test broker is never touched), stops the broker process while services keep writing
 * outbox rows, starts it again, and checks that every row was published and consumed with exactly one effect.
 */
const repoRoot = path.resolve(__dirname, '../../../..');
const cacheDir = process.env['ALPES_CACHE_DIR'] ?? path.join(process.env['HOME'] ?? '/tmp', '.cache', 'alpes');
const HTTP_PORT = Number(process.env['OUTAGE_PULSAR_HTTP_PORT'] ?? 18380);
const brokerEnv: NodeJS.ProcessEnv = {
  ...process.env,
  ALPES_RUN_DIR: path.join(repoRoot, '.alpes', 'outage-broker'),
  PULSAR_HTTP_PORT: String(HTTP_PORT),
  PULSAR_HTTP_URL: `http://127.0.0.1:${HTTP_PORT}`,
  PULSAR_BROKER_PORT: process.env['OUTAGE_PULSAR_BROKER_PORT'] ?? '16950',
  PULSAR_BOOKIE_PORT: process.env['OUTAGE_PULSAR_BOOKIE_PORT'] ?? '13481',
  PULSAR_DATA_DIR: path.join(cacheDir, 'pulsar-data', 'outage-test'),
  PULSAR_MEM: '-Xms256m -Xmx768m -XX:MaxDirectMemorySize=512m',
};
const httpUrl = `http://127.0.0.1:${HTTP_PORT}`;
const run = promisify(execFile);

async function pulsar(command: 'start' | 'stop'): Promise<void> {
  await run('bash', [path.join(repoRoot, 'scripts/pulsar.sh'), command], { env: brokerEnv, timeout: 300_000 });
}

describe('outbox + inbox across a real broker outage', () => {
  const topic = `persistent://public/default/alpes-test-outage-${randomUUID().slice(0, 8)}`;
  const subscription = 'test.outage';
  const admin = new PulsarAdminClient(httpUrl);
  const writer = new OutboxWriter();
  let dataSource: DataSource;
  let relayClient: PulsarWebSocketClient;
  let consumerClient: PulsarWebSocketClient;
  let relay: OutboxRelay;
  let seq = 0;

  beforeAll(async () => {
    await run('rm', ['-rf', brokerEnv['PULSAR_DATA_DIR'] as string]);
    await pulsar('start');
    await admin.createPartitionedTopic(topic, 4);
    dataSource = await openTestDatabase('outage');
    await dataSource.query(
      'CREATE TABLE IF NOT EXISTS efectos_outage (id BIGINT AUTO_INCREMENT PRIMARY KEY, event_id CHAR(36) NOT NULL, clave VARCHAR(32) NOT NULL, seq INT NOT NULL)',
    );
    await dataSource.query('TRUNCATE TABLE efectos_outage');
    await dataSource.query('TRUNCATE TABLE outbox_messages');

    const backoff = { initialDelayMs: 100, maxDelayMs: 2_000 };
    relayClient = new PulsarWebSocketClient({ httpUrl, backoff, producer: { sendTimeoutMs: 5_000 } });
    consumerClient = new PulsarWebSocketClient({ httpUrl, backoff });
    relay = new OutboxRelay(dataSource, relayClient, { pollIntervalMs: 200, maxBackoffMs: 2_000 });
    relay.start();

    const inbox = new InboxIdempotencyAdapter(dataSource);
    await consumerClient.subscribe({ topic, subscription, subscriptionType: 'Key_Shared' }, async (m) => {
      const body = JSON.parse(m.payload.toString()) as { clave: string; seq: number };
      await inbox.handle(subscription, m.properties['event_id'], 'Prueba', (manager) =>
        manager.query('INSERT INTO efectos_outage (event_id, clave, seq) VALUES (?, ?, ?)', [
          m.properties['event_id'],
          body.clave,
          body.seq,
        ]),
      );
    });
  }, 360_000);

  afterAll(async () => {
    await relay?.stop();
    await relayClient?.close();
    await consumerClient?.close();
    await dataSource?.destroy();
    await pulsar('stop');
  }, 120_000);

  /** One business transaction writing `count` events for 8 keys, as a service's command handler would. */
  async function writeEvents(count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      const n = seq++;
      const clave = `clave-${n % 8}`;
      await runInTransaction(
        dataSource,
        (manager) =>
          writer.append(manager, [
            { eventId: randomUUID(), topic, key: clave, eventType: 'Prueba', payload: Buffer.from(JSON.stringify({ clave, seq: n })) },
          ]),
        { relay },
      );
    }
  }

  const count = async (sql: string): Promise<number> => Number((await dataSource.query(sql))[0].n);

  it('publishes rows written while the broker was stopped once it returns: nothing lost, nothing applied twice, order per key kept', async () => {
    await writeEvents(100);
    await waitFor(async () => (await count('SELECT COUNT(*) n FROM efectos_outage')) === 100, 60_000, 'first 100 effects');

    const publishedBefore = relay.stats().published;
    await pulsar('stop');
    expect(await admin.isHealthy()).toBe(false);
    await writeEvents(200); // the services keep accepting work: the outbox holds the events
    await new Promise((r) => setTimeout(r, 6_000)); // longer than the 5 s send timeout: sends fail and are retried
    expect(await relay.pendingCount()).toBe(200);
    expect(relay.stats().published).toBe(publishedBefore);
    expect(relay.stats().failedSends + relay.stats().failedRounds).toBeGreaterThan(0);

    await pulsar('start');
    await waitFor(async () => (await relay.pendingCount()) === 0, 120_000, 'outbox drained after the broker returned');
    await waitFor(async () => (await count('SELECT COUNT(*) n FROM efectos_outage')) === 300, 120_000, '300 effects');

    expect(await count('SELECT COUNT(DISTINCT event_id) n FROM efectos_outage')).toBe(300);
    expect(await count('SELECT COUNT(DISTINCT seq) n FROM efectos_outage')).toBe(300);
    const rows: { clave: string; seq: number }[] = await dataSource.query('SELECT clave, seq FROM efectos_outage ORDER BY id');
    for (let k = 0; k < 8; k++) {
      const seqs = rows.filter((r) => r.clave === `clave-${k}`).map((r) => Number(r.seq));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
  }, 600_000);
});
