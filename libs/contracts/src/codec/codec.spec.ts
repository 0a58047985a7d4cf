import { randomUUID } from 'node:crypto';
import { Type } from 'avsc';
import { Envelope, ENVELOPE_TYPE, messageProperties } from '../envelope/envelope';
import { EventType } from '../events/payloads';
import { EVENT_REGISTRY, EVENT_TYPES, eventTypesOfTopic, isKnownEventType, topicOfEvent } from '../events/registry';
import { SAMPLE_PAYLOADS } from '../testing/sample-payloads';
import { decodeEnvelope, decodeEvent, encodeEnvelope, encodeEvent, isEvent, isUuid, MAX_TIMESTAMP_MILLIS } from './codec';
import { ContractDecodingError, ContractEncodingError } from './errors';

const META = { aggregate_id: 'agg-1', producer: 'afiliados' };
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function encodingError(fn: () => unknown): ContractEncodingError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ContractEncodingError);
    return err as ContractEncodingError;
  }
  throw new Error('expected a ContractEncodingError');
}

describe('envelope', () => {
  it('round-trips through encodeEnvelope/decodeEnvelope with every field', () => {
    const env: Envelope = {
      event_id: '0b7c3e1e-9a53-4a0e-9f0e-2f4d6c8b1a00',
      event_type: 'ConversionValidada',
      schema_version: 2,
      occurred_at: Date.UTC(2025, 0, 1, 12, 5),
      aggregate_id: 'conv-123',
      producer: 'conversiones',
      correlation_id: 'corr-1',
      causation_id: 'cause-1',
      payload: Buffer.from([1, 2, 3, 0, 255]),
    };
    const decoded = decodeEnvelope(encodeEnvelope(env));
    expect(decoded).toEqual(env);
    expect(Buffer.isBuffer(decoded.payload)).toBe(true);
  });

  it('correlation_id and causation_id default to null', () => {
    const { envelope, bytes } = encodeEvent('AfiliadoActivado', { afiliado_id: 'a1' }, META);
    expect(envelope.correlation_id).toBeNull();
    expect(envelope.causation_id).toBeNull();
    expect(decodeEnvelope(bytes)).toEqual(envelope);
  });

  it('encodeEvent fills event_id (uuid v4), occurred_at (now), schema_version (latest) and event_type', () => {
    const before = Date.now();
    const { envelope } = encodeEvent('AfiliadoRegistrado', SAMPLE_PAYLOADS.AfiliadoRegistrado, META);
    expect(envelope.event_id).toMatch(UUID_RE);
    expect(envelope.occurred_at).toBeGreaterThanOrEqual(before);
    expect(envelope.occurred_at).toBeLessThanOrEqual(Date.now());
    expect(envelope.schema_version).toBe(EVENT_REGISTRY.AfiliadoRegistrado.latest);
    expect(envelope.event_type).toBe('AfiliadoRegistrado');
    expect(envelope.producer).toBe('afiliados');
    expect(envelope.aggregate_id).toBe('agg-1');
    const other = encodeEvent('AfiliadoRegistrado', SAMPLE_PAYLOADS.AfiliadoRegistrado, META);
    expect(other.envelope.event_id).not.toBe(envelope.event_id);
  });

  it('encodeEvent keeps the metadata it is given', () => {
    const meta = {
      ...META,
      event_id: '5d2c61a4-0f0e-4c1b-9a57-3e2b8f1d7c60',
      occurred_at: 1_700_000_000_000,
      correlation_id: 'corr-9',
      causation_id: 'cause-9',
    };
    const { envelope, bytes } = encodeEvent('AfiliadoActivado', { afiliado_id: 'a1' }, meta);
    expect(envelope).toMatchObject(meta);
    expect(decodeEnvelope(bytes)).toMatchObject(meta);
  });

  it('the envelope bytes are plain Avro of envelope.avsc (what Pulsar\'s schema registry expects)', () => {
    const { envelope, bytes } = encodeEvent('CampanaActivada', { campana_id: 'c1' }, META);
    expect(ENVELOPE_TYPE.fromBuffer(bytes)).toEqual(envelope);
  });

  it('messageProperties repeats event_type, event_id and correlation_id (only when set)', () => {
    const a = encodeEvent('CampanaActivada', { campana_id: 'c1' }, { ...META, correlation_id: 'corr-1' }).envelope;
    expect(messageProperties(a)).toEqual({ event_type: 'CampanaActivada', event_id: a.event_id, correlation_id: 'corr-1' });
    const b = encodeEvent('CampanaActivada', { campana_id: 'c1' }, META).envelope;
    const props = messageProperties(b);
    expect(props).toEqual({ event_type: 'CampanaActivada', event_id: b.event_id });
    expect('correlation_id' in props).toBe(false);
    const asStringMap: Record<string, string> = props;
    expect(Object.values(asStringMap).every((v) => typeof v === 'string')).toBe(true);
  });
});

