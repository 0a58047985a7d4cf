import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createServiceApp } from '@alpes/platform';
import { concurrently, listenLocally, prepareTestRuntime, statusCounts } from '@alpes/platform/testing';
import { AppModule } from '../src/app.module';
import { SERVICE_DEFINITION } from '../src/service-definition';
import { nuevoAfiliado } from './support/afiliados-app';

/** A small pool, and at least twice as many concurrent requests: what deadlocked a pool of 20 under 20 requests. */
const POOL = 4;
const N = 3 * POOL;

/**
 * Races on every state-changing endpoint of afiliados, with a pool of 4 and 12 (20 for the create) requests at once:
 * never a 5xx, exactly one effect (one row, one event), and `/health` still 200 afterwards.
 */
describe('afiliados: concurrent requests on every state change (pool of 4)', () => {
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let url: string;

  beforeAll(async () => {
    const runtime = await prepareTestRuntime('afiliados', 'carreras');
    app = await createServiceApp(AppModule.forRoot({ ...runtime, settings: { MYSQL_POOL_SIZE: String(POOL) } }), SERVICE_DEFINITION);
    dataSource = app.get<DataSource>(getDataSourceToken());
    url = await listenLocally(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  afterEach(async () => {
    const health = await request(url).get('/health');
    expect(health.status).toBe(200);
    expect(health.body.checks.database.pool).toMatchObject({ size: POOL });
  });

  async function eventos(afiliadoId: string, tipo: string): Promise<number> {
    const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM outbox_messages WHERE event_type = ? AND message_key = ?', [tipo, afiliadoId]);
    return Number(n);
  }

  async function registrado(estado: 'PENDIENTE' | 'ACTIVO' | 'SUSPENDIDO'): Promise<string> {
    const { body } = await request(url).post('/api/v1/afiliados').send(nuevoAfiliado()).expect(201);
    if (estado !== 'PENDIENTE') await request(url).post(`/api/v1/afiliados/${body.id}/activar`).expect(200);
    if (estado === 'SUSPENDIDO') await request(url).post(`/api/v1/afiliados/${body.id}/suspender`).send({ motivo: 'fraude' }).expect(200);
    return body.id as string;
  }

  function sin5xx(replies: readonly request.Response[]): void {
    expect(replies.filter((r) => r.status >= 500).map((r) => [r.status, r.body])).toEqual([]);
  }

  it('POST /afiliados: 20 identical requests with one client id, 1.5 ms apart → one 201, nineteen 200 replays, one row, one event', async () => {
    const body = nuevoAfiliado({ id: randomUUID() });
    const replies = await concurrently(20, () => request(url).post('/api/v1/afiliados').send(body), 1.5);
    sin5xx(replies);
    expect(statusCounts(replies)).toEqual({ 201: 1, 200: 19 });
    expect(new Set(replies.map((r) => r.body.id))).toEqual(new Set([body['id']]));
    const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM afiliados WHERE email = ?', [body['email']]);
    expect(Number(n)).toBe(1);
    expect(await eventos(body['id'] as string, 'AfiliadoRegistrado')).toBe(1);
  });

  it('POST /afiliados: one client id with two different bodies at once → one 201, copies of the winner 200, the others 409 ID_EN_CONFLICTO', async () => {
    const id = randomUUID();
    const a = nuevoAfiliado({ id });
    const b = { ...a, nombre: `${String(a['nombre'])} bis` };
    const replies = await concurrently(N, (i) => request(url).post('/api/v1/afiliados').send(i % 2 === 0 ? a : b));
    sin5xx(replies);
    const ganadora = replies.find((r) => r.status === 201);
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    replies.forEach((r, i) => {
      const mismaQueGanadora = (i % 2 === 0 ? a : b)['nombre'] === ganadora?.body.nombre;
      if (mismaQueGanadora) expect([200, 201]).toContain(r.status);
      else expect([r.status, r.body.code]).toEqual([409, 'AFILIADO.ID_EN_CONFLICTO']);
    });
    expect(await eventos(id, 'AfiliadoRegistrado')).toBe(1);
  });

  it.each([
    ['activar', 'AfiliadoActivado', 'PENDIENTE', undefined],
    ['suspender', 'AfiliadoSuspendido', 'ACTIVO', { motivo: 'fraude detectado' }],
    ['reactivar', 'AfiliadoReactivado', 'SUSPENDIDO', undefined],
  ] as const)('POST /afiliados/:id/%s ×12 at once → one 200, the rest 409, one %s', async (accion, evento, desde, cuerpo) => {
    const id = await registrado(desde);
    const replies = await concurrently(N, () => request(url).post(`/api/v1/afiliados/${id}/${accion}`).send(cuerpo ?? {}));
    sin5xx(replies);
    expect(statusCounts(replies)).toEqual({ 200: 1, 409: N - 1 });
    for (const r of replies.filter((x) => x.status === 409)) {
      expect(['AFILIADO.TRANSICION_INVALIDA', 'AFILIADO.MODIFICACION_CONCURRENTE']).toContain(r.body.code);
    }
    expect(await eventos(id, evento)).toBe(1);
  });

  it('PUT /afiliados/:id/configuracion-comisiones ×12 with one body → 200 (or 409 MODIFICACION_CONCURRENTE), one change event, the new configuration stored', async () => {
    const id = await registrado('ACTIVO');
    const replies = await concurrently(N, () =>
      request(url).put(`/api/v1/afiliados/${id}/configuracion-comisiones`).send({ comision_base: 12.5, comision_premium: 20 }),
    );
    sin5xx(replies);
    for (const r of replies) {
      if (r.status !== 200) expect([r.status, r.body.code]).toEqual([409, 'AFILIADO.MODIFICACION_CONCURRENTE']);
    }
    expect(replies.some((r) => r.status === 200)).toBe(true);
    expect(await eventos(id, 'ConfiguracionComisionesActualizada')).toBe(1);
    const { body } = await request(url).get(`/api/v1/afiliados/${id}`).expect(200);
    expect(body.configuracion_comisiones).toMatchObject({ comision_base: 12.5, comision_premium: 20 });
  });
});
