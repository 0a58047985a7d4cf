/**
 * Final step of scripts/bench_messaging.sh: reads the WebSocket results (ws-bench.ts JSON) and the pulsar-perf logs,
 * prints the tables and the summary, and writes everything as one JSON document.
 *
 *   report.ts --run-dir DIR --out FILE.json [--http URL] [--broker-url URL] [--run-id ID]
 *
 * DIR holds ws.json, host.json and, per pulsar-perf run <label>: perf-<label>-meta.json, perf-<label>-produce.log,
 * perf-<label>-consume.log (e2e runs) and perf-<label>-stats.json (the topic's partitioned stats after the run).
 * Labels: nobatch-produce, nobatch-e2e, batch-produce, batch-e2e (max rate) and rate-nobatch (fixed rate, e2e).
 *
 * pulsar-perf's own "Aggregated throughput" figures divide by the whole process lifetime (JVM start and shutdown
 * included), so throughputs are derived from its log timestamps instead:
 *   produce msg/s = N / (t "DONE (reached the maximum number)" − t "Created N producers")   [N acked]
 *   e2e msg/s     = N / (t consumer's final "Aggregated throughput stats" − t "Created N producers")
 * The latency percentiles are pulsar-perf's (HdrHistogram; producer send→ack, consumer publish→receive in ms).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, round } from './bench-util';

interface Lat {
  count?: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  p999?: number;
  max: number;
}

interface PerfMeta {
  label: string;
  title: string;
  mode: 'produce' | 'e2e';
  topic: string;
  batching: boolean;
  rate: number;
  messages: number;
  payloadBytes: number;
  produceExit: number;
  consumeExit: number;
  consumerStopped: boolean;
}

interface PerfFigures {
  label: string;
  title: string;
  mode: 'produce' | 'e2e';
  topic: string;
  batching: boolean;
  targetRate: number;
  messages: number;
  brokerMsgIn?: number;
  subscriptionMsgOut?: number;
  consumerReceived?: number;
  produceSeconds?: number;
  produceMsgsPerSec?: number;
  producePayloadMBPerSec?: number;
  e2eSeconds?: number;
  e2eMsgsPerSec?: number;
  publishLatency?: Lat;
  e2eLatency?: Lat;
  pulsarPerfReported: { produceMsgsPerSec?: number; consumeMsgsPerSec?: number; recordsSent?: number };
  errors: number;
  produceExit: number;
  consumeExit: number;
  consumerStopped: boolean;
  problems: string[];
}

const TS_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}),(\d{3})([+-]\d{2})(\d{2})/;

function lineTime(line: string): number | undefined {
  const m = TS_RE.exec(line);
  if (!m) return undefined;
  return Date.parse(`${m[1]}T${m[2]}.${m[3]}${m[4]}:${m[5]}`);
}

function firstMatch(lines: string[], re: RegExp): { line: string; time?: number; m: RegExpExecArray } | undefined {
  for (const line of lines) {
    const m = re.exec(line);
    if (m) return { line, time: lineTime(line), m };
  }
  return undefined;
}

function lastMatch(lines: string[], re: RegExp): { line: string; time?: number; m: RegExpExecArray } | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = re.exec(lines[i]);
    if (m) return { line: lines[i], time: lineTime(lines[i]), m };
  }
  return undefined;
}

const LAT_RE =
  /Aggregated latency stats --- Latency: mean:\s*([\d.]+) ms - med:\s*([\d.]+) - 95pct:\s*([\d.]+) - 99pct:\s*([\d.]+) - 99\.9pct:\s*([\d.]+).*Max:\s*([\d.]+)/;

function parseLatency(lines: string[]): Lat | undefined {
  const hit = lastMatch(lines, LAT_RE);
  if (!hit) return undefined;
  const [, mean, p50, p95, p99, p999, max] = hit.m.map(Number);
  return { mean, p50, p95, p99, p999, max };
}

function readLines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function perfFigures(dir: string, label: string): PerfFigures | undefined {
  const meta = readJson<PerfMeta>(join(dir, `perf-${label}-meta.json`));
  if (!meta) return undefined;
  const prod = readLines(join(dir, `perf-${label}-produce.log`));
  const cons = readLines(join(dir, `perf-${label}-consume.log`));
  const stats = readJson<{ msgInCounter?: number; subscriptions?: Record<string, { msgOutCounter?: number }> }>(
    join(dir, `perf-${label}-stats.json`),
  );
  const problems: string[] = [];
  const created = firstMatch(prod, /Created \d+ producers/);
  const done = firstMatch(prod, /DONE \(reached the maximum number/);
  const prodAgg = lastMatch(prod, /Aggregated throughput stats --- (\d+) records sent --- ([\d.]+) msg\/s/);
  const consAgg = lastMatch(cons, /Aggregated throughput stats --- (\d+) records received --- ([\d.]+) msg\/s/);
  const errors = [...prod, ...cons].filter((l) => / ERROR /.test(l)).length;
  const n = meta.messages;

  const f: PerfFigures = {
    label,
    title: meta.title,
    mode: meta.mode,
    topic: meta.topic,
    batching: meta.batching,
    targetRate: meta.rate,
    messages: n,
    brokerMsgIn: stats?.msgInCounter,
    subscriptionMsgOut: stats?.subscriptions?.['bench']?.msgOutCounter,
    consumerReceived: consAgg ? Number(consAgg.m[1]) : undefined,
    publishLatency: parseLatency(prod),
    e2eLatency: parseLatency(cons),
    pulsarPerfReported: {
      produceMsgsPerSec: prodAgg ? Number(prodAgg.m[2]) : undefined,
      recordsSent: prodAgg ? Number(prodAgg.m[1]) : undefined,
      consumeMsgsPerSec: consAgg ? Number(consAgg.m[2]) : undefined,
    },
    errors,
    produceExit: meta.produceExit,
    consumeExit: meta.consumeExit,
    consumerStopped: meta.consumerStopped,
    problems,
  };
  if (created?.time !== undefined && done?.time !== undefined && done.time > created.time) {
    f.produceSeconds = round((done.time - created.time) / 1000, 3);
    f.produceMsgsPerSec = round(n / f.produceSeconds, 0);
    f.producePayloadMBPerSec = round((f.produceMsgsPerSec * meta.payloadBytes) / 1e6, 2);
  } else {
    problems.push('producer did not report reaching the message count (see its log)');
  }
  if (created?.time !== undefined && consAgg?.time !== undefined && f.consumerReceived !== undefined) {
    f.e2eSeconds = round((consAgg.time - created.time) / 1000, 3);
    if (f.consumerReceived >= n && f.e2eSeconds > 0) f.e2eMsgsPerSec = round(n / f.e2eSeconds, 0);
  }
  if (meta.mode === 'e2e' && f.consumerReceived === undefined) problems.push('no consumer summary in the log');
  if (f.consumerReceived !== undefined && f.consumerReceived < n) {
    problems.push(`consumer received ${f.consumerReceived} of ${n} before it was stopped`);
  }
  if (meta.consumerStopped) problems.push('consumer had to be stopped (count not reached in time)');
  if (meta.produceExit !== 0) problems.push(`pulsar-perf produce exited with ${meta.produceExit}`);
  if (errors > 0) problems.push(`${errors} ERROR line(s) in the pulsar-perf logs`);
  return f;
}

// ---------------------------------------------------------------------------------------------------------------
// Table printing
// ---------------------------------------------------------------------------------------------------------------
function fmt(v: number | undefined, digits = 0): string {
  if (v === undefined || v === null || !Number.isFinite(v)) return '-';
  return digits === 0 ? Math.round(v).toLocaleString('en-US') : v.toFixed(digits);
}

function table(headers: string[], rows: string[][], alignLeft = 1): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    '  ' + cells.map((c, i) => (i < alignLeft ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const sep = '  ' + widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(headers), sep, ...rows.map(line)].join('\n');
}

const ratio = (a?: number, b?: number): number | undefined =>
  a !== undefined && b !== undefined && b > 0 ? round(a / b, 2) : undefined;

async function brokerVersion(httpUrl: string): Promise<string | undefined> {
  try {
    const res = await fetch(`${httpUrl}/admin/v2/brokers/version`, { signal: AbortSignal.timeout(3000) });
    return res.ok ? (await res.text()).replace(/"/g, '').trim() : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const dir = args['run-dir'];
  const out = args['out'];
  if (!dir || !out) throw new Error('usage: report.ts --run-dir DIR --out FILE.json');
  const httpUrl = args['http'] || process.env['PULSAR_HTTP_URL'] || 'http://127.0.0.1:8080';

  /* eslint-disable @typescript-eslint/no-explicit-any */
  const ws = readJson<any>(join(dir, 'ws.json'));
  const perfLabels = readdirSync(dir)
    .map((f) => /^perf-(.+)-meta\.json$/.exec(f)?.[1])
    .filter((l): l is string => !!l);
  const order = ['nobatch-produce', 'nobatch-e2e', 'batch-produce', 'batch-e2e', 'rate-nobatch'];
  const rank = (l: string): number => (order.includes(l) ? order.indexOf(l) : order.length);
  perfLabels.sort((a, b) => rank(a) - rank(b));
  const perf: Record<string, PerfFigures> = {};
  for (const label of perfLabels) {
    const f = perfFigures(dir, label);
    if (f) perf[label] = f;
  }
  const host = readJson<any>(join(dir, 'host.json')) ?? {};
  const version = await brokerVersion(httpUrl);
  const cfg = ws?.config ?? {};

  const out_: string[] = [];
  const say = (s = ''): void => {
    out_.push(s);
  };
  say('');
  say(`Messaging benchmark ${args['run-id'] ?? ''}`.trim());
  say(
    `  broker: Pulsar ${version ?? '?'} at ${httpUrl} (binary ${args['broker-url'] ?? '?'}); ` +
      `${host.cpus ?? '?'} CPUs, ${fmt(host.busyPercentBefore, 0)}% busy just before the run; ` +
      `load average before ${(host.loadBefore ?? []).join(' / ')}, after ${(host.loadAfter ?? []).join(' / ')} (includes the benchmark)`,
  );
  if (ws) {
    say(
      `  workload: ${fmt(cfg.messages)} messages of ${cfg.payloadBytes} B random payload, ${cfg.partitions} partitions, ` +
        `${cfg.keys} keys, ≤ ${cfg.maxPending} sends in flight, Key_Shared subscription; fixed-rate run ${cfg.rate} msg/s × ${cfg.rateSeconds} s`,
    );
  }

  // WebSocket table
  if (ws) {
    say('');
    say('libs/messaging PulsarWebSocketClient over the WebSocket API (Node ' + (cfg.node ?? '?') + ')');
    const rows: string[][] = [];
    const latRow = (name: string, n: number | undefined, rate: number | undefined, mb: number | undefined, lat: Lat | undefined, recv: string, dup: string, miss: string): string[] => [
      name, fmt(n), fmt(rate), fmt(mb, 2), fmt(lat?.p50, 1), fmt(lat?.p95, 1), fmt(lat?.p99, 1), fmt(lat?.max, 1), recv, dup, miss,
    ];
    if (ws.produce) {
      const p = ws.produce;
      rows.push(latRow('produce only        send→ack', p.acked, p.msgsPerSec, p.payloadMBPerSec, p.ackLatency, '-', '-', p.failed ? `${p.failed} failed` : '-'));
    }
    if (ws.e2e) {
      const e = ws.e2e;
      rows.push(latRow('e2e max rate   send→receive', e.sent, e.msgsPerSec, e.payloadMBPerSec, e.latency, fmt(e.unique), fmt(e.duplicates), fmt(e.missing)));
      rows.push(latRow('  (same run)      send→ack', e.sent, e.produceMsgsPerSec, undefined, e.ackLatency, '', '', ''));
    }
    if (ws.rate) {
      const r = ws.rate;
      rows.push(latRow(`e2e ${r.targetRate}/s × ${r.targetSeconds}s send→receive`, r.sent, r.msgsPerSec, r.payloadMBPerSec, r.latency, fmt(r.unique), fmt(r.duplicates), fmt(r.missing)));
    }
    say(table(['run', 'msgs', 'msg/s', 'MB/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'received', 'dups', 'missing'], rows));
    const envRows: string[] = [];
    for (const [name, phase] of [['produce', ws.produce], ['e2e', ws.e2e], ['rate', ws.rate]] as [string, any][]) {
      if (!phase?.env) continue;
      envRows.push(
        `${name}: machine ${fmt(phase.env.machineBusyPercent, 0)}% busy, producer process ${fmt(phase.env.producerCpuPercent, 0)}% of a core` +
          (phase.consumerCpuPercent !== undefined ? `, consumer process ${fmt(phase.consumerCpuPercent, 0)}%` : ''),
      );
    }
    if (envRows.length) say('  CPU: ' + envRows.join('; '));
  }

  // pulsar-perf table
  const perfList = Object.values(perf);
  const payloadBytes = Number(cfg.payloadBytes) || 400;
  if (perfList.length) {
    say('');
    say('Broker ceiling: bin/pulsar-perf (binary protocol, Java client; same broker, message size and topic layout)');
    const rows: string[][] = [];
    const row = (name: string, n: number, rate: number | undefined, lat: Lat | undefined, count: number | undefined): string[] => [
      name, fmt(n), fmt(rate), fmt(rate !== undefined ? (rate * payloadBytes) / 1e6 : undefined, 2),
      fmt(lat?.p50, 1), fmt(lat?.p95, 1), fmt(lat?.p99, 1), fmt(lat?.max, 1), fmt(count),
    ];
    for (const f of perfList) {
      const rateTxt = f.targetRate > 0 ? `${f.targetRate}/s` : 'max rate';
      if (f.mode === 'produce') {
        rows.push(row(`${f.title}, produce only  send→ack`, f.messages, f.produceMsgsPerSec, f.publishLatency, f.brokerMsgIn));
      } else {
        rows.push(row(`${f.title}, e2e ${rateTxt}  publish→receive`, f.messages, f.e2eMsgsPerSec, f.e2eLatency, f.consumerReceived));
        rows.push(row('  (same run)  send→ack', f.messages, f.produceMsgsPerSec, f.publishLatency, f.brokerMsgIn));
      }
    }
    say(table(['run', 'msgs', 'msg/s', 'MB/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'in / received'], rows));
    say('  "in" = the topic\'s msgInCounter (pulsar-perf counts acks, so it overshoots -m by up to the in-flight window);');
    say('  "received" = pulsar-perf consume (stops at -m). Consumer latency is in whole ms from the publish time.');
    say('  Each run starts fresh JVMs (cold JIT): expect inflated tails, especially in the short fixed-rate run.');
    for (const f of perfList) for (const p of f.problems) say(`  ! ${f.title} ${f.mode}: ${p}`);
  }

  // Summary
  const nobP = perf['nobatch-produce'];
  const nobE = perf['nobatch-e2e'];
  const batP = perf['batch-produce'];
  const batE = perf['batch-e2e'];
  const rnb = perf['rate-nobatch'];
  const summary = {
    ws: {
      produceMsgsPerSec: ws?.produce?.msgsPerSec,
      produceMBPerSec: ws?.produce?.payloadMBPerSec,
      e2eMsgsPerSec: ws?.e2e?.msgsPerSec,
      e2eP50Ms: ws?.e2e?.latency?.p50,
      e2eP99Ms: ws?.e2e?.latency?.p99,
      e2eMaxMs: ws?.e2e?.latency?.max,
      rateP50Ms: ws?.rate?.latency?.p50,
      rateP99Ms: ws?.rate?.latency?.p99,
      rateMaxMs: ws?.rate?.latency?.max,
      sent: ws?.e2e?.sent,
      received: ws?.e2e?.unique,
      duplicates: ws?.e2e?.duplicates,
      missing: ws?.e2e?.missing,
    },
    perf: {
      noBatching: {
        produceMsgsPerSec: nobP?.produceMsgsPerSec,
        publishP50Ms: nobP?.publishLatency?.p50,
        publishP99Ms: nobP?.publishLatency?.p99,
        e2eMsgsPerSec: nobE?.e2eMsgsPerSec,
        e2eP50Ms: nobE?.e2eLatency?.p50,
        e2eP99Ms: nobE?.e2eLatency?.p99,
      },
      batching: {
        produceMsgsPerSec: batP?.produceMsgsPerSec,
        publishP50Ms: batP?.publishLatency?.p50,
        publishP99Ms: batP?.publishLatency?.p99,
        e2eMsgsPerSec: batE?.e2eMsgsPerSec,
        e2eP50Ms: batE?.e2eLatency?.p50,
        e2eP99Ms: batE?.e2eLatency?.p99,
      },
      fixedRateNoBatching: rnb ? { rate: rnb.targetRate, e2eP50Ms: rnb.e2eLatency?.p50, e2eP99Ms: rnb.e2eLatency?.p99, e2eMaxMs: rnb.e2eLatency?.max } : undefined,
    },
  };
  const ratios = {
    produceVsNoBatching: ratio(summary.ws.produceMsgsPerSec, nobP?.produceMsgsPerSec),
    produceVsBatching: ratio(summary.ws.produceMsgsPerSec, batP?.produceMsgsPerSec),
    e2eVsNoBatching: ratio(summary.ws.e2eMsgsPerSec, nobE?.e2eMsgsPerSec),
    e2eVsBatching: ratio(summary.ws.e2eMsgsPerSec, batE?.e2eMsgsPerSec),
    fixedRateP50VsNoBatching: ratio(summary.ws.rateP50Ms, rnb?.e2eLatency?.p50),
    fixedRateP99VsNoBatching: ratio(summary.ws.rateP99Ms, rnb?.e2eLatency?.p99),
  };

  const notes: string[] = [];
  const cpus = Number(host.cpus) || 0;
  const busyBefore = Number(host.busyPercentBefore);
  const loadBefore = Number(host.loadBefore?.[0]) || 0;
  // The CPU sample taken just before the run decides; the 1-minute load average still counts the previous run.
  if (Number.isFinite(busyBefore) && busyBefore > 25) {
    notes.push(
      `the machine was already busy before the run (${fmt(busyBefore, 0)}% of ${cpus} CPUs, load ${loadBefore}): ` +
        'other work competed with the broker and the clients, so the figures are noisy; re-run on a quiet machine to compare',
    );
  }

  for (const [name, phase] of [['e2e', ws?.e2e], ['fixed-rate', ws?.rate]] as [string, any][]) {
    if (!phase) continue;
    if (phase.missing > 0) notes.push(`WebSocket ${name}: ${phase.missing} message(s) sent but never received`);
    if (phase.duplicates > 0) notes.push(`WebSocket ${name}: ${phase.duplicates} duplicate deliveries`);
    if (phase.sendFailed > 0) notes.push(`WebSocket ${name}: ${phase.sendFailed} send(s) failed: ${phase.firstSendError}`);
    if (phase.consumerTimedOut) notes.push(`WebSocket ${name}: the consumer gave up waiting (idle timeout)`);
  }
  if (ws?.produce?.failed > 0) notes.push(`WebSocket produce: ${ws.produce.failed} send(s) failed: ${ws.produce.firstError}`);
  if (ws?.rate && ws.rate.achievedRate < ws.rate.targetRate * 0.95) {
    notes.push(`WebSocket fixed-rate run reached only ${ws.rate.achievedRate} of ${ws.rate.targetRate} msg/s`);
  }
  for (const f of perfList) for (const p of f.problems) notes.push(`pulsar-perf ${f.title} ${f.mode}: ${p}`);

  say('');
  say('Summary');
  const s = summary.ws;
  if (ws) {
    say(
      `  WebSocket libs/messaging : produce-only ${fmt(s.produceMsgsPerSec)} msg/s (${fmt(s.produceMBPerSec, 2)} MB/s), ` +
        `end-to-end ${fmt(s.e2eMsgsPerSec)} msg/s; e2e latency p50 ${fmt(s.e2eP50Ms, 1)} / p99 ${fmt(s.e2eP99Ms, 1)} ms at max rate` +
        (ws.rate ? `, p50 ${fmt(s.rateP50Ms, 1)} / p99 ${fmt(s.rateP99Ms, 1)} ms at ${ws.rate.targetRate} msg/s` : ''),
    );
    if (ws.e2e) {
      say(
        `  delivery check (max rate): sent ${fmt(s.sent)}, received ${fmt(s.received)} unique, duplicates ${fmt(s.duplicates)}, missing ${fmt(s.missing)}` +
          (ws.rate ? `; fixed rate: sent ${fmt(ws.rate.sent)}, received ${fmt(ws.rate.unique)}, duplicates ${fmt(ws.rate.duplicates)}, missing ${fmt(ws.rate.missing)}` : ''),
      );
    }
  }
  if (perfList.length) {
    say(
      `  pulsar-perf, no batching : produce-only ${fmt(nobP?.produceMsgsPerSec)} msg/s, end-to-end ${fmt(nobE?.e2eMsgsPerSec)} msg/s;` +
        ` e2e latency p50 ${fmt(nobE?.e2eLatency?.p50, 0)} / p99 ${fmt(nobE?.e2eLatency?.p99, 0)} ms at max rate` +
        (rnb ? `, p50 ${fmt(rnb.e2eLatency?.p50, 0)} / p99 ${fmt(rnb.e2eLatency?.p99, 0)} ms at ${rnb.targetRate} msg/s` : ''),
    );
    say(
      `  pulsar-perf, batching    : produce-only ${fmt(batP?.produceMsgsPerSec)} msg/s, end-to-end ${fmt(batE?.e2eMsgsPerSec)} msg/s;` +
        ` e2e latency p50 ${fmt(batE?.e2eLatency?.p50, 0)} / p99 ${fmt(batE?.e2eLatency?.p99, 0)} ms at max rate`,
    );
    say(
      `  ratio ws ÷ binary        : throughput produce-only ${fmt(ratios.produceVsNoBatching, 2)} (vs no batching) / ` +
        `${fmt(ratios.produceVsBatching, 2)} (vs batching), end-to-end ${fmt(ratios.e2eVsNoBatching, 2)} / ${fmt(ratios.e2eVsBatching, 2)}` +
        (rnb ? `; fixed-rate e2e latency p50 ×${fmt(ratios.fixedRateP50VsNoBatching, 2)}, p99 ×${fmt(ratios.fixedRateP99VsNoBatching, 2)} (vs no batching)` : ''),
    );
  }
  for (const n of notes) say(`  note: ${n}`);
  say(`  JSON: ${out}`);
  say('');
  process.stdout.write(out_.join('\n') + '\n');

  const doc = {
    benchmark: 'messaging',
    runId: args['run-id'],
    timestamp: new Date().toISOString(),
    broker: { httpUrl, brokerUrl: args['broker-url'], version },
    host,
    config: cfg,
    summary,
    ratios,
    ws,
    perf,
    notes,
    logs: dir,
  };
  writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
}

main().catch((err) => {
  process.stderr.write(`report: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