describe('every event and command round-trips', () => {
  it.each(EVENT_TYPES.map((e) => [e]))('%s', (eventType: EventType) => {
    const sample = SAMPLE_PAYLOADS[eventType];
    const { envelope, bytes } = encodeEvent(eventType, sample, { ...META, correlation_id: 'c-1' });
    const decoded = decodeEvent(bytes);
    expect(decoded.known).toBe(true);
    if (!decoded.known) return;
    expect(decoded.eventType).toBe(eventType);
    expect(decoded.schemaVersion).toBe(EVENT_REGISTRY[eventType].latest);
    expect(decoded.readerVersion).toBe(EVENT_REGISTRY[eventType].latest);
    expect(decoded.envelope).toEqual(envelope);
    expect(decoded.payload).toEqual(sample);
    // decoding an already decoded envelope gives the same result
    expect(decodeEvent(envelope)).toEqual(decoded);
  });

  it.each(EVENT_TYPES.map((e) => [e]))('%s: every older version written is resolved to the latest', (eventType: EventType) => {
    const entry = EVENT_REGISTRY[eventType];
    for (let v = 1; v <= entry.latest; v++) {
      const { bytes } = encodeEvent(eventType, SAMPLE_PAYLOADS[eventType], META, v);
      const decoded = decodeEvent(bytes);
      if (!decoded.known) throw new Error('expected known');
      expect(decoded.schemaVersion).toBe(v);
      expect(decoded.readerVersion).toBe(entry.latest);
      // what v could carry comes through; what it could not takes the latest schema's default
      const writerFields = new Set((entry.schemas[v] as { fields: { name: string }[] }).fields.map((f) => f.name));
      const latestType = entry.versions[entry.latest] as Type & { fields: { name: string; defaultValue(): unknown }[] };
      for (const f of latestType.fields) {
        const expected = writerFields.has(f.name)
          ? (SAMPLE_PAYLOADS[eventType] as Record<string, unknown>)[f.name]
          : f.defaultValue();
        expect({ field: f.name, value: (decoded.payload as unknown as Record<string, unknown>)[f.name] }).toEqual({ field: f.name, value: expected });
      }
    }
  });

  it('optional fields may be left out: their defaults are written', () => {
    const { bytes } = encodeEvent(
      'AfiliadoRegistrado',
      {
        id: 'a1',
        nombre: 'Ana',
        email: 'ana@example.com',
        tipo_afiliado: 'basico',
        estado: 'PENDIENTE',
        configuracion_comisiones: { comision_base: '10' },
      },
      META,
    );
    const d = decodeEvent(bytes);
    if (!isEvent(d, 'AfiliadoRegistrado')) throw new Error('expected AfiliadoRegistrado');
    expect(d.payload.pais).toBeNull();
    expect(d.payload.redes_sociales).toEqual([]);
    expect(d.payload.configuracion_comisiones).toEqual({ comision_base: '10.0000', comision_premium: null });
  });

  it('amounts come back as normalised decimal strings', () => {
    const { bytes } = encodeEvent('ConversionValidada', { ...SAMPLE_PAYLOADS.ConversionValidada, valor: '0.1' }, META);
    const d = decodeEvent(bytes);
    if (!isEvent(d, 'ConversionValidada')) throw new Error('expected ConversionValidada');
    expect(d.payload.valor).toBe('0.1000');
  });

  it('isEvent narrows the union', () => {
    const d = decodeEvent(encodeEvent('PagoProgramado', SAMPLE_PAYLOADS.PagoProgramado, META).bytes);
    expect(isEvent(d, 'PagoProgramado')).toBe(true);
    expect(isEvent(d, 'PagoRealizado')).toBe(false);
    if (d.known && d.eventType === 'PagoProgramado') expect(d.payload.comision_ids).toHaveLength(2);
  });
});

