import { randomUUID } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { INestMicroservice } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  encodeEnvelope,
  encodeEvent,
  ENVELOPE_TYPE,
  EVENT_REGISTRY,
  messageProperties,
  SAMPLE_PAYLOADS,
  TOPICS,
  type AfiliadoRegistrado,
  type TopicKey,
} from '@alpes/contracts';
import { InboxIdempotencyAdapter } from '../../src/inbox/inbox-idempotency.adapter';
import { PulsarWebSocketClient } from '../../src/pulsar/pulsar-websocket.client';
import type { IncomingMessage } from '../../src/pulsar/pulsar-client.port';
import { PulsarContext } from '../../src/transport/pulsar.context';
import { PulsarServer, type ReceivedEvent } from '../../src/transport/pulsar.server';
import { PulsarClientProxy } from '../../src/transport/pulsar.client-proxy';
import { openTestDatabase } from '../outbox-inbox/support/test-database';
import { admin, PULSAR_HTTP_URL, waitFor } from '../support/env';

/**
 * The NestJS transport end to end on the real broker and the real MariaDB: an app with `@EventPattern` handlers
 * whose effects are rows written through the inbox transaction.
 */
const run = randomUUID().slice(0, 8);
const resolveTopic = (key: TopicKey) => `persistent://public/default/alpes-test-${run}-${key}`;
const SUBSCRIPTION = 'marketing-comisiones.afiliados'; // the catalog's subscription of this app on afiliados.eventos
const DLQ = `${resolveTopic('afiliados.eventos')}-${SUBSCRIPTION}-DLQ`;

let failingCalls = 0;

@Controller()
class AfiliadosConsumer {
  @EventPattern('AfiliadoRegistrado')
  async registrado(@Payload() event: ReceivedEvent<AfiliadoRegistrado>, @Ctx() ctx: PulsarContext): Promise<void> {
    await ctx
      .getEntityManager()
      .query('INSERT INTO efectos (event_id, afiliado_id, nombre) VALUES (?, ?, ?)', [
        event.eventId,
        event.aggregateId,
        event.payload.nombre,
      ]);
  }

  @EventPattern('AfiliadoSuspendido')
  async suspendido(@Payload() event: ReceivedEvent): Promise<void> {
    failingCalls++;
    throw new Error(`handler always fails for ${event.eventId}`);
  }
}

@Module({ controllers: [AfiliadosConsumer] })
class TestModule {}

