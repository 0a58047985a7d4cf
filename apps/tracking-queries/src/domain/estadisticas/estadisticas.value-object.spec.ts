import { CONTADORES_CERO, Estadisticas, type DatosEstadisticas, type ImportesEnMoneda } from './estadisticas.value-object';

const importes = (moneda: string, comisionesTotal = '0.0000', ventasTotal = '0.0000'): ImportesEnMoneda => ({
  moneda,
  ventasTotal,
  comisionesTotal,
  comisionesAprobadas: '0.0000',
  comisionesPagadas: '0.0000',
});

const datos = (over: Partial<DatosEstadisticas> = {}): DatosEstadisticas => ({
  ambito: 'campana',
  id: 'c1',
  contadores: CONTADORES_CERO,
  importes: [],
  monedaDeCampana: null,
  ...over,
});

describe('Estadisticas', () => {
  it('is zero-safe: no impressions, clicks or commissions give ratios of 0 (never NaN or Infinity)', () => {
    const e = Estadisticas.calcular(datos());
    expect([e.ctr.toNumber(), e.tasaConversion.toNumber(), e.epc.toNumber()]).toEqual([0, 0, 0]);
    expect(e.moneda).toBeNull();
    expect(e.ventasTotal.toNumber()).toBe(0);
  });

  it('ctr = clicks / impresiones × 100 and tasa_conversion = conversiones / clicks × 100, 4 decimals HALF_UP', () => {
    const e = Estadisticas.calcular(
      datos({ contadores: { ...CONTADORES_CERO, impresiones: 3, clicks: 2, conversiones: 1 } }),
    );
    expect(e.ctr.toString()).toBe('66.6667'); // 66.66666… rounds up
    expect(e.tasaConversion.toString()).toBe('50');
    const f = Estadisticas.calcular(datos({ contadores: { ...CONTADORES_CERO, impresiones: 3, clicks: 1, conversiones: 0 } }));
    expect(f.ctr.toString()).toBe('33.3333'); // 33.33333… rounds down
    expect(f.tasaConversion.toNumber()).toBe(0);
  });

  it('rounds a tie (…5 at the fifth decimal) up', () => {
    // 1 / 160000 × 100 = 0.000625 → 0.0006 (not a tie); 1 / 16 × 100 = 6.25 exact; 1/32000*100 = 0.003125 → 0.0031
    expect(Estadisticas.ratio(1, 32000, 100).toString()).toBe('0.0031');
    // 0.00005 exactly at the 5th decimal: 1 / 20000 = 0.00005 → 0.0001 with HALF_UP
    expect(Estadisticas.ratio(1, 20000, 1).toString()).toBe('0.0001');
    expect(Estadisticas.ratio(-1, 20000, 1).toString()).toBe('-0.0001');
  });

  it('epc = comisiones_total / clicks, exact with decimals', () => {
    const e = Estadisticas.calcular(
      datos({ contadores: { ...CONTADORES_CERO, clicks: 3 }, importes: [importes('USD', '10.0000')], monedaDeCampana: 'USD' }),
    );
    expect(e.epc.toString()).toBe('3.3333');
    const g = Estadisticas.calcular(
      datos({ contadores: { ...CONTADORES_CERO, clicks: 7 }, importes: [importes('USD', '0.3000')], monedaDeCampana: 'USD' }),
    );
    expect(g.epc.toString()).toBe('0.0429'); // 0.042857…
  });

  it('handles counts far beyond 2^32 and amounts with many digits without losing precision', () => {
    const e = Estadisticas.calcular(
      datos({
        contadores: { ...CONTADORES_CERO, impresiones: 9_007_199_254_740_991, clicks: 3_000_000_000_000, conversiones: 1 },
        importes: [importes('COP', '123456789012345.6700', '99999999999999.9900')],
        monedaDeCampana: 'COP',
      }),
    );
    expect(e.ctr.toString()).toBe('0.0333');
    expect(e.comisionesTotal.toString()).toBe('123456789012345.67');
    expect(e.ventasTotal.toFixed(2)).toBe('99999999999999.99');
    expect(e.epc.toString()).toBe('41.1523');
  });

  describe('moneda', () => {
    it("is the campaign's currency, whatever other currencies have amounts", () => {
      const e = Estadisticas.calcular(datos({ monedaDeCampana: 'COP', importes: [importes('USD', '5.0000'), importes('COP', '7.0000')] }));
      expect(e.moneda).toBe('COP');
      expect(e.comisionesTotal.toString()).toBe('7');
      expect(e.monedas).toEqual(['COP', 'USD']);
    });

    it('is the one asked for, with zero amounts when there are none in it', () => {
      const e = Estadisticas.calcular(datos({ monedaDeCampana: 'COP', importes: [importes('COP', '7.0000')] }), 'EUR');
      expect(e.moneda).toBe('EUR');
      expect(e.comisionesTotal.toNumber()).toBe(0);
    });

    it('for an affiliate paid in several currencies, is the first in alphabetical order', () => {
      const e = Estadisticas.calcular(datos({ ambito: 'afiliado', importes: [importes('USD', '1.0000'), importes('EUR', '2.0000')] }));
      expect(e.moneda).toBe('EUR');
      expect(e.comisionesTotal.toString()).toBe('2');
    });

    it('refuses a malformed currency', () => {
      expect(() => Estadisticas.calcular(datos(), 'eur')).toThrow(expect.objectContaining({ code: 'TRACKING.MONEDA_INVALIDA' }));
    });
  });
});
