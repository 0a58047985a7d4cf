/**
 * scripts/monitor_pulsar.sh: watch the Pulsar side of the ecosystem from a terminal, straight from the broker (works
 * without monitoreo running).
 *
 *   dashboard [--once] [--interval 2] [--no-services]
 *       A refreshing view of every catalog topic (partitions, rates in/out, messages published, storage, backlog),
 *       each subscription (type, consumers, backlog, rate), the dead-letter topics that hold messages, and which
 *       services answer /health. Ctrl-C quits; --once prints one frame and exits (exit 1 when the broker is down).
 *       The figures are the ones GET /ecosistema serves (the same collection code of apps/monitoreo).
 *   log [--topic K[,K…]]… [--from-start] [--limit N]
 *       Follows every catalog topic (or only K) with non-durable readers over the WebSocket API (nothing is
 *       acknowledged for anyone, no subscription is left behind) and prints one line per message as it arrives: the
 *       decoded Avro envelope (event_type, event_id, aggregate_id, producer, occurred_at, a short payload summary), or
 *       the raw JSON of the `alpes/externos` topics. --from-start reads from the earliest retained message; --limit N
 *       exits after N messages.
 *
 * Environment: PULSAR_HTTP_URL (http://127.0.0.1:8080), ALPES_TOPIC_PREFIX (per-run topics: prefix + catalog key),
 * MONITOREO_SERVICIOS (services to probe; default the five apps on 127.0.0.1:8001…8005), NO_COLOR.
 */
import WebSocket from 'ws';
import { decodeEvent, TOPICS, topicName, type TopicKey, type TopicSpec } from '@alpes/contracts';
import { topicPath } from '@alpes/messaging';
import { recopilarEcosistema } from '../../apps/monitoreo/src/application/queries/obtener-ecosistema/recopilar-ecosistema';
import type { Ecosistema, TopicEcosistema } from '../../apps/monitoreo/src/application/queries/obtener-ecosistema/ecosistema.read-model';
import { PulsarAdminBrokerAdapter } from '../../apps/monitoreo/src/infrastructure/pulsar-admin/pulsar-admin-broker.adapter';
import { HttpSondaServiciosAdapter } from '../../apps/monitoreo/src/infrastructure/servicios/http-sonda-servicios.adapter';
import { parsearServicios, serviciosPorDefecto } from '../../apps/monitoreo/src/infrastructure/servicios/servicios.config';

const HTTP_URL = (process.env['PULSAR_HTTP_URL'] || 'http://127.0.0.1:8080').replace(/\/+$/, '');
const PREFIX = process.env['ALPES_TOPIC_PREFIX'] || '';
const resolveTopic = (key: TopicKey): string => (PREFIX ? `${PREFIX}${key}` : topicName(key));

/* ------------------------------------------------------------------------------------------------------------ */
/* Output                                                                                                        */
/* ------------------------------------------------------------------------------------------------------------ */

