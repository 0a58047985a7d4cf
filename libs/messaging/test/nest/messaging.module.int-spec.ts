import { randomUUID } from 'node:crypto';
import { Controller, Injectable, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { SAMPLE_PAYLOADS, TOPICS, type AfiliadoRegistrado, type TopicKey } from '@alpes/contracts';
import {
  CreateInboxMessages1790000000001,
  CreateOutboxMessages1790000000000,
  InboxMessageOrmEntity,
  IntegrationEventPublisher,
  MessagingHealth,
  MessagingModule,
  OutboxMessageOrmEntity,
  OutboxPayloadTooLargeError,
  OutboxRelay,
  PULSAR_CLIENT,
  PulsarContext,
  type AppendedIntegrationEvent,
  type MessagingModuleOptions,
  type PulsarClientPort,
  type ReceivedEvent,
} from '../../src';
import { admin, PULSAR_HTTP_URL, waitFor } from '../support/env';
import { freePort } from '../support/free-port';
import { connectionOptions, recreateDatabase } from '../outbox-inbox/support/test-database';

/**
 * MessagingModule in a real Nest app, on the real broker and the real MariaDB: a service method writes a business row
 * and publishes `AfiliadoRegistrado` in one transaction; the same app consumes it through the PulsarServer the module
 * creates and writes an effect row in the inbox transaction.
 */
const DATABASE = 'alpes_test_nest';
const run = randomUUID().slice(0, 8);
const resolveTopic = (key: TopicKey) => `persistent://public/default/alpes-test-${run}-${key}`;
const SUBSCRIPTION = 'marketing-comisiones.afiliados'; // the catalog's subscription of this app on afiliados.eventos
const COUNTERS_KEY = `${SUBSCRIPTION}@afiliados.eventos`;

class CreateNestTestTables1790000000900 implements MigrationInterface {
  readonly name = 'CreateNestTestTables1790000000900';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE `afiliados_nest` (`id` VARCHAR(64) NOT NULL PRIMARY KEY, `nombre` VARCHAR(200) NOT NULL) ENGINE=InnoDB',
    );
    // No unique key on event_id: an effect applied twice must show up as two rows.
    await queryRunner.query(
      'CREATE TABLE `efectos_nest` (`id` BIGINT AUTO_INCREMENT PRIMARY KEY, `event_id` CHAR(36) NOT NULL, ' +
        '`afiliado_id` VARCHAR(64) NOT NULL, `nombre` VARCHAR(200) NOT NULL, `producer` VARCHAR(100) NOT NULL) ENGINE=InnoDB',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE `efectos_nest`');
    await queryRunner.query('DROP TABLE `afiliados_nest`');
  }
}

@Injectable()
class RegistrarAfiliadoService {
  readonly appended: AppendedIntegrationEvent[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: IntegrationEventPublisher,
  ) {}

  async registrar(id: string, nombre: string, options: { failAfterPublish?: boolean } = {}): Promise<AppendedIntegrationEvent> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('INSERT INTO `afiliados_nest` (`id`, `nombre`) VALUES (?, ?)', [id, nombre]);
      const [appended] = await this.publisher.publish(manager, [
        {
          eventType: 'AfiliadoRegistrado',
          payload: { ...SAMPLE_PAYLOADS.AfiliadoRegistrado, id, nombre },
          meta: { aggregate_id: id, correlation_id: `corr-${id}` },
        },
      ]);
      this.appended.push(appended);
      if (options.failAfterPublish) throw new Error('the use case fails after publishing');
      return appended;
    });
  }
}

@Controller()
class AfiliadosConsumer {
  @EventPattern('AfiliadoRegistrado')
  async registrado(@Payload() event: ReceivedEvent<AfiliadoRegistrado>, @Ctx() ctx: PulsarContext): Promise<void> {
    await ctx
      .getEntityManager()
      .query('INSERT INTO `efectos_nest` (`event_id`, `afiliado_id`, `nombre`, `producer`) VALUES (?, ?, ?, ?)', [
        event.eventId,
        event.aggregateId,
        event.payload.nombre,
        ctx.getEnvelope()?.producer,
      ]);
  }
}

const TEST_CONFIG = Symbol('TEST_CONFIG');

/** Stands for the app's configuration module, to exercise `forRootAsync({ imports, inject, useFactory })`. */
@Module({})
class TestConfigModule {
  static with(config: Partial<MessagingModuleOptions>): DynamicModule {
    return { module: TestConfigModule, providers: [{ provide: TEST_CONFIG, useValue: config }], exports: [TEST_CONFIG] };
  }
}

