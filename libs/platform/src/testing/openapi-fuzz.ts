/**
 * Generated fuzzing of a service's whole HTTP contract, from its own OpenAPI document (`/docs-json`): every operation
 * gets malformed bodies (one field wrong at a time, random JSON, deep nesting, malformed text), transport oddities
 * (wrong Content-Type, Content-Encoding, oversize), hostile path and query parameters and headers. Two rules are
 * checked: never a 5xx (nor no answer), and never a 2xx for what the contract refuses (judged by the schema oracle in
 * `openapi-fuzz-schema.ts`). Deterministic with a fixed seed (`FUZZ_SEED`, `FUZZ_RUNS` widen it on demand).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import {
  bareObject,
  checkValue,
  cloneValue,
  isObjectValue,
  RawJson,
  RawNumber,
  resolveSchema,
  sampleValue,
  toJsonText,
  typesOf,
  vagueProperties,
  type FuzzValue,
  type JsonSchema,
  type OpenApiDocument,
  type OpenApiOperation,
  type OracleOptions,
  type Verdict,
} from './openapi-fuzz-schema';

export { RawJson, RawNumber, bareObject, checkValue, resolveSchema, sampleValue, toJsonText } from './openapi-fuzz-schema';
export type { FuzzValue, JsonSchema, OpenApiDocument, Verdict } from './openapi-fuzz-schema';

const ABSENT = Symbol('absent');
type Leaf = FuzzValue | typeof ABSENT;

export interface FuzzParameter {
  readonly name: string;
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/** One operation of the document, its schemas resolved. */
export interface FuzzOperation {
  /** `POST /api/v1/afiliados/{id}/suspender` */
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly pathParams: readonly FuzzParameter[];
  readonly queryParams: readonly FuzzParameter[];
  readonly headerParams: readonly FuzzParameter[];
  /** The `application/json` request body schema, when the operation takes one. */
  readonly bodySchema?: JsonSchema;
}

export interface FuzzRequest {
  readonly method: string;
  /** Already percent-encoded, with the query string. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** How to show the body when its bytes are not worth printing (gzip, 1 MiB). */
  readonly bodyNote?: string;
}

export type Expectation = 'refuse' | 'survive';

export interface FuzzCase {
  /** `body-field`, `body`, `transport`, `path`, `query`, `header`, `random-body`, `baseline` */
  readonly family: string;
  /** The kind of input, e.g. `lone surrogate`, `exponent number 1e-7`. */
  readonly label: string;
  /** Field, parameter or header it is aimed at. */
  readonly target?: string;
  /** `refuse`: the contract refuses it (4xx expected); `survive`: anything but a 5xx. */
  readonly expect: Expectation;
  readonly request: FuzzRequest;
  /** A number sent at `path`: when a 2xx answer shows the same field, it must hold the same value (exactly). */
  readonly echo?: { readonly path: readonly string[]; readonly sent: string };
}

export interface FuzzViolation {
  readonly operation: string;
  readonly family: string;
  readonly label: string;
  readonly target?: string;
  readonly expect: Expectation;
  /** `5xx`, `2xx for a refused request`, `no answer`, `accepted but changed the number` */
  readonly problem: string;
  readonly status?: number;
  readonly responseBody: string;
  readonly request: FuzzRequest;
  /** One line to paste: method, path, headers, body. */
  readonly reproduction: string;
  /** fast-check runs: the seed and path that replay the shrunk counterexample. */
  readonly replay?: string;
}

export interface FuzzOperationSummary {
  readonly key: string;
  readonly cases: number;
  /** Status of the untouched valid-looking request: how deep the cases reach (a 404 baseline stays shallow). */
  readonly baselineStatus?: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly runs: number;
  readonly cases: number;
  readonly durationMs: number;
  readonly operations: readonly FuzzOperationSummary[];
  readonly violations: readonly FuzzViolation[];
  /** Request-body properties the document gives no type for: values there are judged `unknown`. */
  readonly vagueProperties: readonly string[];
}

