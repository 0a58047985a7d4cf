import { Decimal } from 'decimal.js';
import type { NextFunction, Request, Response } from 'express';
import { isLosslessNumber, parse as parseLossless } from 'lossless-json';
import { isWellFormedString } from '@alpes/contracts';
import type { FieldError } from './error-body';

/** Deepest nesting of objects/arrays a JSON body may have; no endpoint needs more than a few levels. */
export const MAX_JSON_DEPTH = 32;

/** Keys that name JavaScript's prototype machinery: class-transformer drops them silently, so they are refused. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/** Methods whose body the platform reads; any body they carry must be JSON. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A request body the platform refuses before routing. `errors` names the fields (a 400 VALIDACION.DATOS_INVALIDOS);
 * the others are transport problems with their own code.
 */
export class RequestBodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'RequestBodyError';
  }
}

function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const name = isWellFormedString(key) ? key : (key as unknown as { toWellFormed(): string }).toWellFormed();
  return parent ? `${parent}.${name}` : name;
}

interface Frame {
  readonly array: boolean;
  key: string | number;
  /** How many keys this object has had so far. */
  count: number;
  /** Keys seen so far in this object, made only when the object has a second key. */
  keys?: Set<string>;
}

export interface JsonStructure {
  /** Nesting deeper than the limit: the scan stopped there. */
  readonly tooDeep: boolean;
  /** Paths of `__proto__` / `constructor` / `prototype` keys. */
  readonly forbiddenKeys: string[];
  /**
   * Whether the text has what only the exact parser can judge: a number a double may not hold as written (more than 15
   * significant digits, or an exponent) or a key repeated in one object. Otherwise `JSON.parse` gives the same values.
   */
  readonly needsExactParse: boolean;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * One linear pass over the JSON text, BEFORE it is parsed: refuses nesting deeper than `maxDepth` (a recursive parser,
 * class-transformer and class-validator would otherwise overflow the stack: a RangeError, a 500), lists the paths
 * of forbidden keys (lossless-json, like `obj[key] = v`, turns a `__proto__` key into the object's prototype, where no
 * later walk sees it), and tells whether the exact (slower) parser is needed at all. On text that is not JSON the
 * findings may be wrong; they are only used once the text has parsed.
 */
export function scanJsonStructure(text: string, maxDepth = MAX_JSON_DEPTH): JsonStructure {
  const stack: Frame[] = [];
  const forbiddenKeys: string[] = [];
  let needsExactParse = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      let escaped = false;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 0x5c /* \ */) {
          escaped = true;
          j += 2;
        } else if (d === 0x22) break;
        else j++;
      }
      const end = j + 1;
      let k = end;
      while (k < n && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09 || text.charCodeAt(k) === 0x0a || text.charCodeAt(k) === 0x0d)) k++;
      const top = stack[stack.length - 1];
      if (top && !top.array && text.charCodeAt(k) === 0x3a /* : */) {
        let key = text.slice(i + 1, j);
        if (escaped) {
          try {
            key = JSON.parse(text.slice(i, end)) as string;
          } catch {
            // not JSON: the parser refuses it
          }
        }
        if (top.count++ > 0) {
          top.keys ??= new Set([top.key as string]);
          if (top.keys.has(key)) needsExactParse = true;
          top.keys.add(key);
        }
        top.key = key;
        if (FORBIDDEN_KEYS.has(key)) {
          forbiddenKeys.push(stack.reduce<string>((path, frame) => fieldPath(path, frame.key), ''));
        }
      }
      i = end;
      continue;
    }
    if (c === 0x2d /* - */ || isDigit(c)) {
      let j = i;
      let digits = 0;
      let exponent = false;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (isDigit(d)) digits++;
        else if (d === 0x65 || d === 0x45 /* e E */) exponent = true;
        else if (d !== 0x2e && d !== 0x2d && d !== 0x2b /* . - + */) break;
      }
      // Any decimal of at most 15 significant digits survives a double unchanged (DBL_DIG); longer ones are judged exactly.
      if (exponent || digits > 15) needsExactParse = true;
      i = j;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (stack.length >= maxDepth) return { tooDeep: true, forbiddenKeys, needsExactParse };
      stack.push({ array: c === 0x5b, key: c === 0x5b ? 0 : '', count: 0 });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.array) top.key = (top.key as number) + 1;
    }
    i++;
  }
  return { tooDeep: false, forbiddenKeys, needsExactParse };
}

/** The JS number a JSON number text stands for, or why it has none: only a double that reads back as the same decimal. */
function exactNumber(text: string, field: string): number | FieldError {
  const value = Number(text);
  const written = new Decimal(text);
  if (!Number.isFinite(value) || (value === 0 && !written.isZero())) {
    return { field, messages: [`${field || 'the body'} is outside the range of numbers that can be represented`] };
  }
  if (!written.equals(new Decimal(String(value)))) {
    return { field, messages: [`${field || 'the body'} has more significant digits than can be represented exactly (max 15)`] };
  }
  return value;
}

/**
 * Turns what lossless-json parsed into plain JSON values: every number becomes a JS number only when it is exact
 * (`99999999999998.99` would silently become …98.98 otherwise), every string and key must be well-formed Unicode
 * (a lone surrogate has no UTF-8 form: the database would keep U+FFFD while the Avro event could not be read).
 */
function toPlain(value: unknown, path: string, errors: FieldError[]): unknown {
  if (isLosslessNumber(value)) {
    const n = exactNumber(value.toString(), path);
    if (typeof n === 'number') return n;
    errors.push(n);
    return null;
  }
  if (typeof value === 'string') {
    if (!isWellFormedString(value)) errors.push({ field: path, messages: [`${path || 'the body'} contains a lone UTF-16 surrogate (not valid Unicode text)`] });
    return value;
  }
  if (Array.isArray(value)) return value.map((item, index) => toPlain(item, fieldPath(path, index), errors));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const field = fieldPath(path, key);
      if (!isWellFormedString(key)) errors.push({ field, messages: [`the field name ${field} contains a lone UTF-16 surrogate (not valid Unicode text)`] });
      out[key] = toPlain((value as Record<string, unknown>)[key], field, errors);
    }
    return out;
  }
  return value;
}

