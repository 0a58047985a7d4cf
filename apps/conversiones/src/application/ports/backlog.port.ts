/**
 * Accepted work not processed yet, in events (one outbox row, one Pulsar message = one event). Each part is `null`
 * when it could not be measured this time (database or broker admin API unreachable).
 */
export interface MedidaBacklog {
  /** Outbox rows of this service not published yet (commands for `tracking.comandos` and events it produced). */
  readonly outbox: number | null;
  /** Messages of `tracking.comandos` the processor's subscription has not acknowledged. */
  readonly procesador: number | null;
  /** The largest backlog among the subscriptions of `conversiones.eventos` that have a consumer connected. */
  readonly consumidores: number | null;
}

/** Measures the backlog (a few queries: called about once a second, never per request). */
export interface FuenteBacklog {
  medir(): Promise<MedidaBacklog>;
}

export const FUENTE_BACKLOG = Symbol('FUENTE_BACKLOG');
