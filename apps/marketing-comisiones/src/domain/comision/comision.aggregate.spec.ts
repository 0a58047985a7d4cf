import { Money, Percentage } from '@alpes/seedwork';
import { errorDe } from '../../testing/fakes';
import { AHORA } from '../../testing/builders';
import { Comision, type CalcularComisionProps } from './comision.aggregate';

const usd = (v: string) => Money.of(v, 'USD');
let seq = 0;
const nuevoId = () => `ajuste-${++seq}`;

function comision(overrides: Partial<CalcularComisionProps> = {}): Comision {
  const c = Comision.calcular({
    id: 'k1',
    tipo: 'CONVERSION',
    conversionId: 'conv-1',
    afiliadoId: 'a1',
    campanaId: 'c1',
    modelo: 'CPS',
    base: '200.0000',
    porcentaje: Percentage.of('10'),
    monto: usd('20'),
    valorConversion: '200.0000',
    monedaConversion: 'USD',
    ahora: AHORA,
    ...overrides,
  });
  return c;
}

function acumulado(modelo: 'CPC' | 'CPM', tarifa: string, periodo = '2025-06-14'): Comision {
  return Comision.nuevoAcumulado({ afiliadoId: 'a1', campanaId: 'c1', modelo, tarifa: usd(tarifa), periodo, ahora: AHORA });
}

