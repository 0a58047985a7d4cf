import { randomUUID } from 'node:crypto';
import type { Campana } from '../../domain/campana/campana.aggregate';
import type { ReglaComisionInput } from '../../domain/campana/regla-comision.value-object';
import { Comision } from '../../domain/comision/comision.aggregate';
import { afiliado, entorno, TX } from '../../testing/fakes';
import { campana as nuevaCampana } from '../../testing/builders';
import type { EventoRecibido } from '../ports/evento-recibido';
import { MetricasConsumo } from '../ports/metricas-consumo';
import { ProcesarEventosConversionesHandler } from './procesar-eventos-conversiones.handler';

const CAMPANA = 'c0000000-0000-4000-8000-000000000001';
const T = Date.parse('2025-06-14T10:00:00Z');

function evento(eventType: string, payload: Record<string, unknown>, eventId = randomUUID()): EventoRecibido {
  return { eventType, eventId, occurredAt: T, correlationId: 'corr-1', payload };
}

const validada = (conversionId: string, extra: Record<string, unknown> = {}) =>
  evento('ConversionValidada', {
    conversion_id: conversionId,
    afiliado_id: 'a1',
    campana_id: CAMPANA,
    click_id: null,
    tipo_conversion: 'venta',
    valor: '100000.0000',
    moneda: 'COP',
    usuario_id: null,
    timestamp: T,
    ...extra,
  });
const revertida = (conversionId: string) =>
  evento('ConversionRevertida', { conversion_id: conversionId, afiliado_id: 'a1', campana_id: CAMPANA, motivo: 'reembolso', valor: '1', moneda: 'COP' });
const impresion = (extra: Record<string, unknown> = {}) =>
  evento('ImpresionRegistrada', { id: randomUUID(), campana_id: CAMPANA, afiliado_id: 'a1', timestamp: T, ...extra });
const click = (extra: Record<string, unknown> = {}) =>
  evento('ClickRegistrado', { id: randomUUID(), campana_id: CAMPANA, afiliado_id: 'a1', timestamp: T, ...extra });

async function preparar(opciones: { presupuesto?: string; estado?: 'ACTIVA' | 'PAUSADA'; reglas?: ReglaComisionInput[] } = {}) {
  const env = entorno();
  const metricas = new MetricasConsumo();
  const c = nuevaCampana({ presupuesto: opciones.presupuesto ?? '1000000', estado: opciones.estado ?? 'ACTIVA', ...(opciones.reglas ? { reglas: opciones.reglas } : {}) });
  await env.campanas.insertar(TX, c);
  env.db.afiliados.set('a1', afiliado('a1'));
  env.db.eventos = [];
  const handler = new ProcesarEventosConversionesHandler(env.campanas, env.comisiones, env.afiliados, env.reloj, metricas);
  const procesar = (eventos: EventoRecibido[]) => env.uow.run((tx) => handler.procesar(eventos, tx));
  const leerCampana = async () => (await env.campanas.findById(CAMPANA)) as Campana;
  const porConversion = async (id: string) => (await env.comisiones.findByConversionId(id)) as Comision;
  return { ...env, metricas, procesar, leerCampana, porConversion };
}

