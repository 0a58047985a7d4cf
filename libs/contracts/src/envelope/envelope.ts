import { Schema, Type } from 'avsc';
import { parseSchema } from '../avro/parse-schema';
import { AVSC_SOURCES } from '../schemas/avsc-sources.generated';

/** Path (relative to `libs/contracts/src/schemas`) of the envelope schema the topic set-up script registers in Pulsar. */
export const ENVELOPE_SCHEMA_FILE = 'envelope.avsc';

/** Parsed JSON of `libs/contracts/src/schemas/envelope.avsc` (DESIGN.md §3). */
export const ENVELOPE_SCHEMA = AVSC_SOURCES[ENVELOPE_SCHEMA_FILE] as Schema & { name: 'Envelope'; namespace: string };

/** The avsc type of the envelope. */
export const ENVELOPE_TYPE: Type = parseSchema(ENVELOPE_SCHEMA);

/** Milliseconds since the Unix epoch (Avro `long` with logicalType `timestamp-millis`). */
export type TimestampMillis = number;

/** One message on every `avro-envelope` topic. */
export interface Envelope {
  /** uuid; the idempotency key for consumers. */
  event_id: string;
  /** e.g. "ConversionValidada" (a key of EVENT_REGISTRY, or one this build does not know). */
  event_type: string;
  /** Version of the payload schema the producer wrote. */
  schema_version: number;
  occurred_at: TimestampMillis;
  aggregate_id: string;
  /** App name. */
  producer: string;
  correlation_id: string | null;
  causation_id: string | null;
  /** Avro binary of the payload, written with the schema (event_type, schema_version). */
  payload: Buffer;
}

/** Pulsar message properties that repeat envelope fields, so tools can filter without decoding (a string map). */
export type MessageProperties = { event_type: string; event_id: string; correlation_id?: string } & Record<string, string>;

/** `{ event_type, event_id, correlation_id? }` for the Pulsar message that carries `envelope`. */
export function messageProperties(envelope: Pick<Envelope, 'event_type' | 'event_id' | 'correlation_id'>): MessageProperties {
  const props: MessageProperties = { event_type: envelope.event_type, event_id: envelope.event_id };
  if (envelope.correlation_id !== null && envelope.correlation_id !== undefined) props.correlation_id = envelope.correlation_id;
  return props;
}