describe('PulsarServer (NestJS transport) with the MySQL inbox', () => {
  let dataSource: DataSource;
  let app: INestMicroservice;
  let server: PulsarServer;
  let client: PulsarWebSocketClient;
  let proxy: PulsarClientProxy;
  const dead: IncomingMessage[] = [];

  beforeAll(async () => {
    if (!(await admin.isHealthy())) throw new Error(`No healthy Pulsar broker at ${PULSAR_HTTP_URL}`);
    await admin.createPartitionedTopic(resolveTopic('afiliados.eventos'), TOPICS['afiliados.eventos'].partitions);
    dataSource = await openTestDatabase('transport');
    await dataSource.query(
      'CREATE TABLE IF NOT EXISTS efectos (id BIGINT AUTO_INCREMENT PRIMARY KEY, event_id CHAR(36) NOT NULL, afiliado_id VARCHAR(64) NOT NULL, nombre VARCHAR(200) NOT NULL)',
    );
    await dataSource.query('TRUNCATE TABLE efectos');
    await dataSource.query('TRUNCATE TABLE inbox_messages');

    // No in-place retries, so the count of handler calls below is exactly the broker's deliveries.
    client = new PulsarWebSocketClient({ httpUrl: PULSAR_HTTP_URL, consumer: { localRetries: 0 } });
    server = new PulsarServer({
      app: 'marketing-comisiones',
      client,
      idempotency: new InboxIdempotencyAdapter(dataSource),
      resolveTopic,
      consumer: { maxRedeliverCount: 2, negativeAckRedeliveryDelayMs: 100 },
    });
    app = await NestFactory.createMicroservice(TestModule, { strategy: server, logger: false });
    await app.listen();
    proxy = new PulsarClientProxy({ client, resolveTopic });
    await client.subscribe({ topic: DLQ, subscription: 'test.dlq-reader' }, async (m) => {
      dead.push(m);
    });
  });

  afterAll(async () => {
    await app?.close();
    await client?.close();
    await dataSource?.destroy();
  });

  const efectos = async (): Promise<{ event_id: string; afiliado_id: string; nombre: string }[]> =>
    dataSource.query('SELECT event_id, afiliado_id, nombre FROM efectos ORDER BY id');

  function registrado(afiliadoId: string, nombre: string, eventId = randomUUID()) {
    return encodeEvent(
      'AfiliadoRegistrado',
      { ...SAMPLE_PAYLOADS.AfiliadoRegistrado, id: afiliadoId, nombre },
      { aggregate_id: afiliadoId, producer: 'afiliados', event_id: eventId },
    );
  }

  async function publishRaw(key: string, payload: Buffer, properties: Record<string, string> = {}): Promise<void> {
    await client.producer(resolveTopic('afiliados.eventos')).send({ key, payload, properties });
  }

  it('subscribed every @EventPattern before listen completed, and keeps per-key order through handlers and commits', async () => {
    const afiliados = ['af-1', 'af-2', 'af-3'];
    for (let i = 0; i < 30; i++) {
      const afiliadoId = afiliados[i % afiliados.length];
      await lastValueFrom(proxy.emit('AfiliadoRegistrado', {
        payload: { ...SAMPLE_PAYLOADS.AfiliadoRegistrado, id: afiliadoId, nombre: `n-${i}` },
        meta: { aggregate_id: afiliadoId, producer: 'afiliados' },
      }));
    }
    await waitFor(async () => (await efectos()).length === 30, 30_000, '30 effects');
    const rows = await efectos();
    for (const afiliadoId of afiliados) {
      const seqs = rows.filter((r) => r.afiliado_id === afiliadoId).map((r) => Number(r.nombre.slice(2)));
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
      expect(seqs).toHaveLength(10);
    }
  });

  it('a duplicated message (same event_id delivered twice) has exactly one effect', async () => {
    const eventId = randomUUID();
    const { envelope, bytes } = registrado('af-dup', 'duplicado', eventId);
    await publishRaw('af-dup', bytes, messageProperties(envelope));
    await publishRaw('af-dup', bytes, messageProperties(envelope));
    // A later event of the same key proves both copies were consumed before we count.
    const marker = registrado('af-dup', 'marcador');
    await publishRaw('af-dup', marker.bytes, messageProperties(marker.envelope));
    await waitFor(async () => (await efectos()).some((r) => r.nombre === 'marcador'), 30_000, 'marker effect');
    const rows = (await efectos()).filter((r) => r.event_id === eventId);
    expect(rows).toHaveLength(1);
    expect(server.stats()[`${SUBSCRIPTION}@afiliados.eventos`].duplicates).toBeGreaterThanOrEqual(1);
  });

  it('a handler that always throws sends its message to the DLQ after N attempts while later messages keep flowing', async () => {
    const before = failingCalls;
    const { envelope, bytes } = encodeEvent(
      'AfiliadoSuspendido',
      { ...SAMPLE_PAYLOADS.AfiliadoSuspendido, afiliado_id: 'af-poison' },
      { aggregate_id: 'af-poison', producer: 'afiliados' },
    );
    await publishRaw('af-poison', bytes, messageProperties(envelope));
    for (let i = 0; i < 5; i++) {
      const later = registrado('af-poison', `despues-${i}`);
      await publishRaw('af-poison', later.bytes, messageProperties(later.envelope));
    }
    await waitFor(async () => (await efectos()).filter((r) => r.nombre.startsWith('despues-')).length === 5, 30_000, 'later effects');
    await waitFor(() => dead.some((m) => m.properties['event_id'] === envelope.event_id), 60_000, 'failing message in the DLQ');
    expect(failingCalls - before).toBe(3); // first delivery + maxRedeliverCount (2) redeliveries
  });

  it('malformed bytes go to the DLQ with a reason and do not stop the consumer', async () => {
    await publishRaw('af-bad', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x01, 0x02]), { origen: 'prueba-malformado' });
    const ok = registrado('af-bad', 'tras-malformado');
    await publishRaw('af-bad', ok.bytes, messageProperties(ok.envelope));
    await waitFor(async () => (await efectos()).some((r) => r.nombre === 'tras-malformado'), 30_000, 'effect after poison');
    await waitFor(() => dead.some((m) => m.properties['origen'] === 'prueba-malformado'), 30_000, 'malformed message in the DLQ');
    const poisoned = dead.find((m) => m.properties['origen'] === 'prueba-malformado') as IncomingMessage;
    expect(poisoned.properties['dlq_reason']).toMatch(/.+/);
    expect(poisoned.properties['original_subscription']).toBe(SUBSCRIPTION);
  });

  it('an event type this build does not know is acked, counted and skipped', async () => {
    const { envelope, bytes } = registrado('af-future', 'futuro');
    const unknown = encodeEvent(
      'AfiliadoActivado',
      { ...SAMPLE_PAYLOADS.AfiliadoActivado, afiliado_id: 'af-future' },
      { aggregate_id: 'af-future', producer: 'afiliados' },
    );
    // Re-label a valid envelope as an event type from the future.
    const future = encodeEnvelope({ ...unknown.envelope, event_type: 'AfiliadoVerificado' });
    const counters = () => server.stats()[`${SUBSCRIPTION}@afiliados.eventos`];
    const before = counters().unknownEventTypes;
    await publishRaw('af-future', future, { event_type: 'AfiliadoVerificado' });
    await publishRaw('af-future', bytes, messageProperties(envelope));
    await waitFor(async () => (await efectos()).some((r) => r.nombre === 'futuro'), 30_000, 'effect after unknown type');
    expect(counters().unknownEventTypes).toBe(before + 1);
  });

  it('a newer schema_version of a known event type is kept in the DLQ with its reason (replayable after the upgrade), not dropped', async () => {
    const counters = () => server.stats()[`${SUBSCRIPTION}@afiliados.eventos`];
    const before = counters();
    expect(EVENT_REGISTRY.AfiliadoRegistrado.latest).toBe(2);
    // A producer already on v3 (rolling deploy): a valid envelope whose payload this build cannot read.
    const current = registrado('af-v3', 'version-3');
    const v3 = { ...current.envelope, schema_version: 3 };
    const v3Bytes = encodeEnvelope(v3);
    // A newer version of a type no handler of this app consumes is just unhandled: nothing to replay.
    const activado = encodeEvent('AfiliadoActivado', { ...SAMPLE_PAYLOADS.AfiliadoActivado, afiliado_id: 'af-v3' }, { aggregate_id: 'af-v3', producer: 'afiliados' });
    await publishRaw('af-v3', encodeEnvelope({ ...activado.envelope, schema_version: 5 }), messageProperties(activado.envelope));
    await publishRaw('af-v3', v3Bytes, { ...messageProperties(v3), origen: 'prueba-v3' });
    const later = registrado('af-v3', 'tras-v3');
    await publishRaw('af-v3', later.bytes, messageProperties(later.envelope));

    await waitFor(async () => (await efectos()).some((r) => r.nombre === 'tras-v3'), 30_000, 'effect after the v3 event');
    await waitFor(() => dead.some((m) => m.properties['event_id'] === v3.event_id), 30_000, 'v3 event in the DLQ');
    const kept = dead.find((m) => m.properties['event_id'] === v3.event_id) as IncomingMessage;
    expect(kept.properties['dlq_reason']).toBe('unknown schema_version 3 of AfiliadoRegistrado (this build reads ≤ 2)');
    expect(kept.properties).toMatchObject({ origen: 'prueba-v3', original_subscription: SUBSCRIPTION, event_type: 'AfiliadoRegistrado' });
    expect(kept.payload).toEqual(v3Bytes); // the original bytes: replayable as they are
    expect(kept.key).toBe('af-v3');
    expect(dead.some((m) => m.properties['event_id'] === activado.envelope.event_id)).toBe(false);
    expect(await efectos()).not.toContainEqual(expect.objectContaining({ event_id: v3.event_id }));
    expect(counters()).toMatchObject({
      unknownSchemaVersions: before.unknownSchemaVersions + 1,
      unknownEventTypes: before.unknownEventTypes,
      unhandled: before.unhandled + 1,
      deadLettered: before.deadLettered,
      failures: before.failures,
    });
  });

  it('an event_id that is not a UUID (too long for the inbox) is poison: dead-lettered at once with a reason, never retried', async () => {
    const counters = () => server.stats()[`${SUBSCRIPTION}@afiliados.eventos`];
    const before = counters();
    const { envelope } = registrado('af-long-id', 'id-largo');
    const longId = `${envelope.event_id}-extra`; // 42 characters: would not fit the inbox's CHAR(36)
    // Written by a producer that skipped encodeEnvelope's checks.
    await publishRaw('af-long-id', ENVELOPE_TYPE.toBuffer({ ...envelope, event_id: longId }), { event_id: longId, origen: 'prueba-id-largo' });
    const later = registrado('af-long-id', 'tras-id-largo');
    await publishRaw('af-long-id', later.bytes, messageProperties(later.envelope));

    await waitFor(async () => (await efectos()).some((r) => r.nombre === 'tras-id-largo'), 30_000, 'effect after the bad event id');
    await waitFor(() => dead.some((m) => m.properties['origen'] === 'prueba-id-largo'), 30_000, 'bad event id in the DLQ');
    const poisoned = dead.find((m) => m.properties['origen'] === 'prueba-id-largo') as IncomingMessage;
    expect(poisoned.properties['dlq_reason']).toMatch(/event_id must be a UUID/);
    expect(poisoned.redeliveryCount).toBe(0);
    expect(counters()).toMatchObject({ deadLettered: before.deadLettered + 1, failures: before.failures });
    expect(await efectos()).not.toContainEqual(expect.objectContaining({ nombre: 'id-largo' }));
  });
});
