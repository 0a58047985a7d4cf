import { randomUUID } from 'node:crypto';
import { encodeEvent, messageProperties, SAMPLE_PAYLOADS, topicOfEvent, type EventPayloadMap, type EventType } from '@alpes/contracts';
import { PulsarWebSocketClient } from '@alpes/messaging';
import { createServiceApp } from '@alpes/platform';
import { prepareTestRuntime, waitFor } from '@alpes/platform/testing';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { AppModule } from '../src/app.module';
import { SERVICE_DEFINITION } from '../src/service-definition';

/**
 * How fast the event log drains a backlog (measured, not a pass/fail gate, not part of npm test):
 *   npx jest -c apps/monitoreo/jest.bench.config.ts
 * N events (impressions : clicks : conversions : commissions ≈ 100 : 10 : 1 : 1, on conversiones.eventos and
 * comisiones.eventos, plus 1 % raw JSON clicks) are published first to per-run topics; the app then starts and the
 * time until every one is a row gives the drain rate (events/s), printed.
 */
const N = Number(process.env['MONITOREO_BENCH_EVENTS'] || 50_000);

it(`drains a backlog of ${N} events into the log (rate printed)`, async () => {
  process.env['LOG_LEVEL'] = process.env['LOG_LEVEL'] ?? 'warn';
  const runtime = await prepareTestRuntime('monitoreo', 'drenaje');
  const client = new PulsarWebSocketClient({ httpUrl: runtime.pulsarHttpUrl, producer: { maxPendingMessages: 2000 } });
  const envios: Promise<unknown>[] = [];
  const enviar = <E extends EventType>(eventType: E, payload: EventPayloadMap[E], key: string) => {
    const { envelope, bytes } = encodeEvent(eventType, payload, { aggregate_id: key, producer: 'bench', event_id: randomUUID() });
    envios.push(client.producer(runtime.resolveTopic(topicOfEvent(eventType))).send({ key, payload: bytes, properties: messageProperties(envelope) }));
  };
  const inicioPub = Date.now();
  for (let i = 0; i < N; i++) {
    const id = `bench-${i}`;
    const c = `bench-c${i % 50}`;
    if (i % 100 === 99) {
      envios.push(client.producer(runtime.resolveTopic('clicks')).send({ key: 'x', payload: Buffer.from(JSON.stringify({ user_id: id, timestamp: Date.now() })) }));
    } else if (i % 112 === 111) {
      enviar('ComisionCalculada', { ...SAMPLE_PAYLOADS.ComisionCalculada, id, campana_id: c, monto: '1.5000', moneda: 'COP' }, c);
    } else if (i % 111 === 110) {
      enviar('ConversionValidada', { ...SAMPLE_PAYLOADS.ConversionValidada, conversion_id: id, campana_id: c, valor: '10.5000', moneda: 'COP' }, id);
    } else if (i % 11 === 10) {
      enviar('ClickRegistrado', { ...SAMPLE_PAYLOADS.ClickRegistrado, id, campana_id: c }, id);
    } else {
      enviar('ImpresionRegistrada', { ...SAMPLE_PAYLOADS.ImpresionRegistrada, id, campana_id: c }, id);
    }
    if (envios.length >= 2000) await Promise.all(envios.splice(0));
  }
  await Promise.all(envios.splice(0));
  const pubMs = Date.now() - inicioPub;
  await client.close();

  const inicio = Date.now();
  const app = await createServiceApp(AppModule.forRoot(runtime), SERVICE_DEFINITION);
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const filas = async () => Number(((await dataSource.query("SELECT COUNT(*) AS n FROM registro_eventos WHERE producer = 'bench' OR source_topic = 'clicks'")) as { n: string }[])[0].n);
  await waitFor(async () => (await filas()) >= N, 900_000, `${N} rows`);
  const ms = Date.now() - inicio;
  const totales = await dataSource.query('SELECT COUNT(*) AS n FROM registro_eventos');
  const exactas = await filas();
  await app.close();
  console.log(
    JSON.stringify({
      eventos: N,
      publicacion_s: pubMs / 1000,
      drenaje_s: ms / 1000,
      eventos_por_segundo: Math.round((N / ms) * 1000),
      filas_totales: Number(totales[0].n),
    }),
  );
  // Every event exactly once.
  expect(exactas).toBe(N);
});