export interface OpenApiFuzzOptions {
  /** Default `FUZZ_SEED` or a fixed seed. */
  readonly seed?: number;
  /** Random cases per operation and target; default `FUZZ_RUNS` or 12. */
  readonly runs?: number;
  /** The document; default: fetched from `docsPath` of the app itself. */
  readonly document?: OpenApiDocument;
  readonly docsPath?: string;
  /** Values (not encoded) for path parameters, e.g. an existing id so that cases reach past the 404. */
  readonly pathParams?: (operation: FuzzOperation) => Readonly<Record<string, string | undefined>> | undefined;
  /** A valid body for the operation (called for every case: return fresh ids where creations must not collide). */
  readonly body?: (operation: FuzzOperation) => FuzzValue | undefined;
  /** Operations left out. */
  readonly skip?: (operation: FuzzOperation) => boolean;
  /** Undeclared body fields are refused (default true: the platform's pipe refuses them). */
  readonly forbidUnknownProperties?: boolean;
  readonly requestTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

/** The fixed CI seed and run count, or what `FUZZ_SEED` / `FUZZ_RUNS` ask for (`FUZZ_SEED=random` picks one). */
export function fuzzSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): { seed: number; runs: number } {
  const rawSeed = env['FUZZ_SEED'];
  const seed = rawSeed === 'random' ? Math.floor(Math.random() * 2 ** 31) : rawSeed ? Number(rawSeed) : 20_251_207;
  const runs = env['FUZZ_RUNS'] ? Number(env['FUZZ_RUNS']) : 12;
  if (!Number.isInteger(seed) || !Number.isInteger(runs) || runs < 1) throw new Error(`FUZZ_SEED/FUZZ_RUNS must be integers (got ${rawSeed}, ${env['FUZZ_RUNS']})`);
  return { seed, runs };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, schemas resolved. */
export function operationsOf(doc: OpenApiDocument): FuzzOperation[] {
  const out: FuzzOperation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue;
      const o = op as OpenApiOperation;
      const params = (where: string): FuzzParameter[] =>
        (o.parameters ?? [])
          .filter((p) => p.in === where)
          .map((p) => {
            const schema = resolveSchema(p.schema, doc);
            return { name: p.name, required: p.required === true, schema: p.example !== undefined && schema.example === undefined ? { ...schema, example: p.example } : schema };
          });
      const json = o.requestBody?.content?.['application/json'];
      out.push({
        key: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        pathParams: params('path'),
        queryParams: params('query'),
        headerParams: params('header'),
        bodySchema: json ? resolveSchema(json.schema, doc) : undefined,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Encoding

/** Percent-encodes a path segment or query value; a lone surrogate goes out as its (invalid) 3-byte UTF-8 form. */
export function encodeComponent(value: string): string {
  return value
    .split(/(\p{Surrogate})/u)
    .map((part) => {
      if (part.length === 1 && /\p{Surrogate}/u.test(part)) {
        const c = part.charCodeAt(0);
        return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      }
      return encodeURIComponent(part);
    })
    .join('');
}

/** A segment sent as is (already encoded, possibly malformed on purpose). */
class RawSegment {
  constructor(readonly text: string) {}
}

/** Printable, one line, long runs folded (`⟨[×2000⟩`), cut at `max`. */
function show(text: string, max = 300): string {
  const printable = JSON.stringify(text)
    .slice(1, -1)
    .replace(/(.{1,6}?)\1{15,}/gu, (run: string, unit: string) => `⟨${unit}×${run.length / unit.length}⟩`);
  return printable.length > max ? `${printable.slice(0, max)}… (${Buffer.byteLength(text)} bytes)` : printable;
}

function reproduction(r: FuzzRequest): string {
  const headers = Object.entries(r.headers)
    .map(([k, v]) => ` -H '${k}: ${show(v, 120)}'`)
    .join('');
  const body = r.bodyNote ? ` --data-binary <${r.bodyNote}>` : r.body ? ` --data-binary '${show(r.body.toString('utf8'), 600)}'` : '';
  return `curl -X ${r.method} '${r.path.length > 300 ? `${r.path.slice(0, 300)}…(${r.path.length} chars)` : r.path}'${headers}${body}`;
}

// ---------------------------------------------------------------------------------------------------------------------
// Transport: one keep-alive connection to the in-process server, bytes exactly as built.

interface Answer {
  status?: number;
  body: string;
  error?: string;
}

class Client {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly port: number, private readonly timeoutMs: number) {}

  send(r: FuzzRequest): Promise<Answer> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (a: Answer) => {
        if (!settled) {
          settled = true;
          resolve(a);
        }
      };
      const headers: Record<string, string | number> = { ...r.headers };
      if (r.body) headers['content-length'] = r.body.length;
      let req: http.ClientRequest;
      try {
        req = http.request({ host: '127.0.0.1', port: this.port, method: r.method, path: r.path, headers, agent: this.agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', () => done({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
        });
      } catch (error) {
        // The client refused to build it (an invalid header character): not the server's fault, not a case.
        done({ body: '', error: `client: ${(error as Error).message}` });
        return;
      }
      req.setTimeout(this.timeoutMs, () => {
        done({ body: '', error: `no answer within ${this.timeoutMs} ms` });
        req.destroy();
      });
      req.on('error', (error) => done({ body: '', error: `connection: ${error.message}` }));
      req.end(r.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// Case building

interface Step {
  readonly key: string | number;
  /** Schema of the value at this key. */
  readonly schema: JsonSchema;
}

interface FieldTarget {
  readonly chain: readonly Step[];
  readonly name: string;
  readonly required: boolean;
}

/** Every property reachable in a body schema (array items through their first element), a few levels deep. */
function fieldTargets(schema: JsonSchema, chain: Step[] = [], name = '', depth = 0): FieldTarget[] {
  if (depth > 4) return [];
  const out: FieldTarget[] = [];
  const types = typesOf(schema);
  if (types?.has('object') || schema.properties) {
    for (const [k, s] of Object.entries(schema.properties ?? {})) {
      const next = [...chain, { key: k, schema: s }];
      const n = name ? `${name}.${k}` : k;
      out.push({ chain: next, name: n, required: (schema.required ?? []).includes(k) });
      out.push(...fieldTargets(s, next, n, depth + 1));
    }
  }
  if ((types?.has('array') || schema.items) && schema.items && chain.length > 0) {
    const next = [...chain, { key: 0, schema: schema.items }];
    const n = `${name}[0]`;
    out.push({ chain: next, name: n, required: true });
    out.push(...fieldTargets(schema.items, next, n, depth + 1));
  }
  return out;
}

/** A copy of `root` with `leaf` at the end of `chain`, parents created from their schemas where missing. */
function setAt(root: FuzzValue, rootSchema: JsonSchema, chain: readonly Step[], leaf: Leaf, options: OracleOptions): FuzzValue {
  const copy = isObjectValue(root) ? cloneValue(root) : sampleValue(rootSchema, options);
  let current = copy as Record<string | number, FuzzValue> | FuzzValue[];
  for (let i = 0; i < chain.length - 1; i++) {
    const step = chain[i];
    const wantsArray = typeof chain[i + 1].key === 'number';
    let next = (current as Record<string | number, FuzzValue>)[step.key];
    const fits = wantsArray ? Array.isArray(next) : isObjectValue(next);
    if (!fits) {
      next = wantsArray ? [] : sampleValue(step.schema, options, String(step.key));
      if (!wantsArray && !isObjectValue(next)) next = bareObject();
      (current as Record<string | number, FuzzValue>)[step.key] = next;
    }
    if (wantsArray && (next as FuzzValue[]).length === 0) (next as FuzzValue[]).push(sampleValue(step.schema.items ?? {}, options));
    current = next as Record<string | number, FuzzValue>;
  }
  const last = chain[chain.length - 1];
  if (leaf === ABSENT) {
    if (Array.isArray(current)) current.splice(Number(last.key), 1);
    else delete current[last.key];
  } else {
    (current as Record<string | number, FuzzValue>)[last.key] = leaf;
  }
  return copy;
}

const DEEP = 2_000;
const deepArray = () => new RawJson(`${'['.repeat(DEEP)}${']'.repeat(DEEP)}`);
const deepObject = () => new RawJson(`${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`);

interface Mutation {
  readonly label: string;
  readonly value: Leaf;
  /** Overrides the oracle (deep nesting cannot be judged by it but is refused). */
  readonly expect?: Expectation;
}

/** One-place-wrong values for a field of this schema. */
function fieldMutations(schema: JsonSchema): Mutation[] {
  const types = typesOf(schema) ?? new Set<string>();
  const m: Mutation[] = [
    { label: 'absent', value: ABSENT },
    { label: 'null', value: null },
    { label: 'nested 2,000 levels', value: deepArray(), expect: 'refuse' },
  ];
  const wrong: [string, FuzzValue][] = [
    ['string', 'fuzz'],
    ['number', 7],
    ['boolean', true],
    ['object', bareObject([['fuzz', 1]])],
    ['array', ['fuzz']],
  ];
  for (const [t, v] of wrong) {
    if (!types.has(t) && !(t === 'number' && types.has('integer'))) m.push({ label: `wrong type: ${t}`, value: v });
  }
  if (types.has('string')) {
    m.push(
      { label: 'empty string', value: '' },
      { label: 'blank string', value: '   ' },
      { label: 'lone surrogate', value: '\ud800' },
      { label: 'lone low surrogate inside text', value: 'a\udc00b' },
      { label: 'NUL character', value: 'a\u0000b' },
      { label: 'emoji', value: '😀👍🏽' },
      { label: 'combining, zero-width and bidi marks', value: 'e\u0301\u200b\u202e' },
      { label: 'line separators', value: 'a\u2028b\u2029c' },
      { label: 'SQL/template metacharacters', value: "' OR '1'='1 -- {{7*7}} ${x} %s" },
      { label: 'very long string (100k)', value: 'x'.repeat(100_000) },
    );
    if (schema.maxLength !== undefined) m.push({ label: `string of maxLength+1 (${schema.maxLength + 1})`, value: 'x'.repeat(schema.maxLength + 1) });
    if (schema.minLength !== undefined && schema.minLength > 1) m.push({ label: `string of minLength-1`, value: 'x'.repeat(schema.minLength - 1) });
    if (schema.format === 'uuid') {
      const u = randomUUID();
      m.push({ label: 'uppercase uuid', value: u.toUpperCase() }, { label: 'uuid in braces', value: `{${u}}` }, { label: 'not a uuid', value: 'not-a-uuid' });
    }
    if (schema.format === 'date-time' || (schema.oneOf ?? []).some((b) => b.format === 'date-time')) {
      m.push(
        { label: 'date without time', value: '2026-01-01' },
        { label: 'impossible date-time', value: '2026-13-45T99:00:00Z' },
        { label: 'date-time without zone', value: '2026-01-01T10:00:00' },
        { label: 'far-future date-time', value: '+275760-09-13T00:00:00.000Z' },
        { label: 'year zero date-time', value: '0000-01-01T00:00:00Z' },
        { label: 'not a date', value: 'ayer' },
      );
    }
    const firstEnum = schema.enum?.find((e): e is string => typeof e === 'string');
    if (firstEnum) m.push({ label: 'enum value in other case', value: firstEnum === firstEnum.toUpperCase() ? firstEnum.toLowerCase() : firstEnum.toUpperCase() }, { label: 'enum value with a trailing space', value: `${firstEnum} ` });
  }
  if (types.has('number') || types.has('integer')) {
    m.push(
      { label: 'negative number', value: -1 },
      { label: 'zero', value: 0 },
      { label: 'negative zero', value: new RawNumber('-0') },
      { label: 'fraction', value: 1.5 },
      { label: 'exponent number 1e-7', value: new RawNumber('1e-7') },
      { label: 'exponent number 5e-324', value: new RawNumber('5e-324') },
      { label: 'exponent number 1E2', value: new RawNumber('1E2') },
      { label: 'more than 15 significant digits 99999999999998.99', value: new RawNumber('99999999999998.99') },
      { label: 'more than 15 significant digits 0.1000000000000000055511151231257827', value: new RawNumber('0.1000000000000000055511151231257827') },
      { label: 'integer beyond 2^53 (9007199254740993)', value: new RawNumber('9007199254740993') },
      { label: 'huge number 1e308', value: new RawNumber('1e308') },
      { label: 'number overflowing a double 1e309', value: new RawNumber('1e309') },
      { label: 'number as a string', value: '5' },
    );
    if (schema.minimum !== undefined) m.push({ label: 'below minimum', value: schema.minimum - 1 }, { label: 'just below minimum', value: schema.minimum - 0.0001 });
    if (schema.maximum !== undefined) m.push({ label: 'above maximum', value: schema.maximum + 1 }, { label: 'just above maximum', value: schema.maximum + 0.0001 });
  }
  if (types.has('boolean')) m.push({ label: 'boolean as a string', value: 'true' }, { label: 'boolean as a number', value: 1 });
  if (types.has('array')) {
    m.push({ label: 'empty array', value: [] }, { label: 'array of null', value: [null] }, { label: 'array of arrays', value: [[]] });
    if (schema.maxItems !== undefined && schema.maxItems < 5_000) {
      m.push({ label: `maxItems+1 items (${schema.maxItems + 1})`, value: Array.from({ length: schema.maxItems + 1 }, () => 'x') });
    }
  }
  if (types.has('object')) {
    m.push({ label: 'array for an object', value: [bareObject()] }, { label: 'empty object', value: bareObject() });
  }
  return m;
}

/** Malformed JSON texts: each must be a 400 (HTTP.JSON_INVALIDO), never parsed into something. */
const MALFORMED_JSON = [
  '{',
  '{"a":}',
  "{'a':1}",
  '{"a":1,}',
  '[1,]',
  'NaN',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":-}',
  '{"a":01}',
  '{"a":"\\x41"}',
  '{"a":"\u0001"}',
  '{"a":"\\ud800',
  '"unterminated',
  'nul',
  '{"a":1}{"b":2}',
  '{"a" 1}',
];

// ---------------------------------------------------------------------------------------------------------------------
// Random values

const LONE_SURROGATES = ['\ud800', '\udbff', '\udc00', '\udfff'];
const nastyChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.constantFrom(...LONE_SURROGATES, '\u0000', '\u202e', '\ufeff', '%', '/', '\\', '"', "'") },
);
const nastyString = fc.string({ unit: nastyChar, maxLength: 40 });
const nastyNumber: fc.Arbitrary<FuzzValue> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((n) => new RawNumber(n.toString())),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -400, max: 400 })).map(([a, e]) => new RawNumber(`${a}e${e}`)),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.bigInt({ min: 0n, max: 10n ** 20n })).map(([a, b]) => new RawNumber(`${a}.${b}`)),
);
const nastyValue: fc.Arbitrary<FuzzValue> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<FuzzValue> },
  { weight: 3, arbitrary: nastyString },
  { weight: 2, arbitrary: nastyNumber },
  { weight: 1, arbitrary: fc.constantFrom<FuzzValue>(null, true, false, [], bareObject(), '', ' ') },
);
/** Header values Node's client can put on the wire (tab, visible ASCII, Latin-1 bytes). */
const headerValue = fc.string({
  unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constant(0x09)).map((c) => String.fromCharCode(c)),
  maxLength: 60,
});