describe('ProcesarEventosConversionesHandler — conversions', () => {
  it('CPS: one PENDIENTE commission per validated conversion, budget consumed, ComisionCalculada published', async () => {
    const t = await preparar();
    await t.procesar([validada('v1')]);
    const comision = await t.porConversion('v1');
    expect(comision.estado).toBe('PENDIENTE');
    expect(comision.monto.toFixed()).toBe('10000.00');
    expect(comision.id).toBe(Comision.idDeConversion('v1'));
    expect((await t.leerCampana()).presupuestoDisponible.toFixed()).toBe('990000.00');
    expect(t.db.eventTypes()).toEqual(['ComisionCalculada']);
  });

  it('CPA for a conversion type without specific rule (catch-all)', async () => {
    const t = await preparar();
    await t.procesar([validada('v1', { tipo_conversion: 'registro', valor: '0' })]);
    expect((await t.porConversion('v1')).monto.toFixed()).toBe('5000.00');
  });

  it('the premium percentage of the projection overrides CPS', async () => {
    const t = await preparar();
    t.db.afiliados.set('a1', afiliado('a1', { tipo: 'premium', premium: '25' }));
    await t.procesar([validada('v1')]);
    expect((await t.porConversion('v1')).monto.toFixed()).toBe('25000.00');
  });

  it('the same conversion twice (other event ids, same or different batch) yields exactly one commission', async () => {
    const t = await preparar();
    await t.procesar([validada('v1'), validada('v1')]);
    await t.procesar([validada('v1', { valor: '999' })]);
    expect(t.db.comisiones.size).toBe(1);
    expect((await t.leerCampana()).presupuestoDisponible.toFixed()).toBe('990000.00');
    expect(t.metricas.contadores.conversiones_duplicadas).toBe(2);
  });

  it('sale currency ≠ campaign currency → RECHAZADA MONEDA_DISTINTA, ComisionRechazada published, no budget used', async () => {
    const t = await preparar();
    await t.procesar([validada('v1', { moneda: 'USD', valor: '10' })]);
    const comision = await t.porConversion('v1');
    expect([comision.estado, comision.getProps().motivo, comision.monto.toFixed()]).toEqual(['RECHAZADA', 'MONEDA_DISTINTA', '0.00']);
    expect(t.db.eventTypes()).toEqual(['ComisionCalculada', 'ComisionRechazada']);
    expect((await t.leerCampana()).presupuestoDisponible.toFixed()).toBe('1000000.00');
  });

  it('no applicable rule → recorded RECHAZADA SIN_REGLA locally, nothing published, counted', async () => {
    const t = await preparar({ reglas: [{ tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: '10' }] });
    await t.procesar([validada('v1', { tipo_conversion: 'lead' })]);
    expect((await t.porConversion('v1')).getProps().motivo).toBe('SIN_REGLA');
    expect(t.db.eventos).toEqual([]);
    expect(t.metricas.contadores.conversiones_sin_regla).toBe(1);
  });

  it('unknown campaign → no commission, counted, acknowledged (no throw)', async () => {
    const t = await preparar();
    await t.procesar([validada('v1', { campana_id: 'otra' })]);
    expect(t.db.comisiones.size).toBe(0);
    expect(t.metricas.contadores.conversiones_campana_desconocida).toBe(1);
  });

  it('suspended/unknown affiliate or non-ACTIVA campaign: still calculated (validated upstream)', async () => {
    const t = await preparar({ estado: 'PAUSADA' });
    t.db.afiliados.set('a1', afiliado('a1', { estado: 'SUSPENDIDO' }));
    await t.procesar([validada('v1'), validada('v2', { afiliado_id: 'desconocido' })]);
    expect((await t.porConversion('v1')).estado).toBe('PENDIENTE');
    expect((await t.porConversion('v2')).estado).toBe('PENDIENTE');
  });

  it('budget cap: the commission that does not fit gets what is left, PresupuestoAgotado + CampanaPausada once; later ones are RECHAZADA', async () => {
    const t = await preparar({ presupuesto: '25000' }); // CPS 10 % of 100000 = 10000 each
    await t.procesar([validada('v1'), validada('v2'), validada('v3'), validada('v4')]);
    const montos = await Promise.all(['v1', 'v2', 'v3', 'v4'].map(async (id) => (await t.porConversion(id)).monto.toFixed()));
    expect(montos).toEqual(['10000.00', '10000.00', '5000.00', '0.00']);
    const cuarta = await t.porConversion('v4');
    expect([cuarta.estado, cuarta.getProps().motivo]).toEqual(['RECHAZADA', 'PRESUPUESTO_AGOTADO']);
    const campana = await t.leerCampana();
    expect(campana.presupuestoDisponible.isZero()).toBe(true);
    expect(campana.estado).toBe('PAUSADA');
    expect(t.db.eventTypes().filter((e) => e === 'PresupuestoAgotado')).toHaveLength(1);
    expect(t.db.eventosDe('CampanaPausada')).toEqual([{ campana_id: CAMPANA, motivo: 'PRESUPUESTO_AGOTADO' }]);
  });

  it('a commission that computes to 0 (0 % rule) is RECHAZADA MONTO_CERO: published, no budget used, never approvable', async () => {
    const t = await preparar({ reglas: [{ tipo_evento: 'conversion', modelo: 'CPS', valor: '0' }] });
    await t.procesar([validada('v1')]);
    const comision = await t.porConversion('v1');
    expect([comision.estado, comision.getProps().motivo, comision.monto.toFixed(), comision.esPagable()]).toEqual(['RECHAZADA', 'MONTO_CERO', '0.00', false]);
    expect((await t.leerCampana()).presupuestoDisponible.toFixed()).toBe('1000000.00');
    expect(t.db.eventTypes()).toEqual(['ComisionCalculada', 'ComisionRechazada']);
    expect(t.db.eventosDe('ComisionRechazada')[0]).toMatchObject({ motivo: 'MONTO_CERO', monto: '0.00' });
    expect(t.metricas.contadores.conversiones_rechazadas).toBe(1);
  });

  it('a failing batch leaves nothing behind (one transaction)', async () => {
    const t = await preparar();
    await expect(t.procesar([validada('v1'), validada('v2', { valor: 'no-es-un-numero' })])).rejects.toThrow();
    expect(t.db.comisiones.size).toBe(0);
    expect((await t.leerCampana()).presupuestoDisponible.toFixed()).toBe('1000000.00');
  });

  it('ignores event types that move no money', async () => {
    const t = await preparar();
    await t.procesar([evento('ConversionRegistrada', {}), evento('ConversionRechazada', {})]);
    expect(t.db.eventos).toEqual([]);
  });
});

