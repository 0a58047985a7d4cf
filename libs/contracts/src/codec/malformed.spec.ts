import { Type } from 'avsc';
import { Envelope, ENVELOPE_TYPE } from '../envelope/envelope';
import { SAMPLE_PAYLOADS } from '../testing/sample-payloads';
import { decodeEnvelope, decodeEvent, encodeEnvelope, encodeEvent } from './codec';
import { ContractDecodingError } from './errors';

const META = { aggregate_id: 'agg-1', producer: 'conversiones' };
const LONG = Type.forSchema('long');
const STRING = Type.forSchema('string');

/** Deterministic PRNG (mulberry32) so failures are reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whatever happens, it must be a ContractDecodingError (never another exception, never a hang). */
function decodingError(fn: () => unknown): ContractDecodingError {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof ContractDecodingError)) throw new Error(`expected ContractDecodingError, got ${String(err)}`);
    return err;
  }
  throw new Error('expected a ContractDecodingError, the call succeeded');
}

const valid = encodeEvent('ConversionValidada', SAMPLE_PAYLOADS.ConversionValidada, { ...META, correlation_id: 'c-1' });

function envelopeWith(payload: Buffer, event_type = 'PagoProgramado', schema_version = 1): Buffer {
  const env: Envelope = {
    event_id: 'b3f0c1de-2a4b-4c5d-8e6f-7a8b9c0d1e2f',
    event_type,
    schema_version,
    occurred_at: 0,
    aggregate_id: 'x',
    producer: 'p',
    correlation_id: null,
    causation_id: null,
    payload,
  };
  return ENVELOPE_TYPE.toBuffer(env);
}

