import type { Money } from '@alpes/seedwork';

export const PROVEEDOR_PAGOS = Symbol('ProveedorPagos');

export interface OrdenDePago {
  /** Idempotency key for the provider: the same payout is never paid twice. */
  readonly pagoId: string;
  readonly afiliadoId: string;
  readonly monto: Money;
}

export type ResultadoProveedor = { readonly exito: true; readonly referencia: string } | { readonly exito: false; readonly motivo: string };

/**
 * The payment provider. Contract: never throws; a definitive refusal is `{ exito: false, motivo }` (a stable code).
 * An adapter that cannot tell whether money moved must not answer `exito: false` (the payout would be retried).
 */
export interface ProveedorPagos {
  pagar(orden: OrdenDePago): Promise<ResultadoProveedor>;
}
