/**
 * Tracking benchmark (issue 4): drives the RUNNING services over HTTP with a realistic mix and measures ingestion,
 * end-to-end throughput until tracking-queries reflects every accepted event, projection lag, loss/duplication and
 * memory; next to it, in the same run, two ceilings: libs/messaging's raw produce rate and a trivial NestJS
 * endpoint's request rate on this machine. A benchmark, not a test: it prints figures and the target they are
 * compared with, and exits non-zero only when it could not run (or when events were lost or duplicated).
 *
 * Started by scripts/bench_tracking.sh (which checks/starts the ecosystem). Options (defaults):
 *   --duration 30            seconds of load
 *   --concurrency 64         requests in flight
 *   --campaigns 20 --affiliates 40 --per-campaign 5   affiliates assigned to each campaign
 *   --batch 0                0: single-item endpoints; N: impressions and clicks through the /lote endpoints, N items each
 *   --settle-timeout 300     seconds to wait for tracking-queries to reflect everything
 *   --lag-samplers 2         concurrent projection-lag probes during the load
 *   --ceilings 1             0 to skip the ceiling measurements
 *   --out .alpes/reports/performance_report.json
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import Decimal from 'decimal.js';
import { cpuCount, intArg, loadAverage, machineBusyPercent, nowMs, parseArgs, procStat, progress, round, sleep, summarize } from './bench-util';

const ROOT = join(__dirname, '..', '..');
const args = parseArgs(process.argv.slice(2));
const cfg = {
  duration: intArg(args, 'duration', 30),
  concurrency: Math.max(1, intArg(args, 'concurrency', 64)),
  campaigns: Math.max(1, intArg(args, 'campaigns', 20)),
  affiliates: Math.max(1, intArg(args, 'affiliates', 40)),
  perCampaign: Math.max(1, intArg(args, 'per-campaign', 5)),
  batch: intArg(args, 'batch', 0),
  settleTimeout: intArg(args, 'settle-timeout', 300),
  lagSamplers: intArg(args, 'lag-samplers', 2),
  ceilings: intArg(args, 'ceilings', 1) === 1,
  out: args['out'] || join(ROOT, '.alpes', 'reports', 'performance_report.json'),
};
const TARGET = { eventsPerSec: 5000, p99IngestMs: 50, lost: 0 };

const URLS = {
  afiliados: process.env['AFILIADOS_URL'] || 'http://127.0.0.1:8001',
  conversiones: process.env['CONVERSIONES_URL'] || 'http://127.0.0.1:8002',
  marketing: process.env['MARKETING_COMISIONES_URL'] || 'http://127.0.0.1:8003',
  queries: process.env['TRACKING_QUERIES_URL'] || 'http://127.0.0.1:8004',
};

// ------------------------------------------------------------------------------------------------- HTTP client
const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

function call(method: string, url: string, body?: unknown): Promise<Reply> {
  const started = nowMs();
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method,
        agent,
        headers: payload ? { 'content-type': 'application/json', 'content-length': payload.length } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON: keep the text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: nowMs() - started });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function expectStatus(what: string, reply: Promise<Reply>, ok: number[]): Promise<Reply> {
  const r = await reply;
  if (!ok.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r;
}

/** Retries a call while it answers one of `retryOn` (eventual consistency between services), up to `timeoutMs`. */
async function until(what: string, fn: () => Promise<Reply>, ok: number[], retryOn: number[], timeoutMs = 60_000): Promise<Reply> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await fn();
    if (ok.includes(r.status)) return r;
    if (!retryOn.includes(r.status) || Date.now() > deadline) {
      throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    }
    await sleep(200);
  }
}

// ------------------------------------------------------------------------------------------------- set-up
interface Pair {
  campana: string;
  afiliado: string;
}

