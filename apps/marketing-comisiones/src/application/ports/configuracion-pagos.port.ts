import type { Money } from '@alpes/seedwork';

export const CONFIGURACION_PAGOS = Symbol('ConfiguracionPagos');

export interface ConfiguracionPagos {
  /** Minimum payout in `moneda` (`PAGO_MINIMO_<MONEDA>`, else `PAGO_MINIMO`), or null: none by default. */
  minimo(moneda: string): Money | null;
  /**
   * How long a payout may stay EN_PROCESO before `ejecutar` may resume it (`PAGO_REANUDAR_EN_PROCESO_MS`, default
   * 5 minutes): longer than any provider call, so only a payout whose process died, or whose provider broke its
   * contract, is resumed. Safe because the provider's idempotency key is the payout id.
   */
  reanudarEnProcesoTrasMs(): number;
}