// ---------------------------------------------------------------------------------------------------------------------
// Query oracle: values arrive as text.

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A query parameter's verdict. Numbers must be plain decimals (`1e3`, `0x10`, ` 5`, `+5` are not numbers in a URL);
 * a repeated scalar parameter is refused.
 */
export function checkQueryValue(schema: JsonSchema, raw: readonly string[], options: OracleOptions): Verdict {
  if (raw.length !== 1) return typesOf(schema)?.has('array') ? 'unknown' : 'invalid';
  let text: string;
  try {
    text = decodeURIComponent(raw[0].replace(/\+/g, ' '));
  } catch {
    return 'unknown';
  }
  const types = typesOf(schema);
  if (!types) return 'unknown';
  if (schema.enum) return schema.enum.some((e) => String(e) === text) ? 'valid' : 'invalid';
  if (types.has('number') || types.has('integer')) {
    if (!PLAIN_DECIMAL.test(text)) return 'invalid';
    return checkValue(schema, Number(text), options);
  }
  if (types.has('boolean')) return text === 'true' || text === 'false' ? 'valid' : 'invalid';
  if (types.has('string')) return checkValue(schema, text, options);
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------------------------------
// The run

const expectationOf = (v: Verdict): Expectation => (v === 'invalid' ? 'refuse' : 'survive');

function judge(c: FuzzCase, a: Answer): string | null {
  if (a.error) return a.error.startsWith('client:') ? null : 'no answer';
  const s = a.status ?? 0;
  if (s >= 500) return '5xx';
  if (c.expect === 'refuse' && (s < 400 || s >= 500)) return `${s >= 200 && s < 300 ? '2xx' : String(s)} for a refused request`;
  if (c.echo && s >= 200 && s < 300) {
    const shown = echoed(a.body, c.echo.path);
    if (shown !== undefined && !sameNumber(shown, c.echo.sent)) return `accepted but changed the number (sent ${c.echo.sent}, answered ${shown})`;
  }
  return null;
}

/** The exact number text at `path` of a JSON answer, if there is one. */
function echoed(body: string, path: readonly string[]): string | undefined {
  let value: unknown;
  try {
    value = parseLossless(body);
  } catch {
    return undefined;
  }
  for (const key of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return isLosslessNumber(value) ? value.value : undefined;
}

function sameNumber(a: string, b: string): boolean {
  try {
    return new Decimal(a).eq(new Decimal(b));
  } catch {
    return true;
  }
}

/** The echo check of a number put at a path of object keys (array positions may be reordered by the service). */
function echoOf(chain: readonly Step[], value: FuzzValue): FuzzCase['echo'] {
  if (!chain.every((step) => typeof step.key === 'string')) return undefined;
  const sent = value instanceof RawNumber ? value.text : typeof value === 'number' ? JSON.stringify(value) : undefined;
  return sent === undefined ? undefined : { path: chain.map((step) => String(step.key)), sent };
}

/**
 * Fuzzes every operation of the app's OpenAPI document and returns what broke the two rules. The app must be
 * initialised; when its server is not listening it is bound to an ephemeral port on 127.0.0.1.
 */
export async function fuzzOpenApi(
  target: { getHttpServer(): unknown } | http.Server,
  options: OpenApiFuzzOptions = {},
): Promise<FuzzReport> {
  const started = Date.now();
  const env = fuzzSettingsFromEnv();
  const seed = options.seed ?? env.seed;
  const runs = options.runs ?? env.runs;
  const log = options.log ?? (() => undefined);
  const oracle: OracleOptions = { forbidUnknownProperties: options.forbidUnknownProperties ?? true };
  const server = (target instanceof http.Server ? target : target.getHttpServer()) as http.Server;
  if (!server.listening) await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', () => resolve()));
  const client = new Client((server.address() as AddressInfo).port, options.requestTimeoutMs ?? 20_000);

  const violations: FuzzViolation[] = [];
  const summaries: FuzzOperationSummary[] = [];
  const vague = new Set<string>();
  let total = 0;
  let silentInARow = 0;
  let stopped = false;

  try {
    let doc = options.document;
    if (!doc) {
      const a = await client.send({ method: 'GET', path: options.docsPath ?? '/docs-json', headers: {} });
      if (a.status !== 200) throw new Error(`openapi-fuzz: ${options.docsPath ?? '/docs-json'} answered ${a.status ?? a.error}`);
      doc = JSON.parse(a.body) as OpenApiDocument;
    }
    const operations = operationsOf(doc).filter((op) => !options.skip?.(op));
    const seeds = fc.sample(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { seed, numRuns: operations.length * 8 + 8 });

    for (const [index, op] of operations.entries()) {
      if (stopped) break;
      const opStarted = Date.now();
      const statuses: Record<string, number> = {};
      let cases = 0;
      let baselineStatus: number | undefined;
      const opSeed = (k: number) => seeds[index * 8 + k];

      const run = async (c: FuzzCase): Promise<FuzzViolation | null> => {
        if (stopped) return null;
        cases += 1;
        total += 1;
        const a = await client.send(c.request);
        const key = a.error ? (a.error.startsWith('client:') ? 'client-refused' : 'no-answer') : String(a.status);
        statuses[key] = (statuses[key] ?? 0) + 1;
        silentInARow = a.error && !a.error.startsWith('client:') ? silentInARow + 1 : 0;
        const problem = judge(c, a);
        if (!problem) return null;
        const v: FuzzViolation = {
          operation: op.key,
          family: c.family,
          label: c.label,
          target: c.target,
          expect: c.expect,
          problem,
          status: a.status,
          responseBody: a.error ?? a.body.slice(0, 600),
          request: c.request,
          reproduction: reproduction(c.request),
        };
        if (silentInARow >= 3) {
          stopped = true;
          return { ...v, problem: 'the service stopped answering (3 requests in a row); the rest of the run was skipped' };
        }
        return v;
      };
      const record = async (c: FuzzCase) => {
        const v = await run(c);
        if (v) violations.push(v);
      };

      // Request building for this operation.
      const pathValue = (p: FuzzParameter): string =>
        options.pathParams?.(op)?.[p.name] ?? (typeof p.schema.example === 'string' ? p.schema.example : String(sampleValue(p.schema, oracle, p.name)));
      const buildPath = (override?: { name: string; value: string | RawSegment }, query?: [string, string][]): string => {
        let path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
          const param = op.pathParams.find((p) => p.name === name);
          if (override?.name === name) return override.value instanceof RawSegment ? override.value.text : encodeComponent(override.value);
          return encodeComponent(param ? pathValue(param) : 'fuzz');
        });
        if (query?.length) path += `?${query.map(([k, v]) => `${k}=${v}`).join('&')}`;
        return path;
      };
      const jsonHeaders = { 'content-type': 'application/json' };
      const bodyOf = (): FuzzValue | undefined =>
        op.bodySchema ? (options.body?.(op) ?? sampleValue(op.bodySchema, oracle)) : undefined;
      const request = (body: FuzzValue | undefined, extra: Partial<FuzzRequest> = {}): FuzzRequest => ({
        method: op.method,
        path: buildPath(),
        headers: body === undefined ? {} : jsonHeaders,
        body: body === undefined ? undefined : Buffer.from(toJsonText(body), 'utf8'),
        ...extra,
      });

      // 1. The untouched request: where the other cases start from.
      {
        const baseline: FuzzCase = { family: 'baseline', label: 'valid-looking request', expect: 'survive', request: request(bodyOf()) };
        const before = cases;
        const v = await run(baseline);
        if (v) violations.push(v);
        if (cases > before) baselineStatus = Number(Object.keys(statuses)[0]) || undefined;
      }

      // 2. Path parameters.
      for (const p of op.pathParams) {
        const fixed: [string, string | RawSegment][] = [
          ['not a uuid', 'not-a-uuid'],
          ['lowercase uuid', randomUUID()],
          ['uppercase uuid', randomUUID().toUpperCase()],
          ['unicode', 'ñandú-😀-漢字'],
          ['very long (3,000 chars)', 'x'.repeat(3_000)],
          ['NUL', 'a\u0000b'],
          ['lone surrogate (its 3 UTF-8 bytes)', '\ud800'],
          ['malformed percent-encoding', new RawSegment('%E0%A4%A')],
          ['bare percent', new RawSegment('%')],
          ['encoded slash', new RawSegment('a%2Fb')],
          ['dot-dot', new RawSegment('..')],
          ['SQL quote', "1' OR '1'='1"],
          ['blank', ' '],
        ];
        // (An empty segment names another resource, e.g. the list: not a value of this parameter.)
        const random = fc
          .sample(nastyString, { seed: opSeed(0), numRuns: runs })
          .filter((s) => s !== '')
          .map((s): [string, string] => ['random string', s]);
        for (const [label, value] of [...fixed, ...random]) {
          const text = value instanceof RawSegment ? null : value;
          const verdict: Verdict = text === null ? (p.schema.format === 'uuid' ? 'invalid' : 'unknown') : checkValue(p.schema, text, oracle);
          await record({
            family: 'path',
            label: text === null || label !== 'random string' ? label : `random string ${JSON.stringify(text)}`,
            target: p.name,
            expect: expectationOf(verdict),
            request: { ...request(bodyOf()), path: buildPath({ name: p.name, value }) },
          });
        }
      }

      // 3. Query parameters, one at a time.
      for (const p of op.queryParams) {
        const types = typesOf(p.schema) ?? new Set<string>();
        const values: [string, string[]][] = [
          ['empty', ['']],
          ['repeated', ['1', '2']],
          ['unicode', [encodeComponent('ñandú😀')]],
          ['lone surrogate (its 3 UTF-8 bytes)', [encodeComponent('\ud800')]],
          ['malformed percent-encoding', ['%E0%A4%A']],
          ['NUL', ['%00']],
          ['very long (4,000 chars)', ['x'.repeat(4_000)]],
        ];
        if (types.has('number') || types.has('integer')) {
          for (const v of ['1e3', '0x10', '-1', '0', '%205', '5%20', '%2B5', '1.5', '1,5', '99999999999999999999', 'NaN', 'Infinity', encodeComponent('٣'), '0b11', '1_000', '5']) values.push([`number ${JSON.stringify(decodeURIComponent(v))}`, [v]]);
          if (p.schema.maximum !== undefined) values.push(['above maximum', [String(p.schema.maximum + 1)]]);
        }
        const firstEnum = p.schema.enum?.[0];
        if (typeof firstEnum === 'string') {
          values.push(['enum value in other case', [encodeComponent(firstEnum === firstEnum.toLowerCase() ? firstEnum.toUpperCase() : firstEnum.toLowerCase())]], ['enum value twice', [firstEnum, firstEnum]]);
        }
        if (p.schema.format === 'date-time') values.push(['date-time garbage', ['ayer']], ['date without time', ['2026-01-01']]);
        const random = fc
          .sample(fc.oneof(nastyString, nastyNumber.map((n) => (n instanceof RawNumber ? n.text : String(n)))), { seed: opSeed(1) + p.name.length, numRuns: runs })
          .map((s): [string, string[]] => [`random ${JSON.stringify(s)}`, [encodeComponent(String(s))]]);
        for (const [label, raw] of [...values, ...random]) {
          await record({
            family: 'query',
            label,
            target: p.name,
            expect: expectationOf(checkQueryValue(p.schema, raw, oracle)),
            request: { ...request(bodyOf()), path: buildPath(undefined, raw.map((v) => [p.name, v])) },
          });
        }
      }
      if (op.queryParams.length) {
        const name = op.queryParams[0].name;
        for (const [label, q] of [
          ['bracket array syntax', `${name}[]=1`],
          ['bracket object syntax', `${name}[a]=1`],
          ['unknown parameter', 'fuzz_unknown=1'],
          ['prototype pollution', '__proto__[x]=1&constructor[prototype][x]=1'],
        ] as const) {
          await record({ family: 'query', label, target: name, expect: 'survive', request: { ...request(bodyOf()), path: `${buildPath()}?${q}` } });
        }
      }

      // 4. Headers (the declared ones and the correlation id every service takes).
      {
        const names = [...new Set([...op.headerParams.map((h) => h.name.toLowerCase()), 'x-correlation-id'])];
        const randomValues = fc.sample(headerValue, { seed: opSeed(2), numRuns: Math.max(2, Math.ceil(runs / 3)) });
        for (const name of names) {
          for (const [label, value] of [
            ['empty', ''],
            ['very long (8,000 chars)', 'x'.repeat(8_000)],
            ['Latin-1 bytes', 'ñandú\u00ff'],
            ['spaces and quotes', ' a "b" \'c\' '],
            ...randomValues.map((v) => [`random ${JSON.stringify(v)}`, v] as const),
          ] as const) {
            const base = request(bodyOf());
            await record({ family: 'header', label, target: name, expect: 'survive', request: { ...base, headers: { ...base.headers, [name]: value } } });
          }
        }
        for (const [label, h] of [
          ['Accept: application/xml', { accept: 'application/xml' }],
          ['Accept-Charset: utf-16', { 'accept-charset': 'utf-16' }],
        ] as const) {
          const base = request(bodyOf());
          await record({ family: 'header', label, target: Object.keys(h)[0], expect: 'survive', request: { ...base, headers: { ...base.headers, ...h } } });
        }
      }

      // 5. Bodies.
      const schema = op.bodySchema;
      if (schema) {
        for (const p of vagueProperties(schema)) vague.add(`${op.key} body.${p}`);
        const judgeBody = (v: FuzzValue): Expectation => expectationOf(checkValue(schema, v, oracle));
        const bodyCase = (family: string, label: string, value: FuzzValue, target?: string, expect?: Expectation): FuzzCase => ({
          family,
          label,
          target,
          expect: expect ?? judgeBody(value),
          request: request(value),
        });

        // 5a. One field wrong at a time.
        for (const t of fieldTargets(schema)) {
          for (const mutation of fieldMutations(t.chain[t.chain.length - 1].schema)) {
            if (mutation.value === ABSENT && typeof t.chain[t.chain.length - 1].key === 'number') continue;
            const value = setAt(bodyOf() ?? bareObject(), schema, t.chain, mutation.value, oracle);
            const echo = mutation.value === ABSENT ? undefined : echoOf(t.chain, mutation.value);
            await record({ ...bodyCase('body-field', mutation.label, value, t.name, mutation.expect), echo });
          }
        }
        // Unknown and prototype keys at every object level.
        const objectChains: Step[][] = [[], ...fieldTargets(schema).filter((t) => isObjectSchema(t.chain[t.chain.length - 1].schema)).map((t) => [...t.chain])];
        for (const chain of objectChains) {
          const where = chain.length ? chainName(chain) : '(body)';
          for (const [label, key, value] of [
            ['unknown field', 'fuzz_unknown_field', 1],
            ['__proto__ key', '__proto__', bareObject([['polluted', true]])],
            ['__proto__ key set to null', '__proto__', null],
            ['constructor key', 'constructor', bareObject([['prototype', bareObject([['polluted', true]])]])],
            ['prototype key', 'prototype', bareObject()],
          ] as [string, string, FuzzValue][]) {
            const body = chain.length ? setAt(bodyOf() ?? bareObject(), schema, [...chain, { key, schema: {} }], value, oracle) : withKey(bodyOf(), key, value);
            await record(bodyCase('body-field', label, body, where));
          }
        }

        // 5b. Whole bodies.
        const base = bodyOf() ?? bareObject();
        for (const [label, value] of [
          ['array body', []],
          ['array of the valid body', [base]],
          ['string body', 'fuzz'],
          ['number body', 42],
          ['null body', null],
          ['boolean body', true],
          ['empty object', bareObject()],
        ] as [string, FuzzValue][]) {
          await record(bodyCase('body', label, value));
        }
        await record(bodyCase('body', 'array nested 2,000 levels', deepArray(), undefined, 'refuse'));
        await record(bodyCase('body', 'object nested 2,000 levels', deepObject(), undefined, 'refuse'));
        for (const text of MALFORMED_JSON) {
          await record({ family: 'body', label: `malformed JSON ${JSON.stringify(text)}`, expect: 'refuse', request: { ...request(undefined), headers: jsonHeaders, body: Buffer.from(text, 'utf8') } });
        }
        await record({ family: 'body', label: 'empty body with Content-Type: application/json', expect: 'survive', request: { ...request(undefined), headers: jsonHeaders, body: Buffer.alloc(0) } });
        await record({ family: 'body', label: 'no body', expect: 'survive', request: request(undefined) });

        // 5c. Transport.
        const text = Buffer.from(toJsonText(bodyOf() ?? base), 'utf8');
        const transport: [string, Record<string, string>, Buffer, Expectation, string?][] = [
          ['Content-Type: text/plain', { 'content-type': 'text/plain' }, text, 'refuse'],
          ['no Content-Type', {}, text, 'refuse'],
          ['Content-Type: application/x-www-form-urlencoded', { 'content-type': 'application/x-www-form-urlencoded' }, Buffer.from('a=1&b=2'), 'refuse'],
          ['Content-Type: application/xml', { 'content-type': 'application/xml' }, Buffer.from('<a>1</a>'), 'refuse'],
          ['Content-Type: application/json; charset=utf-16', { 'content-type': 'application/json; charset=utf-16' }, text, 'survive'],
          ['Content-Type: application/json; charset=latin1', { 'content-type': 'application/json; charset=latin1' }, text, 'survive'],
          ['Content-Encoding: gzip on a plain body', { ...jsonHeaders, 'content-encoding': 'gzip' }, text, 'refuse'],
          ['Content-Encoding: deflate on a plain body', { ...jsonHeaders, 'content-encoding': 'deflate' }, text, 'refuse'],
          ['Content-Encoding: br on a plain body', { ...jsonHeaders, 'content-encoding': 'br' }, text, 'refuse'],
          ['Content-Encoding: unknown', { ...jsonHeaders, 'content-encoding': 'x-fuzz' }, text, 'refuse'],
          ['Content-Encoding: gzip, correctly compressed', { ...jsonHeaders, 'content-encoding': 'gzip' }, gzipSync(text), 'survive', `gzip of ${show(text.toString('utf8'), 200)}`],
          ['gzip bomb (2 MiB inflated)', { ...jsonHeaders, 'content-encoding': 'gzip' }, gzipSync(Buffer.from(`{"a":"${'0'.repeat(2 * 1024 * 1024)}"}`)), 'refuse', 'gzip of {"a":"000…"} (2 MiB inflated)'],
          ['body over 1 MiB', jsonHeaders, Buffer.from(toJsonText(withKey(bodyOf() ?? base, 'fuzz_padding', 'x'.repeat(1_100_000))), 'utf8'), 'refuse', 'the valid body plus "fuzz_padding": "xxx…" (1.1 MB)'],
        ];
        for (const [label, headers, body, expect, note] of transport) {
          await record({ family: 'transport', label, expect, request: { method: op.method, path: buildPath(), headers, body, bodyNote: note } });
        }

        // 5d. Random values at random places (fast-check, shrunk to the smallest failing case).
        const targets = fieldTargets(schema);
        const place = fc.oneof(
          { weight: 4, arbitrary: targets.length ? fc.constantFrom(...targets) : fc.constant(null) },
          { weight: 1, arbitrary: fc.constant(null) },
        );
        const failures: FuzzViolation[] = [];
        const details = await fc.check(
          fc.asyncProperty(place, nastyValue, async (t, value) => {
            const body = t ? setAt(bodyOf() ?? bareObject(), schema, t.chain, value, oracle) : value;
            const v = await run({
              ...bodyCase('random-body', `random value ${show(toJsonText(value), 120)}`, body, t ? t.name : '(whole body)'),
              echo: t ? echoOf(t.chain, value) : undefined,
            });
            if (v) failures.push(v);
            return v === null;
          }),
          { seed: opSeed(3), numRuns: runs * 2, endOnFailure: false },
        );
        // The last failing execution is the shrunk counterexample.
        const shrunk = failures[failures.length - 1];
        if (details.failed && shrunk) {
          violations.push({ ...shrunk, replay: `fast-check seed ${details.seed}, path "${details.counterexamplePath}", ${details.numShrinks} shrinks` });
        }
      }

      summaries.push({ key: op.key, cases, baselineStatus, statuses, durationMs: Date.now() - opStarted });
      log(`${op.key}: ${cases} cases in ${Date.now() - opStarted} ms, baseline ${baselineStatus}, statuses ${JSON.stringify(statuses)}`);
    }
  } finally {
    client.close();
  }
  return { seed, runs, cases: total, durationMs: Date.now() - started, operations: summaries, violations, vagueProperties: [...vague] };
}

