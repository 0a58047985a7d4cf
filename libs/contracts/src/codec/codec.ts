import { randomUUID } from 'node:crypto';
import { Type, types } from 'avsc';
import { DecimalType } from '../avro/decimal';
import { isWellFormedString } from '../avro/text';
import { assertWellFormed, MalformedAvroError } from '../avro/well-formed';
import { Envelope, ENVELOPE_TYPE, TimestampMillis } from '../envelope/envelope';
import { EventPayload, EventPayloadMap, EventType } from '../events/payloads';
import { EVENT_REGISTRY, isKnownEventType } from '../events/registry';
import { ContractDecodingError, ContractEncodingError, ContractFieldIssue, DecodingReason } from './errors';

// ------------------------------------------------------------------------------------------------------------ rules

/** The largest epoch-millisecond value a JS `Date` can hold (±8.64e15, ECMA-262 §21.4.1.1): `occurred_at` ≤ this. */
export const MAX_TIMESTAMP_MILLIS = 8.64e15;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its canonical 36-character text form (any version; either case). `event_id` must be one. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

/** Epoch milliseconds a JS `Date` can represent, not before 1970: an integer in 0..MAX_TIMESTAMP_MILLIS. */
function isEpochMillis(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_TIMESTAMP_MILLIS;
}

// ------------------------------------------------------------------------------------------------------------ encode

/** Envelope metadata supplied by the producer; the rest of the envelope comes from the event. */
export interface EncodeMeta {
  aggregate_id: string;
  /** App name (e.g. "afiliados"). */
  producer: string;
  /** A UUID; defaults to a random one. Pass it when re-encoding must keep the idempotency key. */
  event_id?: string;
  /** Epoch milliseconds in 0..MAX_TIMESTAMP_MILLIS (what a JS Date can hold); defaults to Date.now(). */
  occurred_at?: TimestampMillis;
  correlation_id?: string | null;
  causation_id?: string | null;
}

/** Alias of EncodeMeta. */
export type EventMeta = EncodeMeta;

export interface EncodedEvent {
  envelope: Envelope;
  /** Avro binary of the envelope: the Pulsar message body. */
  bytes: Buffer;
}

function describeType(type: Type): string {
  if (type instanceof DecimalType) return `a decimal string of at most ${type.precision} digits and ${type.scale} decimals`;
  if (Type.isType(type, 'union')) return (type as types.UnwrappedUnionType).types.map(describeType).join(' or ');
  if (Type.isType(type, 'logical')) return describeType((type as types.LogicalType).underlyingType);
  switch (type.typeName) {
    case 'long':
      return 'an integer (long)';
    case 'int':
      return 'a 32-bit integer';
    case 'float':
    case 'double':
      return 'a number';
    case 'record':
      return `a ${type.name ?? 'record'} object`;
    case 'string':
      return 'a string';
    case 'boolean':
      return 'a boolean';
    case 'bytes':
      return 'a Buffer';
    case 'array':
      return 'an array';
    default:
      return type.typeName;
  }
}

function describeValue(val: unknown): string {
  if (val === undefined) return 'nothing';
  if (val === null) return 'null';
  if (Array.isArray(val)) return 'an array';
  if (typeof val === 'string') return `"${val.length > 40 ? `${val.slice(0, 40)}…` : val}"`;
  if (typeof val === 'number' || typeof val === 'boolean' || typeof val === 'bigint') return `${typeof val} ${String(val)}`;
  return typeof val;
}

/** Field-level problems of `value` against `type` (empty when valid). */
export function validateAgainst(type: Type, value: unknown, noUndeclaredFields = true): ContractFieldIssue[] {
  const issues: ContractFieldIssue[] = [];
  const hook = (path: string[], val: unknown, t: Type): void => {
    const field = path.join('.');
    if (Type.isType(t, 'record') && val !== null && typeof val === 'object' && !Array.isArray(val)) {
      // The record itself failed only because of undeclared fields: name them.
      const declared = new Set((t as types.RecordType).fields.map((f) => f.name));
      for (const key of Object.keys(val)) {
        if (!declared.has(key)) issues.push({ field: field ? `${field}.${key}` : key, message: 'is not in the schema' });
      }
      return;
    }
    issues.push({
      field,
      message: val === undefined ? `is required (${describeType(t)})` : `must be ${describeType(t)}, got ${describeValue(val)}`,
    });
  };
  type.isValid(value, { noUndeclaredFields, errorHook: hook });
  return issues;
}

