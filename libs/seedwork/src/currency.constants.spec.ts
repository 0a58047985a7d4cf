import { currencyMinorUnits, isCurrencyCode } from './currency.constants';
import { DomainError } from './domain.error';

describe('currency codes', () => {
  it('knows the minor units that differ from 2', () => {
    expect(currencyMinorUnits('JPY')).toBe(0);
    expect(currencyMinorUnits('CLP')).toBe(0);
    expect(currencyMinorUnits('KWD')).toBe(3);
    expect(currencyMinorUnits('CLF')).toBe(4);
    expect(currencyMinorUnits('COP')).toBe(2);
    expect(currencyMinorUnits('USD')).toBe(2);
  });

  it('refuses malformed codes with MONEY.MONEDA_INVALIDA', () => {
    expect(() => currencyMinorUnits('usd')).toThrow(expect.objectContaining({ code: 'MONEY.MONEDA_INVALIDA' }));
    expect(() => currencyMinorUnits('usd')).toThrow(DomainError);
  });

  it('accepts only three uppercase letters', () => {
    expect(isCurrencyCode('EUR')).toBe(true);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode(' EUR')).toBe(false);
    expect(isCurrencyCode(978)).toBe(false);
  });
});
