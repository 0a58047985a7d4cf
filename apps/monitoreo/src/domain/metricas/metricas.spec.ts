import { mezclaPorTipo, rangoPercentil, serieDe, tasaConversion, totalesDe, type ConteoTipo } from './metricas';
import { ventanaDe } from './periodo';

describe('counting rules', () => {
  const mezcla: ConteoTipo[] = [
    { eventType: 'ImpresionRegistrada', categoria: 'impression', n: 1000 },
    { eventType: 'ClickRegistrado', categoria: 'click', n: 120 },
    { eventType: 'click', categoria: 'click', n: 30 },
    { eventType: 'ConversionValidada', categoria: 'conversion', n: 3 },
    { eventType: 'ConversionValidada', categoria: 'sale', n: 7 },
    { eventType: 'conversion', categoria: 'conversion', n: 2 },
    { eventType: 'conversion', categoria: 'sale', n: 1 },
    { eventType: 'sale', categoria: 'sale', n: 2 },
    { eventType: 'ConversionRechazada', categoria: 'other', n: 2 },
    { eventType: 'ConversionRevertida', categoria: 'other', n: 1 },
    { eventType: 'ConversionRegistrada', categoria: 'other', n: 20 },
    { eventType: 'ComisionCalculada', categoria: 'other', n: 9 },
  ];

  it('clicks = ClickRegistrado + JSON clicks; a sale is a conversion; rejected/reverted are not conversions', () => {
    expect(totalesDe(mezcla)).toEqual({
      impresiones: 1000,
      clicks: 150,
      conversiones: 15,
      ventas: 10,
      conversionesRechazadas: 2,
      conversionesRevertidas: 1,
      tasaConversion: 10,
    });
  });

  it('no events: zeros and a rate of 0', () => {
    expect(totalesDe([])).toEqual({ impresiones: 0, clicks: 0, conversiones: 0, ventas: 0, conversionesRechazadas: 0, conversionesRevertidas: 0, tasaConversion: 0 });
  });

  it('event mix: one entry per type (its categories added up), most frequent first, ties by name', () => {
    expect(mezclaPorTipo(mezcla).slice(0, 4)).toEqual([
      { eventType: 'ImpresionRegistrada', n: 1000 },
      { eventType: 'ClickRegistrado', n: 120 },
      { eventType: 'click', n: 30 },
      { eventType: 'ConversionRegistrada', n: 20 },
    ]);
    expect(mezclaPorTipo(mezcla).find((m) => m.eventType === 'ConversionValidada')).toEqual({ eventType: 'ConversionValidada', n: 10 });
    expect(mezclaPorTipo([{ eventType: 'b', categoria: 'other', n: 1 }, { eventType: 'a', categoria: 'other', n: 1 }]).map((m) => m.eventType)).toEqual(['a', 'b']);
  });
});

describe('tasaConversion', () => {
  it.each([
    [15, 150, 10],
    [1, 3, 33.33],
    [2, 3, 66.67],
    [1, 8, 12.5],
    [1, 200, 0.5],
    [1, 0, 0],
    [0, 0, 0],
    [5, 2, 250],
  ])('%i conversions / %i clicks → %d', (conv, clicks, tasa) => {
    expect(tasaConversion(conv, clicks)).toBe(tasa);
  });

  it('rounds half up once (1/16 = 6.25 exactly; 1/800 = 0.125 → 0.13)', () => {
    expect(tasaConversion(1, 16)).toBe(6.25);
    expect(tasaConversion(1, 800)).toBe(0.13);
  });
});

describe('rangoPercentil (nearest rank)', () => {
  it.each([
    [50, 10, 5],
    [95, 10, 10],
    [99, 10, 10],
    [50, 1, 1],
    [99, 1, 1],
    [50, 3, 2],
    [95, 20, 19],
    [99, 100, 99],
    [99, 101, 100],
    [50, 4, 2],
  ])('p%i of %i values → position %i', (p, n, rango) => {
    expect(rangoPercentil(p, n)).toBe(rango);
  });

  it('no values → null', () => {
    expect(rangoPercentil(50, 0)).toBeNull();
  });
});

describe('serieDe', () => {
  const ventana = ventanaDe('1h', new Date('2025-06-01T12:34:56.000Z'));

  it('contiguous buckets from the window start, zeros where nothing happened', () => {
    const serie = serieDe(ventana, [
      { bucket: 0, categoria: 'click', n: 3 },
      { bucket: 0, categoria: 'sale', n: 1 },
      { bucket: 59, categoria: 'impression', n: 10 },
      { bucket: 59, categoria: 'click', n: 4 },
      { bucket: 59, categoria: 'conversion', n: 1 },
    ]);
    expect(serie).toHaveLength(60);
    expect(serie[0]).toEqual({ inicio: ventana.desde, impresiones: 0, clicks: 3, conversiones: 1, ventas: 1, tasaConversion: 33.33 });
    expect(serie[1]).toEqual({ inicio: new Date(ventana.desde.getTime() + 60_000), impresiones: 0, clicks: 0, conversiones: 0, ventas: 0, tasaConversion: 0 });
    expect(serie[59]).toEqual({ inicio: new Date('2025-06-01T12:34:00.000Z'), impresiones: 10, clicks: 4, conversiones: 1, ventas: 0, tasaConversion: 25 });
    for (let i = 1; i < serie.length; i++) expect(serie[i].inicio.getTime() - serie[i - 1].inicio.getTime()).toBe(60_000);
  });

  it('counts outside the window (a clock edge) are dropped, never mis-placed', () => {
    const serie = serieDe(ventana, [
      { bucket: 60, categoria: 'click', n: 5 },
      { bucket: -1, categoria: 'click', n: 5 },
    ]);
    expect(serie.reduce((s, p) => s + p.clicks, 0)).toBe(0);
  });
});
