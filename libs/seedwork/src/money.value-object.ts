import { Decimal } from 'decimal.js';
import { CurrencyCode, assertCurrencyCode, currencyMinorUnits } from './currency.constants';
import { DecimalInput, ExactDecimal, normalizeZero, parseDecimal } from './decimal.util';
import { BusinessRuleError, ValidationError } from './domain.error';
import { Percentage } from './percentage.value-object';
import { ValueObject } from './value-object.base';

interface MoneyProps {
  amount: Decimal;
  currency: CurrencyCode;
}

// Far beyond any real amount; keeps every operation inside ExactDecimal's 100 significant digits.
const MAX_ABS_AMOUNT = new ExactDecimal('1e30');

/**
 * An exact amount of one currency. Never binary floating point: amounts are `decimal.js` decimals, and a JS number
 * is only ever read through its string form (`Money.of(12.3, 'USD')` is exactly 12.30).
 *
 * Every Money holds at most its currency's minor units of decimals (2 by default; 0 for JPY, KRW, CLP…;
 * 3 for KWD, BHD, JOD…; see CURRENCY_MINOR_UNITS).
 *
 * Rounding rule:
 * - `add`, `subtract`, `negate`, `allocate` are exact: operands already sit on the minor unit.
 * - `multiply` and `percentage` compute the exact product, then round it once to the currency's minor units with
 *   ROUND_HALF_UP (ties away from zero): 10.005 USD → 10.01, -10.005 USD → -10.01, 2.5 JPY → 3, -2.5 JPY → -3.
 * - `Money.of` refuses more decimals than the currency has (`MONEY.MONTO_INVALIDO`); `Money.ofRounded` applies the
 *   same ROUND_HALF_UP instead.
 *
 * Errors (DomainError codes): `MONEY.MONTO_INVALIDO`, `MONEY.MONEDA_INVALIDA`, `MONEY.FACTOR_INVALIDO`,
 * `MONEY.REPARTO_INVALIDO` (validation); `MONEY.MONEDA_DISTINTA` (business_rule) when currencies are mixed.
 */
export class Money extends ValueObject<MoneyProps> {
  private constructor(amount: Decimal, currency: CurrencyCode) {
    if (amount.abs().greaterThanOrEqualTo(MAX_ABS_AMOUNT)) {
      throw invalidAmount(amount.toString(), 'fuera_de_rango');
    }
    super({ amount: normalizeZero(amount), currency });
  }

  /**
   * Exact amount; throws `MONEY.MONTO_INVALIDO` for NaN, Infinity, garbage, or too many decimals. `field` names the
   * input the amount came from (`valor_conversion`), so the refusal can say which field it is about.
   */
  static of(amount: DecimalInput, currency: CurrencyCode, field?: string): Money {
    assertCurrencyCode(currency);
    const value = parseAmount(amount, field);
    const minorUnits = currencyMinorUnits(currency);
    if (value.decimalPlaces() > minorUnits) {
      throw invalidAmount(String(amount), 'demasiados_decimales', { currency, minorUnits }, field);
    }
    return new Money(value, currency);
  }

  /** Like `of`, but rounds to the currency's minor units with ROUND_HALF_UP instead of refusing extra decimals. */
  static ofRounded(amount: DecimalInput, currency: CurrencyCode): Money {
    assertCurrencyCode(currency);
    return Money.rounded(parseAmount(amount), currency);
  }

  static zero(currency: CurrencyCode): Money {
    assertCurrencyCode(currency);
    return new Money(new ExactDecimal(0), currency);
  }

  /** From an integer count of minor units (cents for USD, yen for JPY, fils for KWD). */
  static fromMinorUnits(units: bigint | number | string, currency: CurrencyCode): Money {
    assertCurrencyCode(currency);
    const text = typeof units === 'number' && Number.isSafeInteger(units) ? String(units) : units;
    if (typeof text !== 'bigint' && (typeof text !== 'string' || !/^[+-]?\d+$/.test(text))) {
      throw invalidAmount(String(units), 'no_es_entero');
    }
    const value = new ExactDecimal(text.toString()).times(new ExactDecimal(10).pow(-currencyMinorUnits(currency)));
    return new Money(value, currency);
  }

