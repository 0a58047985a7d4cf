import type { Money } from '@alpes/seedwork';

export const CONFIGURACION_PAGOS = Symbol('ConfiguracionPagos');

export interface ConfiguracionPagos {
  /** Minimum payout in `moneda` (`PAGO_MINIMO_<MONEDA>`, else `PAGO_MINIMO`), or null: none by default. */
  minimo(moneda: string): Money | null;
}
