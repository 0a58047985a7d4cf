// @alpes/contracts — the published language between the AlpesPartners services (DESIGN.md §2, §3).
export * from './catalog/topic-catalog';

// Avro building blocks
export {
  DecimalType,
  MONEY_DECIMAL,
  PERCENT_DECIMAL,
  normalizeDecimal,
  parseDecimal,
  formatDecimal,
  isDecimalString,
} from './avro/decimal';
export type { DecimalString } from './avro/decimal';
export { parseSchema } from './avro/parse-schema';

// Envelope
export { ENVELOPE_SCHEMA, ENVELOPE_SCHEMA_FILE, ENVELOPE_TYPE, messageProperties } from './envelope/envelope';
export type { Envelope, MessageProperties, TimestampMillis } from './envelope/envelope';

// Events: payload types and registry
export * from './events/payloads';
export { EVENT_REGISTRY, EVENT_TYPES, eventTypesOfTopic, isKnownEventType, schemaFileOf, topicOfEvent } from './events/registry';
export type { EventRegistry, EventRegistryEntry } from './events/registry';
export { AVSC_SOURCES } from './schemas/avsc-sources.generated';
export { isWellFormedString } from './avro/text';

// Codec
export {
  decodeEnvelope,
  decodeEvent,
  encodeEnvelope,
  encodeEvent,
  isEvent,
  isUuid,
  MAX_TIMESTAMP_MILLIS,
  NOT_WELL_FORMED_MESSAGE,
  validateAgainst,
} from './codec/codec';
export type { DecodedEvent, EncodedEvent, EncodeMeta, EventMeta, KnownDecodedEvent, UnknownDecodedEvent } from './codec/codec';
export { ContractDecodingError, ContractEncodingError, ContractError } from './codec/errors';
export type { ContractFieldIssue, DecodingReason } from './codec/errors';

// Schema evolution checks
export { checkCompatibility, checkResolvers, checkSchemaEvolution } from './compat/evolution';

// Realistic sample payloads (tests of every service may use them)
export { SAMPLE_PAYLOADS } from './testing/sample-payloads';
