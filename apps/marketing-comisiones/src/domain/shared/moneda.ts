import { ValidationError } from '@alpes/seedwork';

// ISO 4217 codes in circulation, as the runtime's ICU data knows them (COP, USD, EUR…). Three uppercase letters
// are not enough: "ABC" or "XXX" would be accepted by the shape check alone.
const ISO_4217: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

export function esMonedaIso4217(value: unknown): value is string {
  return typeof value === 'string' && ISO_4217.has(value);
}

/** Throws `MONEDA.NO_ISO_4217` (validation, 400) unless `value` is an ISO 4217 code in circulation. */
export function assertMoneda(value: unknown, campo = 'moneda'): asserts value is string {
  if (!esMonedaIso4217(value)) {
    throw new ValidationError('MONEDA.NO_ISO_4217', `${campo} must be an ISO 4217 currency code in circulation (COP, USD, EUR…)`, {
      details: { campo, moneda: value },
    });
  }
}