@Module({})
class TestAppModule {
  static with(dbType: 'mysql' | 'mariadb', messaging: DynamicModule, consumer: boolean): DynamicModule {
    return {
      module: TestAppModule,
      // MessagingModule before TypeOrmModule on purpose: the harder order for the shutdown sequence (global modules'
      // shutdown hooks run in reverse import order, so TypeORM would close the DataSource before the relay's flush).
      imports: [
        messaging,
        TypeOrmModule.forRoot({
          type: dbType,
          ...connectionOptions(),
          database: DATABASE,
          entities: [OutboxMessageOrmEntity, InboxMessageOrmEntity],
          migrations: [CreateOutboxMessages1790000000000, CreateInboxMessages1790000000001, CreateNestTestTables1790000000900],
          migrationsRun: true,
          synchronize: false,
          retryAttempts: 0,
        }),
      ],
      controllers: consumer ? [AfiliadosConsumer] : [],
      providers: [RegistrarAfiliadoService],
    };
  }
}

function messagingAsync(config: Partial<MessagingModuleOptions> = {}): DynamicModule {
  return MessagingModule.forRootAsync({
    imports: [TestConfigModule.with(config)],
    inject: [TEST_CONFIG],
    useFactory: (cfg: Partial<MessagingModuleOptions>): MessagingModuleOptions => ({
      app: 'marketing-comisiones',
      pulsarHttpUrl: PULSAR_HTTP_URL,
      resolveTopic,
      consumer: { negativeAckRedeliveryDelayMs: 100 },
      ...cfg,
    }),
  });
}

/** What `main.ts` of a service does, minus `listen` on an HTTP port. */
async function startApp(dbType: 'mysql' | 'mariadb', messaging: DynamicModule, consumer = true): Promise<INestApplication> {
  const app = await NestFactory.create(TestAppModule.with(dbType, messaging, consumer), { logger: false });
  if (consumer) {
    app.connectMicroservice({ strategy: MessagingModule.createServer(app) });
    await app.startAllMicroservices();
  }
  await app.init();
  return app;
}