  /** Sum of `items`, all in `currency` (needed so that an empty list still has one). */
  static sum(items: readonly Money[], currency: CurrencyCode): Money {
    return items.reduce((total, item) => total.add(item), Money.zero(currency));
  }

  get currency(): CurrencyCode {
    return this.props.currency;
  }

  /** Decimal places of this currency's minor unit. */
  get minorUnits(): number {
    return currencyMinorUnits(this.props.currency);
  }

  add(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.props.amount.plus(other.props.amount), this.currency);
  }

  subtract(other: Money): Money {
    this.assertSameCurrency(other);
    return new Money(this.props.amount.minus(other.props.amount), this.currency);
  }

  /** Amount × factor, rounded once to minor units with ROUND_HALF_UP. */
  multiply(factor: DecimalInput): Money {
    return Money.rounded(this.props.amount.times(parseFactor(factor)), this.currency);
  }

  /** `pct` percent of the amount (12.5 → 12.5 %), rounded once to minor units with ROUND_HALF_UP. */
  percentage(pct: Percentage | DecimalInput): Money {
    const value = pct instanceof Percentage ? pct.toDecimal() : parseFactor(pct);
    return Money.rounded(this.props.amount.times(value).dividedBy(100), this.currency);
  }

  negate(): Money {
    return new Money(this.props.amount.negated(), this.currency);
  }

  abs(): Money {
    return new Money(this.props.amount.abs(), this.currency);
  }

  /**
   * Splits the amount in proportion to `ratios` without losing or inventing a minor unit: the parts always add up
   * to the original. Leftover units go one each to the parts with the largest remainders (earlier part on ties).
   * `allocate([1, 1, 1])` of 100.00 → 33.34, 33.33, 33.33.
   */
  allocate(ratios: readonly DecimalInput[]): Money[] {
    const parsed = ratios.map((ratio) => parseDecimal(ratio));
    if (parsed.length === 0 || parsed.some((r) => r === null || r.isNegative())) {
      throw invalidAllocation('ratios must be a non-empty list of non-negative numbers', ratios);
    }
    const decimals = parsed.map((r) => r as Decimal);
    const scale = new ExactDecimal(10).pow(Math.max(...decimals.map((r) => r.decimalPlaces())));
    const weights = decimals.map((r) => BigInt(r.times(scale).toFixed(0)));
    const totalWeight = weights.reduce((a, b) => a + b, 0n);
    if (totalWeight === 0n) {
      throw invalidAllocation('at least one ratio must be greater than 0', ratios);
    }

    const total = this.toMinorUnits();
    const shares = weights.map((w) => (total * w) / totalWeight); // BigInt division truncates toward zero
    const remainders = weights.map((w) => abs((total * w) % totalWeight));
    let leftover = total - shares.reduce((a, b) => a + b, 0n);
    const step = leftover < 0n ? -1n : 1n;
    const order = weights
      .map((_, i) => i)
      .sort((a, b) => (remainders[b] > remainders[a] ? 1 : remainders[b] < remainders[a] ? -1 : a - b));
    for (const i of order) {
      if (leftover === 0n) break;
      shares[i] += step;
      leftover -= step;
    }
    return shares.map((units) => Money.fromMinorUnits(units, this.currency));
  }

  /** `parts` near-equal parts adding up to the amount (see `allocate`). */
  split(parts: number): Money[] {
    if (!Number.isSafeInteger(parts) || parts < 1) {
      throw invalidAllocation('parts must be a positive integer', [parts]);
    }
    return this.allocate(Array.from({ length: parts }, () => 1));
  }

  /** -1, 0 or 1; throws `MONEY.MONEDA_DISTINTA` for another currency. */
  compareTo(other: Money): -1 | 0 | 1 {
    this.assertSameCurrency(other);
    return this.props.amount.comparedTo(other.props.amount) as -1 | 0 | 1;
  }

  greaterThan(other: Money): boolean {
    return this.compareTo(other) > 0;
  }

  greaterThanOrEqual(other: Money): boolean {
    return this.compareTo(other) >= 0;
  }

  lessThan(other: Money): boolean {
    return this.compareTo(other) < 0;
  }

  lessThanOrEqual(other: Money): boolean {
    return this.compareTo(other) <= 0;
  }

  min(other: Money): Money {
    return this.lessThanOrEqual(other) ? this : other;
  }

  max(other: Money): Money {
    return this.greaterThanOrEqual(other) ? this : other;
  }

  isZero(): boolean {
    return this.props.amount.isZero();
  }

  isPositive(): boolean {
    return this.props.amount.greaterThan(0);
  }

  isNegative(): boolean {
    return this.props.amount.lessThan(0);
  }

  /** Integer count of minor units (1230n for 12.30 USD). */
  toMinorUnits(): bigint {
    return BigInt(this.props.amount.times(new ExactDecimal(10).pow(this.minorUnits)).toFixed(0));
  }

  /** The exact amount as a Decimal (a copy). */
  toDecimal(): Decimal {
    return new ExactDecimal(this.props.amount);
  }

  /**
   * The amount as a JS number in currency units, for JSON output (12.3 for 12.30 USD). Throws if the number could
   * not be read back as exactly this amount (amounts of roughly 15+ significant digits).
   */
  toNumber(): number {
    const n = this.props.amount.toNumber();
    if (!new ExactDecimal(String(n)).equals(this.props.amount)) {
      throw new RangeError(`${this.toString()} ${this.currency} cannot be represented exactly as a JS number`);
    }
    return n;
  }

  /** Amount with exactly the currency's minor units: "12.30", "1000" (JPY), "1.500" (KWD). */
  toFixed(): string {
    return this.props.amount.toFixed(this.minorUnits);
  }

  /** Same as `toFixed()`; the currency is not included. */
  override toString(): string {
    return this.toFixed();
  }

  private assertSameCurrency(other: Money): void {
    if (other.currency !== this.currency) {
      throw new BusinessRuleError('MONEY.MONEDA_DISTINTA', `Cannot combine ${this.currency} with ${other.currency}`, {
        details: { left: this.currency, right: other.currency },
      });
    }
  }

  private static rounded(value: Decimal, currency: CurrencyCode): Money {
    return new Money(value.toDecimalPlaces(currencyMinorUnits(currency), Decimal.ROUND_HALF_UP), currency);
  }
}

function parseAmount(amount: unknown, field?: string): Decimal {
  const value = parseDecimal(amount);
  if (value === null) throw invalidAmount(String(amount), 'no_numerico', {}, field);
  return value;
}

function parseFactor(factor: unknown): Decimal {
  const value = parseDecimal(factor);
  if (value === null) {
    throw new ValidationError('MONEY.FACTOR_INVALIDO', 'Factor must be a finite number', {
      details: { factor: String(factor) },
    });
  }
  return value;
}

function invalidAmount(amount: string, reason: string, extra: Record<string, unknown> = {}, field?: string): ValidationError {
  return new ValidationError('MONEY.MONTO_INVALIDO', `Invalid money amount "${amount}" (${reason})`, {
    details: { amount, reason, ...extra },
    ...(field === undefined ? {} : { field }),
  });
}

function invalidAllocation(message: string, ratios: readonly unknown[]): ValidationError {
  return new ValidationError('MONEY.REPARTO_INVALIDO', message, { details: { ratios: ratios.map(String) } });
}

function abs(n: bigint): bigint {
  return n < 0n ? -n : n;
}