function isObjectSchema(s: JsonSchema): boolean {
  return typesOf(s)?.has('object') === true || s.properties !== undefined;
}

function chainName(chain: readonly Step[]): string {
  return chain.map((s) => (typeof s.key === 'number' ? `[${s.key}]` : `.${s.key}`)).join('').replace(/^\./, '');
}

function withKey(body: FuzzValue | undefined, key: string, value: FuzzValue): FuzzValue {
  const o = isObjectValue(body) ? (cloneValue(body) as Record<string, FuzzValue>) : bareObject();
  o[key] = value;
  return o;
}

/**
 * The violations grouped by class (problem, operation, family, kind of input), each with its targets and one
 * reproduction; empty when there are none. What a failing test prints.
 */
/**
 * What every app's fuzz test does: fuzz the whole document, print the coverage, and fail listing every violation with
 * its reproduction.
 */
export async function assertNoFuzzViolations(
  target: { getHttpServer(): unknown } | http.Server,
  options: OpenApiFuzzOptions = {},
): Promise<FuzzReport> {
  const report = await fuzzOpenApi(target, options);
  process.stdout.write(`${formatFuzzCoverage(report)}\n`);
  const violations = formatFuzzReport(report);
  if (violations) throw new Error(violations);
  return report;
}

export function formatFuzzReport(report: FuzzReport, examplesPerClass = 1): string {
  if (report.violations.length === 0) return '';
  const groups = new Map<string, FuzzViolation[]>();
  for (const v of report.violations) {
    const label = v.family === 'random-body' || v.label.startsWith('random ') ? v.label.replace(/^(random( value| string)?).*$/, '$1') : v.label;
    const key = `${v.problem.replace(/ \(sent .*\)$/, '')} (${v.status ?? '-'}) | ${v.operation} | ${v.family}: ${label}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  const lines = [
    `${report.violations.length} violation(s) in ${groups.size} class(es) — ${report.cases} cases, seed ${report.seed}, runs ${report.runs} (replay: FUZZ_SEED=${report.seed} FUZZ_RUNS=${report.runs})`,
    'paths are relative to the service (e.g. http://127.0.0.1:8001); bodies are shown JSON-escaped, long runs folded as ⟨x×N⟩',
  ];
  for (const [key, vs] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const targets = [...new Set(vs.map((v) => v.target).filter(Boolean))];
    lines.push('', `✗ ${key}${targets.length ? ` — at ${targets.slice(0, 12).join(', ')}${targets.length > 12 ? ` (+${targets.length - 12})` : ''}` : ''} ×${vs.length}`);
    for (const v of vs.slice(0, examplesPerClass)) {
      lines.push(`    expected: ${v.expect === 'refuse' ? '4xx (the contract refuses it)' : 'anything but 5xx'}; input: ${v.label}${v.target ? ` at ${v.target}` : ''}`);
      lines.push(`    request:  ${v.reproduction}`);
      lines.push(`    answer:   ${v.status ?? ''} ${show(v.responseBody, 400)}`);
      if (v.problem.startsWith('accepted but changed')) lines.push(`    problem:  ${v.problem}`);
      if (v.replay) lines.push(`    replay:   ${v.replay}`);
    }
  }
  return lines.join('\n');
}

/** Compact per-operation coverage lines (cases, baseline status, statuses seen) for a test log. */
export function formatFuzzCoverage(report: FuzzReport): string {
  return [
    `${report.cases} cases over ${report.operations.length} operations in ${report.durationMs} ms (seed ${report.seed}, runs ${report.runs})`,
    ...report.operations.map((o) => `  ${o.key}: ${o.cases} cases in ${o.durationMs} ms, baseline ${o.baselineStatus ?? 'no answer'}, ${JSON.stringify(o.statuses)}`),
    ...(report.vagueProperties.length ? [`  untyped in the document (judged unknown): ${report.vagueProperties.join(', ')}`] : []),
  ].join('\n');
}