describe('ProcesarEventosConversionesHandler — reversals', () => {
  it('reverting a PENDIENTE commission gives its budget back and publishes ComisionRevertida', async () => {
    const t = await preparar();
    await t.procesar([validada('v1')]);
    t.db.eventos = [];
    await t.procesar([revertida('v1')]);
    const comision = await t.porConversion('v1');
    expect(comision.estado).toBe('REVERTIDA');
    expect((await t.leerCampana()).presupuestoDisponible.toFixed()).toBe('1000000.00');
    expect(t.db.eventosDe('ComisionRevertida')[0]).toMatchObject({ estado_anterior: 'PENDIENTE', motivo: 'reembolso' });
  });

  it('reverting a PAGADA commission gives its budget back and stores a negative adjustment for the next payout', async () => {
    const t = await preparar();
    await t.procesar([validada('v1')]);
    await t.uow.run(async (tx) => {
      const c = (await t.comisiones.findByIdParaActualizar(tx, Comision.idDeConversion('v1'))) as Comision;
      c.aprobar(t.reloj.ahora());
      c.reservarEnPago('p1', t.reloj.ahora());
      c.confirmarPago('p1', t.reloj.ahora(), randomUUID);
      await t.comisiones.guardar(tx, [c]);
    });
    await t.procesar([revertida('v1')]);
    const ajustes = (await t.comisiones.listar({}, 0, 10)).items.filter((c) => c.tipo === 'AJUSTE');
    expect(ajustes.map((a) => [a.estado, a.monto.toFixed()])).toEqual([['PENDIENTE_DESCUENTO', '-10000.00']]);
    expect((await t.leerCampana()).presupuestoDisponible.toFixed()).toBe('1000000.00');
  });

  it('validated and reverted in the same batch: net zero budget', async () => {
    const t = await preparar();
    await t.procesar([validada('v1'), revertida('v1')]);
    expect((await t.porConversion('v1')).estado).toBe('REVERTIDA');
    expect((await t.leerCampana()).presupuestoDisponible.toFixed()).toBe('1000000.00');
    expect(t.db.eventTypes()).toEqual(['ComisionCalculada', 'ComisionRevertida']);
  });

  it('a reversal without commission is counted and ignored', async () => {
    const t = await preparar();
    await t.procesar([revertida('nada')]);
    expect(t.metricas.contadores.reversiones_sin_comision).toBe(1);
  });
});

