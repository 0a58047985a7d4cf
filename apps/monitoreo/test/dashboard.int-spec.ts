import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { SAMPLE_PAYLOADS } from '@alpes/contracts';
import { PulsarWebSocketClient } from '@alpes/messaging';
import { publishTestEvents, waitFor } from '@alpes/platform/testing';
import { startMonitoreoTestApp, type MonitoreoTestApp } from './support/monitoreo-app';

const ROOT = resolve(__dirname, '../../..');
const SCREENSHOT = join(ROOT, '.alpes/reports/dashboard.png');
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// The machine's closed network refuses Chromium's own background connections: keep it from trying.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** data-testid on the page → field of GET /metrics. */
const NUMBERS = {
  'total-impressions': 'total_impressions',
  'total-clicks': 'total_clicks',
  'total-conversions': 'total_conversions',
  'total-sales': 'total_sales',
  'conversion-rate': 'conversion_rate',
  'total-rejected-conversions': 'total_rejected_conversions',
  'total-reverted-conversions': 'total_reverted_conversions',
} as const;
type Metrics = Record<(typeof NUMBERS)[keyof typeof NUMBERS], number> & {
  sales_value: { currency: string; count: number; total: number }[];
  series: { points: { clicks: number; impressions: number; conversions: number; sales: number }[] };
};

interface Problems {
  console: string[];
  failed: string[];
}

/** Everything that would mean a broken page: console errors, uncaught exceptions, failed or 4xx/5xx requests. */
function watch(page: Page): Problems {
  const problems: Problems = { console: [], failed: [] };
  page.on('console', (m) => {
    if (m.type() === 'error') problems.console.push(m.text());
  });
  page.on('pageerror', (e) => problems.console.push(`uncaught: ${e.message}`));
  page.on('requestfailed', (r) => problems.failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText ?? '?'}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.failed.push(`${r.request().method()} ${r.url()}: ${r.status()}`);
  });
  return problems;
}

/** What the page shows for each number: its data-value and its visible text. */
async function shown(page: Page): Promise<Record<string, { value: string; text: string }>> {
  const out: Record<string, { value: string; text: string }> = {};
  for (const id of Object.keys(NUMBERS)) {
    const node = page.locator(`[data-testid="${id}"]`);
    out[id] = { value: (await node.getAttribute('data-value')) ?? '', text: (await node.textContent()) ?? '' };
  }
  return out;
}

/** A chart on the page: its drawn size, and the sum of each dataset of its Chart.js instance (null: no chart). */
async function chartOf(page: Page, id: string): Promise<{ id: string; width: number; height: number; sums: number[] | null }> {
  const box = await page.locator(`#${id}`).boundingBox();
  // A string, evaluated in the page: this test is compiled without the DOM library.
  const sums = (await page.evaluate(
    `(() => { const c = window.Chart && window.Chart.getChart(document.getElementById(${JSON.stringify(id)}));
      return c ? c.data.datasets.map((d) => d.data.reduce((a, b) => a + Number(b), 0)) : null; })()`,
  )) as number[] | null;
  return { id, width: Math.round(box?.width ?? 0), height: Math.round(box?.height ?? 0), sums };
}

/** Differences between the page and /metrics (empty when they agree), for both the data-value and the text. */
function differences(page: Record<string, { value: string; text: string }>, metrics: Metrics): string[] {
  return Object.entries(NUMBERS).flatMap(([id, field]) => {
    const expected = metrics[field];
    const { value, text } = page[id];
    const fromText = Number(text.replace(/[^0-9.-]/g, ''));
    return value !== '' && Number(value) === expected && fromText === expected ? [] : [`${id}: page ${value}/"${text}", /metrics ${expected}`];
  });
}

