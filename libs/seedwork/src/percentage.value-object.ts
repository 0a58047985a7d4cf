import { Decimal } from 'decimal.js';
import { DecimalInput, ExactDecimal, parseDecimal } from './decimal.util';
import { ValidationError } from './domain.error';
import { ValueObject } from './value-object.base';

interface PercentageProps {
  value: Decimal;
}

/**
 * A percentage between 0 and 100 inclusive, kept as an exact decimal (12.5 means 12.5 %).
 * Used by commission settings; apply it to an amount with `money.percentage(pct)`.
 */
export class Percentage extends ValueObject<PercentageProps> {
  private constructor(value: Decimal) {
    super({ value });
  }

  /**
   * Throws `PERCENTAGE.VALOR_INVALIDO` for anything that is not a finite number and
   * `PERCENTAGE.FUERA_DE_RANGO` below 0 or above 100 (both validation).
   */
  static of(value: DecimalInput): Percentage {
    const parsed = parseDecimal(value);
    if (parsed === null) {
      throw new ValidationError('PERCENTAGE.VALOR_INVALIDO', 'Percentage must be a finite number', {
        details: { value: String(value) },
      });
    }
    if (parsed.isNegative() || parsed.greaterThan(100)) {
      throw new ValidationError('PERCENTAGE.FUERA_DE_RANGO', 'Percentage must be between 0 and 100', {
        details: { value: parsed.toString() },
      });
    }
    return new Percentage(parsed);
  }

  /** The percentage itself (12.5 for 12.5 %). */
  toDecimal(): Decimal {
    return new ExactDecimal(this.props.value);
  }

  /** The multiplier it stands for (0.125 for 12.5 %), exact. */
  asFraction(): Decimal {
    return this.props.value.dividedBy(100);
  }

  toNumber(): number {
    return this.props.value.toNumber();
  }

  /** Shortest exact decimal text, without a % sign: "12.5". */
  override toString(): string {
    return this.props.value.toFixed();
  }
}