export const NOT_WELL_FORMED_MESSAGE = 'is not well-formed Unicode (a lone UTF-16 surrogate): it has no UTF-8 form and cannot be encoded';

/**
 * Strings (and map keys) of `value` that are not well-formed Unicode. avsc would write a lone surrogate as bytes that
 * are not UTF-8 (short strings) or as U+FFFD (long ones): every consumer would fail to decode the event, or read
 * another text. Refusing it here makes the producer fail (before its outbox commits), never a consumer.
 */
function malformedStringIssues(value: unknown, path: string, out: ContractFieldIssue[]): ContractFieldIssue[] {
  if (typeof value === 'string') {
    if (!isWellFormedString(value)) out.push({ field: path, message: NOT_WELL_FORMED_MESSAGE });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => malformedStringIssues(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      if (!isWellFormedString(key)) out.push({ field, message: `key ${NOT_WELL_FORMED_MESSAGE}` });
      malformedStringIssues(item, field, out);
    }
  }
  return out;
}

function metaIssues(meta: EncodeMeta | undefined): ContractFieldIssue[] {
  if (meta === null || typeof meta !== 'object') return [{ field: 'meta', message: 'is required' }];
  const issues: ContractFieldIssue[] = [];
  const nonEmpty = (name: keyof EncodeMeta, optional: boolean) => {
    const v = meta[name];
    if (v === undefined && optional) return;
    if (typeof v !== 'string' || v.length === 0) issues.push({ field: `meta.${name}`, message: `must be a non-empty string, got ${describeValue(v)}` });
  };
  nonEmpty('aggregate_id', false);
  nonEmpty('producer', false);
  const eventId = meta.event_id;
  if (eventId !== undefined && !isUuid(eventId)) {
    issues.push({ field: 'meta.event_id', message: `must be a UUID (36 characters, 8-4-4-4-12 hex digits), got ${describeValue(eventId)}` });
  }
  for (const name of ['correlation_id', 'causation_id'] as const) {
    const v = meta[name];
    if (v !== undefined && v !== null && typeof v !== 'string') {
      issues.push({ field: `meta.${name}`, message: `must be a string or null, got ${describeValue(v)}` });
    }
  }
  const at = meta.occurred_at;
  if (at !== undefined && !isEpochMillis(at)) {
    issues.push({
      field: 'meta.occurred_at',
      message: `must be epoch milliseconds (an integer from 0 to ${MAX_TIMESTAMP_MILLIS}, the range of a JS Date), got ${describeValue(at)}`,
    });
  }
  return issues;
}

/**
 * Encodes `payload` with schema (eventType, version) — latest by default — and wraps it in an envelope.
 * Throws ContractEncodingError naming the offending field when the payload (or `meta`) does not match.
 */
export function encodeEvent<E extends EventType>(
  eventType: E,
  payload: EventPayload<E>,
  meta: EncodeMeta,
  version?: number,
): EncodedEvent {
  if (!isKnownEventType(eventType)) {
    throw new ContractEncodingError(String(eventType), version, [{ field: '', message: 'unknown event type' }]);
  }
  const entry = EVENT_REGISTRY[eventType as EventType];
  const v = version ?? entry.latest;
  const type = entry.versions[v];
  if (type === undefined) {
    throw new ContractEncodingError(eventType, v, [{ field: '', message: `unknown schema version (known: 1..${entry.latest})` }]);
  }
  // Undeclared fields (typos) are refused against the latest schema; an older target version silently drops the
  // fields it does not have (they were added later, with defaults).
  const issues = [
    ...(payload === null || typeof payload !== 'object' || Array.isArray(payload)
      ? [{ field: '', message: `payload must be an object, got ${describeValue(payload)}` }]
      : [
          ...validateAgainst(entry.versions[entry.latest], payload, true),
          ...(v === entry.latest ? [] : validateAgainst(type, payload, false)),
          ...malformedStringIssues(payload, '', []),
        ]),
    ...metaIssues(meta),
    ...(meta !== null && typeof meta === 'object' ? malformedStringIssues(meta, 'meta', []) : []),
  ];
  if (issues.length > 0) throw new ContractEncodingError(eventType, v, issues);

  let payloadBytes: Buffer;
  try {
    payloadBytes = type.toBuffer(payload);
  } catch (err) {
    throw new ContractEncodingError(eventType, v, [{ field: '', message: `cannot be encoded: ${(err as Error).message}` }]);
  }
  const envelope: Envelope = {
    event_id: meta.event_id ?? randomUUID(),
    event_type: eventType,
    schema_version: v,
    occurred_at: meta.occurred_at ?? Date.now(),
    aggregate_id: meta.aggregate_id,
    producer: meta.producer,
    correlation_id: meta.correlation_id ?? null,
    causation_id: meta.causation_id ?? null,
    payload: payloadBytes,
  };
  return { envelope, bytes: ENVELOPE_TYPE.toBuffer(envelope) };
}

