import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { consumeTestEvents, publishTestEvents, waitFor } from '@alpes/platform/testing';
import { conversionRevertida } from './support/eventos';
import { nuevaCampana, publicarAfiliado, startMarketingTestApp, type MarketingTestApp } from './support/marketing-app';

const AFILIADO_QUE_FALLA = randomUUID();

/**
 * Manual commissions, approval/rejection and payouts over HTTP (real MariaDB + Pulsar): status codes and error codes
 * of every endpoint, the budget taken and given back, payouts executed through the simulated provider (failing for
 * one affiliate via PAGOS_SIMULAR_FALLO_AFILIADOS) and a minimum per currency (PAGO_MINIMO_USD).
 */
describe('marketing-comisiones: commissions and payouts over HTTP', () => {
  let t: MarketingTestApp;
  const http = () => request(t.app.getHttpServer());

  beforeAll(async () => {
    t = await startMarketingTestApp('pagos', { PAGOS_SIMULAR_FALLO_AFILIADOS: AFILIADO_QUE_FALLA, PAGO_MINIMO_USD: '50' });
  });
  afterAll(async () => {
    await t?.app.close();
  });

  async function campana(overrides: Record<string, unknown> = {}): Promise<string> {
    const res = await http().post('/api/v1/campanas').send(nuevaCampana(overrides)).expect(201);
    return res.body.id;
  }

  async function manual(body: Record<string, unknown>, status = 201) {
    const res = await http()
      .post('/api/v1/comisiones')
      .send({ conversion_id: `conv-${randomUUID()}`, tipo_comision: 'fija', ...body });
    expect({ status: res.status, body: res.body }).toMatchObject({ status });
    return res.body;
  }

  it('creates manual commissions (seed 003): porcentual and fija, budget taken from the campaign; the same conversion twice is 409', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campana({ presupuesto: 100000 });
    const conversionId = `conv_${randomUUID()}`;
    const res = await http()
      .post('/api/v1/comisiones')
      .send({ afiliado_id: afiliadoId, conversion_id: conversionId, campana_id: campanaId, tipo_comision: 'porcentual', porcentaje: 15.5, valor_conversion: 1000.05 })
      .expect(201);
    // 15.5 % of 1000.05 = 155.00775 → 155.01
    expect(res.body).toMatchObject({
      conversion_id: conversionId,
      afiliado_id: afiliadoId,
      campana_id: campanaId,
      tipo: 'manual',
      modelo: 'CPS',
      base: 1000.05,
      porcentaje: 15.5,
      monto: 155.01,
      moneda: 'COP',
      estado: 'PENDIENTE',
    });
    expect(res.headers['location']).toBe(`/api/v1/comisiones/${res.body.id}`);
    expect((await http().get(`/api/v1/campanas/${campanaId}`).expect(200)).body.presupuesto_disponible).toBe(99844.99);
    const duplicada = await http()
      .post('/api/v1/comisiones')
      .send({ afiliado_id: afiliadoId, conversion_id: conversionId, tipo_comision: 'fija', monto: 1, moneda: 'USD' })
      .expect(409);
    expect(duplicada.body).toMatchObject({ statusCode: 409, code: 'COMISION.CONVERSION_DUPLICADA' });
    const sinCampana = await manual({ afiliado_id: afiliadoId, monto: 12.5, moneda: 'USD' });
    expect(sinCampana).toMatchObject({ campana_id: null, modelo: 'CPA', monto: 12.5, moneda: 'USD' });
    const [calculada] = await consumeTestEvents(t.runtime.resolveTopic, 'comisiones.eventos', (e) => e.envelope.aggregate_id === sinCampana.id);
    expect(calculada.payload).toMatchObject({ campana_id: '', monto: '12.5000', moneda: 'USD', modelo: 'CPA' });

    const porConversion = await http().get(`/api/v1/comisiones/por-conversion/${conversionId}`).expect(200);
    expect(porConversion.body.id).toBe(res.body.id);
    expect((await http().get(`/api/v1/comisiones/${res.body.id}`).expect(200)).body).toEqual(res.body);
    const lista = await http().get('/api/v1/comisiones').query({ afiliado_id: afiliadoId, campana_id: campanaId, estado: 'PENDIENTE' }).expect(200);
    expect(lista.body).toMatchObject({ total: 1, page: 1, limit: 20, items: [{ id: res.body.id }] });
  });

  it('refuses manual commissions with 400 / 404 / 409 / 422 and the reason', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campana({ presupuesto: 1000 });
    const base = { afiliado_id: afiliadoId, campana_id: campanaId };
    const casos: [Record<string, unknown>, number, string][] = [
      [{ tipo_comision: 'porcentual', porcentaje: 10 }, 400, 'COMISION.DATOS_INCOMPLETOS'],
      [{ tipo_comision: 'porcentual', valor_conversion: 100 }, 400, 'COMISION.DATOS_INCOMPLETOS'],
      [{ tipo_comision: 'porcentual', porcentaje: 101, valor_conversion: 100 }, 400, 'VALIDACION.DATOS_INVALIDOS'],
      [{ tipo_comision: 'porcentual', porcentaje: 10, valor_conversion: -100 }, 400, 'COMISION.MONTO_NO_POSITIVO'],
      [{ tipo_comision: 'fija' }, 400, 'COMISION.DATOS_INCOMPLETOS'],
      [{ monto: 0 }, 400, 'COMISION.MONTO_NO_POSITIVO'],
      [{ monto: 1.001 }, 400, 'MONEY.MONTO_INVALIDO'],
      [{ monto: '10' }, 400, 'VALIDACION.DATOS_INVALIDOS'],
      [{ monto: 1e300 }, 400, 'VALIDACION.DATOS_INVALIDOS'],
      [{ tipo_comision: 'mixta', monto: 1 }, 400, 'VALIDACION.DATOS_INVALIDOS'],
      [{ monto: 1, moneda: 'usd' }, 400, 'VALIDACION.DATOS_INVALIDOS'],
      [{ monto: 1, campana_id: 'no-uuid' }, 400, 'VALIDACION.DATOS_INVALIDOS'],
      [{ monto: 1, conversion_id: '' }, 400, 'VALIDACION.DATOS_INVALIDOS'],
      [{ monto: 1, conversion_id: 'x'.repeat(65) }, 400, 'VALIDACION.DATOS_INVALIDOS'],
      [{ monto: 1, extra: true }, 400, 'VALIDACION.DATOS_INVALIDOS'],
      [{ monto: 1, afiliado_id: randomUUID() }, 404, 'COMISION.AFILIADO_DESCONOCIDO'],
      [{ monto: 1, campana_id: randomUUID() }, 404, 'CAMPANA.NO_ENCONTRADA'],
      [{ monto: 1, moneda: 'USD' }, 422, 'COMISION.MONEDA_DISTINTA'],
      [{ monto: 1000.01 }, 422, 'CAMPANA.PRESUPUESTO_INSUFICIENTE'],
    ];
    for (const [extra, status, code] of casos) {
      const res = await http()
        .post('/api/v1/comisiones')
        .send({ conversion_id: `conv-${randomUUID()}`, tipo_comision: 'fija', ...base, ...extra });
      expect({ extra, status: res.status, code: res.body.code }).toEqual({ extra, status, code });
    }
    const sinCampanaNiMoneda = await http().post('/api/v1/comisiones').send({ afiliado_id: afiliadoId, conversion_id: 'c-1', tipo_comision: 'fija', monto: 1 }).expect(400);
    expect(sinCampanaNiMoneda.body.code).toBe('COMISION.DATOS_INCOMPLETOS');
    expect((await http().get(`/api/v1/campanas/${campanaId}`).expect(200)).body.presupuesto_disponible).toBe(1000);
    for (const cuerpo of ['[]', 'null', '"x"', '{"afiliado_id":', '{"afiliado_id": ["a"], "conversion_id": 1, "tipo_comision": {}}']) {
      const res = await http().post('/api/v1/comisiones').set('content-type', 'application/json').send(cuerpo);
      expect({ cuerpo, status: res.status }).toEqual({ cuerpo, status: 400 });
    }
  });

  it('approves and rejects: 200 with the new state, budget back on rejection, 409 twice, 404 unknown, 400 bad input', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campana({ presupuesto: 1000 });
    const a = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, monto: 300 });
    const b = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, monto: 200 });
    expect((await http().post(`/api/v1/comisiones/${a.id}/aprobar`).expect(200)).body.estado).toBe('APROBADA');
    expect((await http().post(`/api/v1/comisiones/${a.id}/aprobar`).expect(409)).body).toMatchObject({
      code: 'COMISION.TRANSICION_INVALIDA',
      details: { desde: 'APROBADA', hacia: 'APROBADA' },
    });
    expect((await http().post(`/api/v1/comisiones/${a.id}/rechazar`).send({ motivo: 'x' }).expect(409)).body.code).toBe('COMISION.TRANSICION_INVALIDA');
    const rechazada = await http().post(`/api/v1/comisiones/${b.id}/rechazar`).send({ motivo: 'conversión fraudulenta' }).expect(200);
    expect(rechazada.body).toMatchObject({ estado: 'RECHAZADA', motivo: 'conversión fraudulenta' });
    expect((await http().get(`/api/v1/campanas/${campanaId}`).expect(200)).body.presupuesto_disponible).toBe(700);
    const eventos = await consumeTestEvents(t.runtime.resolveTopic, 'comisiones.eventos', (e) => [a.id, b.id].includes(e.envelope.aggregate_id), { count: 4 });
    expect(eventos.map((e) => `${e.eventType}:${e.envelope.aggregate_id === a.id ? 'a' : 'b'}`).sort()).toEqual(
      ['ComisionAprobada:a', 'ComisionCalculada:a', 'ComisionCalculada:b', 'ComisionRechazada:b'].sort(),
    );
    const auditoria = await consumeTestEvents(t.runtime.resolveTopic, 'auditoria.eventos', (e) => e.envelope.aggregate_id === b.id, { count: 2 });
    expect(auditoria.map((e) => (e.payload as { accion: string }).accion)).toEqual(['CREAR_COMISION', 'RECHAZAR_COMISION']);

    await http().post(`/api/v1/comisiones/${b.id}/rechazar`).send({}).expect(400);
    await http().post(`/api/v1/comisiones/${b.id}/rechazar`).send({ motivo: '' }).expect(400);
    await http().post(`/api/v1/comisiones/${b.id}/rechazar`).send({ motivo: 5 }).expect(400);
    expect((await http().post(`/api/v1/comisiones/${b.id}/rechazar`).send({ motivo: '   ' }).expect(400)).body.code).toBe('VALIDACION.DATOS_INVALIDOS');
    const desconocida = randomUUID();
    for (const [metodo, ruta] of [
      ['get', `/api/v1/comisiones/${desconocida}`],
      ['post', `/api/v1/comisiones/${desconocida}/aprobar`],
      ['get', `/api/v1/comisiones/por-conversion/nada-${desconocida.slice(0, 8)}`],
    ] as const) {
      expect((await http()[metodo](ruta).expect(404)).body).toMatchObject({ statusCode: 404, code: 'COMISION.NO_ENCONTRADA' });
    }
    expect((await http().post(`/api/v1/comisiones/${desconocida}/rechazar`).send({ motivo: 'x' }).expect(404)).body.code).toBe('COMISION.NO_ENCONTRADA');
    expect((await http().get('/api/v1/comisiones/abc').expect(400)).body.code).toBe('COMISION.ID_INVALIDO');
    await http().post('/api/v1/comisiones/abc/aprobar').expect(400);
    await http().get('/api/v1/comisiones/por-conversion/con%20espacios').expect(400);
    await http().get('/api/v1/comisiones').query({ estado: 'PAGADITA' }).expect(400);
    await http().get('/api/v1/comisiones').query({ limit: 0 }).expect(400);
    await http().get('/api/v1/comisiones').query({ afiliado_id: 'x'.repeat(101) }).expect(400);
  });

  it('pays: APROBADA commissions → PROGRAMADO payout → PAGADO, commissions PAGADA, events on comisiones.eventos; executing twice is 409', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campana();
    const k1 = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, monto: 100.1 });
    const k2 = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, monto: 200.2 });
    await manual({ afiliado_id: afiliadoId, campana_id: campanaId, monto: 5 }); // PENDIENTE: not paid
    for (const k of [k1, k2]) await http().post(`/api/v1/comisiones/${k.id}/aprobar`).expect(200);

    const programado = await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(201);
    expect(programado.body).toMatchObject({ afiliado_id: afiliadoId, comision_ids: [k1.id, k2.id], monto: 300.3, moneda: 'COP', estado: 'PROGRAMADO' });
    expect(programado.headers['location']).toBe(`/api/v1/pagos/${programado.body.id}`);
    expect((await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(422)).body.code).toBe('PAGO.SIN_COMISIONES');
    expect((await http().get(`/api/v1/comisiones/${k1.id}`).expect(200)).body.pago_id).toBe(programado.body.id);

    const pagado = await http().post(`/api/v1/pagos/${programado.body.id}/ejecutar`).expect(200);
    expect(pagado.body).toMatchObject({ estado: 'PAGADO', referencia_proveedor: `sim-${programado.body.id}` });
    expect((await http().get(`/api/v1/comisiones/${k2.id}`).expect(200)).body.estado).toBe('PAGADA');
    const otraVez = await http().post(`/api/v1/pagos/${programado.body.id}/ejecutar`).expect(409);
    expect(otraVez.body).toMatchObject({ code: 'PAGO.YA_EJECUTADO', details: { estado: 'PAGADO' } });

    const eventos = await consumeTestEvents(t.runtime.resolveTopic, 'comisiones.eventos', (e) => e.envelope.aggregate_id === programado.body.id, { count: 2 });
    expect(eventos.map((e) => e.eventType)).toEqual(['PagoProgramado', 'PagoRealizado']);
    expect(eventos.every((e) => e.key === afiliadoId)).toBe(true);
    expect(eventos[1].payload).toEqual({
      pago_id: programado.body.id,
      afiliado_id: afiliadoId,
      comision_ids: [k1.id, k2.id],
      monto: '300.3000',
      moneda: 'COP',
      referencia_proveedor: `sim-${programado.body.id}`,
    });
    const lista = await http().get('/api/v1/pagos').query({ afiliado_id: afiliadoId }).expect(200);
    expect(lista.body).toMatchObject({ total: 1, items: [{ id: programado.body.id, estado: 'PAGADO' }] });
    expect((await http().get(`/api/v1/pagos/${programado.body.id}`).expect(200)).body.estado).toBe('PAGADO');

    // A paid commission reverted later: its negative adjustment is discounted from the next payout.
    await publishTestEvents(t.runtime.resolveTopic, [conversionRevertida(campanaId, afiliadoId, k1.conversion_id)]);
    await waitFor(async () => (await http().get(`/api/v1/comisiones/${k1.id}`)).body.estado === 'REVERTIDA', 30_000, 'k1 reverted');
    const ajustes = await http().get('/api/v1/comisiones').query({ afiliado_id: afiliadoId, estado: 'PENDIENTE_DESCUENTO' }).expect(200);
    expect(ajustes.body.items).toMatchObject([{ tipo: 'ajuste', monto: -100.1, comision_origen_id: k1.id }]);
    const k4 = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, monto: 150 });
    await http().post(`/api/v1/comisiones/${k4.id}/aprobar`).expect(200);
    const siguiente = await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(201);
    expect(siguiente.body).toMatchObject({ monto: 49.9, comision_ids: [ajustes.body.items[0].id, k4.id] });
  });

  it('concurrent payout requests reserve each commission once; concurrent executions pay once', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const campanaId = await campana();
    const k = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, monto: 70 });
    await http().post(`/api/v1/comisiones/${k.id}/aprobar`).expect(200);
    const programados = await Promise.all(Array.from({ length: 6 }, () => http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId })));
    expect(programados.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422, 422]);
    const pago = programados.find((r) => r.status === 201)?.body as { id: string };
    const ejecuciones = await Promise.all(Array.from({ length: 4 }, () => http().post(`/api/v1/pagos/${pago.id}/ejecutar`)));
    expect(ejecuciones.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    expect(ejecuciones.filter((r) => r.status === 409).every((r) => r.body.code === 'PAGO.YA_EJECUTADO')).toBe(true);
    const realizados: { n: string }[] = await t.dataSource.query('SELECT COUNT(*) n FROM outbox_messages WHERE event_type = ? AND message_key = ?', [
      'PagoRealizado',
      afiliadoId,
    ]);
    expect(Number(realizados[0].n)).toBe(1);
  });

  it('a provider failure leaves the payout FALLIDO and the commissions APROBADA again (PagoFallido)', async () => {
    const afiliadoId = await publicarAfiliado(t, { id: AFILIADO_QUE_FALLA });
    const campanaId = await campana();
    const k = await manual({ afiliado_id: afiliadoId, campana_id: campanaId, monto: 80 });
    await http().post(`/api/v1/comisiones/${k.id}/aprobar`).expect(200);
    const programado = await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(201);
    const fallido = await http().post(`/api/v1/pagos/${programado.body.id}/ejecutar`).expect(200);
    expect(fallido.body).toMatchObject({ estado: 'FALLIDO', motivo_fallo: 'PAGO_RECHAZADO_SIMULADO' });
    expect((await http().get(`/api/v1/comisiones/${k.id}`).expect(200)).body).toMatchObject({ estado: 'APROBADA', pago_id: null });
    expect((await http().post(`/api/v1/pagos/${programado.body.id}/ejecutar`).expect(409)).body.code).toBe('PAGO.YA_EJECUTADO');
    const [evento] = await consumeTestEvents(t.runtime.resolveTopic, 'comisiones.eventos', (e) => e.eventType === 'PagoFallido' && e.envelope.aggregate_id === programado.body.id);
    expect(evento.payload).toMatchObject({ motivo: 'PAGO_RECHAZADO_SIMULADO', monto: '80.0000', comision_ids: [k.id] });
    // The commission can go into a new payout.
    expect((await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(201)).body.comision_ids).toEqual([k.id]);
  });

  it('applies the minimum per currency, asks for the currency when there are several, and validates its input', async () => {
    const afiliadoId = await publicarAfiliado(t);
    const cop = await manual({ afiliado_id: afiliadoId, monto: 10, moneda: 'COP' });
    const usd = await manual({ afiliado_id: afiliadoId, monto: 49.99, moneda: 'USD' });
    for (const k of [cop, usd]) await http().post(`/api/v1/comisiones/${k.id}/aprobar`).expect(200);
    const ambigua = await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId }).expect(422);
    expect(ambigua.body).toMatchObject({ code: 'PAGO.MONEDA_REQUERIDA', details: { monedas: ['COP', 'USD'] } });
    expect((await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId, moneda: 'USD' }).expect(422)).body).toMatchObject({
      code: 'PAGO.MONTO_MINIMO',
      details: { total: '49.99', minimo: '50.00', moneda: 'USD' },
    });
    expect((await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId, moneda: 'COP' }).expect(201)).body.monto).toBe(10);
    expect((await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId, moneda: 'EUR' }).expect(422)).body.code).toBe('PAGO.SIN_COMISIONES');
    expect((await http().post('/api/v1/pagos').send({ afiliado_id: randomUUID() }).expect(422)).body.code).toBe('PAGO.SIN_COMISIONES');
    expect((await http().post('/api/v1/pagos').send({ afiliado_id: afiliadoId, moneda: 'ZZZ' }).expect(400)).body.code).toBe('MONEDA.NO_ISO_4217');
    for (const cuerpo of [{}, { afiliado_id: 5 }, { afiliado_id: null }, { afiliado_id: 'a', moneda: 'usd' }, { afiliado_id: 'a', otro: 1 }]) {
      const res = await http().post('/api/v1/pagos').send(cuerpo);
      expect({ cuerpo, status: res.status }).toEqual({ cuerpo, status: 400 });
    }
    for (const cuerpo of ['[]', 'null', '{"afiliado_id":']) {
      expect((await http().post('/api/v1/pagos').set('content-type', 'application/json').send(cuerpo)).status).toBe(400);
    }
    const desconocido = randomUUID();
    expect((await http().get(`/api/v1/pagos/${desconocido}`).expect(404)).body.code).toBe('PAGO.NO_ENCONTRADO');
    expect((await http().post(`/api/v1/pagos/${desconocido}/ejecutar`).expect(404)).body.code).toBe('PAGO.NO_ENCONTRADO');
    expect((await http().get('/api/v1/pagos/xyz').expect(400)).body.code).toBe('PAGO.ID_INVALIDO');
    await http().post('/api/v1/pagos/xyz/ejecutar').expect(400);
    await http().get('/api/v1/pagos').query({ limit: 1000 }).expect(400);
  });
});
