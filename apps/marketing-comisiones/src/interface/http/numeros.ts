import type { Money } from '@alpes/seedwork';

/**
 * JSON numbers enter the domain through their shortest decimal text (`String(12.3)` is "12.3"), never through
 * float arithmetic; the DTOs already limited them to 4 decimals and DECIMAL(18,4).
 */
export function textoDecimal(valor: number): string;
export function textoDecimal(valor: number | null | undefined): string | null;
export function textoDecimal(valor: number | null | undefined): string | null {
  return valor === null || valor === undefined ? null : String(valor);
}

/** An amount as a JSON number: exact when it fits (≤ 15 significant digits); the nearest double beyond, never a 500. */
export function numero(monto: Money): number {
  try {
    return monto.toNumber();
  } catch {
    return Number(monto.toFixed());
  }
}

/** Decimal text (DECIMAL column) as a JSON number. */
export function numeroDeTexto(texto: string): number {
  return Number(texto);
}