/** Avro binary of an envelope (e.g. one rebuilt from an outbox row). Throws ContractEncodingError when invalid. */
export function encodeEnvelope(envelope: Envelope): Buffer {
  if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope) || envelope instanceof Uint8Array) {
    throw new ContractEncodingError('Envelope', undefined, [{ field: '', message: `envelope must be an object, got ${describeValue(envelope)}` }]);
  }
  const issues = [...validateAgainst(ENVELOPE_TYPE, envelope, true), ...envelopeRuleIssues(envelope), ...malformedStringIssues(envelope, '', [])];
  if (issues.length > 0) throw new ContractEncodingError('Envelope', undefined, issues);
  try {
    return ENVELOPE_TYPE.toBuffer(envelope);
  } catch (err) {
    throw new ContractEncodingError('Envelope', undefined, [{ field: '', message: `cannot be encoded: ${(err as Error).message}` }]);
  }
}

// ------------------------------------------------------------------------------------------------------------ decode

/**
 * The envelope's own rules, beyond its Avro schema: `event_id` is a UUID (the consumers' idempotency key, stored
 * as CHAR(36)); names are not empty; `schema_version` ≥ 1; `occurred_at` is a time a JS Date can hold.
 */
function envelopeRuleIssues(env: Envelope): ContractFieldIssue[] {
  const issues: ContractFieldIssue[] = [];
  if (typeof env.event_id === 'string' && env.event_id.length === 0) issues.push({ field: 'event_id', message: 'must not be empty' });
  else if (typeof env.event_id === 'string' && !isUuid(env.event_id)) {
    issues.push({ field: 'event_id', message: `must be a UUID (36 characters, 8-4-4-4-12 hex digits), got ${describeValue(env.event_id)}` });
  }
  for (const name of ['event_type', 'aggregate_id', 'producer'] as const) {
    if (typeof env[name] === 'string' && env[name].length === 0) issues.push({ field: name, message: 'must not be empty' });
  }
  if (typeof env.schema_version === 'number' && env.schema_version < 1) issues.push({ field: 'schema_version', message: 'must be >= 1' });
  if (typeof env.occurred_at === 'number' && env.occurred_at < 0) issues.push({ field: 'occurred_at', message: 'must be >= 0' });
  else if (typeof env.occurred_at === 'number' && env.occurred_at > MAX_TIMESTAMP_MILLIS) {
    issues.push({ field: 'occurred_at', message: `must be <= ${MAX_TIMESTAMP_MILLIS} (the latest time a JS Date can hold)` });
  }
  return issues;
}

function toBuffer(bytes: unknown, part: 'envelope' | 'payload'): Buffer {
  if (Buffer.isBuffer(bytes)) return bytes;
  if (bytes instanceof Uint8Array) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw new ContractDecodingError('empty', part, `expected a Buffer, got ${describeValue(bytes)}`);
}

/** Runs avsc on untrusted bytes: bounded pre-check, then decode; anything that goes wrong is a ContractDecodingError. */
function safeDecode(
  writer: Type,
  buf: Buffer,
  part: 'envelope' | 'payload',
  read: () => unknown,
  eventType?: string,
  schemaVersion?: number,
): unknown {
  if (buf.length === 0 && part === 'envelope') throw new ContractDecodingError('empty', part, 'zero bytes', eventType, schemaVersion);
  try {
    assertWellFormed(writer, buf);
    return read();
  } catch (err) {
    const reason: DecodingReason = err instanceof MalformedAvroError ? err.reason : 'invalid-value';
    const detail = err instanceof Error ? err.message : String(err);
    throw new ContractDecodingError(reason, part, detail, eventType, schemaVersion);
  }
}

