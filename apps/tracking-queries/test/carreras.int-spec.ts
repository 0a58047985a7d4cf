import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createServiceApp } from '@alpes/platform';
import { concurrently, listenLocally, prepareTestRuntime, publishTestEvents, statusCounts, waitFor } from '@alpes/platform/testing';
import { AppModule } from '../src/app.module';
import { SERVICE_DEFINITION } from '../src/service-definition';
import { ev, ids } from './support/tracking-queries-app';

/** A small pool, and three times as many concurrent requests. */
const POOL = 4;
const N = 3 * POOL;

/**
 * The one state-changing endpoint of tracking-queries, the rebuild, raced with a pool of 4: never a 5xx, exactly one
 * rebuild started per round, and `/health` still 200 afterwards.
 */
describe('tracking-queries: concurrent rebuild requests (pool of 4)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let url: string;
  const http = () => request(url);

  beforeAll(async () => {
    const runtime = await prepareTestRuntime('tracking-queries', 'carreras');
    app = await createServiceApp(AppModule.forRoot({ ...runtime, settings: { MYSQL_POOL_SIZE: String(POOL) } }), SERVICE_DEFINITION);
    dataSource = app.get<DataSource>(getDataSourceToken());
    url = await listenLocally(app);
    const campana = ids('cam');
    await publishTestEvents(
      runtime.resolveTopic,
      [1, 2, 3].map((i) => {
        const id = ids(`imp${i}`);
        return ev('ImpresionRegistrada', { id, campana_id: campana, afiliado_id: 'afi-1', timestamp: Date.now() }, { key: campana });
      }) as never,
    );
  });
  afterAll(async () => {
    await app?.close();
  });

  async function terminada(id: string): Promise<void> {
    await waitFor(
      async () => {
        const res = await http().get(`/tracking/queries/admin/rebuild/${id}`).expect(200);
        if (res.body.estado === 'FALLIDA') throw new Error(`rebuild failed: ${res.body.error}`);
        return res.body.estado === 'COMPLETADA';
      },
      90_000,
      `rebuild ${id}`,
    );
  }

  it('POST /tracking/queries/admin/rebuild ×12, twice → each round one 202 and eleven 409 RECONSTRUCCION.EN_CURSO naming it; each rebuild completes', async () => {
    for (let ronda = 0; ronda < 2; ronda++) {
      const replies = await concurrently(N, () => http().post('/tracking/queries/admin/rebuild').send({ motivo: `carrera ${ronda}` }));
      expect(replies.filter((r) => r.status >= 500).map((r) => [r.status, r.body])).toEqual([]);
      expect(statusCounts(replies)).toEqual({ 202: 1, 409: N - 1 });
      const aceptada = replies.find((r) => r.status === 202)?.body;
      for (const r of replies.filter((x) => x.status === 409)) {
        expect(r.body).toMatchObject({ code: 'RECONSTRUCCION.EN_CURSO', details: { rebuild_id: aceptada.rebuild_id } });
      }
      const [{ n }] = await dataSource.query("SELECT COUNT(*) AS n FROM reconstrucciones WHERE estado = 'EN_CURSO'");
      expect(Number(n)).toBeLessThanOrEqual(1);
      await terminada(aceptada.rebuild_id);
    }
    const [{ total }] = await dataSource.query('SELECT COUNT(*) AS total FROM reconstrucciones');
    expect(Number(total)).toBe(2);
    const health = await http().get('/health');
    expect({ status: health.status, pool: health.body.checks?.database?.pool?.size }).toEqual({ status: 200, pool: POOL });
  });
});
