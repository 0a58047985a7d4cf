import request from 'supertest';
import { concurrently, listenLocally, outboxEvents, statusCounts } from '@alpes/platform/testing';
import { startMonitoreoTestApp, type MonitoreoTestApp } from './support/monitoreo-app';
import { silenciarLogs } from './support/silenciar-logs';

/** A small pool, and three times as many concurrent requests. */
const POOL = 4;
const N = 3 * POOL;
const REGLA = 'TASA_CONVERSION_BAJA';

/**
 * The one state-changing endpoint of monitoreo, `PUT /alertas/reglas/:id`, raced with a pool of 4: never a 5xx, no
 * change answered 200 and then lost, one audit record per accepted change, and `/health` still 200 afterwards.
 */
describe('monitoreo: concurrent rule changes (pool of 4)', () => {
  let t: MonitoreoTestApp;
  let url: string;
  const http = () => request(url);
  silenciarLogs();

  beforeAll(async () => {
    t = await startMonitoreoTestApp('carreras', { settings: { MYSQL_POOL_SIZE: String(POOL) } });
    url = await listenLocally(t.app);
  });
  afterAll(async () => {
    await t?.close();
  });

  afterEach(async () => {
    const health = await http().get('/health');
    expect({ status: health.status, pool: health.body.checks?.database?.pool?.size }).toEqual({ status: 200, pool: POOL });
  });

  const regla = async () => (await http().get('/alertas').expect(200)).body.reglas.find((r: { id: string }) => r.id === REGLA);
  const auditorias = async () =>
    (await outboxEvents((q, p) => t.dataSource.query(q, p), 'AccionRegistrada', REGLA)).filter(
      (e) => (e.payload as { accion: string }).accion === 'CONFIGURAR_REGLA_ALERTA',
    ).length;

  it('PUT ×12 with one body → all 200, one stored row with that configuration, one audit record per request', async () => {
    const antes = await auditorias();
    const body = { umbral: 3.5, periodo: '24h', minimo_clicks: 50, activa: true };
    const replies = await concurrently(N, () => http().put(`/alertas/reglas/${REGLA}`).send(body));
    expect(replies.filter((r) => r.status >= 500).map((r) => [r.status, r.body])).toEqual([]);
    expect(statusCounts(replies)).toEqual({ 200: N });
    expect(await t.dataSource.query('SELECT id FROM reglas_alerta')).toHaveLength(1);
    expect(await regla()).toEqual({ id: REGLA, ...body });
    expect((await auditorias()) - antes).toBe(N);
  });

  it('PUT ×12 changing different fields at once → all 200 and every change kept (no lost update)', async () => {
    await http().put(`/alertas/reglas/${REGLA}`).send({ umbral: 2, periodo: '1h', minimo_clicks: 100, activa: true }).expect(200);
    const cambios = [{ umbral: 7.25 }, { periodo: '7d' }, { minimo_clicks: 42 }, { activa: false }];
    const replies = await concurrently(N, (i) => http().put(`/alertas/reglas/${REGLA}`).send(cambios[i % cambios.length]));
    expect(replies.filter((r) => r.status >= 500).map((r) => [r.status, r.body])).toEqual([]);
    expect(statusCounts(replies)).toEqual({ 200: N });
    expect(await regla()).toEqual({ id: REGLA, umbral: 7.25, periodo: '7d', minimo_clicks: 42, activa: false });
  });
});