describe('unknown events are reported, not thrown', () => {
  const envelopeOf = (event_type: string, schema_version: number, payload = Buffer.from([0x02, 0x41])): Buffer =>
    encodeEnvelope({
      event_id: 'b3f0c1de-2a4b-4c5d-8e6f-7a8b9c0d1e2f',
      event_type,
      schema_version,
      occurred_at: 0,
      aggregate_id: 'x',
      producer: 'futuro',
      correlation_id: null,
      causation_id: null,
      payload,
    });

  it('an unknown event_type → known: false (the consumer acks and counts it)', () => {
    const d = decodeEvent(envelopeOf('EventoDelFuturo', 1));
    expect(d).toMatchObject({ known: false, reason: 'unknown-event-type' });
    expect(d.envelope.event_type).toBe('EventoDelFuturo');
  });

  it('prototype keys are not event types', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(isKnownEventType(name)).toBe(false);
      expect(name in EVENT_REGISTRY).toBe(false);
      expect(decodeEvent(envelopeOf(name, 1))).toMatchObject({ known: false, reason: 'unknown-event-type' });
    }
  });

  it('an unknown schema_version of a known event → known: false', () => {
    const latest = EVENT_REGISTRY.AfiliadoRegistrado.latest;
    const d = decodeEvent(envelopeOf('AfiliadoRegistrado', latest + 1, Buffer.from('anything')));
    expect(d).toMatchObject({ known: false, reason: 'unknown-schema-version' });
    expect(decodeEvent(envelopeOf('AfiliadoActivado', 99))).toMatchObject({ known: false, reason: 'unknown-schema-version' });
  });

  it('a known event whose payload bytes are malformed → ContractDecodingError naming the event', () => {
    const bad = envelopeOf('AfiliadoActivado', 1, Buffer.from([0x7e])); // string length 63, nothing follows
    expect(() => decodeEvent(bad)).toThrow(ContractDecodingError);
    try {
      decodeEvent(bad);
    } catch (err) {
      const e = err as ContractDecodingError;
      expect(e.part).toBe('payload');
      expect(e.reason).toBe('truncated');
      expect(e.eventType).toBe('AfiliadoActivado');
      expect(e.schemaVersion).toBe(1);
    }
    const trailing = envelopeOf('AfiliadoActivado', 1, Buffer.concat([Buffer.from([0x02, 0x41]), Buffer.from([0])]));
    expect(() => decodeEvent(trailing)).toThrow(expect.objectContaining({ reason: 'trailing-bytes', part: 'payload' }));
  });
});

