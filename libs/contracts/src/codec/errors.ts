/** Base class of every error this library throws on purpose. */
export class ContractError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractError';
  }
}

export interface ContractFieldIssue {
  /** Dotted path of the offending field, e.g. "configuracion_comisiones.comision_base" or "meta.producer". */
  field: string;
  message: string;
}

/** A payload (or envelope metadata) does not match its schema; nothing was encoded. */
export class ContractEncodingError extends ContractError {
  /** Dotted path of the first offending field ("" when the whole payload is wrong, e.g. not an object). */
  readonly field: string;

  constructor(
    readonly eventType: string,
    readonly version: number | undefined,
    readonly issues: readonly ContractFieldIssue[],
  ) {
    const where = version === undefined ? eventType : `${eventType} v${version}`;
    super(
      `Invalid ${where}: ${issues.map((i) => (i.field ? `field '${i.field}' ${i.message}` : i.message)).join('; ')}`,
    );
    this.name = 'ContractEncodingError';
    this.field = issues[0]?.field ?? '';
  }
}

export type DecodingReason =
  /** Not a Buffer/Uint8Array, or zero bytes. */
  | 'empty'
  /** The bytes end before the value does (includes absurd length prefixes and block counts). */
  | 'truncated'
  /** A complete value followed by extra bytes. */
  | 'trailing-bytes'
  /** Structurally readable but not a valid value (bad union index, varint, UTF-8, decimal, int range, …). */
  | 'invalid-value'
  /** Decoded, but the envelope breaks its own rules (empty event_id/event_type, schema_version < 1, …). */
  | 'invalid-envelope';

/** Bytes that are not a valid envelope, or an envelope whose payload is not valid for its (known) schema. */
export class ContractDecodingError extends ContractError {
  constructor(
    readonly reason: DecodingReason,
    /** "envelope" or "payload". */
    readonly part: 'envelope' | 'payload',
    detail: string,
    /** event_type / schema_version when the envelope was readable. */
    readonly eventType?: string,
    readonly schemaVersion?: number,
  ) {
    super(
      `Cannot decode ${part}${eventType ? ` of ${eventType}${schemaVersion !== undefined ? ` v${schemaVersion}` : ''}` : ''}: ${reason}: ${detail}`,
    );
    this.name = 'ContractDecodingError';
  }
}
