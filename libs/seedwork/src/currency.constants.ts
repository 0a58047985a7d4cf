import { ValidationError } from './domain.error';

/** An ISO-4217 alphabetic code: three uppercase letters (`USD`, `COP`, `JPY`). */
export type CurrencyCode = string;

/**
 * ISO-4217 currencies whose minor unit is not 2 (decimal places of the amount). Every other well-formed code has 2.
 */
export const CURRENCY_MINOR_UNITS: Readonly<Record<CurrencyCode, number>> = Object.freeze({
  // 0 decimals
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0,
  VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // 3 decimals
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // 4 decimals (units of account)
  CLF: 4, UYW: 4,
});

export const DEFAULT_MINOR_UNITS = 2;

const CODE = /^[A-Z]{3}$/;

export function isCurrencyCode(value: unknown): value is CurrencyCode {
  return typeof value === 'string' && CODE.test(value);
}

/** Throws `MONEY.MONEDA_INVALIDA` (validation) unless `value` is three uppercase letters. */
export function assertCurrencyCode(value: unknown): asserts value is CurrencyCode {
  if (!isCurrencyCode(value)) {
    throw new ValidationError('MONEY.MONEDA_INVALIDA', `Currency must be an ISO-4217 code of 3 uppercase letters`, {
      details: { currency: value },
    });
  }
}

/** Decimal places of the currency's minor unit: 2 unless listed in CURRENCY_MINOR_UNITS. */
export function currencyMinorUnits(currency: CurrencyCode): number {
  assertCurrencyCode(currency);
  return Object.prototype.hasOwnProperty.call(CURRENCY_MINOR_UNITS, currency)
    ? CURRENCY_MINOR_UNITS[currency]
    : DEFAULT_MINOR_UNITS;
}