const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** The well-formedness half of `toPlain`, for a value JSON.parse already made. */
function checkStrings(value: unknown, path: string, errors: FieldError[]): void {
  if (typeof value === 'string') {
    if (!isWellFormedString(value)) errors.push({ field: path, messages: [`${path || 'the body'} contains a lone UTF-16 surrogate (not valid Unicode text)`] });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkStrings(item, fieldPath(path, index), errors));
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const field = fieldPath(path, key);
      if (!isWellFormedString(key)) errors.push({ field, messages: [`the field name ${field} contains a lone UTF-16 surrogate (not valid Unicode text)`] });
      checkStrings((value as Record<string, unknown>)[key], field, errors);
    }
  }
}

const INVALID_JSON = 'the request body is not valid JSON';

/**
 * Parses a JSON request body exactly. Strict (an object or an array at the top), nesting at most MAX_JSON_DEPTH,
 * no forbidden keys, well-formed strings, numbers only when a double holds them exactly. Throws RequestBodyError.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) return {};
  const first = /\S/.exec(text);
  if (!first || (first[0] !== '{' && first[0] !== '[')) throw new RequestBodyError(400, 'HTTP.JSON_INVALIDO', `${INVALID_JSON} (an object or an array)`);
  const { tooDeep, forbiddenKeys, needsExactParse } = scanJsonStructure(text);
  if (tooDeep) {
    throw new RequestBodyError(400, 'HTTP.JSON_DEMASIADO_PROFUNDO', `the request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep`);
  }
  const errors: FieldError[] = forbiddenKeys.map((field) => ({ field, messages: [`${field} is not allowed: __proto__, constructor and prototype are reserved names`] }));
  if (!needsExactParse) {
    // The common case, at native speed: every number is exact as a double and no key repeats, so JSON.parse gives
    // exactly what the exact parser would. Strings need the well-formedness walk only when the text escapes a
    // surrogate (the bytes were checked as UTF-8, so an escape is the only way to write a lone one).
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new RequestBodyError(400, 'HTTP.JSON_INVALIDO', INVALID_JSON);
    }
    if (SURROGATE_ESCAPE.test(text)) checkStrings(body, '', errors);
    if (errors.length > 0) throw new RequestBodyError(400, 'VALIDACION.DATOS_INVALIDOS', 'invalid request body', errors);
    return body;
  }
  let parsed: unknown;
  try {
    parsed = parseLossless(text, null, {
      onDuplicateKey: ({ key }) => {
        throw new RequestBodyError(400, 'HTTP.JSON_INVALIDO', `${INVALID_JSON}: the key ${JSON.stringify(fieldPath('', key))} appears twice`);
      },
    });
  } catch (error) {
    if (error instanceof RequestBodyError) throw error;
    if (error instanceof RangeError) throw new RequestBodyError(400, 'HTTP.JSON_DEMASIADO_PROFUNDO', 'the request body is too deeply nested');
    throw new RequestBodyError(400, 'HTTP.JSON_INVALIDO', INVALID_JSON);
  }
  const body = toPlain(parsed, '', errors);
  if (errors.length > 0) throw new RequestBodyError(400, 'VALIDACION.DATOS_INVALIDOS', 'invalid request body', errors);
  return body;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function declaresBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * First of the body middlewares: a POST/PUT/PATCH that carries a body must send JSON in UTF-8 (415 otherwise: a
 * text/plain body used to be ignored and the request served as if it were empty). No body at all is fine
 * (`POST …/activar`).
 */
export function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (!BODY_METHODS.has(req.method) || !declaresBody(req)) return next();
  if (!req.is(JSON_MEDIA_TYPES)) {
    return next(new RequestBodyError(415, 'HTTP.TIPO_CONTENIDO_NO_SOPORTADO', 'the request body must be JSON (Content-Type: application/json)'));
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(req.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return next(new RequestBodyError(415, 'HTTP.CODIFICACION_NO_SOPORTADA', 'a JSON body must be encoded in UTF-8'));
  }
  next();
}

/** After the raw body parser (which read, inflated and size-limited the bytes): decodes UTF-8 and parses exactly. */
export function parseJsonRequestBody(req: Request, _res: Response, next: NextFunction): void {
  if (!Buffer.isBuffer(req.body)) return next();
  let text: string;
  try {
    text = utf8.decode(req.body);
  } catch {
    return next(new RequestBodyError(400, 'HTTP.JSON_INVALIDO', `${INVALID_JSON} (not valid UTF-8)`));
  }
  try {
    req.body = parseJsonBody(text);
  } catch (error) {
    return next(error);
  }
  next();
}

/**
 * What a failure while reading the body means for the client. body-parser answers a body that does not inflate as
 * its Content-Encoding says (`gzip` on plain text) with a bare 400 without a `type`: name it.
 */
export function classifyBodyReadError(error: unknown, req: Request): unknown {
  if (typeof error !== 'object' || error === null || error instanceof RequestBodyError) return error;
  const e = error as { type?: unknown; status?: unknown };
  const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if (e.type === undefined && typeof e.status === 'number' && e.status >= 400 && e.status < 500 && encoding !== 'identity') {
    return new RequestBodyError(400, 'HTTP.CODIFICACION_INVALIDA', `the request body is not valid ${encoding} data, as its Content-Encoding says`);
  }
  return error;
}