describe('MessagingModule (NestJS wiring) on the real broker and MariaDB', () => {
  let dbType: 'mysql' | 'mariadb';
  let db: DataSource; // the test's own connection, to look at the tables from outside the app
  let app: INestApplication | undefined;
  let app2: INestApplication | undefined;

  beforeAll(async () => {
    if (!(await admin.isHealthy())) throw new Error(`No healthy Pulsar broker at ${PULSAR_HTTP_URL}`);
    await admin.createPartitionedTopic(resolveTopic('afiliados.eventos'), TOPICS['afiliados.eventos'].partitions);

    dbType = await recreateDatabase(DATABASE);

    app = await startApp(dbType, messagingAsync({ relay: { batchSize: 5, pollIntervalMs: 200 } }));
    db = new DataSource({ type: dbType, ...connectionOptions(), database: DATABASE });
    await db.initialize();
    // Tables persist between runs (the migrations run once); leftovers of an earlier run must not count here.
    for (const table of ['afiliados_nest', 'efectos_nest', 'outbox_messages', 'inbox_messages']) {
      await db.query(`DELETE FROM \`${table}\``);
    }
  });

  function running(): INestApplication {
    if (!app) throw new Error('the first app instance is already closed');
    return app;
  }

  afterAll(async () => {
    await app?.close();
    await app2?.close();
    await db?.destroy();
  });

  const effectsOf = async (eventIds: readonly string[]): Promise<{ event_id: string; afiliado_id: string; producer: string }[]> =>
    eventIds.length === 0
      ? []
      : db.query(
          `SELECT event_id, afiliado_id, producer FROM efectos_nest WHERE event_id IN (${eventIds.map(() => '?').join(', ')})`,
          [...eventIds],
        );

  const outboxOf = async (eventIds: readonly string[]): Promise<{ event_id: string; topic: string; message_key: string; properties: string; published_at: Date | null }[]> =>
    db.query(
      `SELECT event_id, topic, message_key, properties, published_at FROM outbox_messages WHERE event_id IN (${eventIds.map(() => '?').join(', ')})`,
      [...eventIds],
    );

  function expectExactlyOnce(effects: { event_id: string }[], eventIds: readonly string[]): void {
    const counts = new Map<string, number>();
    for (const e of effects) counts.set(e.event_id, (counts.get(e.event_id) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([...eventIds].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }

  it('publishes in the business transaction and the same app consumes each event with exactly one effect, redeliveries included', async () => {
    const service = running().get(RegistrarAfiliadoService);
    const ids = Array.from({ length: 8 }, (_, i) => `af-${run}-${i}`);
    const appended = await Promise.all(ids.map((id, i) => service.registrar(id, `Afiliado ${i}`)));
    const eventIds = appended.map((a) => a.eventId);

    // The first messages on this run's fresh topics: a standalone broker started minutes before (a fresh clone's CI)
    // was once seen to take more than 30 s to load them; the bound is generous, the assertion is exactly-once.
    await waitFor(async () => (await effectsOf(eventIds)).length >= eventIds.length, 90_000, 'one effect per event');
    const rows = await outboxOf(eventIds);
    expect(rows).toHaveLength(ids.length);
    for (const row of rows) {
      const id = ids[eventIds.indexOf(row.event_id)];
      expect(row.topic).toBe(resolveTopic('afiliados.eventos'));
      expect(row.message_key).toBe(id); // key defaults to aggregate_id
      expect(JSON.parse(row.properties)).toEqual({ event_type: 'AfiliadoRegistrado', event_id: row.event_id, correlation_id: `corr-${id}` });
    }
    const effects = await effectsOf(eventIds);
    expect(effects.every((e) => e.producer === 'marketing-comisiones')).toBe(true); // producer defaults to the app

    // The broker delivers the same event again (a relay that resent after a lost ack): the inbox absorbs it.
    const [raw]: { payload: Buffer; properties: string; message_key: string }[] = await db.query(
      'SELECT payload, properties, message_key FROM outbox_messages WHERE event_id = ?',
      [eventIds[0]],
    );
    const client = running().get<PulsarClientPort>(PULSAR_CLIENT);
    await client.producer(resolveTopic('afiliados.eventos')).send({ key: raw.message_key, payload: raw.payload, properties: JSON.parse(raw.properties) });
    const health = running().get(MessagingHealth);
    await waitFor(async () => ((await health.check()).consumers[COUNTERS_KEY]?.duplicates ?? 0) >= 1, 30_000, 'duplicate skipped');
    expectExactlyOnce(await effectsOf(eventIds), eventIds);
  });

  it('a transaction that throws after publishing leaves neither the business row nor the outbox row, and nothing is consumed', async () => {
    const service = running().get(RegistrarAfiliadoService);
    const id = `af-${run}-rolled-back`;
    await expect(service.registrar(id, 'No existe', { failAfterPublish: true })).rejects.toThrow('fails after publishing');
    const failed = service.appended[service.appended.length - 1];
    expect(failed.key).toBe(id);

    expect(await db.query('SELECT id FROM afiliados_nest WHERE id = ?', [id])).toEqual([]);
    expect(await outboxOf([failed.eventId])).toEqual([]);

    // A later event of the same key proves the consumer went past where the rolled-back one would have been.
    const marker = await service.registrar(id, 'Existe');
    await waitFor(async () => (await effectsOf([marker.eventId])).length === 1, 30_000, 'marker effect');
    expect(await effectsOf([failed.eventId])).toEqual([]);
    expect(await db.query('SELECT event_id FROM inbox_messages WHERE event_id = ?', [failed.eventId])).toEqual([]);
  });

  it('MessagingHealth reports the broker up, nothing pending once drained, and the consumer counters', async () => {
    const health = running().get(MessagingHealth);
    await waitFor(async () => (await health.check()).outbox.pending === 0, 30_000, 'outbox drained');
    const report = await health.check();
    expect(report.broker).toBe('up');
    expect(report.outbox).toMatchObject({ pending: 0, parked: 0, parkedByRelay: 0, relayRunning: true, failedSends: 0 });
    expect(report.outbox.published).toBeGreaterThanOrEqual(9);
    expect(report.outbox.lastPublishedAt).toEqual(expect.any(String));
    expect(report.consumers[COUNTERS_KEY]).toMatchObject({ failures: 0, deadLettered: 0 });
    expect(report.consumers[COUNTERS_KEY].processed).toBeGreaterThanOrEqual(9);
  });

  it('MessagingHealth shows parked outbox rows (refused for good) apart from pending ones', async () => {
    const health = running().get(MessagingHealth);
    await waitFor(async () => (await health.check()).outbox.pending === 0, 30_000, 'outbox drained');
    const eventId = randomUUID();
    // What the relay leaves after the broker refused a send for good (MessageRejectedError).
    await db.query(
      'INSERT INTO outbox_messages (event_id, topic, message_key, event_type, payload, properties, failed_at, attempts, last_error) ' +
        "VALUES (?, ?, 'af-parked', 'AfiliadoRegistrado', ?, '{}', NOW(3), 1, 'MessageRejectedError: too large')",
      [eventId, resolveTopic('afiliados.eventos'), Buffer.from([1])],
    );
    try {
      const report = await health.check();
      expect(report.outbox).toMatchObject({ pending: 0, parked: 1 });
      expect(await running().get(OutboxRelay).parkedCount()).toBe(1);
    } finally {
      await db.query('DELETE FROM outbox_messages WHERE event_id = ?', [eventId]);
    }
  });

  it('outbox.maxPayloadBytes reaches the writer: an event too large fails the business transaction', async () => {
    const small = await startApp(
      dbType,
      MessagingModule.forRoot({ app: 'marketing-comisiones', pulsarHttpUrl: PULSAR_HTTP_URL, resolveTopic, outbox: { maxPayloadBytes: 64 } }),
      false,
    );
    try {
      const id = `af-${run}-too-large`;
      await expect(small.get(RegistrarAfiliadoService).registrar(id, 'Demasiado grande')).rejects.toBeInstanceOf(OutboxPayloadTooLargeError);
      expect(await db.query('SELECT id FROM afiliados_nest WHERE id = ?', [id])).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('app.close() drains the consumers, flushes what committed just before it, and returns promptly; the next start consumes it', async () => {
    const service = running().get(RegistrarAfiliadoService);
    const relay = running().get(OutboxRelay);
    const ids = Array.from({ length: 40 }, (_, i) => `af-${run}-late-${i}`);
    // batchSize 5: these rows take several relay rounds, so they cannot all have gone out before close() begins.
    const late = await Promise.all(ids.map((id, i) => service.registrar(id, `Tarde ${i}`)));
    const lateIds = late.map((e) => e.eventId);
    const publishedBefore = relay.stats().published;

    const startedAt = Date.now();
    await running().close();
    const closeMs = Date.now() - startedAt;
    app = undefined;

    expect(closeMs).toBeLessThan(10_000);
    expect(relay.isRunning).toBe(false);
    // Published during close() (regular rounds it waited for, then the relay's flush), none left pending:
    const rows = await outboxOf(lateIds);
    expect(rows).toHaveLength(lateIds.length);
    expect(rows.filter((r) => r.published_at === null)).toEqual([]);
    expect(relay.stats().published - publishedBefore).toBeGreaterThan(0);
    const [{ n }]: { n: string | number }[] = await db.query('SELECT COUNT(*) AS n FROM outbox_messages WHERE published_at IS NULL');
    expect(Number(n)).toBe(0);

    // What the first instance's consumers had not taken before they drained is on the broker: the next start
    // (same subscription) consumes it, and every event still has exactly one effect.
    app2 = await startApp(dbType, messagingAsync());
    await waitFor(async () => (await effectsOf(lateIds)).length >= lateIds.length, 30_000, 'effects of the late events');
    const health = await app2.get(MessagingHealth).check();
    expect(health.outbox.pending).toBe(0);
    expectExactlyOnce(await effectsOf(lateIds), lateIds);
    await app2.close();
    app2 = undefined;
  });

  it('with the broker unreachable: the use case still commits, health says down, close() is bounded and the event stays pending', async () => {
    const deadPort = await freePort();
    const broken = await startApp(
      dbType,
      MessagingModule.forRoot({
        app: 'marketing-comisiones',
        pulsarHttpUrl: `http://127.0.0.1:${deadPort}`,
        resolveTopic,
        // The producer keeps its default 30 s send timeout: close() must not wait for it.
        relay: { pollIntervalMs: 100, drainTimeoutMs: 1_000 },
        client: { backoff: { initialDelayMs: 100, maxDelayMs: 500 } },
      }),
      false,
    );
    let closed = false;
    try {
      const appended = await broken.get(RegistrarAfiliadoService).registrar(`af-${run}-offline`, 'Sin broker');
      const health = broken.get(MessagingHealth);
      await new Promise((r) => setTimeout(r, 500)); // a relay round is now waiting on the unreachable broker
      const report = await health.check();
      expect(report.broker).toBe('down');
      expect(report.outbox.pending).toBe(1);

      const startedAt = Date.now();
      await broken.close();
      closed = true;
      // Bounded by the relay's drain timeout (1 s here), not by the 30 s send timeout of the send in flight.
      expect(Date.now() - startedAt).toBeLessThan(15_000);
      const [row]: { published_at: Date | null }[] = await db.query(
        'SELECT published_at FROM outbox_messages WHERE event_id = ?',
        [appended.eventId],
      );
      expect(row.published_at).toBeNull(); // still pending: published by the next start, never lost
      expect(await db.query('SELECT id FROM afiliados_nest WHERE id = ?', [`af-${run}-offline`])).toHaveLength(1);
    } finally {
      if (!closed) await broken.close();
      // The row would otherwise be published by the next run's relay (to this run's throw-away topic).
      await db.query('DELETE FROM outbox_messages WHERE published_at IS NULL');
    }
  });
});