describe('Comision from a conversion', () => {
  it('is PENDIENTE and raises ComisionCalculada', () => {
    const c = comision();
    expect(c.estado).toBe('PENDIENTE');
    expect(c.pullDomainEvents().map((e) => [e.eventType, e.payload])).toEqual([
      [
        'ComisionCalculada',
        {
          id: 'k1',
          conversion_id: 'conv-1',
          afiliado_id: 'a1',
          campana_id: 'c1',
          modelo: 'CPS',
          base: '200.0000',
          porcentaje: '10',
          monto: '20.00',
          moneda: 'USD',
          periodo: null,
        },
      ],
    ]);
  });

  it('has a deterministic id per conversion', () => {
    expect(Comision.idDeConversion('conv-1')).toBe(Comision.idDeConversion('conv-1'));
    expect(Comision.idDeConversion('conv-1')).not.toBe(Comision.idDeConversion('conv-2'));
    expect(Comision.idDeConversion('conv-1')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('recorded as rejected at calculation: monto 0, ComisionCalculada then ComisionRechazada with the motivo', () => {
    const c = Comision.rechazadaAlCalcular({
      id: 'k2',
      conversionId: 'conv-2',
      afiliadoId: 'a1',
      campanaId: 'c1',
      modelo: 'CPS',
      base: '0',
      porcentaje: null,
      moneda: 'COP',
      motivo: 'MONEDA_DISTINTA',
      publicar: true,
      valorConversion: '100',
      monedaConversion: 'USD',
      ahora: AHORA,
    });
    expect(c.estado).toBe('RECHAZADA');
    expect(c.monto.isZero()).toBe(true);
    const eventos = c.pullDomainEvents();
    expect(eventos.map((e) => e.eventType)).toEqual(['ComisionCalculada', 'ComisionRechazada']);
    expect(eventos[1].payload).toMatchObject({ motivo: 'MONEDA_DISTINTA', monto: '0.00', moneda: 'COP' });
  });

  it('SIN_REGLA is recorded locally only (no events)', () => {
    const c = Comision.rechazadaAlCalcular({
      id: 'k3',
      conversionId: 'conv-3',
      afiliadoId: 'a1',
      campanaId: 'c1',
      modelo: null,
      base: '0',
      porcentaje: null,
      moneda: 'COP',
      motivo: 'SIN_REGLA',
      publicar: false,
      valorConversion: '1',
      monedaConversion: 'COP',
      ahora: AHORA,
    });
    expect(c.estado).toBe('RECHAZADA');
    expect(c.pullDomainEvents()).toEqual([]);
  });
});

describe('Comision lifecycle', () => {
  it('PENDIENTE → APROBADA', () => {
    const c = comision();
    c.pullDomainEvents();
    c.aprobar(AHORA);
    expect(c.estado).toBe('APROBADA');
    expect(c.pullDomainEvents().map((e) => [e.eventType, e.payload])).toEqual([
      ['ComisionAprobada', { comision_id: 'k1', afiliado_id: 'a1', campana_id: 'c1', conversion_id: 'conv-1', monto: '20.00', moneda: 'USD' }],
    ]);
  });

  it('PENDIENTE → RECHAZADA with a motivo, giving the consumed budget back', () => {
    const c = comision();
    expect(c.rechazar('  fraude  ', AHORA).equals(usd('20'))).toBe(true);
    expect(c.estado).toBe('RECHAZADA');
    expect(c.pullDomainEvents().pop()?.payload).toMatchObject({ motivo: 'fraude', monto: '20.00' });
  });

  it('a manual commission without campaign gives no budget back', () => {
    const c = comision({ tipo: 'MANUAL', campanaId: null });
    expect(c.rechazar('x', AHORA).isZero()).toBe(true);
  });

  it('requires a motivo to reject', () => {
    expect(errorDe(() => comision().rechazar('   ', AHORA))?.code).toBe('COMISION.MOTIVO_REQUERIDO');
  });

  it.each([
    ['APROBADA', 'aprobar'],
    ['APROBADA', 'rechazar'],
    ['RECHAZADA', 'aprobar'],
    ['RECHAZADA', 'rechazar'],
    ['REVERTIDA', 'aprobar'],
    ['PAGADA', 'rechazar'],
  ])('refuses %s → %s (409 COMISION.TRANSICION_INVALIDA)', (estado, accion) => {
    const c = comision();
    if (estado === 'APROBADA' || estado === 'PAGADA') c.aprobar(AHORA);
    if (estado === 'PAGADA') {
      c.reservarEnPago('p1', AHORA);
      c.confirmarPago('p1', AHORA, nuevoId);
    }
    if (estado === 'RECHAZADA') c.rechazar('x', AHORA);
    if (estado === 'REVERTIDA') c.revertir('x', AHORA, nuevoId);
    expect(c.estado).toBe(estado);
    const error = errorDe(() => (accion === 'aprobar' ? c.aprobar(AHORA) : c.rechazar('x', AHORA)));
    expect(error).toEqual({ code: 'COMISION.TRANSICION_INVALIDA', kind: 'conflict' });
  });
});

describe('Comision of 0: never payable, never stuck', () => {
  it('cannot be calculated as a payable commission (programming error: callers record it RECHAZADA or refuse it)', () => {
    expect(() => comision({ monto: usd('0') })).toThrow(/must be > 0/);
  });

  it('a conversion that computes to 0 is recorded RECHAZADA MONTO_CERO with ComisionCalculada(0) + ComisionRechazada', () => {
    const c = Comision.rechazadaAlCalcular({
      id: 'k0',
      conversionId: 'conv-0',
      afiliadoId: 'a1',
      campanaId: 'c1',
      modelo: 'CPS',
      base: '150.00',
      porcentaje: Percentage.of('0'),
      moneda: 'USD',
      motivo: 'MONTO_CERO',
      publicar: true,
      valorConversion: '150.00',
      monedaConversion: 'USD',
      ahora: AHORA,
    });
    expect(c.estado).toBe('RECHAZADA');
    expect(c.esPagable()).toBe(false);
    expect(c.pullDomainEvents().map((e) => [e.eventType, (e.payload as { monto: string }).monto])).toEqual([
      ['ComisionCalculada', '0.00'],
      ['ComisionRechazada', '0.00'],
    ]);
    expect(errorDe(() => c.aprobar(AHORA))).toEqual({ code: 'COMISION.TRANSICION_INVALIDA', kind: 'conflict' });
  });

  it('an accrual that stayed at 0 cannot be approved (422 COMISION.MONTO_CERO) but can be rejected', () => {
    const a = Comision.nuevoAcumulado({ afiliadoId: 'a1', campanaId: 'c1', modelo: 'CPM', tarifa: usd('0.01'), periodo: '2025-06-01', ahora: AHORA });
    a.registrarIncremento(3, a.montoParaCantidad(3), AHORA); // 3 impressions at 0.01 per thousand → 0.00003 → 0.00
    expect(a.monto.isZero()).toBe(true);
    expect(errorDe(() => a.aprobar(AHORA))).toEqual({ code: 'COMISION.MONTO_CERO', kind: 'business_rule' });
    expect(a.estado).toBe('PENDIENTE');
    expect(a.rechazar('nada que pagar', AHORA).isZero()).toBe(true);
    expect(a.estado).toBe('RECHAZADA');
  });

  it('an APROBADA of 0 left from before (stored row) can be rejected; one with an amount cannot', () => {
    const props = { ...comision().getProps(), monto: usd('0'), estado: 'APROBADA' as const };
    const cero = Comision.rehidratar('k-old', props, 3);
    cero.rechazar('importe cero', AHORA);
    expect(cero.estado).toBe('RECHAZADA');
    expect(cero.pullDomainEvents().map((e) => e.eventType)).toEqual(['ComisionRechazada']);
    const enPago = Comision.rehidratar('k-old2', { ...props, pagoId: 'p1' }, 3);
    expect(errorDe(() => enPago.rechazar('x', AHORA))?.code).toBe('COMISION.TRANSICION_INVALIDA');
  });
});

describe('Comision reversal (ConversionRevertida)', () => {
  it('PENDIENTE → REVERTIDA: budget back, no adjustment', () => {
    const c = comision();
    c.pullDomainEvents();
    const r = c.revertir('reembolso', AHORA, nuevoId);
    expect(c.estado).toBe('REVERTIDA');
    expect(r?.devolverPresupuesto.equals(usd('20'))).toBe(true);
    expect(r?.ajuste).toBeNull();
    expect(c.pullDomainEvents()[0].payload).toMatchObject({ estado_anterior: 'PENDIENTE', motivo: 'reembolso', monto: '20.00' });
  });

  it('APROBADA → REVERTIDA: budget back', () => {
    const c = comision();
    c.aprobar(AHORA);
    const r = c.revertir('reembolso', AHORA, nuevoId);
    expect(r?.devolverPresupuesto.equals(usd('20'))).toBe(true);
    expect(r?.ajuste).toBeNull();
  });

  it('PAGADA → REVERTIDA: budget back at once, and a negative adjustment for the next payout', () => {
    const c = comision();
    c.aprobar(AHORA);
    c.reservarEnPago('p1', AHORA);
    c.confirmarPago('p1', AHORA, nuevoId);
    c.pullDomainEvents();
    const r = c.revertir('reembolso', AHORA, nuevoId);
    expect(c.estado).toBe('REVERTIDA');
    expect(r?.devolverPresupuesto.equals(usd('20'))).toBe(true);
    const ajuste = r?.ajuste as Comision;
    expect(ajuste.tipo).toBe('AJUSTE');
    expect(ajuste.estado).toBe('PENDIENTE_DESCUENTO');
    expect(ajuste.monto.equals(usd('-20'))).toBe(true);
    expect(ajuste.esPagable()).toBe(true);
    expect(ajuste.getProps().comisionOrigenId).toBe('k1');
    expect(c.pullDomainEvents()[0].payload).toMatchObject({ estado_anterior: 'PAGADA' });
    expect(ajuste.pullDomainEvents()).toEqual([]);
  });

  it('APROBADA reserved by a payout: REVERTIDA, budget back at once, the payout link kept for the payout to settle', () => {
    const c = comision();
    c.aprobar(AHORA);
    c.reservarEnPago('p1', AHORA);
    const r = c.revertir('reembolso', AHORA, nuevoId);
    expect(r?.devolverPresupuesto.equals(usd('20'))).toBe(true);
    expect(r?.ajuste).toBeNull();
    expect(c.pagoId).toBe('p1');
    // the payout failing later frees it without giving the budget back a second time (nothing returned)
    expect(c.liberarDePago('p1', AHORA)).toBeUndefined();
    expect(c.pagoId).toBeNull();
  });

  it('RECHAZADA or already REVERTIDA: nothing to do', () => {
    const rechazada = comision();
    rechazada.rechazar('x', AHORA);
    expect(rechazada.revertir('r', AHORA, nuevoId)).toBeNull();
    const revertida = comision();
    revertida.revertir('r', AHORA, nuevoId);
    revertida.pullDomainEvents();
    expect(revertida.revertir('r', AHORA, nuevoId)).toBeNull();
    expect(revertida.pullDomainEvents()).toEqual([]);
  });
});

describe('CPC/CPM accruals', () => {
  it('has one deterministic id per (campaign, affiliate, day, model)', () => {
    expect(acumulado('CPM', '2.50').id).toBe(Comision.idAcumulado('c1', 'a1', '2025-06-14', 'CPM'));
    expect(Comision.idAcumulado('c1', 'a1', '2025-06-14', 'CPM')).not.toBe(Comision.idAcumulado('c1', 'a1', '2025-06-14', 'CPC'));
    expect(Comision.idAcumulado('c1', 'a1', '2025-06-14', 'CPM')).not.toBe(Comision.idAcumulado('c1', 'a1', '2025-06-15', 'CPM'));
  });

  it('CPM: monto = round_half_up(count × valor / 1000) from the exact count — rounding never accumulates', () => {
    const a = acumulado('CPM', '2.50');
    expect(a.montoParaCantidad(1).toFixed()).toBe('0.00'); // 0.0025
    expect(a.montoParaCantidad(2).toFixed()).toBe('0.01'); // 0.005 → half up
    expect(a.montoParaCantidad(3).toFixed()).toBe('0.01'); // 0.0075
    expect(a.montoParaCantidad(999).toFixed()).toBe('2.50'); // 2.4975
    expect(a.montoParaCantidad(1000).toFixed()).toBe('2.50');
    expect(a.montoParaCantidad(1_000_001).toFixed()).toBe('2500.00'); // 2500.0025
    // Impression by impression: rounding each 0.0025 would give 0 forever; the count-based total does not drift.
    let total = Money.zero('USD');
    for (let i = 0; i < 1000; i++) {
      a.registrarIncremento(1, a.montoParaCantidad(a.cantidad + 1), AHORA);
      total = a.monto;
    }
    expect(a.cantidad).toBe(1000);
    expect(total.toFixed()).toBe('2.50');
  });

  it('CPC: monto = count × price per click', () => {
    const a = acumulado('CPC', '0.35');
    expect(a.montoParaCantidad(3).toFixed()).toBe('1.05');
  });

  it('marks a changed running total for publication; an unchanged one is not republished', () => {
    const a = acumulado('CPM', '2.50');
    a.registrarIncremento(1, a.montoParaCantidad(1), AHORA);
    expect(a.publicacionPendiente).toBe(false); // still 0.00
    a.registrarIncremento(1, a.montoParaCantidad(2), AHORA);
    expect(a.publicacionPendiente).toBe(true);
    expect(a.publicarAcumulado(AHORA)).toBe(true);
    expect(a.publicarAcumulado(AHORA)).toBe(false);
    const [evento] = a.pullDomainEvents();
    expect(evento.payload).toMatchObject({ id: a.id, conversion_id: null, modelo: 'CPM', base: '2.50', monto: '0.01', periodo: '2025-06-14' });
  });

  it('cannot be approved while its day is still running (UTC), and publishes its final total before the approval', () => {
    const hoy = acumulado('CPC', '1', '2025-06-15');
    hoy.registrarIncremento(2, hoy.montoParaCantidad(2), AHORA);
    expect(errorDe(() => hoy.aprobar(AHORA))).toEqual({ code: 'COMISION.ACUMULADO_EN_CURSO', kind: 'business_rule' });
    const ayer = acumulado('CPC', '1', '2025-06-14');
    ayer.registrarIncremento(2, ayer.montoParaCantidad(2), AHORA);
    ayer.aprobar(AHORA);
    expect(ayer.pullDomainEvents().map((e) => [e.eventType, (e.payload as { monto: string }).monto])).toEqual([
      ['ComisionCalculada', '2.00'],
      ['ComisionAprobada', '2.00'],
    ]);
  });

  it('only a PENDIENTE accrual accrues, and it never decreases', () => {
    const a = acumulado('CPC', '1');
    a.registrarIncremento(1, a.montoParaCantidad(1), AHORA);
    expect(() => a.registrarIncremento(1, usd('0.5'), AHORA)).toThrow(/decrease/);
    a.aprobar(AHORA);
    expect(errorDe(() => a.registrarIncremento(1, a.montoParaCantidad(2), AHORA))?.code).toBe('COMISION.TRANSICION_INVALIDA');
  });
});