describe('encoding errors name the field', () => {
  it('wrong type', () => {
    const e = encodingError(() =>
      encodeEvent('AfiliadoRegistrado', { ...SAMPLE_PAYLOADS.AfiliadoRegistrado, email: 42 as unknown as string }, META),
    );
    expect(e.field).toBe('email');
    expect(e.eventType).toBe('AfiliadoRegistrado');
    expect(e.message).toMatch(/email/);
  });

  it('missing required field', () => {
    const { nombre: _omit, ...rest } = SAMPLE_PAYLOADS.AfiliadoRegistrado;
    const e = encodingError(() => encodeEvent('AfiliadoRegistrado', rest as never, META));
    expect(e.field).toBe('nombre');
    expect(e.message).toMatch(/nombre.*required/);
  });

  it('nested field', () => {
    const e = encodingError(() =>
      encodeEvent(
        'AfiliadoRegistrado',
        { ...SAMPLE_PAYLOADS.AfiliadoRegistrado, configuracion_comisiones: { comision_base: 15 as unknown as string } },
        META,
      ),
    );
    expect(e.field).toBe('configuracion_comisiones.comision_base');
  });

  it('array item', () => {
    const e = encodingError(() =>
      encodeEvent('PagoProgramado', { ...SAMPLE_PAYLOADS.PagoProgramado, comision_ids: ['ok', 7 as unknown as string] }, META),
    );
    expect(e.field).toBe('comision_ids.1');
  });

  it('inexact amount or a JS number as amount', () => {
    expect(
      encodingError(() => encodeEvent('ConversionValidada', { ...SAMPLE_PAYLOADS.ConversionValidada, valor: '10.12345' }, META)).field,
    ).toBe('valor');
    expect(
      encodingError(() =>
        encodeEvent('ConversionValidada', { ...SAMPLE_PAYLOADS.ConversionValidada, valor: 10.5 as unknown as string }, META),
      ).field,
    ).toBe('valor');
  });

  it('undeclared field (a typo)', () => {
    const e = encodingError(() =>
      encodeEvent('AfiliadoActivado', { afiliado_id: 'a1', afiliadoId: 'a1' } as never, META),
    );
    expect(e.field).toBe('afiliadoId');
    expect(e.message).toMatch(/not in the schema/);
  });

  it('timestamps must be integers (epoch millis), not ISO strings', () => {
    const e = encodingError(() =>
      encodeEvent('ClickRegistrado', { ...SAMPLE_PAYLOADS.ClickRegistrado, timestamp: '2025-01-01T12:00:00Z' as unknown as number }, META),
    );
    expect(e.field).toBe('timestamp');
  });

  it('metadata', () => {
    expect(encodingError(() => encodeEvent('AfiliadoActivado', { afiliado_id: 'a1' }, { aggregate_id: '', producer: 'x' })).field).toBe(
      'meta.aggregate_id',
    );
    expect(
      encodingError(() => encodeEvent('AfiliadoActivado', { afiliado_id: 'a1' }, { ...META, occurred_at: 1.5 })).field,
    ).toBe('meta.occurred_at');
  });

  it('not an object, unknown event type, unknown version', () => {
    expect(encodingError(() => encodeEvent('AfiliadoActivado', null as never, META)).message).toMatch(/object/);
    expect(encodingError(() => encodeEvent('Nada' as EventType, {} as never, META)).message).toMatch(/unknown event type/);
    expect(encodingError(() => encodeEvent('AfiliadoActivado', { afiliado_id: 'a' }, META, 7)).message).toMatch(/unknown schema version/);
  });

  it('an envelope with an empty event_id cannot be encoded', () => {
    const { envelope } = encodeEvent('AfiliadoActivado', { afiliado_id: 'a1' }, META);
    expect(encodingError(() => encodeEnvelope({ ...envelope, event_id: '' })).field).toBe('event_id');
  });

  it('meta.event_id must be a UUID (the consumers store it as CHAR(36) and key their inbox on it)', () => {
    for (const eventId of ['evt-fixed', 'x'.repeat(37), `${randomUUID()}0`, ' '.repeat(36), randomUUID().replace(/-/g, '')]) {
      const e = encodingError(() => encodeEvent('AfiliadoActivado', { afiliado_id: 'a1' }, { ...META, event_id: eventId }));
      expect(e.field).toBe('meta.event_id');
      expect(e.message).toMatch(/meta\.event_id.*UUID/);
    }
    // Any UUID version and either case are accepted.
    const upper = randomUUID().toUpperCase();
    expect(encodeEvent('AfiliadoActivado', { afiliado_id: 'a1' }, { ...META, event_id: upper }).envelope.event_id).toBe(upper);
    expect(isUuid('6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(true); // v1
    expect(isUuid(42)).toBe(false);
  });

  it('an envelope whose event_id is not a UUID cannot be encoded', () => {
    const { envelope } = encodeEvent('AfiliadoActivado', { afiliado_id: 'a1' }, META);
    const e = encodingError(() => encodeEnvelope({ ...envelope, event_id: 'not-a-uuid' }));
    expect(e.field).toBe('event_id');
    expect(e.message).toMatch(/UUID/);
  });

  it('occurred_at must fit a JS Date: 0 ≤ t ≤ 8.64e15', () => {
    const at = (occurred_at: number) => () => encodeEvent('AfiliadoActivado', { afiliado_id: 'a1' }, { ...META, occurred_at });
    for (const bad of [MAX_TIMESTAMP_MILLIS + 1, Number.MAX_SAFE_INTEGER, -1, 1.5, Number.NaN, Infinity]) {
      const e = encodingError(at(bad));
      expect(e.field).toBe('meta.occurred_at');
      expect(e.message).toMatch(/8640000000000000/);
    }
    expect(MAX_TIMESTAMP_MILLIS).toBe(8.64e15);
    expect(new Date(MAX_TIMESTAMP_MILLIS).getTime()).toBe(MAX_TIMESTAMP_MILLIS);
    expect(Number.isNaN(new Date(MAX_TIMESTAMP_MILLIS + 1).getTime())).toBe(true);
    expect(decodeEnvelope(at(MAX_TIMESTAMP_MILLIS)().bytes).occurred_at).toBe(MAX_TIMESTAMP_MILLIS);
    expect(at(0)().envelope.occurred_at).toBe(0);

    const { envelope } = encodeEvent('AfiliadoActivado', { afiliado_id: 'a1' }, META);
    expect(encodingError(() => encodeEnvelope({ ...envelope, occurred_at: MAX_TIMESTAMP_MILLIS + 1 })).field).toBe('occurred_at');
  });

  it('encodeEnvelope of something that is not an envelope object → ContractEncodingError, never a TypeError', () => {
    for (const notAnObject of [null, undefined, 42, 'envelope', true, [], Buffer.from([1, 2])]) {
      const e = encodingError(() => encodeEnvelope(notAnObject as unknown as Envelope));
      expect(e.eventType).toBe('Envelope');
      expect(e.message).toMatch(/envelope must be an object/);
    }
    expect(encodingError(() => encodeEnvelope({} as Envelope)).field).toBe('event_id');
  });
});

describe('catalog helpers', () => {
  it('topicOfEvent', () => {
    expect(topicOfEvent('AfiliadoRegistrado')).toBe('afiliados.eventos');
    expect(topicOfEvent('ConversionValidada')).toBe('conversiones.eventos');
    expect(topicOfEvent('PagoProgramado')).toBe('comisiones.eventos');
    expect(topicOfEvent('RegistrarClick')).toBe('tracking.comandos');
    expect(() => topicOfEvent('Nada' as EventType)).toThrow(/unknown event type/);
  });

  it('eventTypesOfTopic', () => {
    expect(eventTypesOfTopic('sistema.eventos').sort()).toEqual(['AlertaDisparada', 'ServicioDetenido', 'ServicioIniciado']);
    expect(eventTypesOfTopic('clicks')).toEqual([]);
  });
});
