import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { EventType } from '@alpes/contracts';
import { concurrently, listenLocally, outboxEvents, statusCounts } from '@alpes/platform/testing';
import { nuevaCampana, publicarAfiliado, startMarketingTestApp, type MarketingTestApp } from './support/marketing-app';

/** A small pool, and three times as many concurrent requests: 20 requests used to deadlock the pool of 20 for good. */
const POOL = 4;
const N = 3 * POOL;

/**
 * Races on every state-changing endpoint of marketing-comisiones with a pool of 4: never a 5xx, exactly one effect
 * (one row, one event, the budget moved once), and `/health` still 200 afterwards.
 */
describe('marketing-comisiones: concurrent requests on every state change (pool of 4)', () => {
  let t: MarketingTestApp;
  let url: string;
  let afiliadoId: string;
  const http = () => request(url);

  beforeAll(async () => {
    t = await startMarketingTestApp('carreras', { MYSQL_POOL_SIZE: String(POOL) });
    url = await listenLocally(t.app);
    afiliadoId = await publicarAfiliado(t);
  });
  afterAll(async () => {
    await t?.app.close();
  });

  afterEach(async () => {
    const health = await http().get('/health');
    expect({ status: health.status, pool: health.body.checks?.database?.pool?.size }).toEqual({ status: 200, pool: POOL });
  });

  const eventos = async (tipo: EventType, aggregateId: string) => (await outboxEvents((q, p) => t.dataSource.query(q, p), tipo, aggregateId)).length;

  function sin5xx(replies: readonly request.Response[]): void {
    expect(replies.filter((r) => r.status >= 500).map((r) => [r.status, r.body])).toEqual([]);
  }

  function codigos(replies: readonly request.Response[], status: number): string[] {
    return [...new Set(replies.filter((r) => r.status === status).map((r) => String(r.body.code)))];
  }

  async function campana(overrides: Record<string, unknown> = {}, activar = true): Promise<string> {
    const { body } = await http().post('/api/v1/campanas').send(nuevaCampana({ presupuesto: 1000000, ...overrides })).expect(201);
    if (activar) await http().post(`/api/v1/campanas/${body.id}/activar`).expect(200);
    return body.id as string;
  }

  async function comision(campanaId: string, monto = 1000): Promise<string> {
    const { body } = await http()
      .post('/api/v1/comisiones')
      .send({ afiliado_id: afiliadoId, conversion_id: `conv-${randomUUID()}`, campana_id: campanaId, tipo_comision: 'fija', monto })
      .expect(201);
    return body.id as string;
  }

  const disponible = async (campanaId: string): Promise<number> =>
    (await http().get(`/api/v1/campanas/${campanaId}`).expect(200)).body.presupuesto_disponible as number;

  describe('campaigns', () => {
    it('POST /campanas: 24 identical requests with one client id → one 201, the rest 200 with the same campaign, one row, one CampanaCreada', async () => {
      const body = nuevaCampana({ id: randomUUID() });
      const replies = await concurrently(2 * N, () => http().post('/api/v1/campanas').send(body));
      sin5xx(replies);
      expect(statusCounts(replies)).toEqual({ 201: 1, 200: 2 * N - 1 });
      expect(new Set(replies.map((r) => r.body.id))).toEqual(new Set([body['id']]));
      const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM campanas WHERE id = ?', [body['id']]);
      expect(Number(n)).toBe(1);
      expect(await eventos('CampanaCreada', body['id'] as string)).toBe(1);
    });

    it('POST /campanas: one client id with two bodies at once → one 201, copies of the winner 200, the others 409 CAMPANA.ID_EN_CONFLICTO', async () => {
      const id = randomUUID();
      const cuerpos = [nuevaCampana({ id, nombre: 'Uno' }), nuevaCampana({ id, nombre: 'Dos' })];
      const replies = await concurrently(N, (i) => http().post('/api/v1/campanas').send(cuerpos[i % 2]));
      sin5xx(replies);
      const ganadora = replies.filter((r) => r.status === 201);
      expect(ganadora).toHaveLength(1);
      replies.forEach((r, i) => {
        if (cuerpos[i % 2]['nombre'] === ganadora[0].body.nombre) expect([200, 201]).toContain(r.status);
        else expect([r.status, r.body.code]).toEqual([409, 'CAMPANA.ID_EN_CONFLICTO']);
      });
      expect(await eventos('CampanaCreada', id)).toBe(1);
    });

    it.each([
      ['activar', 'CampanaActivada', false],
      ['pausar', 'CampanaPausada', true],
      ['finalizar', 'CampanaFinalizada', true],
    ] as const)('POST /campanas/:id/%s ×12 → one 200, the rest 409 CAMPANA.TRANSICION_INVALIDA, one %s', async (accion, evento, activa) => {
      const id = await campana({}, activa);
      const replies = await concurrently(N, () => http().post(`/api/v1/campanas/${id}/${accion}`).send({}));
      sin5xx(replies);
      expect(statusCounts(replies)).toEqual({ 200: 1, 409: N - 1 });
      expect(codigos(replies, 409)).toEqual(['CAMPANA.TRANSICION_INVALIDA']);
      expect(await eventos(evento, id)).toBe(1);
    });

    it('POST /campanas/:id/afiliados ×12 with one affiliate → all 200 (idempotent), assigned once, one AfiliadoAsignadoACampana', async () => {
      const id = await campana();
      const replies = await concurrently(N, () => http().post(`/api/v1/campanas/${id}/afiliados`).send({ afiliado_id: afiliadoId }));
      sin5xx(replies);
      expect(statusCounts(replies)).toEqual({ 200: N });
      const { body } = await http().get(`/api/v1/campanas/${id}`).expect(200);
      expect(body.afiliados_ids).toEqual([afiliadoId]);
      expect(await eventos('AfiliadoAsignadoACampana', id)).toBe(1);
    });

    it('DELETE /campanas/:id/afiliados/:afiliadoId ×12 → one 200, the rest 404 CAMPANA.AFILIADO_NO_ASIGNADO, one AfiliadoRetiradoDeCampana', async () => {
      const id = await campana();
      await http().post(`/api/v1/campanas/${id}/afiliados`).send({ afiliado_id: afiliadoId }).expect(200);
      const replies = await concurrently(N, () => http().delete(`/api/v1/campanas/${id}/afiliados/${afiliadoId}`));
      sin5xx(replies);
      expect(statusCounts(replies)).toEqual({ 200: 1, 404: N - 1 });
      expect(codigos(replies, 404)).toEqual(['CAMPANA.AFILIADO_NO_ASIGNADO']);
      expect(await eventos('AfiliadoRetiradoDeCampana', id)).toBe(1);
    });
  });

  describe('commissions', () => {
    it('POST /comisiones ×12 for one conversion → one 201, the rest 409 COMISION.CONVERSION_DUPLICADA, the budget taken once', async () => {
      const campanaId = await campana({ presupuesto: 100000 });
      const conversionId = `conv-${randomUUID()}`;
      const body = { afiliado_id: afiliadoId, conversion_id: conversionId, campana_id: campanaId, tipo_comision: 'fija', monto: 2500 };
      const replies = await concurrently(N, () => http().post('/api/v1/comisiones').send(body));
      sin5xx(replies);
      expect(statusCounts(replies)).toEqual({ 201: 1, 409: N - 1 });
      expect(codigos(replies, 409)).toEqual(['COMISION.CONVERSION_DUPLICADA']);
      expect(await disponible(campanaId)).toBe(97500);
      const id = replies.find((r) => r.status === 201)?.body.id as string;
      expect(await eventos('ComisionCalculada', id)).toBe(1);
    });

    it('POST /comisiones/:id/aprobar ×12 → one 200, the rest 409 COMISION.TRANSICION_INVALIDA, one ComisionAprobada', async () => {
      const id = await comision(await campana());
      const replies = await concurrently(N, () => http().post(`/api/v1/comisiones/${id}/aprobar`));
      sin5xx(replies);
      expect(statusCounts(replies)).toEqual({ 200: 1, 409: N - 1 });
      expect(codigos(replies, 409)).toEqual(['COMISION.TRANSICION_INVALIDA']);
      expect(await eventos('ComisionAprobada', id)).toBe(1);
    });

    it('POST /comisiones/:id/rechazar ×12 on one commission → one 200, the rest 409, the budget given back once, one ComisionRechazada', async () => {
      const campanaId = await campana({ presupuesto: 50000 });
      const id = await comision(campanaId, 4000);
      expect(await disponible(campanaId)).toBe(46000);
      const replies = await concurrently(N, () => http().post(`/api/v1/comisiones/${id}/rechazar`).send({ motivo: 'fraude' }));
      sin5xx(replies);
      expect(statusCounts(replies)).toEqual({ 200: 1, 409: N - 1 });
      expect(codigos(replies, 409)).toEqual(['COMISION.TRANSICION_INVALIDA']);
      expect(await disponible(campanaId)).toBe(50000);
      expect(await eventos('ComisionRechazada', id)).toBe(1);
    });

    it('POST /comisiones/<12 distinct PENDIENTE ids>/rechazar at once (the repro of the pool deadlock) → all 200 within the acquire bound, every budget back', async () => {
      const campanaId = await campana({ presupuesto: 120000 });
      const ids: string[] = [];
      for (let i = 0; i < N; i++) ids.push(await comision(campanaId, 1000));
      expect(await disponible(campanaId)).toBe(120000 - N * 1000);
      const replies = await concurrently(N, (i) => http().post(`/api/v1/comisiones/${ids[i]}/rechazar`).send({ motivo: 'lote revisado' }));
      sin5xx(replies);
      expect(statusCounts(replies)).toEqual({ 200: N });
      expect(await disponible(campanaId)).toBe(120000);
    });
  });

  describe('payouts', () => {
    async function aprobadas(n: number): Promise<string> {
      const afiliado = await publicarAfiliado(t);
      const campanaId = await campana();
      for (let i = 0; i < n; i++) {
        const { body } = await http()
          .post('/api/v1/comisiones')
          .send({ afiliado_id: afiliado, conversion_id: `conv-${randomUUID()}`, campana_id: campanaId, tipo_comision: 'fija', monto: 1500 })
          .expect(201);
        await http().post(`/api/v1/comisiones/${body.id}/aprobar`).expect(200);
      }
      return afiliado;
    }

    it('POST /pagos ×12 for one affiliate → one 201 holding every commission, the rest 422 PAGO.SIN_COMISIONES, one PagoProgramado', async () => {
      const afiliado = await aprobadas(3);
      const replies = await concurrently(N, () => http().post('/api/v1/pagos').send({ afiliado_id: afiliado }));
      sin5xx(replies);
      expect(statusCounts(replies)).toEqual({ 201: 1, 422: N - 1 });
      expect(codigos(replies, 422)).toEqual(['PAGO.SIN_COMISIONES']);
      const pago = replies.find((r) => r.status === 201)?.body;
      expect(pago.monto).toBe(4500);
      expect(await eventos('PagoProgramado', pago.id)).toBe(1);
    });

    it('POST /pagos/:id/ejecutar ×12 → one 200 PAGADO, the rest 409 PAGO.YA_EJECUTADO, one PagoRealizado', async () => {
      const afiliado = await aprobadas(2);
      const { body: pago } = await http().post('/api/v1/pagos').send({ afiliado_id: afiliado }).expect(201);
      const replies = await concurrently(N, () => http().post(`/api/v1/pagos/${pago.id}/ejecutar`));
      sin5xx(replies);
      expect(statusCounts(replies)).toEqual({ 200: 1, 409: N - 1 });
      expect(codigos(replies, 409)).toEqual(['PAGO.YA_EJECUTADO']);
      expect(replies.find((r) => r.status === 200)?.body.estado).toBe('PAGADO');
      expect(await eventos('PagoRealizado', pago.id)).toBe(1);
    });
  });
});
