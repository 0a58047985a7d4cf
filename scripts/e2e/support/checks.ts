/**
 * Checks shared by the scenarios: a campaign's or affiliate's statistics in tracking-queries, and monitoreo's event
 * counts for a campaign.
 */
import { URLS, getJson } from './api';
import { estadisticas, type Conteo } from './expected';
import { MONITOREO_TIMEOUT_MS, campaignEventCounts, countEvents, monitoreoUnavailable } from './monitoreo';
import { EXACTLY_ONCE_QUIET_MS, type ScenarioContext } from './scenario';

const STATS_TIMEOUT_MS = 120_000;

/** GET /tracking/queries/campanas/:id/estadisticas equals the statistics of `conteo` (waits for the projections). */
export function statsDeCampana(ctx: ScenarioContext, name: string, campanaId: string, conteo: Conteo): Promise<unknown> {
  return ctx.eventually(
    name,
    () => getJson(`${URLS.queries}/tracking/queries/campanas/${campanaId}/estadisticas`),
    { campana_id: campanaId, ...estadisticas(conteo) },
    { timeoutMs: STATS_TIMEOUT_MS },
  );
}

/** GET /tracking/queries/influencers/:id/estadisticas equals the statistics of `conteo`. */
export function statsDeAfiliado(ctx: ScenarioContext, name: string, afiliadoId: string, conteo: Conteo): Promise<unknown> {
  return ctx.eventually(
    name,
    () => getJson(`${URLS.queries}/tracking/queries/influencers/${afiliadoId}/estadisticas`),
    { afiliado_id: afiliadoId, ...estadisticas(conteo) },
    { timeoutMs: STATS_TIMEOUT_MS },
  );
}

/**
 * monitoreo /events?campaign_id=…&event_type=… `total` for each type equals `expected`, and still does one quiet period
 * later (an event logged twice shows up after the first copy).
 */
export async function eventosDeCampana(ctx: ScenarioContext, name: string, campanaId: string, expected: Record<string, number>): Promise<void> {
  const reason = await monitoreoUnavailable();
  if (reason) {
    ctx.assert(name, false, expected, reason);
    return;
  }
  await ctx.eventually(name, () => campaignEventCounts(campanaId, Object.keys(expected)), expected, {
    timeoutMs: MONITOREO_TIMEOUT_MS,
    intervalMs: 1000,
    quietMs: EXACTLY_ONCE_QUIET_MS,
  });
}

/** monitoreo /events `total` with arbitrary filters equals `expected` (and still does one quiet period later). */
export async function eventosFiltrados(ctx: ScenarioContext, name: string, filters: Record<string, string>, expected: number): Promise<void> {
  const reason = await monitoreoUnavailable();
  if (reason) {
    ctx.assert(name, false, { filters, total: expected }, reason);
    return;
  }
  await ctx.eventually(name, async () => ({ filters, total: await countEvents(filters) }), { filters, total: expected }, {
    timeoutMs: MONITOREO_TIMEOUT_MS,
    intervalMs: 1000,
    quietMs: EXACTLY_ONCE_QUIET_MS,
  });
}
