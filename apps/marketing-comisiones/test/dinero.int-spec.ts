import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { consumeTestEvents, publishTestEvents, waitFor } from '@alpes/platform/testing';
import { DevolverPresupuestoRevertidas1791000000100 } from '../src/infrastructure/persistence/migrations/1791000000100-devolver-presupuesto-revertidas.migration';
import { conversionRevertida, conversionValidada } from './support/eventos';
import { nuevaCampana, publicarAfiliado, startMarketingTestApp, type MarketingTestApp } from './support/marketing-app';

/**
 * The money rules of issue 10 item 9 on the real broker and database (README "Money rules"): exact amounts in the
 * currency's minor unit, no commission of 0 that could sit APROBADA unpayable, and the budget of a refunded commission
 * given back at once whatever its state, so that a campaign's spent budget always equals the sum of its live
 * commissions (what tracking-queries' comisiones_total shows).
 */
describe('marketing-comisiones: money rules', () => {
  let t: MarketingTestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startMarketingTestApp('dinero');
  });
  afterAll(async () => {
    await t?.app.close();
  });

  async function campanaActiva(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await http().post('/api/v1/campanas').send(nuevaCampana(overrides)).expect(201);
    await http().post(`/api/v1/campanas/${res.body.id}/activar`).expect(200);
    return res.body.id;
  }

  async function manual(body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await http()
      .post('/api/v1/comisiones')
      .send({ conversion_id: `conv-${randomUUID()}`, ...body });
    return { status: res.status, body: res.body as Record<string, unknown> };
  }

  async function disponible(campanaId: string): Promise<number> {
    return (await http().get(`/api/v1/campanas/${campanaId}`).expect(200)).body.presupuesto_disponible as number;
  }

  /** Σ monto of the campaign's live commissions (PENDIENTE, APROBADA, PAGADA; adjustments excluded), exact. */
  async function vivas(campanaId: string): Promise<string> {
    const [fila]: { s: string | null }[] = await t.dataSource.query(
      "SELECT SUM(monto) s FROM comisiones WHERE campana_id = ? AND tipo <> 'AJUSTE' AND estado IN ('PENDIENTE', 'APROBADA', 'PAGADA')",
      [campanaId],
    );
    return fila.s ?? '0.0000';
  }

  it('a paid commission refunded gives the campaign its budget back at once; the next payout recovers the money; spent = live commissions', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campanaActiva({ presupuesto: 1000, moneda: 'USD', reglas_comision: [{ tipo_evento: 'conversion', modelo: 'CPS', valor: 10 }] });
    const k1 = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, tipo_comision: 'fija', monto: 100.1 });
    expect(k1.status).toBe(201);
    await http().post(`/api/v1/comisiones/${k1.body.id}/aprobar`).expect(200);
    const pago = await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(201);
    await http().post(`/api/v1/pagos/${pago.body.id}/ejecutar`).expect(200);
    expect((await http().get(`/api/v1/comisiones/${k1.body.id}`).expect(200)).body.estado).toBe('PAGADA');
    expect(await disponible(campanaId)).toBe(899.9);

    await publishTestEvents(t.runtime.resolveTopic, [conversionRevertida(campanaId, afiliadoId, k1.body.conversion_id as string)]);
    await waitFor(async () => (await http().get(`/api/v1/comisiones/${k1.body.id}`)).body.estado === 'REVERTIDA', 30_000, 'paid commission reverted');
    expect(await disponible(campanaId)).toBe(1000);
    const ajustes = await http().get('/api/v1/comisiones').query({ afiliado_id: afiliadoId, estado: 'PENDIENTE_DESCUENTO' }).expect(200);
    expect(ajustes.body.items).toMatchObject([{ tipo: 'ajuste', monto: -100.1, comision_origen_id: k1.body.id }]);
    const [revertida] = await consumeTestEvents(t.runtime.resolveTopic, 'comisiones.eventos', (e) => e.eventType === 'ComisionRevertida' && e.envelope.aggregate_id === k1.body.id);
    expect(revertida.payload).toMatchObject({ estado_anterior: 'PAGADA', monto: '100.1000', moneda: 'USD' });

    // A new sale is commissioned from the budget given back; its payout discounts the refunded one.
    const venta = conversionValidada(campanaId, afiliadoId, { valor: '2500.00', moneda: 'USD' });
    await publishTestEvents(t.runtime.resolveTopic, [venta]);
    const k2 = await waitFor(async () => {
      const res = await http().get(`/api/v1/comisiones/por-conversion/${venta.payload.conversion_id}`);
      return res.status === 200 ? (res.body as { id: string; monto: number }) : null;
    }, 30_000, 'second commission');
    expect(k2.monto).toBe(250);
    await http().post(`/api/v1/comisiones/${k2.id}/aprobar`).expect(200);
    const siguiente = await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(201);
    expect(siguiente.body).toMatchObject({ monto: 149.9, comision_ids: [ajustes.body.items[0].id, k2.id] });
    await http().post(`/api/v1/pagos/${siguiente.body.id}/ejecutar`).expect(200);
    expect(await disponible(campanaId)).toBe(750);
    expect(await vivas(campanaId)).toBe('250.0000');
    expect((await http().get(`/api/v1/comisiones/${ajustes.body.items[0].id}`).expect(200)).body.estado).toBe('DESCONTADA');
  });

  it('a commission reverted while a payout holds it gives its budget back once; the payout then fails without paying', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campanaActiva({ presupuesto: 500, moneda: 'USD' });
    const k1 = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, tipo_comision: 'fija', monto: 40 });
    const k2 = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, tipo_comision: 'fija', monto: 60 });
    for (const k of [k1, k2]) await http().post(`/api/v1/comisiones/${k.body.id}/aprobar`).expect(200);
    const pago = await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(201);
    await publishTestEvents(t.runtime.resolveTopic, [conversionRevertida(campanaId, afiliadoId, k1.body.conversion_id as string)]);
    await waitFor(async () => (await http().get(`/api/v1/comisiones/${k1.body.id}`)).body.estado === 'REVERTIDA', 30_000, 'reserved commission reverted');
    expect(await disponible(campanaId)).toBe(440);
    const ejecutado = await http().post(`/api/v1/pagos/${pago.body.id}/ejecutar`).expect(200);
    expect(ejecutado.body).toMatchObject({ estado: 'FALLIDO', motivo_fallo: 'COMISION_REVERTIDA' });
    expect(await disponible(campanaId)).toBe(440);
    expect(await vivas(campanaId)).toBe('60.0000');
    const otro = await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(201);
    expect(otro.body).toMatchObject({ monto: 60, comision_ids: [k2.body.id] });
  });

  it('a conversion whose commission computes to 0 is recorded RECHAZADA MONTO_CERO and published; it can never be approved', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campanaActiva({ presupuesto: 100, moneda: 'USD', reglas_comision: [{ tipo_evento: 'conversion', modelo: 'CPS', valor: 0 }] });
    const venta = conversionValidada(campanaId, afiliadoId, { valor: '80.00', moneda: 'USD' });
    await publishTestEvents(t.runtime.resolveTopic, [venta]);
    const comision = await waitFor(async () => {
      const res = await http().get(`/api/v1/comisiones/por-conversion/${venta.payload.conversion_id}`);
      return res.status === 200 ? (res.body as Record<string, unknown>) : null;
    }, 30_000, 'the commission of 0');
    expect(comision).toMatchObject({ estado: 'RECHAZADA', motivo: 'MONTO_CERO', monto: 0 });
    const eventos = await consumeTestEvents(t.runtime.resolveTopic, 'comisiones.eventos', (e) => e.envelope.aggregate_id === comision['id'], { count: 2 });
    expect(eventos.map((e) => [e.eventType, (e.payload as { monto: string }).monto])).toEqual([
      ['ComisionCalculada', '0.0000'],
      ['ComisionRechazada', '0.0000'],
    ]);
    expect((await http().post(`/api/v1/comisiones/${comision['id']}/aprobar`).expect(409)).body.code).toBe('COMISION.TRANSICION_INVALIDA');
    expect(await disponible(campanaId)).toBe(100);
  });

  it('a 0 left PENDIENTE or APROBADA by earlier versions: approval refused 422 COMISION.MONTO_CERO, rejection closes it', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campanaActiva({ presupuesto: 100, moneda: 'USD' });
    const pendiente = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, tipo_comision: 'fija', monto: 1 });
    const aprobada = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, tipo_comision: 'fija', monto: 2 });
    await http().post(`/api/v1/comisiones/${aprobada.body.id}/aprobar`).expect(200);
    // What earlier versions could leave behind: commissions of 0 (their budget was never taken).
    await t.dataSource.query('UPDATE comisiones SET monto = 0 WHERE id IN (?, ?)', [pendiente.body.id, aprobada.body.id]);
    await t.dataSource.query('UPDATE campanas SET presupuesto_disponible = presupuesto WHERE id = ?', [campanaId]);

    const refusal = await http().post(`/api/v1/comisiones/${pendiente.body.id}/aprobar`).expect(422);
    expect(refusal.body).toMatchObject({ code: 'COMISION.MONTO_CERO', details: { comision_id: pendiente.body.id } });
    expect((await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(422)).body.code).toBe('PAGO.SALDO_NO_POSITIVO');
    for (const k of [pendiente, aprobada]) {
      const res = await http().post(`/api/v1/comisiones/${k.body.id}/rechazar`).send({ motivo: 'importe cero' }).expect(200);
      expect(res.body).toMatchObject({ estado: 'RECHAZADA', monto: 0 });
    }
    expect(await disponible(campanaId)).toBe(100);
  });

  it('a payout left EN_PROCESO by a process that died is resumed by ejecutar after the lease (5 min), not before', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campanaActiva({ presupuesto: 500, moneda: 'USD' });
    const k = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, tipo_comision: 'fija', monto: 70 });
    await http().post(`/api/v1/comisiones/${k.body.id}/aprobar`).expect(200);
    const pago = await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(201);
    // What a crash between "EN_PROCESO committed" and the provider's answer leaves behind.
    await t.dataSource.query("UPDATE pagos SET estado = 'EN_PROCESO' WHERE id = ?", [pago.body.id]);
    const pronto = await http().post(`/api/v1/pagos/${pago.body.id}/ejecutar`).expect(409);
    expect(pronto.body).toMatchObject({ code: 'PAGO.YA_EJECUTADO', details: { estado: 'EN_PROCESO', reanudable_en: expect.any(String) } });
    await t.dataSource.query('UPDATE pagos SET actualizado_en = actualizado_en - INTERVAL 6 MINUTE WHERE id = ?', [pago.body.id]);
    const reanudado = await http().post(`/api/v1/pagos/${pago.body.id}/ejecutar`).expect(200);
    expect(reanudado.body).toMatchObject({ estado: 'PAGADO', monto: 70, referencia_proveedor: `sim-${pago.body.id}` });
    expect((await http().get(`/api/v1/comisiones/${k.body.id}`).expect(200)).body.estado).toBe('PAGADA');
    await http().post(`/api/v1/pagos/${pago.body.id}/ejecutar`).expect(409);
  });

  it.each([
    ['USD', 'monto', 33.333, 2],
    ['USD', 'valor_conversion', 33.333, 2],
    ['JPY', 'monto', 100.5, 0],
    ['KWD', 'monto', 1.2345, 3],
    ['KWD', 'valor_conversion', 10.0001, 3],
  ])('a manual commission in %s with %s %d (more decimals than the currency) → 400 MONEY.MONTO_INVALIDO naming the field', async (moneda, campo, valor, decimales) => {
    const afiliadoId = await publicarAfiliado(t);
    const body =
      campo === 'monto' ? { tipo_comision: 'fija', monto: valor } : { tipo_comision: 'porcentual', porcentaje: 10, valor_conversion: valor };
    const res = await manual({ afiliado_id: afiliadoId, moneda, ...body });
    expect(res).toMatchObject({ status: 400, body: { code: 'MONEY.MONTO_INVALIDO', details: { campo, moneda, decimales_max: decimales } } });
    expect(String(res.body['message'])).toContain(campo);
    const filas: { n: string }[] = await t.dataSource.query('SELECT COUNT(*) n FROM comisiones WHERE afiliado_id = ?', [afiliadoId]);
    expect(Number(filas[0].n)).toBe(0);
  });

  it('a manual commission of 0 is refused naming the field; exact minor units pass (33.33 USD, 100 JPY, 1.234 KWD)', async () => {
    const afiliadoId = await publicarAfiliado(t);
    expect(await manual({ afiliado_id: afiliadoId, moneda: 'USD', tipo_comision: 'fija', monto: 0 })).toMatchObject({
      status: 400,
      body: { code: 'COMISION.MONTO_NO_POSITIVO', details: { campo: 'monto' } },
    });
    expect(await manual({ afiliado_id: afiliadoId, moneda: 'USD', tipo_comision: 'porcentual', porcentaje: 0, valor_conversion: 50 })).toMatchObject({
      status: 400,
      body: { code: 'COMISION.MONTO_NO_POSITIVO', details: { campo: 'porcentaje' } },
    });
    for (const [moneda, monto] of [['USD', 33.33], ['JPY', 100], ['KWD', 1.234]] as const) {
      expect(await manual({ afiliado_id: afiliadoId, moneda, tipo_comision: 'fija', monto })).toMatchObject({ status: 201, body: { monto, moneda, estado: 'PENDIENTE' } });
    }
  });
});