describe('monitoreo /dashboard in real headless Chromium', () => {
  let t: MonitoreoTestApp;
  let base: string;
  let context: BrowserContext;
  let userDataDir: string;
  let servicio: Server;
  const envServicios = process.env['MONITOREO_SERVICIOS'];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium not found at ${CHROMIUM}. Install it (Debian/Ubuntu: apt-get install -y chromium) or set CHROMIUM_PATH ` +
          'to a Chromium or Chrome binary.',
      );
    }
    // A stand-in service that answers /health, so the page shows one service up.
    servicio = createServer((req, res) => {
      if (req.url === '/health') res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"healthy"}');
      else res.writeHead(404).end();
    });
    await new Promise<void>((r) => servicio.listen(0, '127.0.0.1', r));
    process.env['MONITOREO_SERVICIOS'] = `afiliados=http://127.0.0.1:${(servicio.address() as AddressInfo).port}`;

    t = await startMonitoreoTestApp('dashboard', { listen: true });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    userDataDir = mkdtempSync(join(tmpdir(), 'alpes-chromium-'));
    try {
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport: { width: 1440, height: 900 },
      });
    } catch (error) {
      throw new Error(`Chromium at ${CHROMIUM} did not start (set CHROMIUM_PATH to another binary): ${(error as Error).message}`);
    }
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    await t?.close();
    await new Promise((r) => servicio?.close(r));
    if (envServicios === undefined) delete process.env['MONITOREO_SERVICIOS'];
    else process.env['MONITOREO_SERVICIOS'] = envServicios;
  });

  const metrics = async (period: string): Promise<Metrics> => {
    const res = await t.http().get(`/metrics?period=${period}`);
    if (res.status !== 200) throw new Error(`/metrics?period=${period} answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as Metrics;
  };

  /** Waits until the page shows what /metrics answers for `period` (the page polls every second). */
  const untilPageMatches = (page: Page, period: string, what: string) =>
    waitFor(
      async () => {
        const m = await metrics(period);
        const diff = differences(await shown(page), m);
        if (diff.length > 0) throw new Error(diff.join('; '));
        return m;
      },
      30_000,
      what,
    );

  it('serves the page, its script and Chart.js from the app, with a Content-Security-Policy of this origin only', async () => {
    const page = await t.http().get('/dashboard');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self';/);
    expect(page.text).toContain('<script src="/dashboard/assets/chart.umd.min.js" defer></script>');
    expect(page.text).not.toMatch(/https?:\/\//);

    const chart = await t.http().get('/dashboard/assets/chart.umd.min.js');
    expect(chart.status).toBe(200);
    expect(chart.headers['content-type']).toMatch(/javascript/);
    const local = join(dirname(require.resolve('chart.js')), 'chart.umd.min.js');
    expect(Number(chart.headers['content-length'])).toBe(statSync(local).size);
    expect(chart.text ?? chart.body.toString()).toContain('4.6.1');

    const missing = await t.http().get('/dashboard/assets/..%2Fdashboard.http.controller.ts');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404 });
  });

  it('shows zeros on an empty log, then the same numbers as /metrics as events arrive, with charts, and no errors', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${base}/dashboard?period=1h&interval=1`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });

    // Empty log: zeros everywhere, nothing failing.
    const vacio = await untilPageMatches(page, '1h', 'the page to show the (empty) /metrics?period=1h');
    expect(vacio).toMatchObject({ total_clicks: 0, total_conversions: 0, total_sales: 0, conversion_rate: 0, total_impressions: 0 });
    expect(await page.locator('[data-testid="errors"]').isHidden()).toBe(true);

    // Traffic: Avro events as the services publish them, and raw JSON from outside systems (seed 000 format).
    const now = Date.now();
    await publishTestEvents(t.runtime.resolveTopic, [
      ...[1, 2].map(() => {
        const id = randomUUID();
        return { eventType: 'ImpresionRegistrada' as const, payload: { ...SAMPLE_PAYLOADS.ImpresionRegistrada, id, timestamp: now }, meta: { aggregate_id: id, occurred_at: now } };
      }),
      ...[1, 2, 3].map(() => {
        const id = randomUUID();
        return { eventType: 'ClickRegistrado' as const, payload: { ...SAMPLE_PAYLOADS.ClickRegistrado, id, timestamp: now }, meta: { aggregate_id: id, occurred_at: now } };
      }),
      {
        eventType: 'ConversionValidada',
        payload: { ...SAMPLE_PAYLOADS.ConversionValidada, conversion_id: randomUUID(), valor: '199.9900', moneda: 'USD', timestamp: now },
        meta: { aggregate_id: randomUUID(), occurred_at: now },
      },
    ]);
    const client = new PulsarWebSocketClient({ httpUrl: t.runtime.pulsarHttpUrl });
    try {
      for (const user of ['u-1', 'u-2']) {
        await client.producer(t.runtime.resolveTopic('clicks')).send({ payload: Buffer.from(JSON.stringify({ user_id: user, timestamp: now })) });
      }
      await client.producer(t.runtime.resolveTopic('sales')).send({
        payload: Buffer.from(JSON.stringify({ user_id: 'u-1', timestamp: now, amount: 25.5, currency: 'USD' })),
      });
      // Not JSON: monitoreo's consumer dead-letters it (and counts nothing).
      await client.producer(t.runtime.resolveTopic('clicks')).send({ payload: Buffer.from('{"user_id": "u-3", ') });
    } finally {
      await client.close();
    }

    await waitFor(
      async () => {
        const m = await metrics('1h');
        return m.total_clicks === 5 && m.total_impressions === 2 && m.total_conversions === 2 && m.total_sales === 2;
      },
      60_000,
      '/metrics?period=1h to count 2 impressions, 5 clicks, 2 conversions, 2 sales',
    );
    const m = await untilPageMatches(page, '1h', 'the page to show the numbers of /metrics?period=1h');
    expect(m.conversion_rate).toBe(40);
    expect(await page.locator('[data-testid="conversion-rate"]').textContent()).toBe('40.00 %');

    // Sales value per currency, as /metrics answers it.
    const usd = m.sales_value.find((s) => s.currency === 'USD');
    expect(usd).toMatchObject({ count: 2, total: 225.49 });
    await waitFor(
      async () => (await page.locator('[data-testid="sales-total-USD"]').getAttribute('data-value')) === '225.49',
      10_000,
      'the USD sales total on the page',
    );

    // Charts: drawn on canvases with a size, fed with the same series.
    const charts = [];
    for (const id of ['chart-series', 'chart-rate', 'chart-mix', 'chart-backlog']) charts.push(await chartOf(page, id));
    for (const c of charts) {
      expect({ id: c.id, sized: c.width > 100 && c.height > 100, chart: c.sums !== null }).toEqual({ id: c.id, sized: true, chart: true });
    }
    const sum = (k: 'impressions' | 'clicks' | 'conversions' | 'sales') => m.series.points.reduce((a, p) => a + p[k], 0);
    expect(charts[0].sums).toEqual([sum('impressions'), sum('clicks'), sum('conversions'), sum('sales')]);
    expect(charts[0].sums).toEqual([2, 5, 2, 2]);

    // Ecosystem and alerts panels agree with their endpoints. /ecosistema is a snapshot up to ~1.5 s old: wait for
    // one taken after the events were published (6 Avro events on conversiones.eventos, the poison click in its DLQ),
    // then for the page to show it.
    type Eco = { broker: { ok: boolean }; resumen: { dlq_total: number }; topics: { key: string; msg_in_counter: number }[] };
    const eco = await waitFor(
      async () => {
        const body = (await t.http().get('/ecosistema')).body as Eco;
        const publicados = body.topics.find((x) => x.key === 'conversiones.eventos')?.msg_in_counter;
        return publicados === 6 && body.resumen.dlq_total === 1 ? body : undefined;
      },
      30_000,
      '/ecosistema to count the 6 messages published on conversiones.eventos and the poison click in the DLQ',
    );
    await waitFor(
      async () =>
        (await page.locator('[data-testid="topic-conversiones.eventos-published"]').getAttribute('data-value')) === '6' &&
        (await page.locator('[data-testid="dlq-clicks-monitoreo.externos"] td.num').getAttribute('data-value')) === '1',
      15_000,
      'the page to show 6 messages published on conversiones.eventos and 1 in the clicks DLQ',
    );
    expect(eco.broker.ok).toBe(true);
    expect(await page.locator('[data-testid="broker-status"]').textContent()).toBe('Broker OK');
    expect(await page.locator('[data-testid="dlq-total"]').getAttribute('data-value')).toBe(String(eco.resumen.dlq_total));
    expect(await page.locator('[data-testid="servicio-afiliados"]').getAttribute('data-up')).toBe('true');
    expect(await page.locator('[data-testid="servicios-up"]').textContent()).toBe('1/1');
    const alertas = (await t.http().get('/alertas')).body as { items: { estado: string }[] };
    const activas = alertas.items.filter((a) => a.estado === 'ACTIVA').length;
    expect(await page.locator('[data-testid="alerts-active-count"]').getAttribute('data-value')).toBe(String(activas));

    // Another period: the page asks /metrics for it and shows its numbers.
    await page.click('[data-testid="period-24h"]');
    await page.waitForSelector('body[data-period="24h"]');
    const m24 = await untilPageMatches(page, '24h', 'the page to show the numbers of /metrics?period=24h');
    expect(m24.total_clicks).toBe(5);
    expect(new URL(page.url()).searchParams.get('period')).toBe('24h');

    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(readFileSync(SCREENSHOT).subarray(1, 4).toString()).toBe('PNG');

    expect(problems).toEqual({ console: [], failed: [] });
    await page.close();
  }, 180_000);

  it('shows a failing request, keeps polling, and recovers when the endpoint answers again', async () => {
    const page = await context.newPage();
    const uncaught: string[] = [];
    page.on('pageerror', (e) => uncaught.push(e.message));
    await page.route('**/ecosistema', (route) =>
      route.fulfill({ status: 503, contentType: 'application/json', body: JSON.stringify({ statusCode: 503, message: 'broker maintenance' }) }),
    );
    await page.goto(`${base}/dashboard?interval=1`);

    const errors = page.locator('[data-testid="errors"]');
    await errors.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await errors.textContent()).toContain('ecosistema: GET /ecosistema → HTTP 503 · broker maintenance');
    // The other sources still render, and polling goes on while one fails.
    await untilPageMatches(page, '24h', 'the metrics to render while /ecosistema fails');
    const before = Number(await page.locator('body').getAttribute('data-refreshes'));
    await waitFor(async () => Number(await page.locator('body').getAttribute('data-refreshes')) >= before + 2, 15_000, 'two more polls');

    await page.unroute('**/ecosistema');
    await errors.waitFor({ state: 'hidden', timeout: 30_000 });
    expect(await page.locator('[data-testid="broker-status"]').textContent()).toBe('Broker OK');
    expect(uncaught).toEqual([]);
    await page.close();
  }, 120_000);
});
