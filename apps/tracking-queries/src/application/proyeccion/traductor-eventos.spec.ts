import { evento } from '../../../test/support/eventos';
import { traducirEvento } from './traductor-eventos';

describe('traducirEvento', () => {
  it('turns a contract event into a fact with exact money and dates', () => {
    const t = traducirEvento(evento('ConversionValidada', { conversion_id: 'c1', valor: '150000.5000', moneda: 'COP' }, { occurredAt: 1_700_000_000_000 }));
    expect(t.resultado).toBe('hecho');
    if (t.resultado !== 'hecho' || t.hecho.tipo !== 'ConversionValidada') throw new Error('unexpected');
    expect(t.hecho.valor.toFixed()).toBe('150000.50');
    expect(t.hecho.valor.currency).toBe('COP');
    expect(t.hecho.ocurridoEn.toISOString()).toBe(new Date(1_700_000_000_000).toISOString());
    expect(t.hecho.registradaEn.toISOString()).toBe('2025-01-01T12:05:00.000Z');
  });

  it('reads an event whose optional fields are absent (an older schema version resolved by the codec)', () => {
    const e = evento('ConversionValidada', { referencia_externa: undefined, usuario_id: undefined, click_id: undefined });
    const t = traducirEvento(e);
    expect(t).toMatchObject({ resultado: 'hecho', hecho: { referenciaExterna: null, usuarioId: null, clickId: null } });
  });

  it('a payout naming a commission twice pays it once', () => {
    const t = traducirEvento(evento('PagoRealizado', { comision_ids: ['k1', 'k2', 'k1'] }));
    expect(t).toMatchObject({ resultado: 'hecho', hecho: { comisionIds: ['k1', 'k2'] } });
  });

  it.each([
    ['a currency that is not ISO-4217 shaped', evento('CampanaCreada', { moneda: 'pesos' }), 'IMPORTE_INVALIDO'],
    ['an amount that is not a decimal', evento('ComisionCalculada', { monto: 'mucho' }), 'IMPORTE_INVALIDO'],
    ['more decimals than the currency has', evento('ComisionAprobada', { monto: '1.0010', moneda: 'JPY' }), 'IMPORTE_INVALIDO'],
    ['an id with surrounding spaces', evento('ClickRegistrado', { id: ' c1 ' }), 'ID_INVALIDO'],
    ['a payout whose comision_ids is not a list', evento('PagoRealizado', { comision_ids: 'k1' as never }), 'PAYLOAD_INVALIDO'],
    ['a timestamp out of range', evento('ImpresionRegistrada', { timestamp: 9e15 }), 'FECHA_INVALIDA'],
  ])('skips %s', (_what, e, motivo) => {
    expect(traducirEvento(e)).toMatchObject({ resultado: 'omitido', motivo });
  });

  it('consumes without effect the events the projections do not need', () => {
    for (const tipo of ['PagoProgramado', 'PagoFallido', 'AfiliadoRetiradoDeCampana', 'AccionRegistrada'] as const) {
      expect(traducirEvento(evento(tipo))).toEqual({ resultado: 'sin_efecto' });
    }
  });
});