async function setUp(run: string): Promise<{ campaigns: string[]; pairs: Pair[] }> {
  progress(`set-up: ${cfg.affiliates} affiliates, ${cfg.campaigns} campaigns × ${cfg.perCampaign} affiliates`);
  const affiliates: string[] = [];
  for (let i = 0; i < cfg.affiliates; i++) {
    const r = await expectStatus(
      'create affiliate',
      call('POST', `${URLS.afiliados}/api/v1/afiliados`, {
        nombre: `Bench ${run} ${i}`,
        email: `bench-${run}-${i}@example.com`,
        tipo_afiliado: i % 5 === 0 ? 'premium' : 'basico',
        configuracion_comisiones: { comision_base: 10, comision_premium: 15 },
      }),
      [200, 201],
    );
    await expectStatus('activate affiliate', call('POST', `${URLS.afiliados}/api/v1/afiliados/${r.body.id}/activar`), [200]);
    affiliates.push(r.body.id);
  }
  const campaigns: string[] = [];
  const pairs: Pair[] = [];
  for (let c = 0; c < cfg.campaigns; c++) {
    const r = await expectStatus(
      'create campaign',
      call('POST', `${URLS.marketing}/api/v1/campanas`, {
        nombre: `Bench ${run} ${c}`,
        producto: 'Producto',
        marca: 'Marca',
        presupuesto: 100_000_000,
        moneda: 'USD',
        reglas_comision: [
          { tipo_evento: 'impresion', modelo: 'CPM', valor: 2 },
          { tipo_evento: 'click', modelo: 'CPC', valor: 0.1 },
          { tipo_evento: 'conversion', tipo_conversion: 'venta', modelo: 'CPS', valor: 8 },
        ],
      }),
      [200, 201],
    );
    const campana = r.body.id as string;
    for (let k = 0; k < cfg.perCampaign; k++) {
      const afiliado = affiliates[(c * cfg.perCampaign + k) % affiliates.length];
      // marketing-comisiones learns of the affiliate through afiliados.eventos: 404/422 until it has.
      await until('assign affiliate', () => call('POST', `${URLS.marketing}/api/v1/campanas/${campana}/afiliados`, { afiliado_id: afiliado }), [200, 201], [404, 422]);
      pairs.push({ campana, afiliado });
    }
    await expectStatus('activate campaign', call('POST', `${URLS.marketing}/api/v1/campanas/${campana}/activar`), [200]);
    campaigns.push(campana);
  }
  return { campaigns, pairs };
}

// ------------------------------------------------------------------------------------------------- load
class Expected {
  impresiones = 0;
  clicks = 0;
  conversiones = 0;
  ventas = new Decimal(0);
}

interface EndpointStats {
  latencies: number[];
  accepted: number;
  events: number;
  statuses: Record<string, number>;
  errors: number;
}

function endpointStats(): EndpointStats {
  return { latencies: [], accepted: 0, events: 0, statuses: {}, errors: 0 };
}

interface Load {
  expected: Map<string, Expected>;
  endpoints: Record<string, EndpointStats>;
  acceptedImpressions: { id: string; at: number }[];
  clicks: { id: string; usuario: string; campana: string }[];
  startedAt: number;
  endedAt: number;
}

function randomIp(): string {
  return `10.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}.${(Math.random() * 255) | 0}`;
}

function pick<T>(items: T[]): T {
  return items[(Math.random() * items.length) | 0];
}

