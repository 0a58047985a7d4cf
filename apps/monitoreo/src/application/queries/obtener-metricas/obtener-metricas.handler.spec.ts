import { EventLogEnMemoria, RelojFijo } from '../../../../test/support/fakes';
import { filas } from '../../../../test/support/filas';
import { ObtenerMetricasHandler } from './obtener-metricas.handler';
import { ObtenerMetricasQuery } from './obtener-metricas.query';

const AHORA = new Date('2025-06-01T12:34:56.000Z');
const haceMin = (m: number) => new Date(AHORA.getTime() - m * 60_000);

describe('ObtenerMetricasHandler', () => {
  let log: EventLogEnMemoria;
  let handler: ObtenerMetricasHandler;

  beforeEach(async () => {
    log = new EventLogEnMemoria();
    handler = new ObtenerMetricasHandler(log, new RelojFijo(AHORA));
    await log.registrar(filas(5, 'impression', haceMin(1)));
    await log.registrar(filas(6, 'click', haceMin(1)));
    await log.registrar(filas(4, 'click', haceMin(30), { eventType: 'click', sourceTopic: 'clicks' }));
    await log.registrar(filas(1, 'conversion', haceMin(30)));
    // Ten USD sales: 10, 20, …, 100 (nearest rank: p50 = 50, p95 = p99 = 100) and two in COP.
    for (let i = 1; i <= 10; i++) await log.registrar(filas(1, 'sale', haceMin(i), { valor: String(i * 10), moneda: 'USD' }));
    await log.registrar(filas(2, 'sale', haceMin(2), { valor: '1500.5', moneda: 'COP' }));
    await log.registrar(filas(2, 'other', haceMin(3), { eventType: 'ConversionRechazada' }));
    // Two hours ago: outside 1h, inside 24h.
    await log.registrar(filas(7, 'click', haceMin(120)));
  });

  it('1h: totals by the counting rules, rate, sale values per currency with exact sums and percentiles', async () => {
    const m = await handler.execute(new ObtenerMetricasQuery('1h'));
    expect(m.totales).toEqual({ impresiones: 5, clicks: 10, conversiones: 13, ventas: 12, conversionesRechazadas: 2, conversionesRevertidas: 0, tasaConversion: 130 });
    expect(m.valorVentas).toEqual([
      { moneda: 'USD', n: 10, total: '550.0000', percentiles: { 50: '50', 95: '100', 99: '100' } },
      { moneda: 'COP', n: 2, total: '3001.0000', percentiles: { 50: '1500.5', 95: '1500.5', 99: '1500.5' } },
    ]);
    expect(m.mezcla[0]).toEqual({ eventType: 'ConversionValidada', n: 13 });
  });

  it('the series has every bucket and adds up to the totals', async () => {
    const m = await handler.execute(new ObtenerMetricasQuery('1h'));
    expect(m.serie).toHaveLength(60);
    const suma = (k: 'impresiones' | 'clicks' | 'conversiones' | 'ventas') => m.serie.reduce((s, p) => s + p[k], 0);
    expect({ impresiones: suma('impresiones'), clicks: suma('clicks'), conversiones: suma('conversiones'), ventas: suma('ventas') }).toEqual({
      impresiones: 5,
      clicks: 10,
      conversiones: 13,
      ventas: 12,
    });
    expect(m.serie.filter((p) => p.clicks + p.impresiones + p.conversiones === 0).length).toBeGreaterThan(40);
  });

  it('24h includes the older clicks', async () => {
    const m = await handler.execute(new ObtenerMetricasQuery('24h'));
    expect(m.totales.clicks).toBe(17);
    expect(m.serie).toHaveLength(48);
    expect(m.ventana.bucketSegundos).toBe(1800);
  });

  it('no sales: no currency entries; no events: zeros', async () => {
    const vacio = new ObtenerMetricasHandler(new EventLogEnMemoria(), new RelojFijo(AHORA));
    const m = await vacio.execute(new ObtenerMetricasQuery('7d'));
    expect(m.valorVentas).toEqual([]);
    expect(m.totales.tasaConversion).toBe(0);
    expect(m.serie).toHaveLength(28);
    expect(m.serie.every((p) => p.clicks === 0 && p.tasaConversion === 0)).toBe(true);
  });
});
