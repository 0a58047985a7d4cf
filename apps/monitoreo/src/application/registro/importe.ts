import { Decimal } from 'decimal.js';

/** DECIMAL(19,4): what the log's `value` column holds exactly. */
export const DECIMALES_MAXIMOS = 4;
const LIMITE = new Decimal('1e15');
const TEXTO_DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export type ResultadoImporte = { readonly ok: true; readonly valor: string } | { readonly ok: false; readonly problema: string };

/**
 * A decimal text (a JSON number's text or a numeric string) → its exact normalised text ("19.99", "1500"), if it
 * fits the log's column: at most 4 decimals and less than 10^15 in absolute value.
 */
export function importeExacto(texto: string, opciones: { negativo?: boolean } = {}): ResultadoImporte {
  const limpio = texto.trim();
  if (!TEXTO_DECIMAL.test(limpio)) return { ok: false, problema: 'is not a decimal number' };
  const d = new Decimal(limpio);
  if (!d.isFinite()) return { ok: false, problema: 'is not a finite number' };
  if (d.isNegative() && !d.isZero() && !opciones.negativo) return { ok: false, problema: 'must not be negative' };
  if (d.decimalPlaces() > DECIMALES_MAXIMOS) return { ok: false, problema: `has more than ${DECIMALES_MAXIMOS} decimals` };
  if (d.abs().greaterThanOrEqualTo(LIMITE)) return { ok: false, problema: 'is too large (10^15 or more)' };
  return { ok: true, valor: d.isZero() ? '0' : d.toFixed() };
}