const colour = process.stdout.isTTY && !process.env['NO_COLOR'];
const paint = (code: string) => (text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = paint('1');
const dim = paint('2');
const red = paint('31');
const green = paint('32');
const yellow = paint('33');
const cyan = paint('36');

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const dec = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${i === 0 ? int.format(n) : dec.format(n)} ${units[i]}`;
}

// Visible width of a string that may carry colour codes.
// eslint-disable-next-line no-control-regex
const visible = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;
const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - visible(s)));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - visible(s))) + s;

function die(message: string, code = 2): never {
  process.stderr.write(`monitor_pulsar: ${message}\n`);
  process.exit(code);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Arguments                                                                                                     */
/* ------------------------------------------------------------------------------------------------------------ */

interface Args {
  mode: 'dashboard' | 'log';
  once: boolean;
  intervalS: number;
  services: boolean;
  topics: TopicKey[];
  fromStart: boolean;
  limit: number | null;
}

function positive(name: string, value: string | undefined, allowFraction = false): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n <= 0 || (!allowFraction && !Number.isInteger(n))) {
    die(`${name} needs a positive ${allowFraction ? 'number' : 'whole number'} (got ${value ?? 'nothing'})`);
  }
  return n;
}

export function parseArgs(argv: readonly string[]): Args {
  const [mode, ...rest] = argv;
  if (mode !== 'dashboard' && mode !== 'log') die(`expected "dashboard" or "log" (got ${mode ?? 'nothing'}); see --help`);
  const args: Args = { mode, once: false, intervalS: 2, services: true, topics: [], fromStart: false, limit: null };
  const keys = Object.keys(TOPICS) as TopicKey[];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? rest[++i];
    switch (flag) {
      case '--once':
        args.once = true;
        break;
      case '--interval':
        args.intervalS = positive('--interval', value(), true);
        break;
      case '--no-services':
        args.services = false;
        break;
      case '--topic':
      case '-t':
        for (const key of (value() ?? '').split(',').filter(Boolean)) {
          if (!keys.includes(key as TopicKey)) die(`unknown topic "${key}"; catalog topics: ${keys.join(', ')}`);
          if (!args.topics.includes(key as TopicKey)) args.topics.push(key as TopicKey);
        }
        break;
      case '--from-start':
        args.fromStart = true;
        break;
      case '--limit':
        args.limit = positive('--limit', value());
        break;
      default:
        die(`unknown option ${arg}`);
    }
  }
  if (args.topics.length === 0) args.topics = keys;
  return args;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* dashboard                                                                                                     */
/* ------------------------------------------------------------------------------------------------------------ */

function topicRow(t: TopicEcosistema): string[] {
  const name = t.existe ? bold(t.key) : `${bold(t.key)} ${yellow('(missing)')}`;
  const partitions = t.existe && t.particiones !== t.particionesCatalogo ? yellow(`${t.particiones}≠${t.particionesCatalogo}`) : String(t.particiones);
  const lines = [
    padEnd(name, 34) +
      padStart(partitions, 5) +
      padStart(dec.format(t.msgRateIn), 10) +
      padStart(dec.format(t.msgRateOut), 10) +
      padStart(int.format(t.msgInCounter), 12) +
      padStart(bytes(t.storageSize), 12) +
      padStart(t.backlog > 0 ? yellow(int.format(t.backlog)) : int.format(t.backlog), 10) +
      (t.error ? `  ${red(t.error)}` : ''),
  ];
  for (const s of t.suscripciones) {
    const consumers = s.consumidores > 0 ? green(`${s.consumidores} consumer${s.consumidores === 1 ? '' : 's'}`) : dim('no consumer');
    const what = s.existe ? `${s.tipo}, ${consumers}` : yellow('not created');
    const backlog = s.backlog > 0 ? yellow(`backlog ${int.format(s.backlog)}`) : dim('backlog 0');
    const flags = [!s.enCatalogo ? dim('not in catalog') : '', !s.durable ? dim('reader') : ''].filter(Boolean).join(' ');
    lines.push(`  └ ${padEnd(s.nombre, 34)} ${padEnd(what, 30)} ${padEnd(backlog, 16)} out ${dec.format(s.msgRateOut)}/s ${flags}`.trimEnd());
  }
  return lines;
}

export function renderFrame(e: Ecosistema): string {
  const out: string[] = [];
  const broker = e.broker.ok ? green('broker OK') : red(`broker DOWN: ${e.broker.error ?? 'no answer'}`);
  out.push(`${bold('AlpesPartners · Pulsar')}  ${HTTP_URL}  ${broker}  ${dim(e.generadoEn.toISOString())}`);
  if (PREFIX) out.push(dim(`topics: ${PREFIX}<key>`));
  if (e.servicios.length > 0) {
    out.push(
      'services: ' +
        e.servicios
          .map((s) => (s.up ? `${green('●')} ${s.servicio} ${dim(`${s.latenciaMs ?? '?'} ms`)}` : `${red('✕')} ${s.servicio} ${dim(s.status)}`))
          .join('  '),
    );
  }
  out.push('');
  if (e.broker.ok) {
    out.push(
      dim(
        padEnd('TOPIC', 34) +
          padStart('PART', 5) +
          padStart('IN/s', 10) +
          padStart('OUT/s', 10) +
          padStart('PUBLISHED', 12) +
          padStart('STORED', 12) +
          padStart('BACKLOG', 10),
      ),
    );
    for (const t of e.topics) out.push(...topicRow(t));
    out.push('');
    const withMessages = e.dlq.filter((d) => d.mensajes > 0);
    out.push(dim(padEnd('DEAD-LETTER TOPICS (DLQ)', 60) + padStart('MESSAGES', 10)));
    for (const d of withMessages) out.push(padEnd(`${d.sourceKey} · ${d.suscripcion}`, 60) + padStart(red(int.format(d.mensajes)), 10));
    const empty = e.dlq.length - withMessages.length;
    out.push(dim(withMessages.length === 0 ? `all ${empty} dead-letter topics are empty` : `${empty} other dead-letter topics are empty`));
    out.push('');
  }
  const r = e.resumen;
  out.push(
    `topics ${r.topics}/${r.topicsCatalogo} · backlog ${r.backlogTotal > 0 ? yellow(int.format(r.backlogTotal)) : '0'} · ` +
      `DLQ ${r.dlqTotal > 0 ? red(int.format(r.dlqTotal)) : '0'}` +
      (r.serviciosTotal > 0 ? ` · services up ${r.serviciosUp}/${r.serviciosTotal}` : ''),
  );
  return out.join('\n');
}

async function dashboard(args: Args): Promise<void> {
  const broker = new PulsarAdminBrokerAdapter(HTTP_URL, 3_000);
  const sonda = new HttpSondaServiciosAdapter(1_500);
  let servicios;
  try {
    servicios = args.services ? parsearServicios(process.env['MONITOREO_SERVICIOS'], () => serviciosPorDefecto()) : [];
  } catch (error) {
    die((error as Error).message);
  }
  const frame = () => recopilarEcosistema({ broker, sonda, resolveTopic, servicios });

  if (args.once) {
    const e = await frame();
    process.stdout.write(`${renderFrame(e)}\n`);
    process.exitCode = e.broker.ok ? 0 : 1;
    return;
  }

  const tty = process.stdout.isTTY;
  let stopping = false;
  const stop = () => {
    stopping = true;
    if (tty) process.stdout.write('\x1b[?25h\n');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (tty) process.stdout.write('\x1b[?25l');
  while (!stopping) {
    const started = Date.now();
    const text = `${renderFrame(await frame())}\n${dim(`refreshing every ${args.intervalS} s · Ctrl-C to quit`)}\n`;
    // Home + clear-to-end after drawing, so the screen never flashes blank between frames.
    process.stdout.write(tty ? `\x1b[H${text.replace(/\n/g, '\x1b[K\n')}\x1b[J` : `${text}\n`);
    await new Promise((r) => setTimeout(r, Math.max(0, args.intervalS * 1000 - (Date.now() - started))));
  }
}

/* ------------------------------------------------------------------------------------------------------------ */
/* log                                                                                                           */
/* ------------------------------------------------------------------------------------------------------------ */

interface ReaderMessage {
  messageId: string;
  payload: string;
  properties?: Record<string, string>;
  publishTime?: string;
  key?: string;
}

function short(value: unknown, max = 28): string {
  let text: string;
  if (value === null || value === undefined) text = 'null';
  else if (Buffer.isBuffer(value)) text = `<${value.length} bytes>`;
  else if (typeof value === 'object') text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  else text = String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `k=v` pairs of a payload, each value cut short (a UUID to its first 8 digits), the whole line too; a field equal to
 * the aggregate id already shown is left out.
 */
export function summarize(payload: unknown, aggregateId?: string, max = 200): string {
  if (payload === null || typeof payload !== 'object') return short(payload, max);
  const parts = Object.entries(payload as Record<string, unknown>)
    .filter(([, v]) => aggregateId === undefined || v !== aggregateId)
    .map(([k, v]) => `${k}=${typeof v === 'string' && UUID.test(v) ? `${v.slice(0, 8)}…` : short(v)}`);
  const text = parts.join(' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function describeMessage(spec: TopicSpec, payload: Buffer, properties: Record<string, string> = {}): string {
  if (spec.format === 'json') {
    const text = payload.toString('utf8').replace(/\s+/g, ' ').trim();
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    const raw = text.length > 200 ? `${text.slice(0, 199)}…` : text;
    return `${cyan('json')} ${valid ? raw : `${red('invalid JSON')} ${raw}`}`;
  }
  try {
    const decoded = decodeEvent(payload);
    const env = decoded.envelope;
    const head =
      `${cyan(env.event_type)} id=${env.event_id} agg=${short(env.aggregate_id, 40)} producer=${env.producer} ` +
      `at=${new Date(Number(env.occurred_at)).toISOString()}`;
    if (!decoded.known) return `${head} ${yellow(`(${decoded.reason} v${env.schema_version})`)}`;
    return `${head} ${dim(summarize(decoded.payload, env.aggregate_id))}`;
  } catch (error) {
    const type = properties['event_type'] ? ` event_type=${properties['event_type']}` : '';
    return `${red('undecodable')}${type} ${short((error as Error).message, 120)}`;
  }
}

async function partitionsOf(topic: string): Promise<number | null> {
  const res = await fetch(`${HTTP_URL}/admin/v2/${topicPath(topic)}/partitions`, { signal: AbortSignal.timeout(5_000) });
  if (res.status === 404) return null;
  if (!res.ok) throw new Error(`GET partitions of ${topic} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return ((await res.json()) as { partitions?: number }).partitions ?? 0;
}

async function log(args: Args): Promise<void> {
  const wsBase = HTTP_URL.replace(/^http(s?):\/\//, (_m, s: string) => `ws${s}://`);
  const readers: { spec: TopicSpec; topic: string; partition: number | null }[] = [];
  for (const key of args.topics) {
    const topic = resolveTopic(key);
    let partitions: number | null;
    try {
      partitions = await partitionsOf(topic);
    } catch (error) {
      die(`Pulsar admin API at ${HTTP_URL} did not answer: ${(error as Error).message}`, 1);
    }
    // Opening a reader on a missing topic would create it: leave it alone.
    if (partitions === null) {
      process.stderr.write(`${yellow('skip')} ${topic} does not exist\n`);
      continue;
    }
    if (partitions === 0) readers.push({ spec: TOPICS[key], topic, partition: null });
    for (let p = 0; p < partitions; p++) readers.push({ spec: TOPICS[key], topic, partition: p });
  }
  if (readers.length === 0) die('none of the topics exists; run scripts/setup_pulsar_topics.sh (or check ALPES_TOPIC_PREFIX)', 1);
  process.stderr.write(
    dim(
      `following ${args.topics.length} topic(s) with ${readers.length} reader(s) from ${args.fromStart ? 'the earliest message' : 'now'}` +
        `${args.limit ? `, until ${args.limit} message(s)` : ''} · Ctrl-C to stop\n`,
    ),
  );

  let printed = 0;
  let stopping = false;
  const sockets = new Set<WebSocket>();
  const stop = (code = 0) => {
    stopping = true;
    for (const s of sockets) s.terminate();
    process.exitCode = code;
    // Let stdout drain before leaving.
    setImmediate(() => process.exit(code));
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));

  const open = (r: (typeof readers)[number], from: string, attempt = 0) => {
    if (stopping) return;
    const physical = r.partition === null ? r.topic : `${r.topic}-partition-${r.partition}`;
    const query = new URLSearchParams({ messageId: from, receiverQueueSize: '500' });
    const ws = new WebSocket(`${wsBase}/ws/v2/reader/${topicPath(physical)}?${query}`);
    sockets.add(ws);
    let last = from;
    ws.on('open', () => (attempt = 0));
    ws.on('message', (data) => {
      if (stopping) return;
      let msg: ReaderMessage;
      try {
        msg = JSON.parse(data.toString()) as ReaderMessage;
      } catch {
        return;
      }
      if (!msg.messageId) return;
      last = msg.messageId;
      // The WebSocket reader stops sending after its pending-message window unless each message is acknowledged.
      ws.send(JSON.stringify({ messageId: msg.messageId }));
      if (args.limit !== null && printed >= args.limit) return;
      const when = msg.publishTime ? new Date(msg.publishTime) : new Date();
      const where = `${r.spec.key}${r.partition === null ? '' : `#${r.partition}`}`;
      const body = describeMessage(r.spec, Buffer.from(msg.payload ?? '', 'base64'), msg.properties);
      process.stdout.write(`${dim(when.toISOString().slice(11, 23))} ${padEnd(bold(where), 24)} ${body}\n`);
      printed++;
      if (args.limit !== null && printed >= args.limit) stop(0);
    });
    ws.on('error', (error) => {
      if (!stopping) process.stderr.write(`${yellow('reader')} ${physical}: ${error.message}\n`);
    });
    ws.on('close', () => {
      sockets.delete(ws);
      if (stopping) return;
      // Resume after the last message seen (the reader's start id is exclusive), with capped backoff.
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      setTimeout(() => open(r, last, attempt + 1), delay);
    });
  };
  for (const r of readers) open(r, args.fromStart ? 'earliest' : 'latest');
}

/* ------------------------------------------------------------------------------------------------------------ */

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('-h') || argv.includes('--help')) {
    process.stdout.write(
      [
        'usage: scripts/monitor_pulsar.sh dashboard [--once] [--interval S] [--no-services]',
        '       scripts/monitor_pulsar.sh log [--topic K[,K…]]… [--from-start] [--limit N]',
        '',
        `catalog topics: ${Object.keys(TOPICS).join(', ')}`,
        'environment: PULSAR_HTTP_URL, ALPES_TOPIC_PREFIX, MONITOREO_SERVICIOS, NO_COLOR',
        '',
      ].join('\n'),
    );
    return;
  }
  const args = parseArgs(argv);
  if (args.mode === 'dashboard') await dashboard(args);
  else await log(args);
}

if (require.main === module) {
  main().catch((error: unknown) => die(error instanceof Error ? (error.stack ?? error.message) : String(error), 1));
}
