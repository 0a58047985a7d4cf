import { Money } from '@alpes/seedwork';
import { afiliado, errorDe } from '../../testing/fakes';
import { AHORA, campana, REGLAS_COMPLETAS } from '../../testing/builders';
import { Campana, type CrearCampanaProps } from './campana.aggregate';
import type { ReglaComisionInput } from './regla-comision.value-object';

const base: CrearCampanaProps = {
  id: 'c1',
  nombre: ' Lanzamiento ',
  producto: 'Zapatillas',
  marca: 'Alpes',
  presupuesto: '1000.50',
  moneda: 'USD',
  reglas: [{ tipo_evento: 'conversion', modelo: 'CPA', valor: '10' }],
  afiliados: [],
  huellaCreacion: 'h',
  ahora: AHORA,
};

function crearCon(reglas: ReglaComisionInput[], extra: Partial<CrearCampanaProps> = {}) {
  return errorDe(() => Campana.crear({ ...base, reglas, ...extra }));
}

describe('Campana.crear', () => {
  it('starts in BORRADOR with the whole budget available and raises CampanaCreada with the normalised data', () => {
    const c = Campana.crear({ ...base, afiliados: [{ id: 'a1', afiliado: afiliado('a1') }] });
    expect(c.estado).toBe('BORRADOR');
    expect(c.presupuestoDisponible.equals(Money.of('1000.50', 'USD'))).toBe(true);
    const [evento] = c.pullDomainEvents();
    expect(evento.eventType).toBe('CampanaCreada');
    expect(evento.payload).toMatchObject({
      id: 'c1',
      nombre: 'Lanzamiento',
      presupuesto: '1000.50',
      moneda: 'USD',
      ventana_atribucion_dias: 30,
      afiliados_ids: ['a1'],
      reglas_comision: [{ tipo_evento: 'conversion', tipo_conversion: null, modelo: 'CPA', valor: '10.00' }],
    });
  });

  it.each([
    ['ABC', 'MONEDA.NO_ISO_4217'],
    ['usd', 'MONEDA.NO_ISO_4217'],
    ['XXX', 'MONEDA.NO_ISO_4217'],
  ])('refuses the currency %s', (moneda, code) => {
    expect(errorDe(() => Campana.crear({ ...base, moneda }))?.code).toBe(code);
  });

  it('refuses a budget that is not positive or has more decimals than the currency', () => {
    expect(errorDe(() => Campana.crear({ ...base, presupuesto: '0' }))?.code).toBe('CAMPANA.PRESUPUESTO_INVALIDO');
    expect(errorDe(() => Campana.crear({ ...base, presupuesto: '-5' }))?.code).toBe('CAMPANA.PRESUPUESTO_INVALIDO');
    expect(errorDe(() => Campana.crear({ ...base, presupuesto: '10.001' }))?.code).toBe('MONEY.MONTO_INVALIDO');
    expect(errorDe(() => Campana.crear({ ...base, moneda: 'JPY', presupuesto: '10.5', reglas: [] }))?.code).toBe('MONEY.MONTO_INVALIDO');
  });

  it('requires fecha_fin after fecha_inicio and a window of 1..365 days', () => {
    const inicio = new Date('2025-01-10T00:00:00Z');
    expect(errorDe(() => Campana.crear({ ...base, fechaInicio: inicio, fechaFin: inicio }))?.code).toBe('CAMPANA.FECHAS_INVALIDAS');
    expect(errorDe(() => Campana.crear({ ...base, fechaInicio: inicio, fechaFin: new Date('2025-01-09T00:00:00Z') }))?.code).toBe(
      'CAMPANA.FECHAS_INVALIDAS',
    );
    expect(errorDe(() => Campana.crear({ ...base, fechaInicio: inicio, fechaFin: new Date('2025-01-11T00:00:00Z') }))).toBeUndefined();
    for (const v of [0, 366, 1.5]) expect(errorDe(() => Campana.crear({ ...base, ventanaAtribucionDias: v }))?.code).toBe('CAMPANA.VENTANA_INVALIDA');
    expect(errorDe(() => Campana.crear({ ...base, ventanaAtribucionDias: 365 }))).toBeUndefined();
  });

  it('requires non-blank names', () => {
    expect(errorDe(() => Campana.crear({ ...base, marca: '   ' }))?.code).toBe('CAMPANA.TEXTO_INVALIDO');
  });

  describe('commission rules', () => {
    it('accepts one rule per event type and conversion type', () => {
      expect(crearCon(REGLAS_COMPLETAS.map((r) => ({ ...r, valor: r.modelo === 'CPS' ? '10' : '3.5' })))).toBeUndefined();
    });

    it('needs at least one rule', () => {
      expect(crearCon([])?.code).toBe('CAMPANA.SIN_REGLAS');
    });

    it.each([
      [{ tipo_evento: 'click', modelo: 'CPS', valor: '10' }, 'MODELO_INCOMPATIBLE'],
      [{ tipo_evento: 'impresion', modelo: 'CPC', valor: '1' }, 'MODELO_INCOMPATIBLE'],
      [{ tipo_evento: 'click', modelo: 'CPM', valor: '1' }, 'MODELO_INCOMPATIBLE'],
      [{ tipo_evento: 'conversion', modelo: 'CPC', valor: '1' }, 'MODELO_INCOMPATIBLE'],
      [{ tipo_evento: 'impresion', modelo: 'CPA', valor: '1' }, 'MODELO_INCOMPATIBLE'],
      [{ tipo_evento: 'click', tipo_conversion: 'venta', modelo: 'CPC', valor: '1' }, 'TIPO_CONVERSION_NO_APLICA'],
      [{ tipo_evento: 'conversion', tipo_conversion: 'compra', modelo: 'CPA', valor: '1' }, 'TIPO_CONVERSION_INVALIDO'],
      [{ tipo_evento: 'conversion', modelo: 'CPS', valor: '100.5' }, 'PORCENTAJE_INVALIDO'],
      [{ tipo_evento: 'conversion', modelo: 'CPS', valor: '-1' }, 'PORCENTAJE_INVALIDO'],
      [{ tipo_evento: 'conversion', modelo: 'CPA', valor: '0' }, 'VALOR_NO_POSITIVO'],
      [{ tipo_evento: 'click', modelo: 'CPC', valor: '-0.5' }, 'VALOR_NO_POSITIVO'],
      [{ tipo_evento: 'click', modelo: 'CPC', valor: '0.001' }, 'MONTO_INVALIDO'],
      [{ tipo_evento: 'compra', modelo: 'CPA', valor: '1' }, 'TIPO_EVENTO_INVALIDO'],
      [{ tipo_evento: 'click', modelo: 'CPX', valor: '1' }, 'MODELO_INVALIDO'],
    ])('refuses %j (%s)', (regla, motivo) => {
      const error = errorDe(() => Campana.crear({ ...base, reglas: [regla as ReglaComisionInput] }));
      expect(error).toEqual({ code: 'CAMPANA.REGLA_INVALIDA', kind: 'validation' });
      try {
        Campana.crear({ ...base, reglas: [regla as ReglaComisionInput] });
      } catch (e) {
        expect((e as { details: { motivo: string } }).details.motivo).toBe(motivo);
      }
    });

    it('accepts CPS percentages of 0 and 100', () => {
      expect(crearCon([{ tipo_evento: 'conversion', modelo: 'CPS', valor: '0' }])).toBeUndefined();
      expect(crearCon([{ tipo_evento: 'conversion', modelo: 'CPS', valor: '100' }])).toBeUndefined();
    });

    it('refuses two rules for the same (tipo_evento, tipo_conversion)', () => {
      expect(
        crearCon([
          { tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: '10' },
          { tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPA', valor: '10' },
        ])?.code,
      ).toBe('CAMPANA.REGLA_DUPLICADA');
      expect(
        crearCon([
          { tipo_evento: 'click', modelo: 'CPC', valor: '1' },
          { tipo_evento: 'click', tipo_conversion: null, modelo: 'CPC', valor: '2' },
        ])?.code,
      ).toBe('CAMPANA.REGLA_DUPLICADA');
    });

    it('picks the specific conversion rule first, then the catch-all', () => {
      const c = campana();
      expect(c.reglaParaConversion('venta')?.modelo).toBe('CPS');
      expect(c.reglaParaConversion('lead')?.modelo).toBe('CPA');
      expect(c.reglaParaClick()?.modelo).toBe('CPC');
      expect(c.reglaParaImpresion()?.modelo).toBe('CPM');
      const soloVentas = campana({ reglas: [{ tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: '5' }] });
      expect(soloVentas.reglaParaConversion('registro')).toBeNull();
      expect(soloVentas.reglaParaClick()).toBeNull();
    });
  });

  it('assigns the influencers of the request with the same checks as an assignment', () => {
    expect(errorDe(() => Campana.crear({ ...base, afiliados: [{ id: 'x', afiliado: null }] }))).toEqual({
      code: 'CAMPANA.AFILIADO_DESCONOCIDO',
      kind: 'not_found',
    });
    expect(errorDe(() => Campana.crear({ ...base, afiliados: [{ id: 'a', afiliado: afiliado('a', { estado: 'SUSPENDIDO' }) }] }))).toEqual({
      code: 'CAMPANA.AFILIADO_NO_ACTIVO',
      kind: 'business_rule',
    });
  });
});

describe('Campana lifecycle', () => {
  it('BORRADOR → ACTIVA ⇄ PAUSADA → FINALIZADA, each with its event', () => {
    const c = campana();
    c.activar(AHORA);
    c.pausar('revision', AHORA);
    c.activar(AHORA);
    c.finalizar(AHORA);
    expect(c.estado).toBe('FINALIZADA');
    expect(c.pullDomainEvents().map((e) => [e.eventType, e.payload])).toEqual([
      ['CampanaActivada', { campana_id: c.id }],
      ['CampanaPausada', { campana_id: c.id, motivo: 'revision' }],
      ['CampanaActivada', { campana_id: c.id }],
      ['CampanaFinalizada', { campana_id: c.id }],
    ]);
  });

  it('finalizes a PAUSADA campaign', () => {
    const c = campana({ estado: 'PAUSADA' });
    c.finalizar(AHORA);
    expect(c.estado).toBe('FINALIZADA');
  });

  it.each([
    ['BORRADOR', 'pausar'],
    ['BORRADOR', 'finalizar'],
    ['ACTIVA', 'activar'],
    ['PAUSADA', 'pausar'],
    ['FINALIZADA', 'activar'],
    ['FINALIZADA', 'pausar'],
    ['FINALIZADA', 'finalizar'],
  ] as const)('refuses %s → %s with 409 CAMPANA.TRANSICION_INVALIDA', (estado, accion) => {
    const c = campana(estado === 'BORRADOR' ? {} : { estado });
    const error = errorDe(() => (accion === 'activar' ? c.activar(AHORA) : accion === 'pausar' ? c.pausar(null, AHORA) : c.finalizar(AHORA)));
    expect(error).toEqual({ code: 'CAMPANA.TRANSICION_INVALIDA', kind: 'conflict' });
    expect(c.estado).toBe(estado);
    expect(c.pullDomainEvents()).toEqual([]);
  });

  it('does not activate a campaign whose end date has passed', () => {
    const c = campana({ fechaFin: new Date(AHORA.getTime() - 1) });
    expect(errorDe(() => c.activar(AHORA))?.code).toBe('CAMPANA.FECHA_FIN_VENCIDA');
  });

  it('does not re-activate a campaign without budget', () => {
    const c = campana({ estado: 'ACTIVA' });
    c.consumirPresupuesto(c.presupuesto, AHORA);
    expect(c.estado).toBe('PAUSADA');
    expect(errorDe(() => c.activar(AHORA))).toEqual({ code: 'CAMPANA.PRESUPUESTO_AGOTADO', kind: 'business_rule' });
  });
});

describe('Campana affiliates', () => {
  it('assigns an ACTIVO affiliate once; a second assignment is an idempotent no-op', () => {
    const c = campana();
    expect(c.asignarAfiliado('a1', afiliado('a1'), AHORA)).toBe(true);
    expect(c.asignarAfiliado('a1', afiliado('a1'), AHORA)).toBe(false);
    expect(c.afiliadosIds).toEqual(['a1']);
    expect(c.pullDomainEvents().map((e) => e.eventType)).toEqual(['AfiliadoAsignadoACampana']);
  });

  it('refuses an unknown affiliate (404) and one that is not ACTIVO (422)', () => {
    const c = campana();
    expect(errorDe(() => c.asignarAfiliado('x', null, AHORA))).toEqual({ code: 'CAMPANA.AFILIADO_DESCONOCIDO', kind: 'not_found' });
    for (const estado of ['PENDIENTE', 'SUSPENDIDO']) {
      expect(errorDe(() => c.asignarAfiliado('a', afiliado('a', { estado }), AHORA))).toEqual({
        code: 'CAMPANA.AFILIADO_NO_ACTIVO',
        kind: 'business_rule',
      });
    }
  });

  it('removes an assigned affiliate, 404 when it is not assigned', () => {
    const c = campana();
    c.asignarAfiliado('a1', afiliado('a1'), AHORA);
    c.pullDomainEvents();
    c.retirarAfiliado('a1', AHORA);
    expect(c.afiliadosIds).toEqual([]);
    expect(c.pullDomainEvents().map((e) => e.payload)).toEqual([{ campana_id: c.id, afiliado_id: 'a1' }]);
    expect(errorDe(() => c.retirarAfiliado('a1', AHORA))).toEqual({ code: 'CAMPANA.AFILIADO_NO_ASIGNADO', kind: 'not_found' });
  });

  it('freezes the affiliates of a FINALIZADA campaign (409)', () => {
    const c = campana({ estado: 'FINALIZADA' });
    expect(errorDe(() => c.asignarAfiliado('a1', afiliado('a1'), AHORA))?.code).toBe('CAMPANA.FINALIZADA');
    expect(errorDe(() => c.retirarAfiliado('a1', AHORA))?.code).toBe('CAMPANA.FINALIZADA');
  });
});

describe('Campana budget', () => {
  const cop = (v: string) => Money.of(v, 'COP');

  it('consumes exactly what is asked while enough is left', () => {
    const c = campana({ presupuesto: '100' });
    expect(c.consumirPresupuesto(cop('30'), AHORA)).toEqual({ consumido: cop('30'), agotado: false });
    expect(c.presupuestoDisponible.equals(cop('70'))).toBe(true);
    expect(c.pullDomainEvents()).toEqual([]);
  });

  it('caps a request to what is left, raises PresupuestoAgotado once and pauses an ACTIVA campaign', () => {
    const c = campana({ presupuesto: '100', estado: 'ACTIVA' });
    c.consumirPresupuesto(cop('80'), AHORA);
    const consumo = c.consumirPresupuesto(cop('50'), AHORA);
    expect(consumo.consumido.equals(cop('20'))).toBe(true);
    expect(consumo.agotado).toBe(true);
    expect(c.presupuestoDisponible.isZero()).toBe(true);
    expect(c.estado).toBe('PAUSADA');
    expect(c.pullDomainEvents().map((e) => [e.eventType, e.payload])).toEqual([
      ['PresupuestoAgotado', { campana_id: c.id, presupuesto: '100.00', presupuesto_disponible: '0.00', moneda: 'COP' }],
      ['CampanaPausada', { campana_id: c.id, motivo: 'PRESUPUESTO_AGOTADO' }],
    ]);
    // Nothing left: nothing consumed, no second PresupuestoAgotado.
    expect(c.consumirPresupuesto(cop('1'), AHORA).consumido.isZero()).toBe(true);
    expect(c.pullDomainEvents()).toEqual([]);
  });

  it('an exact fit also exhausts the budget; a BORRADOR campaign stays BORRADOR', () => {
    const c = campana({ presupuesto: '100' });
    c.consumirPresupuesto(cop('100'), AHORA);
    expect(c.estado).toBe('BORRADOR');
    expect(c.pullDomainEvents().map((e) => e.eventType)).toEqual(['PresupuestoAgotado']);
  });

  it('gives budget back, never above the total', () => {
    const c = campana({ presupuesto: '100' });
    c.consumirPresupuesto(cop('60'), AHORA);
    c.devolverPresupuesto(cop('60'), AHORA);
    expect(c.presupuestoDisponible.equals(cop('100'))).toBe(true);
    expect(() => c.devolverPresupuesto(cop('1'), AHORA)).toThrow(/exceed/);
  });

  it('refuses amounts of another currency (programming error, the caller checks first)', () => {
    expect(() => campana().consumirPresupuesto(Money.of('1', 'USD'), AHORA)).toThrow(/COP/);
  });
});
