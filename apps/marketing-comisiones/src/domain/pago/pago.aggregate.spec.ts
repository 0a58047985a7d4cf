import { Money } from '@alpes/seedwork';
import { errorDe } from '../../testing/fakes';
import { AHORA } from '../../testing/builders';
import { Comision } from '../comision/comision.aggregate';
import { Pago, type ProgramarPagoProps } from './pago.aggregate';

let seq = 0;
const nuevoId = () => `id-${++seq}`;

function aprobada(id: string, monto: string, moneda = 'USD', campanaId: string | null = 'c1'): Comision {
  const c = Comision.calcular({
    id,
    tipo: 'CONVERSION',
    conversionId: `conv-${id}`,
    afiliadoId: 'a1',
    campanaId,
    modelo: 'CPA',
    base: monto,
    porcentaje: null,
    monto: Money.of(monto, moneda),
    valorConversion: null,
    monedaConversion: null,
    ahora: AHORA,
  });
  c.aprobar(AHORA);
  c.pullDomainEvents();
  return c;
}

function pagada(id: string, monto: string): Comision {
  const c = aprobada(id, monto);
  c.reservarEnPago('viejo', AHORA);
  c.confirmarPago('viejo', AHORA, nuevoId);
  return c;
}

function programar(pagables: Comision[], extra: Partial<ProgramarPagoProps> = {}): Pago {
  return Pago.programar({ id: 'p1', afiliadoId: 'a1', moneda: null, pagables, minimo: () => null, ahora: AHORA, ...extra });
}

describe('Pago.programar', () => {
  it('gathers the APROBADA commissions and pending adjustments of the currency, reserves them, raises PagoProgramado', () => {
    const revertida = pagada('k0', '5');
    const ajuste = revertida.revertir('r', AHORA, () => 'aj1')?.ajuste as Comision;
    const k1 = aprobada('k1', '10.10');
    const k2 = aprobada('k2', '20.05');
    const pago = programar([k1, k2, ajuste]);
    expect(pago.estado).toBe('PROGRAMADO');
    expect(pago.monto.toFixed()).toBe('25.15');
    expect(pago.comisionIds).toEqual(['k1', 'k2', 'aj1']);
    expect([k1, k2, ajuste].map((c) => c.pagoId)).toEqual(['p1', 'p1', 'p1']);
    expect(k1.esPagable()).toBe(false);
    expect(pago.pullDomainEvents().map((e) => [e.eventType, e.payload])).toEqual([
      ['PagoProgramado', { id: 'p1', afiliado_id: 'a1', comision_ids: ['k1', 'k2', 'aj1'], monto: '25.15', moneda: 'USD' }],
    ]);
  });

  it('nothing APROBADA → 422 PAGO.SIN_COMISIONES (pending adjustments alone are not a payout)', () => {
    expect(errorDe(() => programar([]))).toEqual({ code: 'PAGO.SIN_COMISIONES', kind: 'business_rule' });
    const ajuste = pagada('k0', '5').revertir('r', AHORA, () => 'aj')?.ajuste as Comision;
    expect(errorDe(() => programar([ajuste]))?.code).toBe('PAGO.SIN_COMISIONES');
    expect(errorDe(() => programar([aprobada('k1', '1')], { moneda: 'EUR' }))?.code).toBe('PAGO.SIN_COMISIONES');
  });

  it('several currencies → the moneda must be named; one payout per currency', () => {
    const usd = aprobada('k1', '10');
    const eur = aprobada('k2', '7', 'EUR');
    expect(errorDe(() => programar([usd, eur]))).toEqual({ code: 'PAGO.MONEDA_REQUERIDA', kind: 'business_rule' });
    const pago = programar([usd, eur], { moneda: 'EUR' });
    expect(pago.monto.equals(Money.of('7', 'EUR'))).toBe(true);
    expect(usd.pagoId).toBeNull();
  });

  it('adjustments larger than the commissions → 422 PAGO.SALDO_NO_POSITIVO', () => {
    const ajuste = pagada('k0', '50').revertir('r', AHORA, () => 'aj')?.ajuste as Comision;
    expect(errorDe(() => programar([aprobada('k1', '30'), ajuste]))?.code).toBe('PAGO.SALDO_NO_POSITIVO');
  });

  it('below the configured minimum of the currency → 422 PAGO.MONTO_MINIMO; at the minimum it passes', () => {
    const minimo = (m: string) => (m === 'USD' ? Money.of('50', 'USD') : null);
    expect(errorDe(() => programar([aprobada('k1', '49.99')], { minimo }))).toEqual({ code: 'PAGO.MONTO_MINIMO', kind: 'business_rule' });
    expect(programar([aprobada('k2', '50')], { minimo }).monto.toFixed()).toBe('50.00');
  });
});

