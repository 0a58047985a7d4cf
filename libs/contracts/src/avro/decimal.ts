import { Schema, Type, types } from 'avsc';

/**
 * Exact decimals on the wire and in TypeScript.
 *
 * Avro: `{"type": "bytes", "logicalType": "decimal", "precision": P, "scale": S}` — the unscaled integer
 * (value × 10^S) as big-endian two's-complement bytes, minimal length (what Java's `BigInteger.toByteArray()` writes).
 * TypeScript: a decimal STRING normalised to exactly S fraction digits ("123.4500", "-0.1000", "15.0000"), never a
 * JS number. Producers may pass any plain decimal string ("0.1", "-12", "15.50"); more fraction digits than S are
 * accepted only when the extra digits are zeros (no silent rounding), more than P significant digits are refused.
 *
 * Conventions of this library (see the .avsc files):
 *  - money (`presupuesto`, `valor`, `monto`, `base`, …): decimal(18, 4), always with a `moneda` (ISO 4217) field;
 *  - percentages (`comision_base`, `comision_premium`, `porcentaje`): decimal(9, 4), 15 = 15 %.
 */
export const MONEY_DECIMAL = { precision: 18, scale: 4 } as const;
export const PERCENT_DECIMAL = { precision: 9, scale: 4 } as const;

/** A decimal as a normalised string, e.g. "123.4500". */
export type DecimalString = string;

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;
/** Longer inputs are refused before any BigInt arithmetic (P ≤ 76 digits in practice). */
const MAX_DECIMAL_INPUT_LENGTH = 200;
/** Longer byte arrays are refused before any BigInt arithmetic (decimal(38) needs 16 bytes). */
const MAX_DECIMAL_BYTES = 32;

function digitCount(n: bigint): number {
  return (n < 0n ? -n : n).toString().length;
}

/** Parses a decimal string into its unscaled integer at `scale`; throws RangeError with a reason when it is not exact. */
export function parseDecimal(value: string, scale: number, precision?: number): bigint {
  if (typeof value !== 'string') throw new RangeError(`expected a decimal string, got ${typeof value}`);
  if (value.length > MAX_DECIMAL_INPUT_LENGTH) throw new RangeError('decimal string too long');
  const m = DECIMAL_RE.exec(value);
  if (!m) throw new RangeError(`not a plain decimal string: ${JSON.stringify(value)}`);
  const [, sign, intPart, fracRaw = ''] = m;
  let frac = fracRaw;
  if (frac.length > scale) {
    if (!/^0*$/.test(frac.slice(scale))) {
      throw new RangeError(`${JSON.stringify(value)} has more than ${scale} fraction digits (no rounding)`);
    }
    frac = frac.slice(0, scale);
  }
  let unscaled = BigInt(intPart + frac.padEnd(scale, '0'));
  if (sign === '-') unscaled = -unscaled;
  if (precision !== undefined && unscaled !== 0n && digitCount(unscaled) > precision) {
    throw new RangeError(`${JSON.stringify(value)} exceeds decimal(${precision},${scale})`);
  }
  return unscaled;
}

