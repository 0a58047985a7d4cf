// Explicit jest imports: this file is also typechecked by tsconfig.scripts.json, which has no jest globals.
import { describe, expect, it } from '@jest/globals';
import { acumulado, cps, estadisticas, CERO } from './expected';
import Decimal from 'decimal.js';
import { LEDGER } from './ledger';
import { backlogOf, metricsDelta, rowsDroppedBetween, type MetricsPoint, type MetricsReading } from './monitoreo';
import { matches, ScenarioContext, shapeLike, type ScenarioRecord } from './scenario';

const record = (): ScenarioRecord => ({ name: 't', description: '', status: 'passed', started_at: '', duration_ms: 0, checks: [] });

describe('shapeLike / matches (what a check compares)', () => {
  it('keeps only the fields the expectation names, recursively, and compares values strictly', () => {
    const actual = { estado: 'VALIDADA', valor: 199.99, extra: 1, historial: [{ estado: 'REGISTRADA', at: 'x' }, { estado: 'VALIDADA', at: 'y' }] };
    expect(shapeLike({ estado: 'VALIDADA', historial: [{ estado: 'REGISTRADA' }, { estado: 'VALIDADA' }] }, actual)).toEqual({
      estado: 'VALIDADA',
      historial: [{ estado: 'REGISTRADA' }, { estado: 'VALIDADA' }],
    });
    expect(matches({ estado: 'VALIDADA', valor: 199.99 }, actual)).toBe(true);
    expect(matches({ valor: '199.99' }, actual)).toBe(false);
    expect(matches({ estado: 'RECHAZADA' }, actual)).toBe(false);
  });

  it('an array expectation fails on extra or missing elements', () => {
    expect(matches([{ a: 1 }], [{ a: 1 }, { a: 2 }])).toBe(false);
    expect(matches([{ a: 1 }, { a: 2 }], [{ a: 1 }])).toBe(false);
    expect(matches([{ a: 1 }, { a: 2 }], [{ a: 1, b: 0 }, { a: 2 }])).toBe(true);
  });

  it('a missing field is a mismatch, not a match with undefined', () => {
    expect(matches({ motivo: null }, {})).toBe(false);
  });
});

describe('ScenarioContext records checks with expected and actual', () => {
  it('records a failed check and the values seen', () => {
    const r = record();
    const ctx = new ScenarioContext(r);
    expect(ctx.check('ok', { a: 1 }, { a: 1, b: 2 })).toBe(true);
    expect(ctx.check('ko', { a: 1 }, { a: 3 })).toBe(false);
    expect(r.checks).toEqual([
      { name: 'ok', passed: true, expected: { a: 1 }, actual: { a: 1 } },
      { name: 'ko', passed: false, expected: { a: 1 }, actual: { a: 3 } },
    ]);
  });

  it('eventually waits until the value matches, and gives up with the last value', async () => {
    const r = record();
    const ctx = new ScenarioContext(r);
    let n = 0;
    await ctx.eventually('grows', async () => ({ n: ++n }), { n: 3 }, { intervalMs: 1 });
    await ctx.eventually('never', async () => ({ n: 0 }), { n: 1 }, { timeoutMs: 20, intervalMs: 5 });
    expect(r.checks.map((c) => [c.name, c.passed, c.actual])).toEqual([
      ['grows', true, { n: 3 }],
      ['never', false, { n: 0 }],
    ]);
  });

  it('with quietMs, a value that changes after its first match fails (a late duplicate)', async () => {
    const r = record();
    const ctx = new ScenarioContext(r);
    let reads = 0;
    const value = await ctx.eventually('one commission', async () => ({ comisiones: ++reads === 1 ? 1 : 2 }), { comisiones: 1 }, { quietMs: 10, intervalMs: 1 });
    expect(value).toEqual({ comisiones: 2 });
    expect(reads).toBe(2);
    expect(r.checks).toHaveLength(1);
    expect(r.checks[0]).toMatchObject({ name: 'one commission', passed: false, expected: { comisiones: 1 }, actual: { comisiones: 2 } });
    expect(r.checks[0].note).toMatch(/changed/);
  });

  it('with quietMs, a value that still matches passes, and a failing second read is retried, not taken as a reading', async () => {
    const r = record();
    const ctx = new ScenarioContext(r);
    let reads = 0;
    await ctx.eventually(
      'stable',
      async () => {
        reads++;
        if (reads === 2) throw new Error('service restarting');
        return { n: 1 };
      },
      { n: 1 },
      { quietMs: 10, intervalMs: 1 },
    );
    expect(reads).toBe(3);
    expect(r.checks.map((c) => [c.name, c.passed, c.actual])).toEqual([['stable', true, { n: 1 }]]);
    expect(r.checks[0].note).toMatch(/unchanged/);
  });

  it('with quietMs, a second read that keeps failing fails the check', async () => {
    const r = record();
    const ctx = new ScenarioContext(r);
    let reads = 0;
    await ctx.eventually(
      'gone',
      async () => {
        if (++reads > 1) throw new Error('down');
        return { n: 1 };
      },
      { n: 1 },
      { quietMs: 10, intervalMs: 100 },
    );
    expect(r.checks[0]).toMatchObject({ name: 'gone', passed: false, actual: 'error: Error: down' });
  }, 20_000);
});

