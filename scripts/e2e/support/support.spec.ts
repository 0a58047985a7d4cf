// Explicit jest imports: this file is also typechecked by tsconfig.scripts.json, which has no jest globals.
import { describe, expect, it } from '@jest/globals';
import { acumulado, cps, estadisticas, CERO } from './expected';
import { metricsDelta, type MetricsReading } from './monitoreo';
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
