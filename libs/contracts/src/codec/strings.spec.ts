import { Type, types } from 'avsc';
import fc from 'fast-check';
import { isWellFormedString } from '../avro/text';
import { EVENT_REGISTRY, EVENT_TYPES } from '../events/registry';
import type { EventType } from '../events/payloads';
import { SAMPLE_PAYLOADS } from '../testing/sample-payloads';
import { decodeEvent, encodeEnvelope, encodeEvent, NOT_WELL_FORMED_MESSAGE } from './codec';
import { ContractEncodingError } from './errors';

type Segment = string | number;

/** A place in a payload that holds free text: its path, and whether the field is an array of strings. */
interface StringSlot {
  readonly path: Segment[];
  readonly arrayOfStrings: boolean;
}

/** Every plain string position of `type` reachable in `sample` (decimals and enums are not free text). */
function stringSlots(type: Type, sample: unknown, path: Segment[], out: StringSlot[]): StringSlot[] {
  if (Type.isType(type, 'logical')) return out;
  if (Type.isType(type, 'union')) {
    const branches = (type as types.UnwrappedUnionType).types;
    if (branches.some((b) => b.typeName === 'string')) out.push({ path, arrayOfStrings: false });
    const nested = sample === null || sample === undefined ? undefined : branches.find((b) => b.typeName !== 'string' && b.isValid(sample));
    if (nested) stringSlots(nested, sample, path, out);
    return out;
  }
  switch (type.typeName) {
    case 'string':
      out.push({ path, arrayOfStrings: false });
      return out;
    case 'record':
      for (const field of (type as types.RecordType).fields) {
        stringSlots(field.type, (sample as Record<string, unknown> | undefined)?.[field.name], [...path, field.name], out);
      }
      return out;
    case 'array': {
      const items = (type as types.ArrayType).itemsType;
      if (items.typeName === 'string') out.push({ path, arrayOfStrings: true });
      else if (Array.isArray(sample) && sample.length > 0) stringSlots(items, sample[0], [...path, 0], out);
      return out;
    }
    default:
      return out;
  }
}

function withString(payload: unknown, slot: StringSlot, text: string): unknown {
  const copy = structuredClone(payload) as Record<Segment, unknown>;
  let parent = copy;
  for (const segment of slot.path.slice(0, -1)) parent = parent[segment] as Record<Segment, unknown>;
  parent[slot.path[slot.path.length - 1]] = slot.arrayOfStrings ? [text] : text;
  return copy;
}

function valueAt(payload: unknown, slot: StringSlot): unknown {
  const v = slot.path.reduce<unknown>((o, segment) => (o as Record<Segment, unknown>)[segment], payload);
  return slot.arrayOfStrings ? (v as unknown[])[0] : v;
}

const fieldName = (slot: StringSlot) =>
  [...slot.path, ...(slot.arrayOfStrings ? [0] : [])].reduce<string>((p, s) => (typeof s === 'number' ? `${p}[${s}]` : p ? `${p}.${s}` : s), '');

/**
 * Any UTF-16 text: whole code points (astral ones too), single code units (so lone surrogates), and the edge cases
 * by name; long enough to reach both of avsc's string writers (a manual loop up to 64 bytes, Buffer#utf8Write above).
 */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)), maxLength: 80 }),
  fc.constantFrom('', '\u0000', '\ufffd', '😀', 'u\ud800x', '\udc00', '\ud83d', 'é'.repeat(40) + '\ud800', '😀'.repeat(30), 'x'.repeat(70) + '\udfff'),
);

const cases = EVENT_TYPES.flatMap((eventType: EventType) => {
  const entry = EVENT_REGISTRY[eventType];
  const slots = stringSlots(entry.versions[entry.latest], SAMPLE_PAYLOADS[eventType], [], []);
  return slots.map((slot) => [eventType, fieldName(slot), slot] as const);
});

describe('codec: every string field of every schema round-trips exactly or is refused at encode', () => {
  it('finds string fields in every event and command', () => {
    const withStrings = new Set(cases.map(([eventType]) => eventType));
    // Events made only of ids still carry them as strings: every type has at least one.
    expect(EVENT_TYPES.filter((t) => !withStrings.has(t))).toEqual([]);
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases)('%s.%s', (eventType, _field, slot) => {
    fc.assert(
      fc.property(anyText, (text) => {
        const payload = withString(SAMPLE_PAYLOADS[eventType], slot, text);
        let bytes: Buffer;
        try {
          bytes = encodeEvent(eventType, payload as never, { aggregate_id: 'agg-1', producer: 'test' }).bytes;
        } catch (error) {
          // Refused: only because the text has no UTF-8 form, with the typed error naming the field.
          expect(error).toBeInstanceOf(ContractEncodingError);
          expect(isWellFormedString(text)).toBe(false);
          expect((error as ContractEncodingError).issues).toContainEqual({ field: fieldName(slot), message: NOT_WELL_FORMED_MESSAGE });
          return;
        }
        expect(isWellFormedString(text)).toBe(true);
        const decoded = decodeEvent(bytes);
        expect(decoded.known).toBe(true);
        if (decoded.known) expect(valueAt(decoded.payload, slot)).toBe(text);
      }),
      { seed: 20261207, numRuns: 60 },
    );
  });

  it('refuses a lone surrogate in the envelope metadata too', () => {
    expect(() => encodeEvent('AfiliadoActivado', SAMPLE_PAYLOADS.AfiliadoActivado, { aggregate_id: 'a\ud800', producer: 'test' })).toThrow(
      ContractEncodingError,
    );
    const { envelope } = encodeEvent('AfiliadoActivado', SAMPLE_PAYLOADS.AfiliadoActivado, { aggregate_id: 'a', producer: 'test' });
    expect(() => encodeEnvelope({ ...envelope, correlation_id: '\udc00' })).toThrow(/correlation_id/);
  });
});