/** Decodes a message body into its envelope. Any malformed input throws ContractDecodingError (and only that). */
export function decodeEnvelope(bytes: Buffer): Envelope {
  const buf = toBuffer(bytes, 'envelope');
  const envelope = safeDecode(ENVELOPE_TYPE, buf, 'envelope', () => ENVELOPE_TYPE.fromBuffer(buf)) as Envelope;
  const issues = envelopeRuleIssues(envelope);
  if (issues.length > 0) {
    throw new ContractDecodingError('invalid-envelope', 'envelope', issues.map((i) => `${i.field} ${i.message}`).join('; '));
  }
  return envelope;
}

export type KnownDecodedEvent<E extends EventType = EventType> = {
  [K in E]: {
    known: true;
    eventType: K;
    /** Version the producer wrote (envelope.schema_version). */
    schemaVersion: number;
    /** Version the payload was resolved to: the latest this build knows. */
    readerVersion: number;
    envelope: Envelope;
    payload: EventPayloadMap[K];
  };
}[E];

export interface UnknownDecodedEvent {
  known: false;
  /**
   * Why: this build has no such event_type (ack and count it: the consumer does not need it), or no such
   * schema_version of a type it knows (a newer producer during a rolling deploy: keep it — e.g. in the dead-letter
   * topic — so it can be replayed once this consumer is upgraded; never drop it).
   */
  reason: 'unknown-event-type' | 'unknown-schema-version';
  envelope: Envelope;
}

export type DecodedEvent = KnownDecodedEvent | UnknownDecodedEvent;

const resolvers = new Map<string, ReturnType<Type['createResolver']>>();

function resolverFor(eventType: EventType, writerVersion: number): ReturnType<Type['createResolver']> | undefined {
  const entry = EVENT_REGISTRY[eventType];
  if (writerVersion === entry.latest) return undefined;
  const key = `${eventType}@${writerVersion}`;
  let resolver = resolvers.get(key);
  if (!resolver) {
    resolver = entry.versions[entry.latest].createResolver(entry.versions[writerVersion]);
    resolvers.set(key, resolver);
  }
  return resolver;
}

function isEnvelopeObject(input: unknown): input is Envelope {
  return input !== null && typeof input === 'object' && !(input instanceof Uint8Array);
}

/**
 * Decodes a message body (or an already decoded envelope) into its event. A payload written with any known version
 * is resolved to the latest version this build knows. An unknown event_type or schema_version gives
 * `{ known: false, reason }` (see `UnknownDecodedEvent`); malformed bytes, or an envelope that breaks its rules
 * (e.g. an event_id that is not a UUID), throw ContractDecodingError.
 */
export function decodeEvent(input: Buffer | Uint8Array | Envelope): DecodedEvent {
  let envelope: Envelope;
  if (isEnvelopeObject(input)) {
    const issues = [...validateAgainst(ENVELOPE_TYPE, input, false), ...envelopeRuleIssues(input)];
    if (issues.length > 0) {
      throw new ContractDecodingError('invalid-envelope', 'envelope', issues.map((i) => `${i.field} ${i.message}`).join('; '));
    }
    envelope = input;
  } else {
    envelope = decodeEnvelope(toBuffer(input, 'envelope'));
  }
  const { event_type: eventType, schema_version: version } = envelope;
  if (!isKnownEventType(eventType)) return { known: false, reason: 'unknown-event-type', envelope };
  const entry = EVENT_REGISTRY[eventType];
  const writer = entry.versions[version];
  if (writer === undefined || !Number.isInteger(version)) return { known: false, reason: 'unknown-schema-version', envelope };

  const reader = entry.versions[entry.latest];
  const payloadBuf = toBuffer(envelope.payload, 'payload');
  const payload = safeDecode(
    writer,
    payloadBuf,
    'payload',
    () => reader.fromBuffer(payloadBuf, resolverFor(eventType, version)),
    eventType,
    version,
  );
  return { known: true, eventType, schemaVersion: version, readerVersion: entry.latest, envelope, payload } as KnownDecodedEvent;
}

/** Narrows a decoded event to one type: `if (isEvent(d, 'ConversionValidada')) d.payload.valor`. */
export function isEvent<E extends EventType>(decoded: DecodedEvent, eventType: E): decoded is Extract<KnownDecodedEvent, { eventType: E }> {
  return decoded.known && decoded.eventType === eventType;
}
