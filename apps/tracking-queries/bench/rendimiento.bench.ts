import { randomUUID } from 'node:crypto';
import { encodeEvent, messageProperties, SAMPLE_PAYLOADS, topicOfEvent, type EventPayloadMap, type EventType } from '@alpes/contracts';
import { PulsarWebSocketClient } from '@alpes/messaging';
import { createServiceApp } from '@alpes/platform';
import { prepareTestRuntime, waitFor } from '@alpes/platform/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { SERVICE_DEFINITION } from '../src/service-definition';

/**
 * Projection throughput, measured (not a pass/fail gate, not part of npm test): npx jest -c
 * apps/tracking-queries/jest.bench.config.ts
 * N events (impressions : clicks : conversions ≈ 100 : 10 : 1 over 50 campaigns × 200 affiliates) are published
 * first; the app then starts and the time until every counter is right gives the end-to-end projection rate.
 * A rebuild of the same data is timed too.
 */
const N = Number(process.env['TRACKING_QUERIES_BENCH_EVENTS'] || 50_000);

it(`projects ${N} events and rebuilds them (rates printed)`, async () => {
  const runtime = await prepareTestRuntime('tracking-queries', 'rendimiento');
  const client = new PulsarWebSocketClient({ httpUrl: runtime.pulsarHttpUrl, producer: { maxPendingMessages: 2000 } });
  const campanas = Array.from({ length: 50 }, (_, i) => `bench-c${i}`);
  const afiliados = Array.from({ length: 200 }, (_, i) => `bench-a${i}`);
  let impresiones = 0;
  const inicioPub = Date.now();
  const envios: Promise<unknown>[] = [];
  const enviar = <E extends EventType>(eventType: E, payload: EventPayloadMap[E], key: string) => {
    const { envelope, bytes } = encodeEvent(eventType, payload, { aggregate_id: key, producer: 'bench', event_id: randomUUID() });
    envios.push(client.producer(runtime.resolveTopic(topicOfEvent(eventType))).send({ key, payload: bytes, properties: messageProperties(envelope) }));
  };
  for (let i = 0; i < N; i++) {
    const c = campanas[i % 50];
    const a = afiliados[i % 200];
    const id = `bench-${i}`;
    if (i % 111 === 110) {
      enviar('ConversionValidada', { ...SAMPLE_PAYLOADS.ConversionValidada, conversion_id: id, campana_id: c, afiliado_id: a, valor: '10.5000', moneda: 'COP' }, id);
    } else if (i % 11 === 10) {
      enviar('ClickRegistrado', { ...SAMPLE_PAYLOADS.ClickRegistrado, id, campana_id: c, afiliado_id: a }, id);
    } else {
      impresiones++;
      enviar('ImpresionRegistrada', { ...SAMPLE_PAYLOADS.ImpresionRegistrada, id, campana_id: c, afiliado_id: a }, id);
    }
    if (envios.length >= 2000) await Promise.all(envios.splice(0));
  }
  await Promise.all(envios.splice(0));
  const pubMs = Date.now() - inicioPub;
  await client.close();

  const app = await createServiceApp(AppModule.forRoot(runtime), SERVICE_DEFINITION);
  const inicio = Date.now();
  const sumar = async () => {
    let total = 0;
    for (const c of campanas) {
      const res = await request(app.getHttpServer()).get(`/tracking/queries/campanas/${c}/estadisticas`);
      if (res.status === 200) total += res.body.impresiones;
    }
    return total;
  };
  await waitFor(async () => (await sumar()) === impresiones, 600_000, `${impresiones} impressions projected`);
  const proyMs = Date.now() - inicio;

  const inicioReb = Date.now();
  const post = await request(app.getHttpServer()).post('/tracking/queries/admin/rebuild').expect(202);
  await waitFor(
    async () => (await request(app.getHttpServer()).get(`/tracking/queries/admin/rebuild/${post.body.rebuild_id}`)).body.estado === 'COMPLETADA',
    600_000,
    'rebuild',
  );
  const rebMs = Date.now() - inicioReb;
  expect(await sumar()).toBe(impresiones);
  await app.close();
  process.stdout.write(
    `tracking-queries bench: ${N} events published in ${pubMs} ms (${Math.round((N / pubMs) * 1000)}/s); ` +
      `projected (start-up included) in ${proyMs} ms = ${Math.round((N / proyMs) * 1000)} events/s; ` +
      `rebuild (replay + switch + cleanup) in ${rebMs} ms = ${Math.round((N / rebMs) * 1000)} events/s\n`,
  );
}, 1_200_000);
