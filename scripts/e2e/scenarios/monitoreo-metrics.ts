/**
 * monitoreo's /metrics totals (period 7d) moved by exactly what this run sent: the deltas against the reading taken
 * before the first scenario (after monitoreo had drained its subscriptions) equal the ledger of accepted impressions, clicks and
 * conversions (their final states from conversiones). Plus the contract's shape of /metrics for each period and the
 * order of /events.
 */
import Decimal from 'decimal.js';
import { URLS, getJson } from '../support/api';
import { LEDGER } from '../support/ledger';
import {
  METRICS_PERIOD,
  MONITOREO_TIMEOUT_MS,
  metricsDelta,
  monitoreoUnavailable,
  readMetrics,
  rowsDroppedBetween,
  waitForMonitoreoQuiet,
  type MetricsReading,
} from '../support/monitoreo';
import { EXACTLY_ONCE_QUIET_MS, progress, type Scenario, type ScenarioContext } from '../support/scenario';

let baseline: { reading?: MetricsReading; reason?: string; waitedMs?: number; settled?: boolean } = { reason: 'no baseline was taken' };

/** Reads monitoreo's totals before any scenario sends traffic (waiting, bounded, until it has drained its backlog). */
export async function takeMetricsBaseline(): Promise<void> {
  const reason = await monitoreoUnavailable();
  if (reason) {
    baseline = { reason };
    progress(`monitoreo baseline not taken: ${reason}`);
    return;
  }
  const timeoutMs = Number(process.env['E2E_MONITOREO_DRAIN_TIMEOUT_S'] || 600) * 1000;
  progress(`monitoreo baseline: waiting (up to ${timeoutMs / 1000} s) until monitoreo has drained its subscriptions`);
  try {
    const r = await waitForMonitoreoQuiet(timeoutMs);
    baseline = { reading: r.reading, waitedMs: r.waitedMs, settled: r.settled, ...(r.settled ? {} : { reason: `monitoreo did not settle within ${timeoutMs / 1000} s (backlog ${r.backlog ?? '?'})` }) };
    progress(`monitoreo baseline taken after ${Math.round(r.waitedMs / 1000)} s${r.settled ? '' : ' (NOT settled: deltas may include foreign events)'}: ${JSON.stringify(r.reading.totals)}`);
  } catch (error) {
    baseline = { reason: `could not read monitoreo: ${String(error)}` };
  }
}

async function conversionFinal(id: string): Promise<{ estado: string }> {
  const c = await getJson(`${URLS.conversiones}/api/v1/conversiones/${id}`);
  if (c['estado'] === 'REGISTRADA') throw new Error(`conversion ${id} not processed yet`);
  return { estado: c['estado'] as string };
}

export const monitoreoMetrics: Scenario = {
  name: 'monitoreo-metrics',
  description:
    "monitoreo /metrics?period=7d totals (impressions, clicks, conversions, sales, rejected, reverted, USD sales value) moved by exactly what this run's scenarios sent (deltas against a reading taken before them, once monitoreo had drained; 7d, whose window start moves only every 6 h and then drops only rows ~7 days old) and stayed so; /metrics shape per period; /events newest first",
  async run(ctx: ScenarioContext) {
    const reason = await monitoreoUnavailable();
    if (reason) {
      ctx.assert('monitoreo /metrics and /events answer', false, 'HTTP 200 JSON', reason);
      return;
    }
    for (const [period, bucket, points] of [
      ['1h', 60, 60],
      ['24h', 1800, 48],
      ['7d', 21600, 28],
    ] as const) {
      const m = await getJson(`${URLS.monitoreo}/metrics?period=${period}`);
      const series = m['series'] as { bucket_seconds?: number; points?: unknown[] } | undefined;
      ctx.check(`/metrics?period=${period}: period, buckets`, { period, bucket_seconds: bucket, points: points }, {
        period: m['period'],
        bucket_seconds: series?.bucket_seconds,
        points: series?.points?.length,
      });
      const clicks = m['total_clicks'] as number;
      const expectedRate = clicks > 0 ? new Decimal(m['total_conversions'] as number).times(100).div(clicks).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber() : 0;
      ctx.check(`/metrics?period=${period}: conversion_rate = conversions / clicks × 100`, expectedRate, m['conversion_rate']);
    }
    const newest = (await getJson(`${URLS.monitoreo}/events?limit=50`))['items'] as { occurred_at: string }[];
    const times = newest.map((e) => Date.parse(e.occurred_at));
    ctx.check('/events newest first (occurred_at non-increasing)', true, times.every((t, i) => i === 0 || t <= times[i - 1]));

    if (!baseline.reading) {
      ctx.assert('baseline reading before the scenarios', false, 'a /metrics reading after monitoreo drained', baseline.reason);
      return;
    }
    if (!baseline.settled) ctx.assert('monitoreo drained before the baseline', false, 'backlog 0 and stable totals', baseline.reason);

    const estados = await ctx.eventually(
      'every conversion of the run processed',
      async () => {
        const out: Record<string, string> = {};
        for (const id of LEDGER.conversiones.keys()) out[id] = (await conversionFinal(id)).estado;
        return { pendientes: 0, estados: out };
      },
      { pendientes: 0 },
    );
    const expected = {
      total_impressions: LEDGER.impresiones.size,
      total_clicks: LEDGER.clicks.size,
      total_conversions: 0,
      total_sales: 0,
      total_rejected_conversions: 0,
      total_reverted_conversions: 0,
      sales_usd_count: 0,
      sales_usd_total: new Decimal(0),
    };
    for (const [id, estado] of Object.entries(estados.estados ?? {})) {
      const c = LEDGER.conversiones.get(id);
      if (!c) continue;
      if (estado === 'VALIDADA' || estado === 'REVERTIDA') {
        // A reverted conversion was validated first: its ConversionValidada counts; its ConversionRevertida is counted apart.
        expected.total_conversions++;
        if (c.tipo === 'venta') {
          expected.total_sales++;
          if (c.moneda === 'USD') {
            expected.sales_usd_count++;
            expected.sales_usd_total = expected.sales_usd_total.plus(c.valor);
          }
        }
      }
      if (estado === 'RECHAZADA') expected.total_rejected_conversions++;
      if (estado === 'REVERTIDA') expected.total_reverted_conversions++;
    }
    const want = { ...expected, sales_usd_total: expected.sales_usd_total.toFixed(2) };
    ctx.note('expected_deltas', want);
    const before = baseline.reading;
    const last: { reading?: MetricsReading } = {};
    await ctx.eventually(
      `/metrics?period=${METRICS_PERIOD} deltas equal what the run sent (over 7d: its window start moves every 6 h and drops only rows ~7 days old, so no row of the baseline or of the run leaves the window; 24h's moves every 30 min)`,
      async () => {
        last.reading = await readMetrics();
        return metricsDelta(before, last.reading);
      },
      want,
      { timeoutMs: MONITOREO_TIMEOUT_MS, intervalMs: 1000, quietMs: EXACTLY_ONCE_QUIET_MS },
    );
    const after = last.reading;
    if (after && after.from !== before.from) {
      // The window moved during the run: the deltas are exact only if it moved over buckets without rows.
      ctx.check(
        `/metrics?period=${METRICS_PERIOD}: the window start moved (${before.from} → ${after.from}) without dropping rows of the baseline`,
        { impressions: 0, clicks: 0, conversions: 0, sales: 0 },
        rowsDroppedBetween(before, after),
      );
    }
  },
};
