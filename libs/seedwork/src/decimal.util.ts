import { Decimal } from 'decimal.js';

/**
 * Private Decimal constructor for Money and Percentage. A clone, so that nobody else's `Decimal.set(...)` can
 * change our precision or rounding. 100 significant digits keeps every sum and product of realistic amounts
 * exact; rounding to minor units is always done explicitly with `toDecimalPlaces(dp, ROUND_HALF_UP)`.
 */
export const ExactDecimal = Decimal.clone({
  precision: 100,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -100,
  toExpPos: 100,
});

export type DecimalInput = string | number | Decimal;

// Plain decimal notation, optionally with an exponent (the string form of a JS number may use one: 1e-7).
// Rejects what decimal.js would otherwise accept: hex/binary/octal literals, 'NaN', 'Infinity', blanks.
const DECIMAL_TEXT = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * Exact decimal from a string, a Decimal, or a JS number through its shortest string form (so 12.3 is 12.3,
 * never 12.2999…). Returns null for anything that is not a finite number.
 */
export function parseDecimal(input: unknown): Decimal | null {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    text = String(input);
  } else if (typeof input === 'string') {
    text = input;
  } else if (Decimal.isDecimal(input)) {
    const value = new ExactDecimal(input as Decimal);
    return value.isFinite() ? normalizeZero(value) : null;
  } else {
    return null;
  }
  if (!DECIMAL_TEXT.test(text)) return null;
  // Huge exponents are not amounts, and would make toFixed() build gigantic strings.
  const exponent = /[eE]([+-]?\d+)$/.exec(text);
  if (exponent && Math.abs(Number(exponent[1])) > 1000) return null;
  return normalizeZero(new ExactDecimal(text));
}

/** -0 prints as "-0.00" in some paths; money has no signed zero. */
export function normalizeZero(value: Decimal): Decimal {
  return value.isZero() ? new ExactDecimal(0) : value;
}
