/**
 * The fault drill: while a traffic generator keeps sending impressions, clicks and conversions to conversiones, inject
 * (a) kill -9 of consuming services and their restart, (b) a broker outage of ~20 s, (c) a MariaDB restart — then
 * wait (bounded) until every count is exact: tracking-queries statistics and listings == what was accepted, monitoreo's
 * event counts == what was accepted, exactly one commission per validated conversion, every accepted conversion
 * VALIDADA, CPC/CPM accruals counting every click and impression once.
 *
 * "Accepted" is exact: every request carries a client `id`; a 503, 5xx or connection error is retried with the SAME id
 * and body until conversiones answers 202 (a repeated id is idempotent), so the accepted set is known exactly even when
 * conversiones dies between its commit and its answer.
 *
 * The exact counts (commissions, statistics, monitoreo's event counts) are read a second time E2E_EXACTLY_ONCE_QUIET_S
 * (5) after they first match, so a duplicate arriving late fails them.
 *
 * Injections go through scripts/e2e/control.sh (E2E_CONTROL), which acts only on what the scripts started; anything
 * else is recorded as not performed, with the reason. Settings: E2E_DRILL_RATE (events/s, 40), E2E_DRILL_WORKERS (6),
 * E2E_DRILL_BROKER_DOWN_S (20), E2E_DRILL_PAUSE_S (8, traffic between injections), E2E_DRILL_SETTLE_S (300, bound on
 * each verification), E2E_DRILL_SKIP (comma list: apps, broker, mysql, or app names).
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Decimal from 'decimal.js';
import { RUN_ID, SERVICE_APP, URLS, crearAfiliadoActivo, crearCampanaActiva, getAll, getJson, type Entity, type ServiceKey } from './support/api';
import { acumulado, cps, estadisticas, money, sum } from './support/expected';
import { get, request, sleep } from './support/http';
import { MONITOREO_TIMEOUT_MS, campaignEventCounts, monitoreoUnavailable } from './support/monitoreo';
import { EXACTLY_ONCE_QUIET_MS, ScenarioContext, progress, type CheckRecord, type ScenarioRecord } from './support/scenario';

const ROOT = join(__dirname, '..', '..');
const CONTROL = process.env['E2E_CONTROL'] || join(ROOT, 'scripts', 'e2e', 'control.sh');
const CONTROL_LOG = process.env['E2E_CONTROL_LOG'] || join(process.env['ALPES_RUN_DIR'] || join(ROOT, '.alpes'), 'logs', 'e2e-drill-control.log');
const num = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const CFG = {
  rate: num('E2E_DRILL_RATE', 40),
  workers: num('E2E_DRILL_WORKERS', 6),
  brokerDownS: num('E2E_DRILL_BROKER_DOWN_S', 20),
  pauseS: num('E2E_DRILL_PAUSE_S', 8),
  settleS: num('E2E_DRILL_SETTLE_S', 300),
  skip: new Set(
    (process.env['E2E_DRILL_SKIP'] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
};
const TARIFA = { CPS: 10, CPC: 0.05, CPM: 1 } as const;

export interface InjectionRecord {
  what: string;
  target: string;
  performed: boolean;
  reason?: string;
  started_at?: string;
  ended_at?: string;
  duration_ms?: number;
  /** For outages: how long the component was down (stop done → start begun, or kill → healthy again). */
  down_ms?: number;
  ok?: boolean;
  detail?: string;
}

export interface FaultDrillReport {
  status: 'passed' | 'failed';
  started_at: string;
  duration_ms: number;
  settings: Record<string, unknown>;
  setup?: Record<string, unknown>;
  traffic?: Record<string, unknown>;
  injections: InjectionRecord[];
  verifications: CheckRecord[];
  settle_ms?: number;
  error?: string;
  control_log: string;
}

// ------------------------------------------------------------------------------------------------ control

interface ControlResult {
  code: number;
  output: string;
}

