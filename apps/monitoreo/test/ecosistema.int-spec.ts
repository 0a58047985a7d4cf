import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { SAMPLE_PAYLOADS, TOPICS } from '@alpes/contracts';
import { PulsarAdminClient, PulsarWebSocketClient } from '@alpes/messaging';
import { publishTestEvents, testTopicResolver, waitFor } from '@alpes/platform/testing';
import { EcosistemaModule } from '../src/interface/ecosistema/ecosistema.module';
import type { EcosistemaResponseDto, TopicResponseDto } from '../src/interface/ecosistema/ecosistema.response.dto';
import { startMonitoreoTestApp, type MonitoreoTestApp } from './support/monitoreo-app';

async function puertoCerrado(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

/**
 * `/ecosistema` against the REAL broker on per-run topics: the catalog's topics with their partitions, a backlog
 * building up on a subscription nobody consumes, a dead-letter topic with messages in it, and the services' health
 * probed over real HTTP (a stand-in service that answers and a port where nothing listens).
 */
describe('monitoreo /ecosistema (real broker)', () => {
  let t: MonitoreoTestApp;
  let servicio: Server;
  let servicioUrl: string;
  let cerrado: number;
  const envServicios = process.env['MONITOREO_SERVICIOS'];

  beforeAll(async () => {
    servicio = createServer((req, res) => {
      if (req.url === '/health') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"healthy","service":"afiliados"}');
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => servicio.listen(0, '127.0.0.1', resolve));
    servicioUrl = `http://127.0.0.1:${(servicio.address() as AddressInfo).port}`;
    cerrado = await puertoCerrado();
    process.env['MONITOREO_SERVICIOS'] = `afiliados=${servicioUrl},conversiones=http://127.0.0.1:${cerrado}`;
    t = await startMonitoreoTestApp('ecosistema');
  });

  afterAll(async () => {
    if (envServicios === undefined) delete process.env['MONITOREO_SERVICIOS'];
    else process.env['MONITOREO_SERVICIOS'] = envServicios;
    await t?.close();
    await new Promise((resolve) => servicio?.close(resolve));
  });

  const ecosistema = async (): Promise<EcosistemaResponseDto> => {
    const res = await t.http().get('/ecosistema');
    expect(res.status).toBe(200);
    return res.body as EcosistemaResponseDto;
  };
  const topic = (e: EcosistemaResponseDto, key: string): TopicResponseDto => {
    const found = e.topics.find((x) => x.key === key);
    if (!found) throw new Error(`no topic ${key} in ${e.topics.map((x) => x.key).join(', ')}`);
    return found;
  };

  it('shows every catalog topic on its resolved name with the catalog partitions, backlogs, DLQ sizes and services up', async () => {
    const conversiones = t.runtime.resolveTopic('conversiones.eventos');
    const admin = new PulsarAdminClient(t.runtime.pulsarHttpUrl);
    // Nobody consumes this subscription: everything published from now on stays in its backlog.
    await admin.createSubscription(conversiones, 'test.sin-consumidor', 'latest');

    const clicks = Array.from({ length: 5 }, () => ({
      eventType: 'ClickRegistrado' as const,
      payload: { ...SAMPLE_PAYLOADS.ClickRegistrado, id: randomUUID(), timestamp: Date.now() },
      meta: { aggregate_id: randomUUID(), occurred_at: Date.now() },
    }));
    await publishTestEvents(t.runtime.resolveTopic, clicks);

    // A message dead-lettered by the monitoreo consumer of `clicks` lands here: produce two straight to that name.
    const dlq = `${t.runtime.resolveTopic('clicks')}-monitoreo.externos-DLQ`;
    const client = new PulsarWebSocketClient({ httpUrl: t.runtime.pulsarHttpUrl });
    try {
      for (const n of [1, 2]) await client.producer(dlq).send({ payload: Buffer.from(`{"n":${n},"roto":true}`), properties: { dlq_reason: 'test' } });
    } finally {
      await client.close();
    }

    const e = await waitFor(
      async () => {
        const body = await ecosistema();
        const subs = topic(body, 'conversiones.eventos').subscriptions;
        const sinConsumidor = subs.find((s) => s.name === 'test.sin-consumidor');
        const eventLog = subs.find((s) => s.name === 'monitoreo.event-log');
        const d = body.dlq.find((x) => x.topic === dlq);
        return sinConsumidor?.backlog === 5 && (eventLog?.consumers ?? 0) > 0 && d?.messages === 2 ? body : undefined;
      },
      30_000,
      "backlog 5 on test.sin-consumidor, monitoreo's event-log consumer connected, 2 messages in the clicks DLQ",
    );

    expect(e.broker).toEqual({ url: t.runtime.pulsarHttpUrl, ok: true, error: null });
    expect(e.topics.map((x) => x.key)).toEqual(Object.keys(TOPICS));
    for (const spec of Object.values(TOPICS)) {
      expect(topic(e, spec.key)).toMatchObject({
        topic: t.runtime.resolveTopic(spec.key),
        exists: true,
        partitions: spec.partitions,
        catalog_partitions: spec.partitions,
        error: null,
      });
      // Every catalog subscription is listed, first and in catalog order.
      expect(topic(e, spec.key).subscriptions.slice(0, spec.subscriptions.length).map((s) => [s.name, s.in_catalog])).toEqual(
        spec.subscriptions.map((s) => [s.name, true]),
      );
    }

    const conv = topic(e, 'conversiones.eventos');
    expect(conv.msg_in_counter).toBe(5);
    expect(conv.storage_size).toBeGreaterThan(0);
    expect(conv.subscriptions.find((s) => s.name === 'test.sin-consumidor')).toMatchObject({
      backlog: 5,
      consumers: 0,
      durable: true,
      in_catalog: false,
      exists: true,
    });
    // monitoreo's own event-log consumer is connected to its catalog subscription: the broker's type is shown.
    expect(conv.subscriptions.find((s) => s.name === 'monitoreo.event-log')).toMatchObject({ type: 'Key_Shared', exists: true, durable: true });
    expect(conv.backlog).toBeGreaterThanOrEqual(5);

    const suscripcionesDelCatalogo = Object.values(TOPICS).flatMap((s) => s.subscriptions.map((sub) => `${t.runtime.resolveTopic(s.key)}-${sub.name}-DLQ`));
    expect(e.dlq.map((d) => d.topic)).toEqual(suscripcionesDelCatalogo);
    expect(e.dlq.find((d) => d.topic === dlq)).toEqual({ topic: dlq, source_key: 'clicks', subscription: 'monitoreo.externos', messages: 2, exists: true, error: null });
    // Nothing else was dead-lettered: those DLQs do not exist and count 0.
    expect(e.dlq.filter((d) => d.topic !== dlq).every((d) => d.messages === 0 && !d.exists && d.error === null)).toBe(true);

    expect(e.servicios).toEqual([
      { servicio: 'afiliados', url: servicioUrl, up: true, status: 'healthy', latencia_ms: expect.any(Number), error: null },
      {
        servicio: 'conversiones',
        url: `http://127.0.0.1:${cerrado}`,
        up: false,
        status: 'unreachable',
        latencia_ms: null,
        error: expect.stringContaining('ECONNREFUSED'),
      },
    ]);
    expect(e.resumen).toMatchObject({ topics: 10, topics_total: 10, dlq_total: 2, servicios_up: 1, servicios_total: 2 });
    expect(e.resumen.backlog_total).toBe(e.topics.reduce((sum, x) => sum + x.backlog, 0));
    expect(e.resumen.backlog_total).toBeGreaterThanOrEqual(5);
    expect(new Date(e.generado_en).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });

  it('documents the answer in OpenAPI', async () => {
    const res = await t.http().get('/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.paths['/ecosistema'].get.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/EcosistemaResponseDto',
    });
    expect(Object.keys(res.body.components.schemas.TopicResponseDto.properties)).toEqual(
      expect.arrayContaining(['key', 'topic', 'partitions', 'msg_rate_in', 'msg_rate_out', 'msg_in_counter', 'storage_size', 'subscriptions']),
    );
  });
});

describe('monitoreo /ecosistema when the broker does not answer', () => {
  let app: INestApplication;
  let cerrado: number;

  beforeAll(async () => {
    cerrado = await puertoCerrado();
    const moduleRef = await Test.createTestingModule({
      imports: [
        EcosistemaModule.forRoot({
          pulsarHttpUrl: `http://127.0.0.1:${cerrado}`,
          resolveTopic: testTopicResolver('nadie'),
          settings: { MONITOREO_SERVICIOS: '' },
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers 200 with broker.ok = false and the reason, and no topics or DLQs', async () => {
    const res = await request(app.getHttpServer()).get('/ecosistema');

    expect(res.status).toBe(200);
    expect(res.body.broker).toEqual({
      url: `http://127.0.0.1:${cerrado}`,
      ok: false,
      error: `Pulsar admin API at http://127.0.0.1:${cerrado} did not answer: fetch failed: connect ECONNREFUSED 127.0.0.1:${cerrado}`,
    });
    expect(res.body.topics).toEqual([]);
    expect(res.body.dlq).toEqual([]);
    expect(res.body.resumen).toEqual({ topics: 0, topics_total: 10, backlog_total: 0, dlq_total: 0, servicios_up: 0, servicios_total: 0 });
  });
});
