/**
 * Reading monitoreo the way the end-to-end checks need it: /metrics totals (compared as deltas against a reading
 * taken before the traffic, since the real topics carry residue from earlier runs), /events counts filtered by the
 * run's own campaign ids, and a wait until monitoreo has drained its subscriptions before a baseline is taken.
 */
import Decimal from 'decimal.js';
import { get, sleep } from './http';
import { URLS, getJson, type Entity } from './api';
import { progress } from './scenario';

export const METRIC_TOTALS = [
  'total_impressions',
  'total_clicks',
  'total_conversions',
  'total_sales',
  'total_rejected_conversions',
  'total_reverted_conversions',
] as const;
export type MetricTotal = (typeof METRIC_TOTALS)[number];

export interface MetricsReading {
  readonly totals: Record<MetricTotal, number>;
  /** USD sales: count and total (exact, as a decimal string). */
  readonly salesUsd: { count: number; total: string };
}

export async function readMetrics(period = '24h'): Promise<MetricsReading> {
  const body = await getJson(`${URLS.monitoreo}/metrics?period=${period}`);
  const totals = {} as Record<MetricTotal, number>;
  for (const key of METRIC_TOTALS) {
    const value = body[key];
    if (typeof value !== 'number') throw new Error(`/metrics has no numeric ${key}: ${JSON.stringify(body).slice(0, 300)}`);
    totals[key] = value;
  }
  const usd = ((body['sales_value'] as Entity[] | undefined) ?? []).find((s) => s['currency'] === 'USD');
  return { totals, salesUsd: { count: usd ? Number(usd['count']) : 0, total: new Decimal(usd ? String(usd['total']) : 0).toFixed(2) } };
}

/** `after - before`, with the USD sales total as an exact decimal string. */
export function metricsDelta(before: MetricsReading, after: MetricsReading): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const key of METRIC_TOTALS) out[key] = after.totals[key] - before.totals[key];
  out['sales_usd_count'] = after.salesUsd.count - before.salesUsd.count;
  out['sales_usd_total'] = new Decimal(after.salesUsd.total).minus(before.salesUsd.total).toFixed(2);
  return out;
}

/** `total` of /events with these filters (e.g. campaign_id + event_type). */
export async function countEvents(filters: Record<string, string>): Promise<number> {
  const query = new URLSearchParams({ ...filters, limit: '1' }).toString();
  const body = await getJson(`${URLS.monitoreo}/events?${query}`);
  if (typeof body['total'] !== 'number') throw new Error(`/events?${query} has no numeric total: ${JSON.stringify(body).slice(0, 300)}`);
  return body['total'] as number;
}

/** Event counts of one campaign by event type, as monitoreo's log has them. */
export async function campaignEventCounts(campaignId: string, types: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const type of types) out[type] = await countEvents({ campaign_id: campaignId, event_type: type });
  return out;
}

/** Sum of the backlogs of monitoreo's subscriptions, from /ecosistema; undefined when it cannot tell. */
async function monitoreoBacklog(): Promise<number | undefined> {
  const reply = await get(`${URLS.monitoreo}/ecosistema`, { timeoutMs: 15_000 });
  if (reply.status !== 200 || !Array.isArray(reply.body?.topics)) return undefined;
  let backlog = 0;
  for (const topic of reply.body.topics as Entity[]) {
    for (const sub of (topic['subscriptions'] as Entity[] | undefined) ?? []) {
      if (typeof sub['name'] === 'string' && sub['name'].startsWith('monitoreo.')) backlog += Number(sub['backlog'] ?? 0);
    }
  }
  return backlog;
}

/**
 * Waits (bounded) until monitoreo has caught up: its subscriptions' backlog is 0 (when /ecosistema tells) and two
 * /metrics readings `quietMs` apart are equal. Returns the last reading and how it ended.
 */
export async function waitForMonitoreoQuiet(timeoutMs: number, quietMs = 4_000): Promise<{ reading: MetricsReading; settled: boolean; waitedMs: number; backlog?: number }> {
  const started = Date.now();
  let last = await readMetrics();
  let lastLog = 0;
  for (;;) {
    await sleep(quietMs);
    const backlog = await monitoreoBacklog().catch(() => undefined);
    const now = await readMetrics();
    const same = METRIC_TOTALS.every((k) => now.totals[k] === last.totals[k]);
    if (same && (backlog === undefined || backlog === 0)) return { reading: now, settled: true, waitedMs: Date.now() - started, backlog };
    if (Date.now() - started > timeoutMs) return { reading: now, settled: false, waitedMs: Date.now() - started, backlog };
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      progress(`  monitoreo still draining: backlog ${backlog ?? '?'}, total_clicks ${now.totals.total_clicks} (waited ${Math.round((Date.now() - started) / 1000)} s)`);
    }
    last = now;
  }
}

let availability: Promise<string | undefined> | undefined;

/**
 * Why monitoreo's query API cannot be checked (undefined when /metrics and /events answer JSON). Probed once per run,
 * so that with monitoreo missing every monitoreo check fails at once, naming the reason, instead of each waiting.
 */
export function monitoreoUnavailable(): Promise<string | undefined> {
  availability ??= (async () => {
    for (const path of ['/metrics?period=24h', '/events?limit=1']) {
      const reply = await get(`${URLS.monitoreo}${path}`, { timeoutMs: 15_000 });
      if (reply.status !== 200 || typeof reply.body !== 'object') {
        return `monitoreo ${path} does not answer: ${reply.status === 0 ? reply.error : `HTTP ${reply.status} ${String(reply.text).slice(0, 120)}`}`;
      }
    }
    return undefined;
  })();
  return availability;
}

/** How long monitoreo checks wait for the event log to catch up (it drains every topic). */
export const MONITOREO_TIMEOUT_MS = Number(process.env['E2E_MONITOREO_TIMEOUT_S'] || 180) * 1000;