/** Starts the load; `load` is live (the lag probes read it while it runs), `done` resolves when it has ended. */
function startLoad(pairs: Pair[], seconds: number): { load: Load; done: Promise<Load> } {
  const load: Load = {
    expected: new Map(),
    endpoints: { impresiones: endpointStats(), clicks: endpointStats(), conversiones: endpointStats() },
    acceptedImpressions: [],
    clicks: [],
    startedAt: nowMs(),
    endedAt: 0,
  };
  const exp = (campana: string) => {
    let e = load.expected.get(campana);
    if (!e) load.expected.set(campana, (e = new Expected()));
    return e;
  };
  const record = (name: string, r: Reply, events: number) => {
    const s = load.endpoints[name];
    s.latencies.push(r.ms);
    s.statuses[r.status] = (s.statuses[r.status] ?? 0) + 1;
    if (r.status === 202) {
      s.accepted++;
      s.events += events;
    }
  };
  const impressionBody = (p: Pair) => ({
    id: randomUUID(),
    campana_id: p.campana,
    afiliado_id: p.afiliado,
    usuario_id: `u-${(Math.random() * 100_000) | 0}`,
    ip_address: randomIp(),
    user_agent: 'Mozilla/5.0 (bench)',
  });
  const deadline = load.startedAt + seconds * 1000;
  // 100 : 10 : 1 — per 111 operations (or batches of them).
  const op = (): 'impresiones' | 'clicks' | 'conversiones' => {
    const r = Math.random() * 111;
    return r < 100 ? 'impresiones' : r < 110 ? 'clicks' : 'conversiones';
  };
  async function worker(): Promise<void> {
    while (nowMs() < deadline) {
      const kind = op();
      try {
        if (kind === 'impresiones' || kind === 'clicks') {
          const p = pick(pairs);
          const body = impressionBody(p);
          const path = kind === 'impresiones' ? '/api/v1/tracking/impresiones' : '/api/v1/tracking/clicks';
          if (cfg.batch > 0) {
            const items = Array.from({ length: cfg.batch }, () => impressionBody(pick(pairs)));
            const r = await call('POST', `${URLS.conversiones}${path}/lote`, { items });
            const rejected = new Set<number>((r.body?.rechazados ?? []).map((x: { indice: number }) => x.indice));
            const accepted = items.filter((_, i) => !rejected.has(i));
            record(kind, r, r.status === 202 ? accepted.length : 0);
            if (r.status === 202) {
              for (const it of accepted) {
                if (kind === 'impresiones') exp(it.campana_id).impresiones++;
                else {
                  exp(it.campana_id).clicks++;
                  load.clicks.push({ id: it.id, usuario: it.usuario_id, campana: it.campana_id });
                }
              }
              if (kind === 'impresiones') load.acceptedImpressions.push({ id: accepted[accepted.length - 1].id, at: nowMs() });
            }
          } else {
            const r = await call('POST', `${URLS.conversiones}${path}`, body);
            record(kind, r, 1);
            if (r.status === 202) {
              if (kind === 'impresiones') {
                exp(p.campana).impresiones++;
                load.acceptedImpressions.push({ id: body.id, at: nowMs() });
              } else {
                exp(p.campana).clicks++;
                load.clicks.push({ id: body.id, usuario: body.usuario_id, campana: p.campana });
              }
            }
          }
        } else {
          const click = load.clicks.length > 0 ? load.clicks[load.clicks.length - 1 - ((Math.random() * Math.min(50, load.clicks.length)) | 0)] : undefined;
          if (!click) continue;
          const valor = new Decimal((1000 + Math.random() * 19_000) | 0).div(100); // 10.00 – 200.00
          const r = await call('POST', `${URLS.conversiones}/api/v1/conversiones`, {
            id: randomUUID(),
            click_id: click.id,
            tipo_conversion: 'venta',
            valor_conversion: valor.toNumber(),
            moneda: 'USD',
            usuario_id: click.usuario,
            referencia_externa: `ref-${randomUUID()}`,
          });
          record('conversiones', r, 1);
          if (r.status === 202) {
            const e = exp(click.campana);
            e.conversiones++;
            e.ventas = e.ventas.add(valor);
          }
        }
      } catch {
        load.endpoints[kind].errors++;
      }
    }
  }
  const done = Promise.all(Array.from({ length: cfg.concurrency }, () => worker())).then(() => {
    load.endedAt = nowMs();
    return load;
  });
  return { load, done };
}

/** Projection lag: how long after its 202 an impression is visible in tracking-queries. */
async function sampleLag(load: Load, stopAt: () => boolean): Promise<number[]> {
  const lags: number[] = [];
  async function sampler(): Promise<void> {
    while (!stopAt()) {
      const last = load.acceptedImpressions[load.acceptedImpressions.length - 1];
      if (!last) {
        await sleep(50);
        continue;
      }
      // Polled every 25 ms (the lag's resolution): probing faster would itself load tracking-queries and MariaDB.
      for (let i = 0; i < 2400; i++) {
        const r = await call('GET', `${URLS.queries}/tracking/queries/impresiones/${last.id}`).catch(() => undefined);
        if (r?.status === 200) {
          lags.push(nowMs() - last.at);
          break;
        }
        await sleep(25);
      }
    }
  }
  await Promise.all(Array.from({ length: cfg.lagSamplers }, () => sampler()));
  return lags;
}

