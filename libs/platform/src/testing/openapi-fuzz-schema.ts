/**
 * The schema half of the OpenAPI fuzz harness (`openapi-fuzz.ts`): `$ref`/`allOf` resolution, a three-valued oracle
 * that says whether the contract accepts a JSON value, a builder of valid-looking values, and a JSON writer that can
 * put number texts a double cannot hold (`99999999999998.99`, `5e-324`) and `__proto__` keys on the wire.
 */
import { randomUUID } from 'node:crypto';

/** The subset of OpenAPI 3.0 schema objects that @nestjs/swagger emits. */
export interface JsonSchema {
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean | number;
  exclusiveMaximum?: boolean | number;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
  example?: unknown;
  default?: unknown;
  description?: string;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
  example?: unknown;
}

export interface OpenApiOperation {
  operationId?: string;
  parameters?: OpenApiParameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: JsonSchema }> };
  responses?: Record<string, unknown>;
}

/**
 * A JSON number written exactly as `text` (a JS number would round `99999999999998.99` or print `1e-7` its own way).
 * The oracle judges it by `Number(text)`.
 */
export class RawNumber {
  constructor(readonly text: string) {}
}

/** JSON text put on the wire verbatim (e.g. 2,000 nested arrays); the oracle cannot judge it. */
export class RawJson {
  constructor(readonly text: string) {}
}

/** A JSON value the fuzzer sends: plain JSON plus raw leaves. Objects may carry an own `__proto__` key. */
export type FuzzValue = null | boolean | number | string | RawNumber | RawJson | FuzzValue[] | { [key: string]: FuzzValue };

/** An object literal that may hold `__proto__`/`constructor` as ordinary own keys. */
export function bareObject(entries: [string, FuzzValue][] = []): Record<string, FuzzValue> {
  const o = Object.create(null) as Record<string, FuzzValue>;
  for (const [k, v] of entries) o[k] = v;
  return o;
}