describe('ProcesarEventosConversionesHandler — CPC/CPM accruals', () => {
  const cop = { reglas: [
    { tipo_evento: 'click', modelo: 'CPC', valor: '350' },
    { tipo_evento: 'impresion', modelo: 'CPM', valor: '2500.50' },
  ] as ReglaComisionInput[] };

  it('counts a batch of impressions into one accrual per (affiliate, campaign, day, model) with an exact-count monto', async () => {
    const t = await preparar(cop);
    await t.procesar(Array.from({ length: 7 }, () => impresion()));
    const id = Comision.idAcumulado(CAMPANA, 'a1', '2025-06-14', 'CPM');
    const acc = (await t.comisiones.findById(id)) as Comision;
    expect(acc.cantidad).toBe(7);
    expect(acc.monto.toFixed()).toBe('17.50'); // 7 × 2500.50 / 1000 = 17.5035 → 17.50
    expect(acc.publicacionPendiente).toBe(true);
    expect(t.db.eventos).toEqual([]); // published later by the periodic flush, not per impression
    await t.procesar(Array.from({ length: 3 }, () => impresion()));
    const despues = (await t.comisiones.findById(id)) as Comision;
    expect(despues.cantidad).toBe(10);
    expect(despues.monto.toFixed()).toBe('25.01'); // 25.005 → 25.01, from the count (not 17.50 + 7.50)
    expect((await t.leerCampana()).presupuestoDisponible.toFixed()).toBe('999974.99');
  });

  it('separates days (UTC), models and affiliates', async () => {
    const t = await preparar(cop);
    await t.procesar([
      impresion(),
      impresion({ timestamp: Date.parse('2025-06-15T00:00:00Z') }),
      click(),
      click({ afiliado_id: 'a2' }),
    ]);
    expect(t.db.comisiones.size).toBe(4);
    const clickA1 = (await t.comisiones.findById(Comision.idAcumulado(CAMPANA, 'a1', '2025-06-14', 'CPC'))) as Comision;
    expect(clickA1.monto.toFixed()).toBe('350.00');
  });

  it('accruals consume budget and are capped at what is left; events beyond it are not counted', async () => {
    const t = await preparar({ ...cop, presupuesto: '1000' });
    await t.procesar(Array.from({ length: 5 }, () => click())); // 5 × 350 = 1750 > 1000
    const acc = (await t.comisiones.findById(Comision.idAcumulado(CAMPANA, 'a1', '2025-06-14', 'CPC'))) as Comision;
    expect(acc.monto.toFixed()).toBe('1000.00');
    const campana = await t.leerCampana();
    expect([campana.presupuestoDisponible.toFixed(), campana.estado]).toEqual(['0.00', 'PAUSADA']);
    expect(t.db.eventTypes()).toEqual(['PresupuestoAgotado', 'CampanaPausada']);
    await t.procesar([click()]);
    expect(((await t.comisiones.findById(acc.id)) as Comision).cantidad).toBe(5);
    expect(t.metricas.contadores.eventos_sin_presupuesto).toBe(1);
  });

  it('keeps arrival order per campaign: impressions before a conversion take budget first', async () => {
    const t = await preparar({ presupuesto: '10000', reglas: [
      { tipo_evento: 'click', modelo: 'CPC', valor: '4000' },
      { tipo_evento: 'conversion', modelo: 'CPA', valor: '8000' },
    ] });
    await t.procesar([click(), click(), validada('v1')]);
    expect((await t.porConversion('v1')).monto.toFixed()).toBe('2000.00');
  });

  it('ignores clicks of an unknown campaign or without a CPC rule', async () => {
    const t = await preparar({ reglas: [{ tipo_evento: 'conversion', modelo: 'CPA', valor: '1' }] });
    await t.procesar([click(), click({ campana_id: 'otra' }), impresion()]);
    expect(t.db.comisiones.size).toBe(0);
    expect(t.metricas.contadores.eventos_sin_regla).toBe(2);
    expect(t.metricas.contadores.eventos_sin_campana).toBe(1);
  });

  it('an accrual that is no longer PENDIENTE does not accrue (counted)', async () => {
    const t = await preparar(cop);
    await t.procesar([click()]);
    const id = Comision.idAcumulado(CAMPANA, 'a1', '2025-06-14', 'CPC');
    await t.uow.run(async (tx) => {
      const acc = (await t.comisiones.findByIdParaActualizar(tx, id)) as Comision;
      acc.aprobar(t.reloj.ahora());
      await t.comisiones.guardar(tx, [acc]);
    });
    await t.procesar([click()]);
    expect(((await t.comisiones.findById(id)) as Comision).cantidad).toBe(1);
    expect(t.metricas.contadores.eventos_acumulado_cerrado).toBe(1);
  });
});