// ------------------------------------------------------------------------------------------------- settle
interface CampaignCheck {
  campana: string;
  expected: { impresiones: number; clicks: number; conversiones: number; ventas: string };
  seen?: { impresiones: number; clicks: number; conversiones: number; conversiones_rechazadas: number; ventas_total: string };
}

async function settle(load: Load): Promise<{ reflectedAt?: number; checks: CampaignCheck[] }> {
  const deadline = Date.now() + cfg.settleTimeout * 1000;
  const checks: CampaignCheck[] = [...load.expected].map(([campana, e]) => ({
    campana,
    expected: { impresiones: e.impresiones, clicks: e.clicks, conversiones: e.conversiones, ventas: e.ventas.toFixed(2) },
  }));
  let lastLog = 0;
  for (;;) {
    let done = 0;
    for (const c of checks) {
      const r = await call('GET', `${URLS.queries}/tracking/queries/campanas/${c.campana}/estadisticas`).catch(() => undefined);
      if (r?.status === 200) {
        c.seen = {
          impresiones: Number(r.body.impresiones),
          clicks: Number(r.body.clicks),
          conversiones: Number(r.body.conversiones),
          conversiones_rechazadas: Number(r.body.conversiones_rechazadas ?? 0),
          ventas_total: new Decimal(r.body.ventas_total ?? 0).toFixed(2),
        };
      }
      const s = c.seen;
      if (s && s.impresiones >= c.expected.impresiones && s.clicks >= c.expected.clicks && s.conversiones + s.conversiones_rechazadas >= c.expected.conversiones) done++;
    }
    if (done === checks.length) return { reflectedAt: nowMs(), checks };
    if (Date.now() > deadline) return { checks };
    if (Date.now() - lastLog > 5000) {
      const seen = checks.reduce((a, c) => a + (c.seen ? c.seen.impresiones + c.seen.clicks + c.seen.conversiones + c.seen.conversiones_rechazadas : 0), 0);
      const want = checks.reduce((a, c) => a + c.expected.impresiones + c.expected.clicks + c.expected.conversiones, 0);
      progress(`settling: tracking-queries reflects ${seen}/${want} events (${done}/${checks.length} campaigns complete)`);
      lastLog = Date.now();
    }
    await sleep(250);
  }
}

// ------------------------------------------------------------------------------------------------- ceilings
async function trivialEndpointCeiling(seconds: number): Promise<{ requestsPerSec: number; latency: ReturnType<typeof summarize> } | { error: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'trivial-app.ts')], {
    cwd: ROOT,
    env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.scripts.json'), PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', (code) => reject(new Error(`trivial app exited with ${code}`)));
      setTimeout(() => reject(new Error('trivial app did not start in 60 s')), 60_000);
    });
    const url = `http://127.0.0.1:${port}/ping`;
    const body = { campana_id: randomUUID(), afiliado_id: randomUUID(), usuario_id: 'u-1', ip_address: '10.0.0.1', user_agent: 'Mozilla/5.0 (bench)' };
    for (let i = 0; i < 2000; i++) await call('POST', url, body); // warm-up
    const latencies: number[] = [];
    const end = nowMs() + seconds * 1000;
    const started = nowMs();
    await Promise.all(
      Array.from({ length: cfg.concurrency }, async () => {
        while (nowMs() < end) latencies.push((await call('POST', url, body)).ms);
      }),
    );
    return { requestsPerSec: round(latencies.length / ((nowMs() - started) / 1000), 0), latency: summarize(Float64Array.from(latencies)) };
  } catch (error) {
    return { error: String(error) };
  } finally {
    child.kill('SIGTERM');
  }
}

