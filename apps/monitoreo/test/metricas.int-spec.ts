import { ev, esperarGet, ids, publicar, publicarJson } from './support/eventos';
import { startMonitoreoTestApp, type MonitoreoTestApp } from './support/monitoreo-app';

interface Punto {
  impressions: number;
  clicks: number;
  conversions: number;
  sales: number;
  conversion_rate: number;
  start: string;
}
interface Metricas {
  period: string;
  from: string;
  to: string;
  total_clicks: number;
  total_conversions: number;
  total_sales: number;
  conversion_rate: number;
  total_impressions: number;
  total_rejected_conversions: number;
  total_reverted_conversions: number;
  sales_value: { currency: string; count: number; total: number; p50: number; p95: number; p99: number }[];
  event_mix: { event_type: string; count: number }[];
  series: { bucket_seconds: number; points: Punto[] };
  external_rejected: { source_topic: string; reason: string; count: number }[];
}

/**
 * /metrics over real topics and a real database: Avro events of conversiones.eventos and comisiones.eventos plus raw
 * JSON of the outside-system topics, counted by the contract's rules, with exact amounts and a series that adds up.
 */
describe('monitoreo: /metrics', () => {
  let t: MonitoreoTestApp;

  beforeAll(async () => {
    t = await startMonitoreoTestApp('metricas');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('counts every source by the contract rules, with exact sale values and percentiles, and a series that adds up to the totals', async () => {
    const campana = ids('camp');
    const key = campana;
    await publicar(
      t,
      ...Array.from({ length: 10 }, () => ev('ImpresionRegistrada', { id: ids('imp'), campana_id: campana }, { key })),
      ...Array.from({ length: 8 }, () => ev('ClickRegistrado', { id: ids('clk'), campana_id: campana }, { key })),
      ...['registro', 'registro'].map((tipo) => ev('ConversionValidada', { conversion_id: ids('cv'), tipo_conversion: tipo as 'registro', valor: '0.0000', moneda: 'USD' }, { key })),
      ...['199.9900', '250.0000', '19.9900'].map((valor) => ev('ConversionValidada', { conversion_id: ids('cv'), tipo_conversion: 'venta', valor, moneda: 'USD' }, { key })),
      ev('ConversionValidada', { conversion_id: ids('cv'), tipo_conversion: 'venta', valor: '150000.0000', moneda: 'COP' }, { key }),
      ev('ConversionRechazada', { conversion_id: ids('cr') }, { key }),
      ev('ConversionRechazada', { conversion_id: ids('cr') }, { key }),
      ev('ConversionRevertida', { conversion_id: ids('crv') }, { key }),
      ev('ComisionCalculada', { id: ids('com'), monto: '15.5000', moneda: 'USD' }, { key }),
    );
    const ts = Date.now();
    await publicarJson(t, 'clicks', Array.from({ length: 4 }, (_, i) => ({ user_id: `u${i}`, session_id: 's', url: 'https://x.test/p', timestamp: ts })));
    await publicarJson(t, 'conversions', [
      { user_id: 'u1', conversion_type: 'registro', timestamp: ts },
      '{"user_id":"u2","conversion_type":"venta","value":10.50,"currency":"USD","timestamp":' + ts + '}',
    ]);
    await publicarJson(t, 'sales', [
      '{"user_id":"u3","amount":19.99,"currency":"USD","timestamp":' + ts + '}',
      '{"user_id":"u4","value":100,"timestamp":"' + new Date(ts).toISOString() + '"}',
      '{"user_id":"u5","amount":123456789012.3456,"currency":"EUR","timestamp":' + ts + '}',
    ]);

    // Every topic is consumed on its own: wait until the last event of each one is counted.
    const m = await esperarGet<Metricas>(
      t,
      '/metrics?period=1h',
      (b) =>
        b.total_clicks === 12 &&
        b.total_conversions === 11 &&
        b.total_sales === 8 &&
        b.total_impressions === 10 &&
        b.total_reverted_conversions === 1 &&
        b.event_mix.some((e) => e.event_type === 'ComisionCalculada') &&
        b.sales_value.some((v) => v.currency === 'EUR'),
    );
    expect(m).toMatchObject({
      period: '1h',
      total_clicks: 12,
      // 2 registro + 4 ventas (ConversionValidada) + 2 JSON conversions + 3 JSON sales
      total_conversions: 11,
      total_sales: 8,
      conversion_rate: 91.67,
      total_impressions: 10,
      total_rejected_conversions: 2,
      total_reverted_conversions: 1,
      external_rejected: [],
    });
    // USD: 199.99, 250, 19.99 (Avro), 10.50 (JSON conversion venta), 19.99, 100 (JSON sales; 100 in the default USD).
    // Sorted 10.5, 19.99, 19.99, 100, 199.99, 250 → nearest rank p50 = 3rd, p95 = p99 = 6th.
    expect(m.sales_value).toEqual([
      { currency: 'USD', count: 6, total: 600.47, p50: 19.99, p95: 250, p99: 250 },
      { currency: 'COP', count: 1, total: 150000, p50: 150000, p95: 150000, p99: 150000 },
      { currency: 'EUR', count: 1, total: 123456789012.3456, p50: 123456789012.3456, p95: 123456789012.3456, p99: 123456789012.3456 },
    ]);
    // The app's own ServicioIniciado (sistema.eventos) is in the log too; it is not part of this scenario.
    const mezcla = Object.fromEntries(m.event_mix.filter((e) => e.event_type !== 'ServicioIniciado').map((e) => [e.event_type, e.count]));
    expect(mezcla).toEqual({
      ImpresionRegistrada: 10,
      ClickRegistrado: 8,
      ConversionValidada: 6,
      ConversionRechazada: 2,
      ConversionRevertida: 1,
      ComisionCalculada: 1,
      click: 4,
      conversion: 2,
      sale: 3,
    });

    // The amounts are stored exactly (DECIMAL(19,4) from the JSON text, never through a float).
    const filas: { value: string }[] = await t.dataSource.query(`SELECT value FROM registro_eventos WHERE currency = 'EUR' OR (source_topic = 'sales' AND user_id = 'u3')`);
    expect(filas.map((f) => f.value).sort()).toEqual(['123456789012.3456', '19.9900']);

    for (const [period, bucket, puntos] of [
      ['1h', 60, 60],
      ['24h', 1800, 48],
      ['7d', 21600, 28],
    ] as const) {
      const r = (await t.http().get(`/metrics?period=${period}`).expect(200)).body as Metricas;
      expect(r.series.bucket_seconds).toBe(bucket);
      expect(r.series.points).toHaveLength(puntos);
      const suma = (k: 'impressions' | 'clicks' | 'conversions' | 'sales') => r.series.points.reduce((s, p) => s + p[k], 0);
      expect({ impressions: suma('impressions'), clicks: suma('clicks'), conversions: suma('conversions'), sales: suma('sales') }).toEqual({
        impressions: r.total_impressions,
        clicks: r.total_clicks,
        conversions: r.total_conversions,
        sales: r.total_sales,
      });
      expect(r.total_clicks).toBe(12);
      // Contiguous buckets from `from`, the last one holding `to`.
      expect(r.series.points[0].start).toBe(r.from);
      for (let i = 1; i < puntos; i++) expect(Date.parse(r.series.points[i].start) - Date.parse(r.series.points[i - 1].start)).toBe(bucket * 1000);
      const ultimo = Date.parse(r.series.points[puntos - 1].start);
      expect(ultimo).toBeLessThanOrEqual(Date.parse(r.to));
      expect(ultimo + bucket * 1000).toBeGreaterThan(Date.parse(r.to));
    }
  });

  it('the default period is 24h; a bad period is a 400 naming `period`, never a 500', async () => {
    expect((await t.http().get('/metrics').expect(200)).body.period).toBe('24h');
    for (const q of ['period=2h', 'period=', 'period=1H', 'period=1h&period=24h', 'periodo=1h', 'period[]=1h']) {
      const res = await t.http().get(`/metrics?${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDACION.DATOS_INVALIDOS' });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([q.split('=')[0]]);
    }
  });
});
