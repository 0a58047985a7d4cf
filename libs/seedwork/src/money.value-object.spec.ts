import { Decimal } from 'decimal.js';
import { DomainError } from './domain.error';
import { Money } from './money.value-object';
import { Percentage } from './percentage.value-object';

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}

const usd = (amount: string | number) => Money.of(amount, 'USD');

describe('Money', () => {
  describe('construction', () => {
    it('reads a JS number through its string form, never through binary floating point', () => {
      expect(usd(12.3).toString()).toBe('12.30');
      expect(usd(12.3).toDecimal().equals(new Decimal('12.3'))).toBe(true);
      expect(usd(1.1).toMinorUnits()).toBe(110n);
    });

    it('names the input field in its refusal when told it (a 400 says which field)', () => {
      expect(errorOf(() => Money.of('10.001', 'USD', 'valor_conversion')).field).toBe('valor_conversion');
      expect(errorOf(() => Money.of('abc', 'USD', 'presupuesto')).field).toBe('presupuesto');
      expect(errorOf(() => Money.of('10.001', 'USD')).field).toBeUndefined();
    });

    it('accepts strings and Decimals, including trailing zeros and exponents', () => {
      expect(usd('12.300').toString()).toBe('12.30');
      expect(Money.of(new Decimal('7.5'), 'USD').toString()).toBe('7.50');
      expect(usd('1.5e2').toString()).toBe('150.00');
      expect(usd('-0.00').toString()).toBe('0.00');
      expect(usd('-0').isNegative()).toBe(false);
    });

    it.each([NaN, Infinity, -Infinity, 'abc', '', ' 12', '12,50', '0x1F', 'NaN', 'Infinity', '1e99999', '1.2.3'])(
      'rejects %p with MONEY.MONTO_INVALIDO',
      (input) => {
        const error = errorOf(() => Money.of(input as string, 'USD'));
        expect(error.code).toBe('MONEY.MONTO_INVALIDO');
        expect(error.kind).toBe('validation');
      },
    );

    it('rejects NaN/Infinity Decimals and non-numeric types', () => {
      expect(errorOf(() => Money.of(new Decimal(NaN), 'USD')).code).toBe('MONEY.MONTO_INVALIDO');
      expect(errorOf(() => Money.of(new Decimal(Infinity), 'USD')).code).toBe('MONEY.MONTO_INVALIDO');
      expect(errorOf(() => Money.of(null as unknown as string, 'USD')).code).toBe('MONEY.MONTO_INVALIDO');
    });

    it('refuses more decimals than the currency has instead of silently rounding', () => {
      expect(errorOf(() => usd('10.005')).details).toMatchObject({ reason: 'demasiados_decimales' });
      // 0.1 + 0.2 computed in floating point is not a valid amount of cents.
      expect(errorOf(() => usd(0.1 + 0.2)).code).toBe('MONEY.MONTO_INVALIDO');
      expect(errorOf(() => Money.of('1.5', 'JPY')).code).toBe('MONEY.MONTO_INVALIDO');
    });

    it('rejects absurd magnitudes', () => {
      expect(errorOf(() => usd('1e30')).code).toBe('MONEY.MONTO_INVALIDO');
    });

    it.each(['usd', 'US', 'USDT', '', 'U5D'])('rejects currency %p with MONEY.MONEDA_INVALIDA', (currency) => {
      expect(errorOf(() => Money.of('1', currency)).code).toBe('MONEY.MONEDA_INVALIDA');
      expect(errorOf(() => Money.zero(currency)).code).toBe('MONEY.MONEDA_INVALIDA');
    });

    it('ofRounded rounds half up to the minor units', () => {
      expect(Money.ofRounded('1.005', 'USD').toString()).toBe('1.01');
      expect((1.005).toFixed(2)).toBe('1.00'); // the float trap: 1.005 as a double is 1.00499999…
      expect(Money.ofRounded(1.005, 'USD').toString()).toBe('1.01');
      expect(Money.ofRounded('-1.005', 'USD').toString()).toBe('-1.01');
      expect(Money.ofRounded('1.004999', 'USD').toString()).toBe('1.00');
    });

    it('zero and fromMinorUnits', () => {
      expect(Money.zero('USD').toString()).toBe('0.00');
      expect(Money.zero('USD').isZero()).toBe(true);
      expect(Money.fromMinorUnits(1230, 'USD').toString()).toBe('12.30');
      expect(Money.fromMinorUnits(-5n, 'KWD').toString()).toBe('-0.005');
      expect(Money.fromMinorUnits('1500', 'JPY').toString()).toBe('1500');
      expect(errorOf(() => Money.fromMinorUnits(1.5, 'USD')).code).toBe('MONEY.MONTO_INVALIDO');
    });
  });

  describe('minor units per currency', () => {
    it('uses 0 decimals for JPY, KRW, CLP, VND, ISK', () => {
      for (const currency of ['JPY', 'KRW', 'CLP', 'VND', 'ISK']) {
        expect(Money.of(1500, currency).toString()).toBe('1500');
        expect(Money.of(1500, currency).minorUnits).toBe(0);
      }
    });

    it('uses 3 decimals for KWD, BHD, JOD, OMR, TND', () => {
      for (const currency of ['KWD', 'BHD', 'JOD', 'OMR', 'TND']) {
        expect(Money.of('1.5', currency).toString()).toBe('1.500');
        expect(Money.of('1.005', currency).toMinorUnits()).toBe(1005n);
      }
    });

    it('uses 2 decimals by default', () => {
      expect(Money.of(7, 'COP').toString()).toBe('7.00');
      expect(Money.of(7, 'EUR').minorUnits).toBe(2);
    });
  });

  describe('add / subtract', () => {
    it('is exact where floating point is not', () => {
      expect(usd(0.1).add(usd(0.2)).toString()).toBe('0.30');
      expect(usd(0.1).add(usd(0.2)).equals(usd('0.3'))).toBe(true);
      expect(usd('0.3').subtract(usd('0.1')).toString()).toBe('0.20');
      let total = Money.zero('USD');
      for (let i = 0; i < 1000; i++) total = total.add(usd('0.01'));
      expect(total.toString()).toBe('10.00');
    });

    it('throws MONEY.MONEDA_DISTINTA when currencies differ', () => {
      const error = errorOf(() => usd(1).add(Money.of(1, 'EUR')));
      expect(error.code).toBe('MONEY.MONEDA_DISTINTA');
      expect(error.kind).toBe('business_rule');
      expect(errorOf(() => usd(1).subtract(Money.of(1, 'EUR'))).code).toBe('MONEY.MONEDA_DISTINTA');
      expect(errorOf(() => usd(1).greaterThan(Money.of(1, 'EUR'))).code).toBe('MONEY.MONEDA_DISTINTA');
      expect(errorOf(() => Money.sum([usd(1), Money.of(1, 'COP')], 'USD')).code).toBe('MONEY.MONEDA_DISTINTA');
    });

    it('sum adds a list and is zero for an empty one', () => {
      expect(Money.sum([usd('0.10'), usd('0.20'), usd('19.99')], 'USD').toString()).toBe('20.29');
      expect(Money.sum([], 'JPY').toString()).toBe('0');
    });

    it('does not change its operands', () => {
      const a = usd('5');
      a.add(usd('1'));
      a.negate();
      expect(a.toString()).toBe('5.00');
    });
  });

  describe('multiply / percentage — ROUND_HALF_UP to minor units', () => {
    it('follows the documented rounding rule: 10.005 USD → 10.01, -10.005 → -10.01, 2.5 JPY → 3', () => {
      expect(Money.ofRounded('10.005', 'USD').toString()).toBe('10.01');
      expect(Money.ofRounded('-10.005', 'USD').toString()).toBe('-10.01');
      expect(Money.ofRounded('2.5', 'JPY').toString()).toBe('3');
      expect(usd('20.01').multiply('0.5').toString()).toBe('10.01');
      expect(usd('-20.01').multiply('0.5').toString()).toBe('-10.01');
      expect(Money.of(5, 'JPY').percentage(50).toString()).toBe('3');
    });

    it('19.99 × 3 is exactly 59.97, and other products that floating point gets wrong', () => {
      expect(usd(19.99).multiply(3).toString()).toBe('59.97');
      expect(usd(19.99).multiply(3).toNumber()).toBe(59.97);
      expect(19.99 * 100).not.toBe(1999); // the float trap
      expect(usd(19.99).multiply(100).toString()).toBe('1999.00');
      expect(usd('0.07').multiply(3).toString()).toBe('0.21');
      expect(usd('4.35').multiply(100).toString()).toBe('435.00');
    });

    it('rounds ties away from zero, on positives and negatives', () => {
      expect(usd('10.01').multiply('0.5').toString()).toBe('5.01'); // 5.005
      expect(usd('-10.01').multiply('0.5').toString()).toBe('-5.01'); // -5.005
      expect(usd('1').multiply('10.005').toString()).toBe('10.01');
      expect(usd('-1').multiply('10.005').toString()).toBe('-10.01');
      expect(usd('1').multiply('10.0049').toString()).toBe('10.00');
      expect(Money.of(5, 'JPY').multiply('0.5').toString()).toBe('3'); // 2.5 → 3
      expect(Money.of(-5, 'JPY').multiply('0.5').toString()).toBe('-3');
      expect(Money.of('0.001', 'KWD').multiply('0.5').toString()).toBe('0.001'); // 0.0005 → 0.001
    });

    it('rounds once, on the exact product (no double rounding)', () => {
      // 1.00 × 1.0049999 = 1.0049999 → 1.00; rounding the factor first would wrongly give 1.01.
      expect(usd('1').multiply('1.0049999').toString()).toBe('1.00');
    });

    it('does not go through floating point for number factors', () => {
      expect(usd('100').multiply(1.005).toString()).toBe('100.50');
      expect(usd('1.15').multiply(100).toString()).toBe('115.00'); // 1.15 * 100 = 114.99999999999999 in JS
    });

    it('percentage(12.5) is 12.5 % of the amount', () => {
      expect(usd('200').percentage(12.5).toString()).toBe('25.00');
      expect(usd('19.99').percentage(15).toString()).toBe('3.00'); // 2.9985 → 3.00
      expect(usd('0.10').percentage(5).toString()).toBe('0.01'); // 0.005 → 0.01
      expect(usd('-0.10').percentage(5).toString()).toBe('-0.01');
      expect(Money.of(999, 'JPY').percentage(Percentage.of('12.5')).toString()).toBe('125'); // 124.875
      expect(usd('80').percentage('0').isZero()).toBe(true);
    });

    it('rejects garbage factors with MONEY.FACTOR_INVALIDO', () => {
      expect(errorOf(() => usd(1).multiply(NaN)).code).toBe('MONEY.FACTOR_INVALIDO');
      expect(errorOf(() => usd(1).multiply('x')).code).toBe('MONEY.FACTOR_INVALIDO');
      expect(errorOf(() => usd(1).percentage(Infinity)).code).toBe('MONEY.FACTOR_INVALIDO');
    });
  });

  describe('comparisons and sign', () => {
    it('compares by amount within a currency', () => {
      expect(usd('10').greaterThan(usd('9.99'))).toBe(true);
      expect(usd('9.99').lessThan(usd('10'))).toBe(true);
      expect(usd('10').greaterThan(usd('10'))).toBe(false);
      expect(usd('10').greaterThanOrEqual(usd('10.00'))).toBe(true);
      expect(usd('10').lessThanOrEqual(usd('9'))).toBe(false);
      expect(usd('3').min(usd('2.5')).toString()).toBe('2.50');
      expect(usd('3').max(usd('2.5')).toString()).toBe('3.00');
      expect(usd('-1').compareTo(usd('1'))).toBe(-1);
    });

    it('equals needs the same amount and currency, and never throws', () => {
      expect(usd('10').equals(usd('10.00'))).toBe(true);
      expect(usd('10').equals(usd('10.01'))).toBe(false);
      expect(usd('10').equals(Money.of('10', 'EUR'))).toBe(false);
      expect(usd('10').equals(null)).toBe(false);
    });

    it('isZero / isPositive / isNegative / negate / abs', () => {
      expect(usd('0').isZero()).toBe(true);
      expect(usd('0').isPositive()).toBe(false);
      expect(usd('0').isNegative()).toBe(false);
      expect(usd('0.01').isPositive()).toBe(true);
      expect(usd('-0.01').isNegative()).toBe(true);
      expect(usd('5').negate().toString()).toBe('-5.00');
      expect(usd('0').negate().toString()).toBe('0.00');
      expect(usd('-5').abs().toString()).toBe('5.00');
    });
  });

  describe('allocate / split', () => {
    const total = (parts: Money[]) => Money.sum(parts, parts[0].currency);

    it('splits without losing or inventing cents', () => {
      const parts = usd('100').split(3);
      expect(parts.map(String)).toEqual(['33.34', '33.33', '33.33']);
      expect(total(parts).equals(usd('100'))).toBe(true);
    });

    it('allocates in proportion and gives leftovers to the largest remainders', () => {
      expect(usd('0.05').allocate([3, 7]).map(String)).toEqual(['0.02', '0.03']); // 0.015 / 0.035
      expect(usd('0.10').allocate([1, 2]).map(String)).toEqual(['0.03', '0.07']); // 0.0333 / 0.0667
      expect(usd('10').allocate(['70', '20', '10']).map(String)).toEqual(['7.00', '2.00', '1.00']);
      expect(usd('0.01').allocate([1, 0, 1]).map(String)).toEqual(['0.01', '0.00', '0.00']);
      expect(usd('1').allocate([0, 1]).map(String)).toEqual(['0.00', '1.00']);
    });

    it('works for negative amounts and other minor units', () => {
      const parts = usd('-100').split(3);
      expect(parts.map(String)).toEqual(['-33.34', '-33.33', '-33.33']);
      expect(Money.of(100, 'JPY').split(3).map(String)).toEqual(['34', '33', '33']);
      expect(Money.of('1', 'KWD').split(3).map(String)).toEqual(['0.334', '0.333', '0.333']);
    });

    it('keeps the total for many random splits', () => {
      for (let cents = 1; cents < 400; cents += 7) {
        const amount = Money.fromMinorUnits(cents, 'USD');
        for (const ratios of [[1, 1, 1], [0.3, 0.7], ['12.5', '87.5'], [1, 2, 3, 4, 5, 6, 7]]) {
          expect(total(amount.allocate(ratios)).equals(amount)).toBe(true);
        }
      }
    });

    it('rejects bad ratios and part counts with MONEY.REPARTO_INVALIDO', () => {
      expect(errorOf(() => usd(1).allocate([])).code).toBe('MONEY.REPARTO_INVALIDO');
      expect(errorOf(() => usd(1).allocate([0, 0])).code).toBe('MONEY.REPARTO_INVALIDO');
      expect(errorOf(() => usd(1).allocate([1, -1])).code).toBe('MONEY.REPARTO_INVALIDO');
      expect(errorOf(() => usd(1).allocate([NaN])).code).toBe('MONEY.REPARTO_INVALIDO');
      expect(errorOf(() => usd(1).split(0)).code).toBe('MONEY.REPARTO_INVALIDO');
      expect(errorOf(() => usd(1).split(1.5)).code).toBe('MONEY.REPARTO_INVALIDO');
    });
  });

  describe('output', () => {
    it('toFixed/toString always show the minor units', () => {
      expect(usd('12.3').toFixed()).toBe('12.30');
      expect(usd('-0.5').toString()).toBe('-0.50');
      expect(Money.of('1000', 'JPY').toFixed()).toBe('1000');
      expect(Money.of('2', 'KWD').toFixed()).toBe('2.000');
      expect(usd('123456789012.34').toFixed()).toBe('123456789012.34');
    });

    it('toNumber gives the amount in currency units, and refuses what a double cannot hold exactly', () => {
      expect(usd('12.30').toNumber()).toBe(12.3);
      expect(JSON.stringify({ monto: usd('0.1').add(usd('0.2')).toNumber() })).toBe('{"monto":0.3}');
      expect(() => usd('123456789012345678.91').toNumber()).toThrow(RangeError);
    });

    it('toDecimal returns a copy', () => {
      const money = usd('1.50');
      const decimal = money.toDecimal();
      expect(decimal.plus(1).toString()).toBe('2.5');
      expect(money.toString()).toBe('1.50');
    });
  });
});