async function rawProduceCeiling(): Promise<{ msgsPerSec?: number; error?: string }> {
  const out = join(ROOT, '.alpes', 'bench', `tracking-ceiling-produce-${Date.now()}.json`);
  mkdirSync(dirname(out), { recursive: true });
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', join(__dirname, 'ws-bench.ts'), '--phases', 'produce', '--messages', '30000', '--out', out],
    { cwd: ROOT, env: { ...process.env, TS_NODE_PROJECT: join(ROOT, 'tsconfig.scripts.json'), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0 || !existsSync(out)) return { error: `ws-bench exited with ${code}` };
  const json = JSON.parse(readFileSync(out, 'utf8'));
  return { msgsPerSec: json?.produce?.msgsPerSec ?? json?.phases?.produce?.msgsPerSec };
}

// ------------------------------------------------------------------------------------------------- memory
function peakMemoryMb(): Record<string, number | null> {
  const pidDir = process.env['ALPES_PID_DIR'] || join(ROOT, '.alpes', 'pids');
  const out: Record<string, number | null> = {};
  for (const app of ['afiliados', 'conversiones', 'marketing-comisiones', 'tracking-queries', 'monitoreo']) {
    const file = join(pidDir, `app-${app}.pid`);
    out[app] = null;
    try {
      const pid = readFileSync(file, 'utf8').trim();
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const m = /VmHWM:\s+(\d+) kB/.exec(status);
      if (m) out[app] = round(Number(m[1]) / 1024, 0);
    } catch {
      /* not running under the scripts */
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------------------- CPU by process
/** The processes of the run, found by their command line: each app, the broker, the database, this load generator. */
function processesOfInterest(): Record<string, number> {
  const found: Record<string, number> = { 'load generator': process.pid };
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return found;
  }
  for (const pid of pids) {
    let cmd = '';
    try {
      cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      continue;
    }
    const app = /dist\/apps\/([a-z-]+)\/main\.js/.exec(cmd);
    if (app) found[app[1]] = Number(pid);
    else if (cmd.includes('PulsarStandaloneStarter')) found['pulsar'] = Number(pid);
    else if (/(^|\/)(mariadbd|mysqld)( |$)/.test(cmd)) found['mariadb'] = Number(pid);
  }
  return found;
}

/** CPU seconds (user + system) each process has used so far. */
function cpuSeconds(pids: Record<string, number>): Record<string, number> {
  const ticks = 100; // USER_HZ on Linux
  const out: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[name] = (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      /* gone */
    }
  }
  return out;
}

/** Share of the machine's CPU each process used between two readings, busiest first. */
function cpuShares(before: Record<string, number>, after: Record<string, number>, seconds: number): Record<string, { cpu_seconds: number; percent_of_one_core: number; percent_of_machine: number }> {
  const rows = Object.keys(after)
    .filter((k) => before[k] !== undefined)
    .map((k) => {
      const used = after[k] - before[k];
      return [k, { cpu_seconds: round(used, 1), percent_of_one_core: round((used / seconds) * 100, 0), percent_of_machine: round((used / seconds / cpuCount()) * 100, 0) }] as const;
    })
    .sort((a, b) => b[1].cpu_seconds - a[1].cpu_seconds);
  return Object.fromEntries(rows);
}

// ------------------------------------------------------------------------------------------------- main
function fmt(n: number | undefined, digits = 0): string {
  return n === undefined || !Number.isFinite(n) ? '-' : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main(): Promise<void> {
  const run = randomUUID().slice(0, 8);
  for (const [name, url] of Object.entries(URLS)) {
    const r = await call('GET', `${url}/health`).catch((e: Error) => ({ status: 0, body: e.message, ms: 0 }));
    if (r.status !== 200) throw new Error(`${name} is not healthy at ${url} (HTTP ${r.status}); start the ecosystem first: scripts/run_full_ecosystem.sh --no-e2e`);
  }
  const ceilings: Record<string, unknown> = {};
  if (cfg.ceilings) {
    progress('ceiling 1/2: libs/messaging raw produce (30 000 messages, scripts/bench/ws-bench.ts)');
    ceilings['messaging_raw_produce'] = await rawProduceCeiling();
    progress('ceiling 2/2: trivial NestJS endpoint (same adapter, body parser and validation pipe), 10 s');
    ceilings['trivial_nest_endpoint'] = await trivialEndpointCeiling(10);
  }
  const { pairs } = await setUp(run);
  progress('warm-up: one impression per campaign/affiliate pair, retried until conversiones knows them');
  for (const p of pairs) {
    await until('warm-up impression', () => call('POST', `${URLS.conversiones}/api/v1/tracking/impresiones`, { campana_id: p.campana, afiliado_id: p.afiliado }), [202], [404, 422], 120_000);
  }
  progress(`load: ${cfg.duration} s, ${cfg.concurrency} in flight, mix 100:10:1${cfg.batch ? `, lote endpoints of ${cfg.batch}` : ''}`);
  const cpu0 = procStat();
  const pids = processesOfInterest();
  const cpuBefore = cpuSeconds(pids);
  const { load: liveLoad, done } = startLoad(pairs, cfg.duration);
  let loadOver = false;
  const lagsPromise = sampleLag(liveLoad, () => loadOver);
  await done;
  loadOver = true;
  const lags = await lagsPromise;
  const cpu1 = procStat();
  const expectedTotals = [...liveLoad.expected.values()].reduce(
    (a, e) => ({ impresiones: a.impresiones + e.impresiones, clicks: a.clicks + e.clicks, conversiones: a.conversiones + e.conversiones }),
    { impresiones: 0, clicks: 0, conversiones: 0 },
  );
  // the warm-up impressions are part of what tracking-queries must show
  for (const p of pairs) {
    const e = liveLoad.expected.get(p.campana) ?? new Expected();
    e.impresiones++;
    liveLoad.expected.set(p.campana, e);
  }
  const accepted = expectedTotals.impresiones + expectedTotals.clicks + expectedTotals.conversiones;
  const loadSeconds = (liveLoad.endedAt - liveLoad.startedAt) / 1000;
  progress(`load done: ${accepted} events accepted in ${loadSeconds.toFixed(1)} s (${fmt(accepted / loadSeconds)} events/s); waiting for tracking-queries`);
  const settled = await settle(liveLoad);
  // Where the time went: CPU of each process from the start of the load until everything was reflected (or timeout).
  const cpuWindow = ((settled.reflectedAt ?? nowMs()) - liveLoad.startedAt) / 1000;
  const cpuByProcess = cpuShares(cpuBefore, cpuSeconds(pids), cpuWindow);
  const memory = peakMemoryMb();

  let lost = 0;
  let duplicated = 0;
  let ventasMismatch = 0;
  for (const c of settled.checks) {
    const s = c.seen ?? { impresiones: 0, clicks: 0, conversiones: 0, conversiones_rechazadas: 0, ventas_total: '0.00' };
    const conv = s.conversiones + s.conversiones_rechazadas;
    lost += Math.max(0, c.expected.impresiones - s.impresiones) + Math.max(0, c.expected.clicks - s.clicks) + Math.max(0, c.expected.conversiones - conv);
    duplicated += Math.max(0, s.impresiones - c.expected.impresiones) + Math.max(0, s.clicks - c.expected.clicks) + Math.max(0, conv - c.expected.conversiones);
    if (s.conversiones_rechazadas === 0 && s.ventas_total !== c.expected.ventas) ventasMismatch++;
  }
  const e2eSeconds = settled.reflectedAt ? (settled.reflectedAt - liveLoad.startedAt) / 1000 : undefined;
  const endpoints = Object.fromEntries(
    Object.entries(liveLoad.endpoints).map(([name, s]) => [
      name,
      {
        requests: s.latencies.length,
        accepted_requests: s.accepted,
        accepted_events: s.events,
        requests_per_sec: round(s.latencies.length / loadSeconds, 0),
        statuses: s.statuses,
        network_errors: s.errors,
        latency_ms: summarize(Float64Array.from(s.latencies)),
      },
    ]),
  );
  const allLat = Object.values(liveLoad.endpoints).flatMap((s) => s.latencies);
  const report = {
    generated_at: new Date().toISOString(),
    machine: { cpus: cpuCount(), load_average: loadAverage(), busy_percent_during_load: machineBusyPercent(cpu0, cpu1) },
    config: { ...cfg, mix: '100:10:1', urls: URLS },
    target: TARGET,
    ingest: {
      seconds: round(loadSeconds, 2),
      accepted_events: accepted,
      accepted_events_per_sec: round(accepted / loadSeconds, 0),
      latency_ms_all: summarize(Float64Array.from(allLat)),
      endpoints,
    },
    end_to_end: {
      reflected: Boolean(settled.reflectedAt),
      seconds: e2eSeconds === undefined ? null : round(e2eSeconds, 2),
      events_per_sec: e2eSeconds ? round(accepted / e2eSeconds, 0) : null,
      lost,
      duplicated,
      campaigns_with_sales_mismatch: ventasMismatch,
    },
    projection_lag_ms: summarize(Float64Array.from(lags)),
    peak_memory_mb: memory,
    cpu_by_process: { window_seconds: round(cpuWindow, 1), processes: cpuByProcess },
    ceilings,
  };
  mkdirSync(dirname(cfg.out), { recursive: true });
  writeFileSync(cfg.out, JSON.stringify(report, null, 2));

  // ------------------------------------------------------------------ print
  const line = (s = '') => process.stdout.write(s + '\n');
  line();
  line('================ tracking benchmark ================');
  line(`machine: ${cpuCount()} cores, busy ${fmt(report.machine.busy_percent_during_load, 1)} % during the load, load average ${report.machine.load_average.join(' ')}`);
  line(`load: ${cfg.duration} s, ${cfg.concurrency} in flight, ${cfg.campaigns} campaigns, ${cfg.affiliates} affiliates, mix 100:10:1${cfg.batch ? `, lote of ${cfg.batch}` : ', single-item requests'}`);
  line();
  line('endpoint       requests  req/s    accepted events   p50 ms   p99 ms  p999 ms   statuses');
  for (const [name, s] of Object.entries(endpoints)) {
    line(
      `${name.padEnd(13)} ${fmt(s.requests).padStart(9)} ${fmt(s.requests_per_sec).padStart(6)} ${fmt(s.accepted_events).padStart(16)} ${fmt(s.latency_ms.p50, 1).padStart(8)} ${fmt(s.latency_ms.p99, 1).padStart(8)} ${fmt(s.latency_ms.p999, 1).padStart(8)}   ${JSON.stringify(s.statuses)}`,
    );
  }
  line();
  line(`ingested            ${fmt(report.ingest.accepted_events_per_sec)} events/s accepted (${fmt(accepted)} events), p99 ${fmt(report.ingest.latency_ms_all.p99, 1)} ms   target ≥ ${fmt(TARGET.eventsPerSec)} events/s, p99 ≤ ${TARGET.p99IngestMs} ms`);
  line(`end to end          ${settled.reflectedAt ? `${fmt(report.end_to_end.events_per_sec ?? undefined)} events/s (all reflected in tracking-queries after ${fmt(e2eSeconds, 1)} s)` : `NOT all reflected within ${cfg.settleTimeout} s`}`);
  line(`lost / duplicated   ${lost} / ${duplicated}   (target 0 / 0)${ventasMismatch ? `; ventas_total differs in ${ventasMismatch} campaigns` : ''}`);
  const lag = report.projection_lag_ms;
  line(`projection lag      p50 ${fmt(lag.p50, 0)} ms, p99 ${fmt(lag.p99, 0)} ms (${lag.count} probes: impression 202 → visible in tracking-queries)`);
  line(`cpu (load → all reflected, ${fmt(cpuWindow, 1)} s; % of one core)   ${Object.entries(cpuByProcess).map(([k, v]) => `${k} ${v.percent_of_one_core}`).join(', ')}`);
  line(`peak memory (MB)    ${Object.entries(memory).map(([k, v]) => `${k} ${v ?? '-'}`).join(', ')}`);
  const raw = ceilings['messaging_raw_produce'] as { msgsPerSec?: number } | undefined;
  const triv = ceilings['trivial_nest_endpoint'] as { requestsPerSec?: number; latency?: { p99: number } } | undefined;
  if (cfg.ceilings) {
    line(`ceilings            libs/messaging raw produce ${fmt(raw?.msgsPerSec)} msg/s; trivial NestJS endpoint ${fmt(triv?.requestsPerSec)} req/s (p99 ${fmt(triv?.latency?.p99, 1)} ms)`);
  }
  line(`report              ${cfg.out}`);
  if (lost > 0 || duplicated > 0) process.exitCode = 2;
}

main().catch((error) => {
  process.stderr.write(`bench_tracking: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