describe('Pago execution', () => {
  it('success: EN_PROCESO → PAGADO, commissions PAGADA, adjustments DESCONTADA, PagoRealizado', () => {
    const ajuste = pagada('k0', '5').revertir('r', AHORA, () => 'aj1')?.ajuste as Comision;
    const k1 = aprobada('k1', '10');
    const pago = programar([k1, ajuste]);
    pago.pullDomainEvents();
    expect(pago.iniciarEjecucion([k1, ajuste], AHORA)).toBe(true);
    expect(pago.estado).toBe('EN_PROCESO');
    const nuevos = pago.registrarExito('ref-9', [k1, ajuste], AHORA, nuevoId);
    expect(nuevos).toEqual([]);
    expect(pago.estado).toBe('PAGADO');
    expect(k1.estado).toBe('PAGADA');
    expect(ajuste.estado).toBe('DESCONTADA');
    expect(pago.pullDomainEvents().map((e) => [e.eventType, e.payload])).toEqual([
      ['PagoRealizado', { pago_id: 'p1', afiliado_id: 'a1', comision_ids: ['k1', 'aj1'], monto: '5.00', moneda: 'USD', referencia_proveedor: 'ref-9' }],
    ]);
  });

  it('failure: FALLIDO, commissions back to APROBADA and free, adjustments pending again, PagoFallido', () => {
    const ajuste = pagada('k0', '5').revertir('r', AHORA, () => 'aj1')?.ajuste as Comision;
    const k1 = aprobada('k1', '10');
    const pago = programar([k1, ajuste]);
    pago.iniciarEjecucion([k1, ajuste], AHORA);
    pago.pullDomainEvents();
    pago.registrarFallo('FONDOS_INSUFICIENTES', [k1, ajuste], AHORA);
    expect(pago.estado).toBe('FALLIDO');
    expect([k1.estado, k1.pagoId, ajuste.estado, ajuste.pagoId]).toEqual(['APROBADA', null, 'PENDIENTE_DESCUENTO', null]);
    expect(k1.esPagable() && ajuste.esPagable()).toBe(true);
    expect(pago.pullDomainEvents()[0].payload).toMatchObject({ pago_id: 'p1', motivo: 'FONDOS_INSUFICIENTES', monto: '5.00' });
  });

  it('executing twice → 409 PAGO.YA_EJECUTADO (from EN_PROCESO, PAGADO and FALLIDO)', () => {
    const k1 = aprobada('k1', '10');
    const pago = programar([k1]);
    pago.iniciarEjecucion([k1], AHORA);
    expect(errorDe(() => pago.iniciarEjecucion([k1], AHORA))).toEqual({ code: 'PAGO.YA_EJECUTADO', kind: 'conflict' });
    pago.registrarExito(null, [k1], AHORA, nuevoId);
    expect(errorDe(() => pago.iniciarEjecucion([k1], AHORA))?.code).toBe('PAGO.YA_EJECUTADO');
    expect(errorDe(() => pago.registrarFallo('x', [k1], AHORA))?.code).toBe('PAGO.YA_EJECUTADO');

    const k2 = aprobada('k2', '10');
    const fallido = programar([k2], { id: 'p2' });
    fallido.iniciarEjecucion([k2], AHORA);
    fallido.registrarFallo('x', [k2], AHORA);
    expect(errorDe(() => fallido.iniciarEjecucion([k2], AHORA))?.code).toBe('PAGO.YA_EJECUTADO');
  });

  it('a commission reverted after scheduling: the payout fails at once (nothing paid); its budget went back at the reversal', () => {
    const k1 = aprobada('k1', '10');
    const k2 = aprobada('k2', '4');
    const pago = programar([k1, k2]);
    expect(k2.revertir('reembolso', AHORA, nuevoId)?.devolverPresupuesto.equals(Money.of('4', 'USD'))).toBe(true);
    expect(pago.iniciarEjecucion([k1, k2], AHORA)).toBe(false);
    expect(pago.estado).toBe('FALLIDO');
    expect([k1.estado, k1.pagoId, k2.estado, k2.pagoId]).toEqual(['APROBADA', null, 'REVERTIDA', null]);
    expect(pago.pullDomainEvents().map((e) => e.eventType)).toEqual(['PagoProgramado', 'PagoFallido']);
  });

  it('a commission reverted while the provider was paying: paid all the same, so it gets its negative adjustment', () => {
    const k1 = aprobada('k1', '10');
    const pago = programar([k1]);
    pago.iniciarEjecucion([k1], AHORA);
    k1.revertir('reembolso', AHORA, nuevoId);
    const [ajuste] = pago.registrarExito('ref', [k1], AHORA, () => 'aj-tarde');
    expect(ajuste.id).toBe('aj-tarde');
    expect(ajuste.monto.toFixed()).toBe('-10.00');
    expect(k1.estado).toBe('REVERTIDA');
  });

  it('a commission reverted while the provider was failing: never paid, freed; no adjustment', () => {
    const k1 = aprobada('k1', '10');
    const pago = programar([k1]);
    pago.iniciarEjecucion([k1], AHORA);
    k1.revertir('reembolso', AHORA, nuevoId);
    pago.registrarFallo('x', [k1], AHORA);
    expect([k1.estado, k1.pagoId, pago.estado]).toEqual(['REVERTIDA', null, 'FALLIDO']);
  });

  it('an APROBADA of 0 left from before is settled by the next payout (PAGADA at 0), never holding one up', () => {
    const cero = Comision.rehidratar('k0', { ...aprobada('tmp', '1').getProps(), monto: Money.zero('USD') }, 2);
    const k1 = aprobada('k1', '10');
    const pago = programar([cero, k1]);
    expect(pago.comisionIds).toEqual(['k0', 'k1']);
    expect(pago.monto.toFixed()).toBe('10.00');
    pago.iniciarEjecucion([cero, k1], AHORA);
    pago.registrarExito('ref', [cero, k1], AHORA, nuevoId);
    expect([cero.estado, k1.estado]).toEqual(['PAGADA', 'PAGADA']);
    // alone it is no payout (422), and it can be rejected instead (see Comision)
    const sola = Comision.rehidratar('k9', { ...aprobada('tmp2', '1').getProps(), monto: Money.zero('USD') }, 2);
    expect(errorDe(() => programar([sola], { id: 'p9' }))?.code).toBe('PAGO.SALDO_NO_POSITIVO');
  });

  it('EN_PROCESO can be resumed only once its lease is over, and resuming renews the lease', () => {
    const k1 = aprobada('k1', '10');
    const pago = programar([k1]);
    pago.iniciarEjecucion([k1], AHORA);
    const en = (ms: number) => new Date(AHORA.getTime() + ms);
    expect(errorDe(() => pago.reanudarEjecucion(en(59_999), 60_000))).toEqual({ code: 'PAGO.YA_EJECUTADO', kind: 'conflict' });
    pago.reanudarEjecucion(en(60_000), 60_000);
    expect(pago.estado).toBe('EN_PROCESO');
    expect(errorDe(() => pago.reanudarEjecucion(en(61_000), 60_000))?.code).toBe('PAGO.YA_EJECUTADO');
    pago.registrarExito('ref', [k1], en(61_000), nuevoId);
    expect(errorDe(() => pago.reanudarEjecucion(en(999_999), 60_000))?.code).toBe('PAGO.YA_EJECUTADO');
    const nuevo = programar([aprobada('k2', '5')], { id: 'p2' });
    expect(errorDe(() => nuevo.reanudarEjecucion(en(999_999), 60_000))?.code).toBe('PAGO.YA_EJECUTADO');
  });

  it('refuses to settle with commissions it does not hold (programming error)', () => {
    const k1 = aprobada('k1', '10');
    const pago = programar([k1]);
    expect(() => pago.iniciarEjecucion([aprobada('otra', '1')], AHORA)).toThrow(/not the ones/);
  });
});