/** JSON text of a fuzz value. Lone surrogates come out escaped (`"\ud800"`), as JSON.stringify writes them. */
export function toJsonText(value: FuzzValue | undefined): string {
  if (value === undefined) return '';
  if (value instanceof RawNumber || value instanceof RawJson) return value.text;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => toJsonText(v)).join(',')}]`;
  return `{${Object.keys(value)
    .map((k) => `${JSON.stringify(k)}:${toJsonText(value[k])}`)
    .join(',')}}`;
}

/** A deep copy that keeps own `__proto__` keys (spread and JSON round trips would not). */
export function cloneValue(value: FuzzValue): FuzzValue {
  if (value === null || typeof value !== 'object' || value instanceof RawNumber || value instanceof RawJson) return value;
  if (Array.isArray(value)) return value.map(cloneValue);
  return bareObject(Object.keys(value).map((k) => [k, cloneValue(value[k])]));
}

const isPlainObject = (v: unknown): v is Record<string, FuzzValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof RawNumber) && !(v instanceof RawJson);

// ---------------------------------------------------------------------------------------------------------------------
// Resolution

/** Follows `$ref`s and merges `allOf` into one schema (properties, required and constraints). */
export function resolveSchema(schema: JsonSchema | undefined, doc: OpenApiDocument, depth = 0): JsonSchema {
  if (!schema) return {};
  if (depth > 32) throw new Error('openapi-fuzz: schema nesting deeper than 32 (a $ref cycle?)');
  if (schema.$ref) {
    const name = schema.$ref.replace(/^#\/components\/schemas\//, '');
    const target = doc.components?.schemas?.[name];
    if (!target) throw new Error(`openapi-fuzz: unresolved $ref ${schema.$ref}`);
    const { $ref: _ref, ...rest } = schema;
    return resolveSchema({ ...target, ...rest }, doc, depth + 1);
  }
  let out: JsonSchema = { ...schema };
  if (schema.allOf) {
    delete out.allOf;
    for (const part of schema.allOf) {
      const r = resolveSchema(part, doc, depth + 1);
      out = {
        ...r,
        ...out,
        properties: r.properties || out.properties ? { ...(r.properties ?? {}), ...(out.properties ?? {}) } : undefined,
        required: r.required || out.required ? [...new Set([...(r.required ?? []), ...(out.required ?? [])])] : undefined,
      };
    }
  }
  if (out.properties) {
    out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, resolveSchema(v, doc, depth + 1)]));
  }
  if (out.items) out.items = resolveSchema(out.items, doc, depth + 1);
  if (out.oneOf) out.oneOf = out.oneOf.map((s) => resolveSchema(s, doc, depth + 1));
  if (out.anyOf) out.anyOf = out.anyOf.map((s) => resolveSchema(s, doc, depth + 1));
  for (const key of Object.keys(out) as (keyof JsonSchema)[]) if (out[key] === undefined) delete out[key];
  return out;
}

/** The JSON types a schema admits (`integer` counts as its own), or null when it says nothing about types. */
export function typesOf(schema: JsonSchema): Set<string> | null {
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) {
    const all = new Set<string>();
    for (const b of branches) {
      const t = typesOf(b);
      if (!t) return null;
      t.forEach((x) => all.add(x));
    }
    return all;
  }
  if (schema.type) return new Set([schema.type]);
  if (schema.properties) return new Set(['object']);
  if (schema.items) return new Set(['array']);
  if (schema.enum) return new Set(schema.enum.map((v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v)));
  return null;
}

export const admitsNull = (schema: JsonSchema): boolean =>
  schema.nullable === true || schema.type === 'null' || (schema.enum?.includes(null) ?? false) ||
  (schema.oneOf ?? schema.anyOf ?? []).some(admitsNull);

// ---------------------------------------------------------------------------------------------------------------------
// Oracle

/**
 * `invalid`: the contract refuses the value (so the service must not answer 2xx); `valid`: it accepts its shape (the
 * service may still refuse it for business reasons); `unknown`: the document does not say enough to decide.
 */
export type Verdict = 'valid' | 'invalid' | 'unknown';

export interface OracleOptions {
  /** Fields the document does not declare are refused (the platform's validation pipe: `forbidNonWhitelisted`). */
  readonly forbidUnknownProperties: boolean;
}

const combine = (verdicts: Verdict[]): Verdict =>
  verdicts.includes('invalid') ? 'invalid' : verdicts.includes('unknown') ? 'unknown' : 'valid';

/** A lone UTF-16 surrogate cannot be written as UTF-8 (nor into an Avro event): the contract refuses it everywhere. */
export const hasLoneSurrogate = (s: string): boolean => /\p{Surrogate}/u.test(s);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

function checkFormat(format: string | undefined, s: string): Verdict {
  switch (format) {
    case undefined:
      return 'valid';
    case 'uuid':
      return UUID.test(s) ? 'valid' : 'invalid';
    case 'date-time':
      if (!DATE_TIME.test(s)) return 'invalid';
      return Number.isNaN(Date.parse(s)) ? 'unknown' : 'valid';
    case 'email':
      return /^[^@\s]+@[^@\s]+$/.test(s) ? 'unknown' : 'invalid';
    default:
      return 'unknown';
  }
}

function checkString(schema: JsonSchema, s: string): Verdict {
  if (hasLoneSurrogate(s)) return 'invalid';
  const verdicts: Verdict[] = [];
  // JSON Schema counts code points, class-validator UTF-16 units: where the two disagree about a bound, say unknown.
  const lengths = [[...s].length, s.length];
  const bound = (ok: (n: number) => boolean): Verdict => {
    const results = lengths.map(ok);
    return results.every(Boolean) ? 'valid' : results.some(Boolean) ? 'unknown' : 'invalid';
  };
  const { minLength, maxLength } = schema;
  if (minLength !== undefined) verdicts.push(bound((n) => n >= minLength));
  if (maxLength !== undefined) verdicts.push(bound((n) => n <= maxLength));
  if (schema.pattern !== undefined) {
    try {
      verdicts.push(new RegExp(schema.pattern, 'u').test(s) ? 'valid' : 'invalid');
    } catch {
      verdicts.push('unknown');
    }
  }
  verdicts.push(checkFormat(schema.format, s));
  return combine(verdicts);
}

function checkNumber(schema: JsonSchema, n: number, integer: boolean): Verdict {
  if (!Number.isFinite(n)) return 'unknown';
  if (integer && !Number.isInteger(n)) return 'invalid';
  if (schema.format === 'int64' && Math.abs(n) > 2 ** 63) return 'invalid';
  const verdicts: Verdict[] = [];
  const exMin = schema.exclusiveMinimum;
  const exMax = schema.exclusiveMaximum;
  if (schema.minimum !== undefined) verdicts.push((exMin === true ? n > schema.minimum : n >= schema.minimum) ? 'valid' : 'invalid');
  if (schema.maximum !== undefined) verdicts.push((exMax === true ? n < schema.maximum : n <= schema.maximum) ? 'valid' : 'invalid');
  if (typeof exMin === 'number') verdicts.push(n > exMin ? 'valid' : 'invalid');
  if (typeof exMax === 'number') verdicts.push(n < exMax ? 'valid' : 'invalid');
  return combine(verdicts);
}

/** Whether the contract accepts `value` (`undefined` = absent, judged by the parent's `required`). */
export function checkValue(schema: JsonSchema, value: FuzzValue, options: OracleOptions): Verdict {
  if (value instanceof RawJson) return 'unknown';
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) {
    const verdicts = branches.map((b) => checkValue(b, value, options));
    if (verdicts.includes('valid')) return 'valid';
    return verdicts.every((v) => v === 'invalid') ? 'invalid' : 'unknown';
  }
  if (value === null) return admitsNull(schema) ? 'valid' : typesOf(schema) === null ? 'unknown' : 'invalid';
  if (schema.enum) {
    const plain = value instanceof RawNumber ? Number(value.text) : value;
    return schema.enum.some((e) => e === plain) ? 'valid' : 'invalid';
  }
  const types = typesOf(schema);
  if (types === null) return 'unknown';
  if (value instanceof RawNumber || typeof value === 'number') {
    const n = value instanceof RawNumber ? Number(value.text) : value;
    if (types.has('number')) return checkNumber(schema, n, false);
    if (types.has('integer')) return checkNumber(schema, n, true);
    return 'invalid';
  }
  if (typeof value === 'string') return types.has('string') ? checkString(schema, value) : 'invalid';
  if (typeof value === 'boolean') return types.has('boolean') ? 'valid' : 'invalid';
  if (Array.isArray(value)) {
    if (!types.has('array')) return 'invalid';
    const verdicts: Verdict[] = [];
    if (schema.minItems !== undefined) verdicts.push(value.length >= schema.minItems ? 'valid' : 'invalid');
    if (schema.maxItems !== undefined) verdicts.push(value.length <= schema.maxItems ? 'valid' : 'invalid');
    const items = schema.items;
    for (const item of value) verdicts.push(items ? checkValue(items, item, options) : 'unknown');
    return combine(verdicts);
  }
  if (!types.has('object')) return 'invalid';
  const verdicts: Verdict[] = [];
  const properties = schema.properties ?? {};
  for (const name of schema.required ?? []) {
    if (!Object.prototype.hasOwnProperty.call(value, name)) verdicts.push('invalid');
  }
  for (const key of Object.keys(value)) {
    const property = Object.prototype.hasOwnProperty.call(properties, key) ? properties[key] : undefined;
    if (property) verdicts.push(checkValue(property, value[key], options));
    else if (schema.additionalProperties === true) verdicts.push('valid');
    else if (typeof schema.additionalProperties === 'object') verdicts.push(checkValue(schema.additionalProperties, value[key], options));
    else verdicts.push(options.forbidUnknownProperties ? 'invalid' : 'unknown');
  }
  return combine(verdicts);
}

/** Where the document is too vague to judge a value: properties with no type information (reported, not guessed). */
export function vagueProperties(schema: JsonSchema, path = ''): string[] {
  const out: string[] = [];
  if (path && typesOf(schema) === null && !schema.oneOf && !schema.anyOf) out.push(path);
  for (const [k, v] of Object.entries(schema.properties ?? {})) out.push(...vagueProperties(v, path ? `${path}.${k}` : k));
  if (schema.items) out.push(...vagueProperties(schema.items, `${path}[]`));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// Valid-looking values

let sampleCounter = 0;

/**
 * A value the schema accepts, built from its example, default, enum or format; uuids and e-mails fresh on every call
 * (so that creations do not collide). Objects get their required properties only.
 */
export function sampleValue(schema: JsonSchema, options: OracleOptions, name = ''): FuzzValue {
  sampleCounter += 1;
  const branch = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (branch) return sampleValue({ ...branch, example: schema.example ?? branch.example }, options, name);
  const accepted = (v: unknown): v is FuzzValue => v !== undefined && checkValue(schema, v as FuzzValue, options) === 'valid';
  if (schema.format === 'uuid') return randomUUID();
  if (schema.format === 'email' || /e-?mail/i.test(name)) return `fuzz.${Date.now().toString(36)}.${sampleCounter}@example.com`;
  if (accepted(schema.example)) return cloneValue(schema.example);
  if (accepted(schema.default)) return cloneValue(schema.default);
  if (schema.enum?.length) return schema.enum[0] as FuzzValue;
  const types = typesOf(schema) ?? new Set(['string']);
  if (types.has('object')) {
    const properties = schema.properties ?? {};
    return bareObject(
      (schema.required ?? [])
        .filter((k) => properties[k])
        .map((k) => [k, sampleValue(properties[k], options, k)]),
    );
  }
  if (types.has('array')) {
    const n = Math.max(schema.minItems ?? 1, 1);
    return Array.from({ length: n }, () => sampleValue(schema.items ?? { type: 'string' }, options, name));
  }
  if (types.has('integer') || types.has('number')) {
    const lo = schema.minimum ?? -Infinity;
    const hi = schema.maximum ?? Infinity;
    for (const candidate of [1, lo + 1, lo, hi, 0]) if (Number.isFinite(candidate) && candidate >= lo && candidate <= hi && checkValue(schema, candidate, options) === 'valid') return candidate;
    return 1;
  }
  if (types.has('boolean')) return true;
  if (schema.format === 'date-time') return new Date().toISOString();
  const length = Math.max(schema.minLength ?? 0, Math.min(4, schema.maxLength ?? 4));
  return 'fuzz'.padEnd(length, 'z').slice(0, Math.max(length, 1));
}

export const isObjectValue = isPlainObject;