function control(args: string[]): Promise<ControlResult> {
  mkdirSync(dirname(CONTROL_LOG), { recursive: true });
  appendFileSync(CONTROL_LOG, `\n===== ${new Date().toISOString()} control.sh ${args.join(' ')}\n`);
  return new Promise((resolve) => {
    const child = spawn('bash', [CONTROL, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      appendFileSync(CONTROL_LOG, chunk);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (e) => resolve({ code: 1, output: `${output}${e.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const tail = (text: string, lines = 6) => text.trim().split('\n').slice(-lines).join(' | ');

// ------------------------------------------------------------------------------------------------ traffic

interface Pair {
  campana: string;
  afiliado: string;
}

type Kind = 'impresiones' | 'clicks' | 'conversiones';
const PATH: Record<Kind, string> = {
  impresiones: '/api/v1/tracking/impresiones',
  clicks: '/api/v1/tracking/clicks',
  conversiones: '/api/v1/conversiones',
};

/** What conversiones accepted (202) for one campaign. */
interface Accepted {
  impresiones: string[];
  clicks: string[];
  conversiones: { id: string; valor: string; afiliado: string }[];
}

class Generator {
  private readonly accepted = new Map<string, Accepted>();
  readonly statuses: Record<string, number> = {};
  readonly unexpected: string[] = [];
  /** 404/422 answers (retried): when they came, relative to the start of the traffic, and what they said. */
  readonly refusals: { status: number; at_s: number; body: string }[] = [];
  requests = 0;
  retried = 0;
  maxRetryMs = 0;
  private seq = 0;
  private stopping = false;
  private workers: Promise<void>[] = [];
  private startedAt = 0;
  stoppedAt = 0;
  /** Items that were still being retried when the drain deadline passed (never accepted). */
  abandoned = 0;
  private drainDeadline = Number.POSITIVE_INFINITY;

  constructor(private readonly pairs: Pair[]) {}

  /** The accepted events of a campaign (empty lists for a campaign that got none). */
  of(campana: string): Accepted {
    let a = this.accepted.get(campana);
    if (!a) {
      a = { impresiones: [], clicks: [], conversiones: [] };
      this.accepted.set(campana, a);
    }
    return a;
  }

  start(): void {
    this.startedAt = Date.now();
    for (let w = 0; w < CFG.workers; w++) this.workers.push(this.worker(w));
  }

  async stop(drainMs: number): Promise<void> {
    this.stopping = true;
    this.drainDeadline = Date.now() + drainMs;
    await Promise.all(this.workers);
    this.stoppedAt = Date.now();
  }

  totals(): Record<Kind, number> {
    const all = [...this.accepted.values()];
    const count = (k: Kind) => all.reduce((n, a) => n + a[k].length, 0);
    return { impresiones: count('impresiones'), clicks: count('clicks'), conversiones: count('conversiones') };
  }

  private async worker(w: number): Promise<void> {
    // Each worker paces itself to its share of the rate.
    const interval = (1000 * CFG.workers) / CFG.rate;
    let next = Date.now() + Math.random() * interval;
    while (!this.stopping) {
      const wait = next - Date.now();
      if (wait > 0) await sleep(wait);
      next = Math.max(next + interval, Date.now() - interval);
      await this.sendOne(w);
    }
  }

  private async sendOne(w: number): Promise<void> {
    this.seq++;
    const pair = this.pairs[this.seq % this.pairs.length];
    const r = Math.random();
    const kind: Kind = r < 0.6 ? 'impresiones' : r < 0.85 ? 'clicks' : 'conversiones';
    const id = `e2e-${RUN_ID}-drill-${kind.slice(0, 4)}-${this.seq}`;
    let body: Record<string, unknown>;
    let valor = '';
    if (kind === 'conversiones') {
      valor = new Decimal(Math.floor(100 + Math.random() * 19_900)).div(100).toFixed(2);
      body = {
        id,
        afiliado_id: pair.afiliado,
        campana_id: pair.campana,
        tipo_conversion: 'venta',
        valor_conversion: Number(valor),
        moneda: 'USD',
        referencia_externa: `drill-${RUN_ID}-${this.seq}`,
      };
    } else {
      body = {
        id,
        campana_id: pair.campana,
        afiliado_id: pair.afiliado,
        usuario_id: `drill-${RUN_ID}-u${w}`,
        // A fresh IP per event: the click-flooding rule must never flag drill clicks.
        ip_address: `10.${(this.seq >> 16) & 255}.${(this.seq >> 8) & 255}.${this.seq & 255}`,
      };
    }
    const first = Date.now();
    let delay = 100;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) this.retried++;
      this.requests++;
      const reply = await request('POST', `${URLS.conversiones}${PATH[kind]}`, { json: body, timeoutMs: 10_000 });
      this.statuses[String(reply.status)] = (this.statuses[String(reply.status)] ?? 0) + 1;
      if (reply.status === 202) {
        this.maxRetryMs = Math.max(this.maxRetryMs, Date.now() - first);
        if (kind === 'conversiones') this.of(pair.campana).conversiones.push({ id, valor, afiliado: pair.afiliado });
        else this.of(pair.campana)[kind].push(id);
        return;
      }
      // Down, restarting, or its database is: retry the same request. 404/422 only before conversiones has learnt
      // the campaign (the first seconds).
      const retryable = reply.status === 0 || reply.status >= 502 || reply.status === 404 || reply.status === 422;
      if ((reply.status === 404 || reply.status === 422) && this.refusals.length < 20) {
        this.refusals.push({ status: reply.status, at_s: Math.round((Date.now() - this.startedAt) / 100) / 10, body: reply.text.slice(0, 160) });
      }
      if (!retryable) {
        if (this.unexpected.length < 20) this.unexpected.push(`${kind} ${id}: HTTP ${reply.status} ${reply.text.slice(0, 200)}`);
        return;
      }
      if (Date.now() > this.drainDeadline) {
        this.abandoned++;
        if (this.unexpected.length < 20) this.unexpected.push(`${kind} ${id}: still not accepted when the drain deadline passed (last: HTTP ${reply.status} ${reply.error ?? ''})`);
        return;
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 2000);
    }
  }

  summary(): Record<string, unknown> {
    const seconds = ((this.stoppedAt || Date.now()) - this.startedAt) / 1000;
    const totals = this.totals();
    return {
      started_at: new Date(this.startedAt).toISOString(),
      accepted: totals,
      per_campaign: Object.fromEntries(
        [...this.accepted.entries()].map(([c, a]) => [c, { impresiones: a.impresiones.length, clicks: a.clicks.length, conversiones: a.conversiones.length }]),
      ),
      requests: this.requests,
      retries: this.retried,
      statuses: this.statuses,
      unexpected_answers: this.unexpected,
      refusals_retried: this.refusals,
      abandoned: this.abandoned,
      longest_until_accepted_ms: this.maxRetryMs,
      duration_s: Math.round(seconds),
      accepted_per_s: Math.round(((totals.impresiones + totals.clicks + totals.conversiones) / Math.max(seconds, 1)) * 10) / 10,
    };
  }
}

// ------------------------------------------------------------------------------------------------ injections

const now = () => new Date().toISOString();

function skipped(target: string): string | undefined {
  if (CFG.skip.has(target)) return `skipped by E2E_DRILL_SKIP=${[...CFG.skip].join(',')}`;
  if (target.startsWith('app:') && (CFG.skip.has('apps') || CFG.skip.has(target.slice(4)))) return `skipped by E2E_DRILL_SKIP=${[...CFG.skip].join(',')}`;
  return undefined;
}

async function precheck(record: InjectionRecord): Promise<boolean> {
  const skip = skipped(record.target);
  if (skip) {
    record.performed = false;
    record.reason = skip;
    return false;
  }
  const can = await control(['can', record.target]);
  if (can.code !== 0) {
    record.performed = false;
    record.reason = tail(can.output, 3) || `control.sh can ${record.target} exited ${can.code}`;
    return false;
  }
  return true;
}

async function healthy(url: string): Promise<boolean> {
  return (await get(`${url}/health`, { timeoutMs: 5_000 })).status === 200;
}

async function killAndRestart(service: ServiceKey): Promise<InjectionRecord> {
  const app = SERVICE_APP[service];
  const record: InjectionRecord = { what: `kill -9 ${app}, then start it again`, target: `app:${app}`, performed: false };
  if (!(await precheck(record))) return record;
  const t0 = Date.now();
  record.started_at = now();
  progress(`  drill: kill -9 ${app}`);
  const killed = await control(['app-kill', app]);
  if (killed.code !== 0) {
    Object.assign(record, { performed: false, ok: false, reason: `kill failed: ${tail(killed.output)}`, ended_at: now(), duration_ms: Date.now() - t0 });
    return record;
  }
  record.performed = true;
  await sleep(3_000);
  progress(`  drill: starting ${app} again`);
  const started = await control(['app-start', app]);
  record.ended_at = now();
  record.duration_ms = Date.now() - t0;
  record.down_ms = record.duration_ms;
  record.ok = started.code === 0 && (await healthy(URLS[service]));
  record.detail = record.ok ? `${app} killed with SIGKILL, down ${Math.round(record.down_ms / 1000)} s, healthy again` : `restart failed: ${tail(started.output)}`;
  return record;
}

async function brokerOutage(): Promise<InjectionRecord> {
  const record: InjectionRecord = { what: `stop the Pulsar broker for ~${CFG.brokerDownS} s, then start it again`, target: 'broker', performed: false };
  if (!(await precheck(record))) return record;
  const t0 = Date.now();
  record.started_at = now();
  progress('  drill: stopping the broker');
  const stopped = await control(['broker-stop']);
  if (stopped.code !== 0) {
    Object.assign(record, { ok: false, reason: `stop failed: ${tail(stopped.output)}`, ended_at: now(), duration_ms: Date.now() - t0 });
    // Whatever happened, make sure a broker runs again.
    await control(['broker-start']);
    return record;
  }
  record.performed = true;
  const down = Date.now();
  progress(`  drill: broker down; traffic keeps flowing for ${CFG.brokerDownS} s`);
  await sleep(CFG.brokerDownS * 1000);
  progress('  drill: starting the broker again');
  const started = await control(['broker-start']);
  record.down_ms = Date.now() - down;
  record.ended_at = now();
  record.duration_ms = Date.now() - t0;
  record.ok = started.code === 0;
  record.detail = record.ok
    ? `broker stopped (SIGTERM, graceful) in ${Math.round((down - t0) / 1000)} s, down ${Math.round(record.down_ms / 1000)} s in total (incl. its start-up)`
    : `broker start failed: ${tail(started.output)}`;
  return record;
}

async function mysqlRestart(): Promise<InjectionRecord> {
  const record: InjectionRecord = { what: 'restart the MariaDB the apps use', target: 'mysql', performed: false };
  if (!(await precheck(record))) return record;
  const t0 = Date.now();
  record.started_at = now();
  progress('  drill: restarting MariaDB');
  const r = await control(['mysql-restart']);
  record.performed = true;
  record.ended_at = now();
  record.duration_ms = Date.now() - t0;
  record.down_ms = record.duration_ms;
  record.ok = r.code === 0;
  record.detail = record.ok ? `MariaDB stopped (SIGTERM) and started again on the same data dir in ${Math.round(record.duration_ms / 1000)} s` : `restart failed: ${tail(r.output)}`;
  return record;
}

/** Waits until every service answers /health 200 (after the injections), bounded. */
async function allHealthy(timeoutMs: number): Promise<Record<string, number>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const out: Record<string, number> = {};
    for (const [k, url] of Object.entries(URLS)) out[SERVICE_APP[k as ServiceKey]] = (await get(`${url}/health`, { timeoutMs: 5_000 })).status;
    if (Object.values(out).every((s) => s === 200) || Date.now() > deadline) return out;
    await sleep(1000);
  }
}

// ------------------------------------------------------------------------------------------------ the drill

export async function runFaultDrill(): Promise<FaultDrillReport> {
  const started = Date.now();
  const record: ScenarioRecord = { name: 'fault-drill', description: '', status: 'passed', started_at: now(), duration_ms: 0, checks: [] };
  const ctx = new ScenarioContext(record);
  const report: FaultDrillReport = {
    status: 'passed',
    started_at: record.started_at,
    duration_ms: 0,
    settings: { ...CFG, skip: [...CFG.skip], control: CONTROL },
    injections: [],
    verifications: record.checks,
    control_log: CONTROL_LOG,
  };
  progress(`fault drill: traffic at ~${CFG.rate} events/s with ${CFG.workers} workers; injections every ~${CFG.pauseS} s (control log: ${CONTROL_LOG})`);
  let generator: Generator | undefined;
  try {
    // Set-up: two campaigns, two affiliates, each affiliate in both.
    const a1 = await crearAfiliadoActivo({ nombre: 'Drill Uno', tipo_afiliado: 'basico', comision_base: 10, tag: 'drill-1' });
    const a2 = await crearAfiliadoActivo({ nombre: 'Drill Dos', tipo_afiliado: 'influencer', comision_base: 10, tag: 'drill-2' });
    const afiliados = [a1['id'] as string, a2['id'] as string];
    const campanas: string[] = [];
    for (const n of [1, 2]) {
      const c = await crearCampanaActiva({
        nombre: `Simulacro ${RUN_ID}-${n}`,
        presupuesto: 10_000_000,
        reglas: [
          { tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: TARIFA.CPS },
          { tipo_evento: 'click', modelo: 'CPC', valor: TARIFA.CPC },
          { tipo_evento: 'impresion', modelo: 'CPM', valor: TARIFA.CPM },
        ],
        afiliados,
      });
      campanas.push(c['id'] as string);
    }
    report.setup = { afiliados, campanas, reglas: TARIFA };
    const pairs: Pair[] = campanas.flatMap((campana) => afiliados.map((afiliado) => ({ campana, afiliado })));

    const gen = new Generator(pairs);
    generator = gen;
    gen.start();
    const pause = () => sleep(CFG.pauseS * 1000);
    await pause();
    for (const service of ['marketing', 'queries', 'conversiones', 'monitoreo'] as const) {
      report.injections.push(await killAndRestart(service));
      await pause();
    }
    report.injections.push(await brokerOutage());
    await pause();
    report.injections.push(await mysqlRestart());
    await pause();
    progress('  drill: stopping the traffic generator (pending retries get up to 120 s)');
    await generator.stop(120_000);
    report.traffic = generator.summary();
    progress(`  drill: accepted ${JSON.stringify(generator.totals())}; ${generator.retried} retries; statuses ${JSON.stringify(generator.statuses)}`);

    for (const i of report.injections) {
      if (i.performed) ctx.assert(`injection carried out: ${i.what}`, i.ok === true, 'done, component healthy again', i.detail ?? i.reason);
    }
    ctx.check('every request eventually accepted (no unexpected answers, none abandoned)', { unexpected: [], abandoned: 0 }, { unexpected: generator.unexpected, abandoned: generator.abandoned });

    // Verification, each bounded by E2E_DRILL_SETTLE_S.
    const settleStarted = Date.now();
    const timeoutMs = CFG.settleS * 1000;
    const salud = await allHealthy(timeoutMs);
    ctx.check('all five services healthy after the drill', Object.fromEntries(Object.keys(salud).map((k) => [k, 200])), salud);
    const monitoreoReason = await monitoreoUnavailable();
    for (const campana of campanas) {
      const { impresiones: imp, clicks: clk, conversiones: conv } = generator.of(campana);
      const ventas = sum(conv.map((c) => c.valor));
      const comisionesConversion = sum(conv.map((c) => cps(TARIFA.CPS, c.valor)));
      const tag = `campaign ${campana.slice(0, 8)}`;

      // marketing-comisiones: one commission per validated conversion, accruals count every event once.
      const comisiones = await ctx.eventually(
        `${tag}: exactly one commission per accepted conversion, each 10 % of its sale (marketing-comisiones)`,
        async () => {
          const all = await getAll(`${URLS.marketing}/api/v1/comisiones?campana_id=${campana}`);
          const deConversion = all.filter((c) => c['tipo'] === 'conversion');
          const ids = deConversion.map((c) => c['conversion_id'] as string);
          const malCalculadas = deConversion.filter((c) => {
            const enviada = conv.find((x) => x.id === c['conversion_id']);
            return !enviada || !new Decimal(c['monto'] as number).equals(cps(TARIFA.CPS, enviada.valor)) || c['estado'] !== 'PENDIENTE';
          });
          const acumulados = all.filter((c) => c['tipo'] === 'acumulado');
          const cantidad = (m: string) => acumulados.filter((c) => c['modelo'] === m).reduce((n, c) => n + (c['cantidad'] as number), 0);
          return {
            comisiones: ids.length,
            conversiones_distintas: new Set(ids).size,
            sin_comision: conv.filter((c) => !ids.includes(c.id)).length,
            mal_calculadas: malCalculadas.length,
            cpc_cantidad: cantidad('CPC'),
            cpm_cantidad: cantidad('CPM'),
            all,
          };
        },
        { comisiones: conv.length, conversiones_distintas: conv.length, sin_comision: 0, mal_calculadas: 0, cpc_cantidad: clk.length, cpm_cantidad: imp.length },
        { timeoutMs, intervalMs: 2000, quietMs: EXACTLY_ONCE_QUIET_MS },
      );
      const todas = (comisiones as { all?: Entity[] }).all ?? [];
      const montoAcumulados = sum(
        todas.filter((c) => c['tipo'] === 'acumulado').map((c) => acumulado(c['modelo'] as 'CPC' | 'CPM', c['modelo'] === 'CPC' ? TARIFA.CPC : TARIFA.CPM, c['cantidad'] as number)),
      );

      // tracking-queries: statistics equal what was accepted; the listings hold exactly the accepted ids.
      await ctx.eventually(
        `${tag}: tracking-queries statistics == accepted`,
        () => getJson(`${URLS.queries}/tracking/queries/campanas/${campana}/estadisticas`),
        {
          campana_id: campana,
          ...estadisticas({
            impresiones: imp.length,
            clicks: clk.length,
            conversiones: conv.length,
            conversiones_rechazadas: 0,
            conversiones_revertidas: 0,
            ventas_total: ventas,
            comisiones_total: money(comisionesConversion.plus(montoAcumulados)),
            comisiones_aprobadas: 0,
            comisiones_pagadas: 0,
          }),
        },
        { timeoutMs, intervalMs: 2000, quietMs: EXACTLY_ONCE_QUIET_MS },
      );
      const listed = async (what: 'impresiones' | 'conversiones') =>
        (await getAll(`${URLS.queries}/tracking/queries/campanas/${campana}/${what}`)).map((x) => x['id'] as string);
      ctx.check(
        `${tag}: tracking-queries lists exactly the accepted impressions (none lost, none twice)`,
        { count: imp.length, missing: [], unexpected: [] },
        await setDiff(imp, await listed('impresiones')),
      );
      ctx.check(
        `${tag}: tracking-queries lists exactly the accepted conversions`,
        { count: conv.length, missing: [], unexpected: [] },
        await setDiff(
          conv.map((c) => c.id),
          await listed('conversiones'),
        ),
      );

      // monitoreo: the event log counts each accepted event once.
      const expectedEvents = { ImpresionRegistrada: imp.length, ClickRegistrado: clk.length, ConversionValidada: conv.length, ConversionRechazada: 0 };
      if (monitoreoReason) ctx.assert(`${tag}: monitoreo event counts == accepted`, false, expectedEvents, monitoreoReason);
      else
        await ctx.eventually(`${tag}: monitoreo event counts == accepted`, () => campaignEventCounts(campana, Object.keys(expectedEvents)), expectedEvents, {
          timeoutMs: Math.max(timeoutMs, MONITOREO_TIMEOUT_MS),
          intervalMs: 2000,
          quietMs: EXACTLY_ONCE_QUIET_MS,
        });
    }
    // conversiones: every accepted conversion was validated (none lost in the event store).
    const todas = campanas.flatMap((c) => gen.of(c).conversiones);
    await ctx.eventually(
      'conversiones: every accepted conversion VALIDADA',
      async () => {
        const estados: Record<string, number> = {};
        for (const c of todas) {
          const r = await get(`${URLS.conversiones}/api/v1/conversiones/${c.id}`, { timeoutMs: 10_000 });
          const estado = r.status === 200 ? (r.body['estado'] as string) : `HTTP ${r.status}`;
          estados[estado] = (estados[estado] ?? 0) + 1;
        }
        return estados;
      },
      { VALIDADA: todas.length },
      { timeoutMs, intervalMs: 3000 },
    );
    report.settle_ms = Date.now() - settleStarted;
  } catch (error) {
    report.error = error instanceof Error ? error.message : String(error);
    if (generator && !generator.stoppedAt) await generator.stop(5_000).catch(() => undefined);
    report.traffic ??= generator?.summary();
  }
  report.duration_ms = Date.now() - started;
  report.status = !report.error && record.checks.every((c) => c.passed) ? 'passed' : 'failed';
  progress(`fault drill ${report.status} in ${Math.round(report.duration_ms / 1000)} s`);
  return report;
}

async function setDiff(expected: string[], actual: string[]): Promise<{ count: number; missing: string[]; unexpected: string[] }> {
  const want = new Set(expected);
  const seen = new Set(actual);
  return {
    count: actual.length,
    missing: expected.filter((id) => !seen.has(id)).slice(0, 20),
    unexpected: actual.filter((id) => !want.has(id)).slice(0, 20),
  };
}
