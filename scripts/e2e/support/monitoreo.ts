/**
 * Reading monitoreo the way the end-to-end checks need it: /metrics totals over 7d (compared as deltas against a
 * reading taken before the traffic, since the real topics carry residue from earlier runs), /events counts filtered by
 * the run's own campaign ids, and a wait until monitoreo has drained its subscriptions before a baseline is taken.
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
  readonly period: string;
  /** Start of the window (`from`): rows before it are not counted. */
  readonly from: string;
  readonly totals: Record<MetricTotal, number>;
  /** USD sales: count and total (exact, as a decimal string). */
  readonly salesUsd: { count: number; total: string };
  /** The window's buckets (start, impressions, clicks, conversions, sales), to tell what a moved window dropped. */
  readonly points: readonly MetricsPoint[];
}

export interface MetricsPoint {
  readonly start: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  readonly sales: number;
}

/**
 * The period the deltas are taken over. Its window starts on a bucket grid, so `from` moves while a run lasts: every
 * 30 min for 24h, which drops the oldest half hour of rows and with it rows counted in the baseline. 7d moves every 6 h
 * and only drops rows ~7 days old, which no run writes (see `rowsDroppedBetween`).
 */
export const METRICS_PERIOD = '7d';

export async function readMetrics(period: string = METRICS_PERIOD): Promise<MetricsReading> {
  const body = await getJson(`${URLS.monitoreo}/metrics?period=${period}`);
  const totals = {} as Record<MetricTotal, number>;
  for (const key of METRIC_TOTALS) {
    const value = body[key];
    if (typeof value !== 'number') throw new Error(`/metrics has no numeric ${key}: ${JSON.stringify(body).slice(0, 300)}`);
    totals[key] = value;
  }
  const usd = ((body['sales_value'] as Entity[] | undefined) ?? []).find((s) => s['currency'] === 'USD');
  const points = (((body['series'] as Entity | undefined)?.['points'] as Entity[] | undefined) ?? []).map((p) => ({
    start: String(p['start']),
    impressions: Number(p['impressions'] ?? 0),
    clicks: Number(p['clicks'] ?? 0),
    conversions: Number(p['conversions'] ?? 0),
    sales: Number(p['sales'] ?? 0),
  }));
  return {
    period,
    from: String(body['from']),
    totals,
    salesUsd: { count: usd ? Number(usd['count']) : 0, total: new Decimal(usd ? String(usd['total']) : 0).toFixed(2) },
    points,
  };
}

/**
 * Rows of `before` that had left the window by `after` (buckets of `before` starting before `after.from`), summed per
 * series field. All zero when the window did not move, or moved over empty buckets: then `after - before` is exactly
 * what arrived in between.
 */
export function rowsDroppedBetween(before: MetricsReading, after: MetricsReading): Omit<MetricsPoint, 'start'> {
  const limit = Date.parse(after.from);
  const dropped = before.points.filter((p) => Date.parse(p.start) < limit);
  const total = (k: keyof Omit<MetricsPoint, 'start'>) => dropped.reduce((n, p) => n + p[k], 0);
  return { impressions: total('impressions'), clicks: total('clicks'), conversions: total('conversions'), sales: total('sales') };
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

/**
 * Sum of the backlogs of monitoreo's subscriptions, from /ecosistema; undefined when it cannot tell: no answer, the
 * broker's admin API did not answer (`broker.ok = false`, topics then empty), no topics (a slow admin call), a topic the
 * broker answered with an error, or no monitoreo subscription at all. "Cannot tell" is not "drained".
 */
export async function monitoreoBacklog(): Promise<number | undefined> {
  const reply = await get(`${URLS.monitoreo}/ecosistema`, { timeoutMs: 15_000 });
  return backlogOf(reply.status === 200 ? reply.body : undefined);
}

/** The monitoreo backlog in an /ecosistema body (see `monitoreoBacklog`). */
export function backlogOf(body: Entity | undefined): number | undefined {
  if (!body || (body['broker'] as Entity | undefined)?.['ok'] !== true) return undefined;
  const topics = body['topics'];
  if (!Array.isArray(topics) || topics.length === 0) return undefined;
  let backlog = 0;
  let subscriptions = 0;
  for (const topic of topics as Entity[]) {
    if (topic['error']) return undefined;
    for (const sub of (topic['subscriptions'] as Entity[] | undefined) ?? []) {
      if (typeof sub['name'] !== 'string' || !sub['name'].startsWith('monitoreo.')) continue;
      const value = Number(sub['backlog']);
      if (!Number.isFinite(value)) return undefined;
      subscriptions++;
      backlog += value;
    }
  }
  return subscriptions > 0 ? backlog : undefined;
}

/**
 * Waits (bounded) until monitoreo has caught up: /ecosistema reports its subscriptions' backlog as 0 and two /metrics
 * readings `quietMs` apart are equal. When /ecosistema cannot tell the backlog (see `monitoreoBacklog`) it keeps
 * waiting: a baseline taken before monitoreo has drained would count older traffic as this run's. Returns the last
 * reading and how it ended.
 */
export async function waitForMonitoreoQuiet(
  timeoutMs: number,
  quietMs = 4_000,
): Promise<{ reading: MetricsReading; settled: boolean; waitedMs: number; backlog?: number }> {
  const started = Date.now();
  let last = await readMetrics();
  let lastLog = 0;
  for (;;) {
    await sleep(quietMs);
    const backlog = await monitoreoBacklog().catch(() => undefined);
    const now = await readMetrics();
    const same = METRIC_TOTALS.every((k) => now.totals[k] === last.totals[k]);
    if (same && backlog === 0) return { reading: now, settled: true, waitedMs: Date.now() - started, backlog };
    if (Date.now() - started > timeoutMs) return { reading: now, settled: false, waitedMs: Date.now() - started, backlog };
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      progress(
        `  monitoreo still draining: backlog ${backlog ?? 'unknown (no broker data in /ecosistema)'}, total_clicks ${now.totals.total_clicks} (waited ${Math.round((Date.now() - started) / 1000)} s)`,
      );
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
    for (const path of [`/metrics?period=${METRICS_PERIOD}`, '/events?limit=1']) {
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
