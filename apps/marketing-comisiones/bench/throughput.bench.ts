import request from 'supertest';
import { encodeEvent, messageProperties, topicOfEvent } from '@alpes/contracts';
import { PulsarWebSocketClient, pulsarHttpUrlFromEnv } from '@alpes/messaging';
import { waitFor } from '@alpes/platform/testing';
import { impresion, click, conversionValidada } from '../test/support/eventos';
import { nuevaCampana, publicarAfiliado, startMarketingTestApp, type MarketingTestApp } from '../test/support/marketing-app';

/**
 * Measurement, not a test (run on demand: npx jest -c apps/marketing-comisiones/jest.bench.config.ts): how fast the batch consumer of conversiones.eventos turns a backlog of tracking
 * events (impressions:clicks:conversions ≈ 100:10:1, the benchmark's mix) into accruals and commissions on this
 * machine. The backlog is published while the service is stopped, then the service starts and drains it.
 */
describe('marketing-comisiones: conversiones.eventos throughput', () => {
  const N = Number(process.env['MC_PERF_EVENTS'] ?? 20_000);
  let t: MarketingTestApp | undefined;

  afterAll(async () => {
    await t?.app.close();
  });

  it(`drains ${N} tracking events`, async () => {
    t = await startMarketingTestApp('perf', { ACUMULADOS_PUBLICACION_MS: '1000' });
    const afiliados = await Promise.all(Array.from({ length: 5 }, () => publicarAfiliado(t as MarketingTestApp)));
    const campanas: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await request(t.app.getHttpServer()).post('/api/v1/campanas').send(nuevaCampana({ presupuesto: 99_999_999 })).expect(201);
      await request(t.app.getHttpServer()).post(`/api/v1/campanas/${res.body.id}/activar`).expect(200);
      campanas.push(res.body.id);
    }
    const runtime = t.runtime;
    await t.app.close();
    t = undefined;

    const client = new PulsarWebSocketClient({ httpUrl: pulsarHttpUrlFromEnv() });
    const eventos = Array.from({ length: N }, (_, i) => {
      const c = campanas[i % campanas.length];
      const a = afiliados[i % afiliados.length];
      return i % 111 === 0 ? conversionValidada(c, a) : i % 11 === 0 ? click(c, a) : impresion(c, a);
    });
    const inicioPublicacion = Date.now();
    for (let i = 0; i < eventos.length; i += 1000) {
      await Promise.all(
        eventos.slice(i, i + 1000).map((e) => {
          const { envelope, bytes } = encodeEvent(e.eventType, e.payload as never, { ...e.meta, producer: 'conversiones' });
          return client.producer(runtime.resolveTopic(topicOfEvent(e.eventType))).send({
            key: e.meta.key ?? envelope.aggregate_id,
            payload: bytes,
            properties: messageProperties(envelope),
            eventTime: Number(envelope.occurred_at),
          });
        }),
      );
    }
    await client.close();
    const publicacionMs = Date.now() - inicioPublicacion;

    const conversiones = eventos.filter((e) => e.eventType === 'ConversionValidada').length;
    const tracking = N - conversiones;
    const inicio = Date.now();
    t = await startMarketingTestApp('perf', { ACUMULADOS_PUBLICACION_MS: '1000' }, runtime);
    const listo = Date.now();
    const dataSource = t.dataSource;
    await waitFor(
      async () => {
        const [fila]: { acumulados: string | null; conversiones: string }[] = await dataSource.query(
          "SELECT SUM(CASE WHEN tipo = 'ACUMULADO' THEN cantidad ELSE 0 END) acumulados, SUM(CASE WHEN tipo = 'CONVERSION' THEN 1 ELSE 0 END) conversiones FROM comisiones",
        );
        return Number(fila.acumulados ?? 0) === tracking && Number(fila.conversiones) === conversiones;
      },
      300_000,
      `${N} events drained`,
    );
    const fin = Date.now();
    const ms = fin - listo;
    console.log(
      JSON.stringify({
        eventos: N,
        tracking,
        conversiones,
        publicacion_ms: publicacionMs,
        arranque_ms: listo - inicio,
        drenado_ms: ms,
        eventos_por_s: Math.round((N * 1000) / ms),
      }),
    );
  }, 600_000);
});
