/**
 * How the interface layer should report an expected failure. The domain only says what went wrong;
 * the mapping to HTTP (400 / 404 / 409 / 422) or to ack/nack lives in each app's interface layer.
 */
export type DomainErrorKind = 'validation' | 'not_found' | 'conflict' | 'business_rule';

export interface DomainErrorOptions {
  kind?: DomainErrorKind;
  details?: Record<string, unknown>;
  cause?: unknown;
  /** The input field a validation error is about (`valor_conversion`, `reglas_comision[1].valor`), when one is. */
  field?: string;
}

// Codes are part of the public API (clients branch on them), so a malformed one is a programming error.
const CODE_FORMAT = /^[A-Z][A-Z0-9_]*(\.[A-Z][A-Z0-9_]*)+$/;

/**
 * An expected failure with a stable, machine-readable `code` such as `AFILIADO.EMAIL_DUPLICADO`.
 * Unexpected failures (bugs, infrastructure) must throw plain `Error`s instead.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly kind: DomainErrorKind;
  readonly details?: Readonly<Record<string, unknown>>;
  readonly field?: string;

  constructor(code: string, message: string, options: DomainErrorOptions = {}) {
    if (!CODE_FORMAT.test(code)) {
      throw new Error(`Invalid DomainError code "${code}": expected CONTEXTO.MOTIVO in upper snake case`);
    }
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.kind = options.kind ?? 'business_rule';
    if (options.details !== undefined) {
      this.details = Object.freeze({ ...options.details });
    }
    if (options.field !== undefined) this.field = options.field;
  }
}

type KindlessOptions = Omit<DomainErrorOptions, 'kind'>;

/** Malformed or out-of-range input (HTTP 400). */
export class ValidationError extends DomainError {
  constructor(code: string, message: string, options: KindlessOptions = {}) {
    super(code, message, { ...options, kind: 'validation' });
  }
}

/** The addressed resource does not exist (HTTP 404). */
export class NotFoundError extends DomainError {
  constructor(code: string, message: string, options: KindlessOptions = {}) {
    super(code, message, { ...options, kind: 'not_found' });
  }
}

/** Clashes with current state: duplicates, transitions not allowed from the current state (HTTP 409). */
export class ConflictError extends DomainError {
  constructor(code: string, message: string, options: KindlessOptions = {}) {
    super(code, message, { ...options, kind: 'conflict' });
  }
}

/** Well-formed request that a business rule forbids (HTTP 422). */
export class BusinessRuleError extends DomainError {
  constructor(code: string, message: string, options: KindlessOptions = {}) {
    super(code, message, { ...options, kind: 'business_rule' });
  }
}