describe('marketing-comisiones: data repair of budgets kept by reverted commissions (migration 1791000000100)', () => {
  let t: MarketingTestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startMarketingTestApp('dinero_migracion');
  });
  afterAll(async () => {
    await t?.app.close();
  });

  it('gives back, once, the budget that reverted paid commissions kept under the old rule; other campaigns untouched', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const crear = async () => (await http().post('/api/v1/campanas').send(nuevaCampana({ presupuesto: 1000, moneda: 'USD' })).expect(201)).body.id as string;
    const [legado, intacta] = [await crear(), await crear()];
    const comision = async (campanaId: string, monto: number) =>
      (await http().post('/api/v1/comisiones').send({ afiliado_id: afiliadoId, conversion_id: `conv-${randomUUID()}`, campana_id: campanaId, tipo_comision: 'fija', monto }).expect(201))
        .body as { id: string; conversion_id: string };
    const k1 = await comision(legado, 30);
    await comision(intacta, 45);
    await http().post(`/api/v1/comisiones/${k1.id}/aprobar`).expect(200);
    const pago = await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(201);
    await http().post(`/api/v1/pagos/${pago.body.id}/ejecutar`).expect(200);
    await publishTestEvents(t.runtime.resolveTopic, [conversionRevertida(legado, afiliadoId, k1.conversion_id)]);
    await waitFor(async () => (await http().get(`/api/v1/comisiones/${k1.id}`)).body.estado === 'REVERTIDA', 30_000, 'reverted');
    // As the old rule left it: the refunded paid commission's 30 still counted as spent.
    await t.dataSource.query('UPDATE campanas SET presupuesto_disponible = presupuesto_disponible - 30 WHERE id = ?', [legado]);
    const disponibles = async () => [await disponibleDe(legado), await disponibleDe(intacta)];
    const disponibleDe = async (id: string) => (await http().get(`/api/v1/campanas/${id}`).expect(200)).body.presupuesto_disponible as number;
    expect(await disponibles()).toEqual([970, 955]);

    const runner = t.dataSource.createQueryRunner();
    try {
      await new DevolverPresupuestoRevertidas1791000000100().up(runner);
    } finally {
      await runner.release();
    }
    expect(await disponibles()).toEqual([1000, 955]);
  });
});