describe('expected amounts and statistics', () => {
  it('CPS rounds the exact product once, HALF_UP to cents', () => {
    expect(cps(12.5, 199.99).toNumber()).toBe(25); // 24.99875
    expect(cps(10, '0.05').toNumber()).toBe(0.01); // 0.005
    expect(cps(20, 100).toNumber()).toBe(20);
  });

  it('CPC and CPM accruals are computed from the exact count', () => {
    expect(acumulado('CPC', 0.25, 4).toNumber()).toBe(1);
    expect(acumulado('CPM', 2, 6).toNumber()).toBe(0.01); // 0.012
    expect(acumulado('CPM', 2, 10).toNumber()).toBe(0.02);
    expect(acumulado('CPM', 1, 1).toNumber()).toBe(0); // 0.001
  });

  it('ratios: ×100, 4 decimals HALF_UP, 0 when the divisor is 0', () => {
    expect(estadisticas({ ...CERO, impresiones: 16, clicks: 6, conversiones: 3, comisiones_total: '51.53' })).toMatchObject({
      ctr: 37.5,
      tasa_conversion: 50,
      epc: 8.5883, // 51.53 / 6 = 8.58833…
    });
    expect(estadisticas({ ...CERO, impresiones: 3, clicks: 2 })).toMatchObject({ ctr: 66.6667, tasa_conversion: 0, epc: 0 });
    expect(estadisticas(CERO)).toMatchObject({ ctr: 0, tasa_conversion: 0, epc: 0, moneda: 'USD' });
  });
});

describe('metricsDelta', () => {
  const reading = (clicks: number, total: string, count: number): MetricsReading => ({
    period: '7d',
    from: '2025-01-01T00:00:00.000Z',
    points: [],
    totals: {
      total_impressions: 10,
      total_clicks: clicks,
      total_conversions: 1,
      total_sales: 1,
      total_rejected_conversions: 0,
      total_reverted_conversions: 0,
    },
    salesUsd: { count, total },
  });

  it('subtracts totals and the exact USD sales value', () => {
    expect(metricsDelta(reading(5, '10.10', 1), reading(9, '210.09', 2))).toEqual({
      total_impressions: 0,
      total_clicks: 4,
      total_conversions: 0,
      total_sales: 0,
      total_rejected_conversions: 0,
      total_reverted_conversions: 0,
      sales_usd_count: 1,
      sales_usd_total: '199.99',
    });
  });
});

describe('rowsDroppedBetween (a moved /metrics window)', () => {
  const point = (start: string, n: number): MetricsPoint => ({ start, impressions: n, clicks: n, conversions: 0, sales: 0 });
  const reading = (from: string, points: MetricsPoint[]): MetricsReading => ({
    period: '7d',
    from,
    points,
    totals: { total_impressions: 0, total_clicks: 0, total_conversions: 0, total_sales: 0, total_rejected_conversions: 0, total_reverted_conversions: 0 },
    salesUsd: { count: 0, total: '0.00' },
  });

  it('sums the baseline buckets that start before the new window start', () => {
    const before = reading('2025-01-01T00:00:00.000Z', [point('2025-01-01T00:00:00.000Z', 3), point('2025-01-01T06:00:00.000Z', 4), point('2025-01-01T12:00:00.000Z', 5)]);
    expect(rowsDroppedBetween(before, reading('2025-01-01T06:00:00.000Z', []))).toEqual({ impressions: 3, clicks: 3, conversions: 0, sales: 0 });
    expect(rowsDroppedBetween(before, reading('2025-01-01T00:00:00.000Z', []))).toEqual({ impressions: 0, clicks: 0, conversions: 0, sales: 0 });
  });
});

describe('backlogOf (is monitoreo drained?)', () => {
  const sub = (name: string, backlog: number) => ({ name, backlog });
  const body = (topics: unknown[], ok = true) => ({ broker: { ok, error: ok ? null : 'timeout' }, topics });

  it("sums the backlogs of monitoreo's subscriptions only", () => {
    const topics = [
      { key: 'a', error: null, subscriptions: [sub('monitoreo.event-log', 2), sub('tracking-queries.proyeccion', 50)] },
      { key: 'b', error: null, subscriptions: [sub('monitoreo.externos', 0)] },
    ];
    expect(backlogOf(body(topics))).toBe(2);
    expect(backlogOf(body([{ key: 'a', error: null, subscriptions: [sub('monitoreo.event-log', 0)] }]))).toBe(0);
  });

  it('no broker data is "unknown", never 0: broker.ok false, no topics, a topic in error, no monitoreo subscription', () => {
    expect(backlogOf(body([], false))).toBeUndefined();
    expect(backlogOf(body([]))).toBeUndefined();
    expect(backlogOf(body([{ key: 'a', error: 'HTTP 500', subscriptions: [] }, { key: 'b', error: null, subscriptions: [sub('monitoreo.x', 0)] }]))).toBeUndefined();
    expect(backlogOf(body([{ key: 'a', error: null, subscriptions: [sub('tracking-queries.proyeccion', 0)] }]))).toBeUndefined();
    expect(backlogOf(undefined)).toBeUndefined();
  });
});

describe('LEDGER keeps amounts exact', () => {
  it('records the amount sent as a decimal string, so sums are exact', () => {
    LEDGER.aceptado('conversiones', 'spec-1', { tipo_conversion: 'venta', valor_conversion: 0.1, moneda: 'USD' });
    LEDGER.aceptado('conversiones', 'spec-2', { tipo_conversion: 'venta', valor_conversion: 0.2, moneda: 'USD' });
    LEDGER.aceptado('conversiones', 'spec-3', { tipo_conversion: 'venta', valor_conversion: '199.99', moneda: 'USD' });
    const valores = ['spec-1', 'spec-2', 'spec-3'].map((id) => LEDGER.conversiones.get(id)?.valor);
    expect(valores).toEqual(['0.1', '0.2', '199.99']);
    expect(valores.reduce((sum, v) => sum.plus(v ?? 0), new Decimal(0)).toFixed(2)).toBe('200.29');
    expect(valores.slice(0, 2).reduce((sum, v) => sum.plus(v ?? 0), new Decimal(0)).toString()).toBe('0.3');
  });
});