describe('malformed input → ContractDecodingError, and the process survives', () => {
  it('empty buffer', () => {
    const e = decodingError(() => decodeEnvelope(Buffer.alloc(0)));
    expect(e.reason).toBe('empty');
    expect(decodingError(() => decodeEvent(Buffer.alloc(0))).reason).toBe('empty');
  });

  it('not a buffer', () => {
    expect(decodingError(() => decodeEnvelope('hola' as unknown as Buffer)).reason).toBe('empty');
    expect(decodingError(() => decodeEnvelope(undefined as unknown as Buffer)).reason).toBe('empty');
  });

  it('every truncation of a valid message', () => {
    for (let len = 0; len < valid.bytes.length; len++) {
      const e = decodingError(() => decodeEvent(valid.bytes.subarray(0, len)));
      expect(['empty', 'truncated', 'invalid-value', 'invalid-envelope']).toContain(e.reason);
    }
  });

  it('trailing bytes after a valid message', () => {
    const e = decodingError(() => decodeEnvelope(Buffer.concat([valid.bytes, Buffer.from([0])])));
    expect(e.reason).toBe('trailing-bytes');
  });

  it.each([1, 2, 9, 10, 11, 64, 4096])('0xFF × %i', (n) => {
    decodingError(() => decodeEvent(Buffer.alloc(n, 0xff)));
  });

  it.each([1, 16, 4096])('0x00 × %i', (n) => {
    decodingError(() => decodeEvent(Buffer.alloc(n, 0x00)));
  });

  it('2000 random buffers (seeded)', () => {
    const rnd = prng(20250101);
    for (let i = 0; i < 2000; i++) {
      const buf = Buffer.alloc(Math.floor(rnd() * 300));
      for (let j = 0; j < buf.length; j++) buf[j] = Math.floor(rnd() * 256);
      decodingError(() => decodeEvent(buf));
    }
  });

  it('random single-byte corruptions of a valid message never escape as anything but ContractDecodingError', () => {
    const rnd = prng(7);
    let decoded = 0;
    for (let i = 0; i < 3000; i++) {
      const buf = Buffer.from(valid.bytes);
      buf[Math.floor(rnd() * buf.length)] = Math.floor(rnd() * 256);
      try {
        decodeEvent(buf); // a corrupted string byte may still be a valid message
        decoded++;
      } catch (err) {
        expect(err).toBeInstanceOf(ContractDecodingError);
      }
    }
    expect(decoded).toBeLessThan(3000);
  });

  it('a huge length prefix neither allocates nor hangs', () => {
    const started = Date.now();
    const huge = Buffer.concat([LONG.toBuffer(2 ** 50), Buffer.from('abc')]); // event_id "length" ~1 PiB
    expect(decodingError(() => decodeEnvelope(huge)).reason).toBe('truncated');
    const negative = Buffer.concat([LONG.toBuffer(-5), Buffer.from('abc')]);
    expect(decodingError(() => decodeEnvelope(negative)).reason).toBe('invalid-value');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a huge array block count in a payload neither allocates nor hangs', () => {
    const started = Date.now();
    // PagoProgramado: id, afiliado_id, then comision_ids claims 2^50 items (and then 2^31)
    for (const count of [2 ** 50, 2 ** 31, 1_000_000, -(2 ** 40)]) {
      const payload = Buffer.concat([STRING.toBuffer('p1'), STRING.toBuffer('a1'), LONG.toBuffer(count), STRING.toBuffer('x')]);
      const e = decodingError(() => decodeEvent(envelopeWith(payload)));
      expect(e.part).toBe('payload');
      expect(['truncated', 'invalid-value']).toContain(e.reason);
    }
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('varints longer than 10 bytes or beyond 2^53 are refused', () => {
    const tooLong = Buffer.concat([Buffer.alloc(12, 0x80), Buffer.from([0x01])]);
    expect(decodingError(() => decodeEnvelope(tooLong)).reason).toBe('invalid-value');
    // event_id/event_type ok, then schema_version = 2^40 (not a 32-bit int)
    const bigInt = Buffer.concat([STRING.toBuffer('e'), STRING.toBuffer('T'), LONG.toBuffer(2 ** 40)]);
    expect(decodingError(() => decodeEnvelope(bigInt)).reason).toBe('invalid-value');
  });

  it('an out-of-range union index', () => {
    const env = Buffer.concat([
      STRING.toBuffer('e'),
      STRING.toBuffer('AfiliadoActivado'),
      LONG.toBuffer(1),
      LONG.toBuffer(0),
      STRING.toBuffer('x'),
      STRING.toBuffer('p'),
      LONG.toBuffer(5), // correlation_id union index 5
    ]);
    expect(decodingError(() => decodeEnvelope(env)).reason).toBe('invalid-value');
  });

  it('invalid UTF-8 in a string', () => {
    const env = Buffer.concat([LONG.toBuffer(2), Buffer.from([0xc3, 0x28])]);
    expect(decodingError(() => decodeEnvelope(env)).reason).toBe('invalid-value');
  });

  it('an envelope that breaks its own rules', () => {
    const base: Envelope = { ...valid.envelope };
    expect(decodingError(() => decodeEnvelope(ENVELOPE_TYPE.toBuffer({ ...base, event_id: '' }))).reason).toBe('invalid-envelope');
    expect(decodingError(() => decodeEnvelope(ENVELOPE_TYPE.toBuffer({ ...base, event_type: '' }))).reason).toBe('invalid-envelope');
    expect(decodingError(() => decodeEnvelope(ENVELOPE_TYPE.toBuffer({ ...base, schema_version: 0 }))).reason).toBe('invalid-envelope');
    expect(decodingError(() => decodeEvent({ ...base, payload: 'nope' } as unknown as Envelope)).reason).toBe('invalid-envelope');
  });

  it('an event_id that is not a UUID (too long for the inbox, or just not one) → ContractDecodingError, not a TypeError later', () => {
    const base: Envelope = { ...valid.envelope };
    for (const eventId of ['x'.repeat(37), `${base.event_id}-extra`, 'evt-1', 'g'.repeat(8) + base.event_id.slice(8)]) {
      const bytes = ENVELOPE_TYPE.toBuffer({ ...base, event_id: eventId }); // written by a producer that skipped encodeEvent
      const e = decodingError(() => decodeEnvelope(bytes));
      expect(e.reason).toBe('invalid-envelope');
      expect(e.message).toMatch(/event_id must be a UUID/);
      expect(decodingError(() => decodeEvent(bytes)).reason).toBe('invalid-envelope');
    }
    expect(decodingError(() => decodeEvent({ ...base, event_id: 'evt-1' })).reason).toBe('invalid-envelope');
  });

  it('an occurred_at beyond what a JS Date holds → ContractDecodingError', () => {
    const bytes = ENVELOPE_TYPE.toBuffer({ ...valid.envelope, occurred_at: 9_000_000_000_000_000 });
    expect(decodingError(() => decodeEnvelope(bytes)).message).toMatch(/occurred_at must be <= 8640000000000000/);
  });

  it('a payload with wrong types (bytes of another event) → ContractDecodingError', () => {
    const other = encodeEvent('AccionRegistrada', SAMPLE_PAYLOADS.AccionRegistrada, META).envelope.payload;
    const e = decodingError(() => decodeEvent(envelopeWith(other, 'PagoProgramado', 1)));
    expect(e.part).toBe('payload');
  });

  it('a decimal wider than its precision in a payload', () => {
    // PresupuestoAgotado: campana_id, presupuesto (decimal 18,4) = 10^19 → 20 digits
    const hex = (10n ** 19n).toString(16);
    const dec = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
    const payload = Buffer.concat([STRING.toBuffer('c1'), LONG.toBuffer(dec.length), dec, LONG.toBuffer(1), Buffer.from([0]), STRING.toBuffer('COP')]);
    const e = decodingError(() => decodeEvent(envelopeWith(payload, 'PresupuestoAgotado', 1)));
    expect(e.reason).toBe('invalid-value');
    expect(e.message).toMatch(/exceeds/);
  });

  it('still decodes valid messages afterwards', () => {
    const d = decodeEvent(encodeEnvelope(valid.envelope));
    expect(d.known).toBe(true);
  });
});
