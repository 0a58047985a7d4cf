import type { RegistrarClick, RegistrarConversion, RegistrarImpresion, RevertirConversion } from '@alpes/contracts';

/** A command for `tracking.comandos`, with its message key (the campaign, so that a campaign's commands keep order). */
export type ComandoTracking =
  | { readonly eventType: 'RegistrarImpresion'; readonly payload: RegistrarImpresion; readonly key: string }
  | { readonly eventType: 'RegistrarClick'; readonly payload: RegistrarClick; readonly key: string }
  | { readonly eventType: 'RegistrarConversion'; readonly payload: RegistrarConversion; readonly key: string }
  | { readonly eventType: 'RevertirConversion'; readonly payload: RevertirConversion; readonly key: string };

export interface ComandoIngesta {
  readonly comando: ComandoTracking;
  readonly correlationId: string;
  /** Who asked (audit trail). */
  readonly actor: string;
  /**
   * For a conversion: a fingerprint of what the client sent. A second request with the same id and the same
   * fingerprint is a retry (accepted again, not sent twice); with another fingerprint it is a conflict.
   */
  readonly huella?: string;
  /** Record an `AccionRegistrada` with the command (conversions and reverts; not every impression). */
  readonly auditar?: { readonly accion: string; readonly recurso: string };
}

/**
 * ACEPTADO: durably written (outbox) and will be processed. DUPLICADO: a retry of a conversion already accepted
 * (same content): nothing new written, the client gets the same answer. CONFLICTO: that conversion id was accepted
 * with other content.
 */
export type ResultadoIngesta = 'ACEPTADO' | 'DUPLICADO' | 'CONFLICTO';

/**
 * Durable hand-off of tracking commands: resolves once they are committed (so an accepted request is never lost,
 * even with the broker down), in the order given. Rejects with `IngestaNoDisponibleError` when they could not be.
 */
export interface ColaIngesta {
  encolar(items: readonly ComandoIngesta[]): Promise<ResultadoIngesta[]>;
}

/** The commands could not be stored (database unavailable, or the service overloaded): the client may retry. */
export class IngestaNoDisponibleError extends Error {
  readonly code: string = 'TRACKING.INGESTA_NO_DISPONIBLE';
  /** When the client should try again (HTTP `Retry-After`). */
  readonly reintentarEnSegundos: number;

  constructor(message: string, options?: { cause?: unknown; reintentarEnSegundos?: number }) {
    super(message, options);
    this.name = 'IngestaNoDisponibleError';
    this.reintentarEnSegundos = options?.reintentarEnSegundos ?? 1;
  }
}

/**
 * Back-pressure: the work already accepted and not yet processed (outbox, processor, consumers of its events) is
 * above the threshold of this kind of command. Nothing was stored; retry after `reintentarEnSegundos`.
 */
export class SobrecargaError extends IngestaNoDisponibleError {
  override readonly code: string = 'TRACKING.SOBRECARGA';

  constructor(message: string, reintentarEnSegundos: number) {
    super(message, { reintentarEnSegundos });
    this.name = 'SobrecargaError';
  }
}

export const COLA_INGESTA = Symbol('COLA_INGESTA');

/** The resource id a command creates or addresses. */
export function idDelComando(comando: ComandoTracking): string {
  return comando.eventType === 'RevertirConversion' ? comando.payload.conversion_id : comando.payload.id;
}