/** Formats an unscaled integer with `scale` fraction digits: (12345n, 4) → "1.2345". */
export function formatDecimal(unscaled: bigint, scale: number): DecimalString {
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${body}` : body;
}

/** "0.1" → "0.1000" at scale 4; throws RangeError when the value is not an exact decimal of that scale/precision. */
export function normalizeDecimal(value: string, scale: number, precision?: number): DecimalString {
  return formatDecimal(parseDecimal(value, scale, precision), scale);
}

export function isDecimalString(value: unknown, scale: number, precision?: number): value is DecimalString {
  if (typeof value !== 'string') return false;
  try {
    parseDecimal(value, scale, precision);
    return true;
  } catch {
    return false;
  }
}

/** Big-endian two's complement, minimal length (at least one byte). */
export function bigintToTwosComplement(n: bigint): Buffer {
  let bytes = 1;
  // Smallest byte count whose signed range holds n.
  while (n >= 1n << BigInt(8 * bytes - 1) || n < -(1n << BigInt(8 * bytes - 1))) bytes++;
  const unsigned = n < 0n ? (1n << BigInt(8 * bytes)) + n : n;
  return Buffer.from(unsigned.toString(16).padStart(bytes * 2, '0'), 'hex');
}

export function twosComplementToBigint(buf: Buffer): bigint {
  if (buf.length === 0) throw new RangeError('empty decimal bytes');
  if (buf.length > MAX_DECIMAL_BYTES) throw new RangeError(`decimal bytes too long (${buf.length})`);
  let n = BigInt(`0x${buf.toString('hex')}`);
  if (buf[0] & 0x80) n -= 1n << BigInt(8 * buf.length);
  return n;
}

interface DecimalSchema {
  type: unknown;
  precision?: unknown;
  scale?: unknown;
}

/**
 * avsc logical type for `decimal` over `bytes`, registered with `logicalTypes: { decimal: DecimalType }`
 * (see `parseSchema`). Values are normalised decimal strings.
 */
export class DecimalType extends types.LogicalType {
  readonly precision: number;
  readonly scale: number;

  constructor(schema: Schema, opts?: unknown) {
    super(schema, opts);
    const s = schema as DecimalSchema;
    const precision = s.precision;
    const scale = s.scale ?? 0;
    if (typeof precision !== 'number' || !Number.isInteger(precision) || precision < 1) {
      throw new Error(`decimal: invalid precision ${JSON.stringify(precision)}`);
    }
    if (typeof scale !== 'number' || !Number.isInteger(scale) || scale < 0 || scale > precision) {
      throw new Error(`decimal: invalid scale ${JSON.stringify(scale)}`);
    }
    if (this.underlyingType.typeName !== 'bytes') {
      throw new Error('decimal: only "bytes" is supported as the underlying type');
    }
    this.precision = precision;
    this.scale = scale;
  }

  /** Wire → TypeScript (throws on bytes that are not a decimal of this precision: the codec reports it). */
  protected override _fromValue(val: unknown): DecimalString {
    if (!Buffer.isBuffer(val)) throw new RangeError('decimal: expected bytes');
    const unscaled = twosComplementToBigint(val);
    if (unscaled !== 0n && digitCount(unscaled) > this.precision) {
      throw new RangeError(`decimal: value exceeds decimal(${this.precision},${this.scale})`);
    }
    return formatDecimal(unscaled, this.scale);
  }

  /** TypeScript → wire; `undefined` marks the value invalid (avsc's isValid then reports the field). */
  protected override _toValue(val: unknown): Buffer | undefined {
    if (typeof val !== 'string') return undefined;
    try {
      return bigintToTwosComplement(parseDecimal(val, this.scale, this.precision));
    } catch {
      return undefined;
    }
  }

  /** Schema resolution: another decimal with the same scale and no larger precision reads as is. */
  protected override _resolve(type: Type): ((v: DecimalString) => DecimalString) | undefined {
    if (type instanceof DecimalType && type.scale === this.scale && type.precision <= this.precision) {
      return (v) => v;
    }
    return undefined;
  }

  protected override _export(schema: Schema): void {
    const attrs = schema as unknown as Record<string, unknown>;
    attrs['precision'] = this.precision;
    attrs['scale'] = this.scale;
  }

  /** Random valid value (used by avsc's `Type#random`, e.g. in the compatibility tests). */
  override random(): types.LogicalType {
    const digits = 1 + Math.floor(Math.random() * this.precision);
    let s = '';
    for (let i = 0; i < digits; i++) s += Math.floor(Math.random() * 10).toString();
    const unscaled = BigInt(s) * (Math.random() < 0.3 ? -1n : 1n);
    // avsc's typings declare `random()` as returning the type; at run time it returns a value.
    return formatDecimal(unscaled, this.scale) as unknown as types.LogicalType;
  }
}
