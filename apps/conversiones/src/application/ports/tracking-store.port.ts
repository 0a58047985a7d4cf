import type { AggregateRoot } from '@alpes/seedwork';
import type { FuentesAtribucion } from '../../domain/atribucion/atribucion.policy';
import type { Conversion } from '../../domain/conversion/conversion.aggregate';
import type { Click } from '../../domain/tracking/click.aggregate';
import type { TransaccionAbierta } from './transaccion';

/** Clicks of one IP on one campaign within one minute, counted for click flooding. */
export interface CubetaClicks {
  readonly campanaId: string;
  readonly ip: string;
  readonly minuto: number;
  /** Clicks to add. */
  readonly cantidad: number;
}

/** A conversion whose click was unknown when it was processed: re-evaluated when the click arrives or time is up. */
export interface ConversionPendiente {
  readonly conversionId: string;
  readonly clickId: string;
  /** When it was accepted (epoch ms): the grace period runs from here. */
  readonly recibidaEn: number;
  /** Correlation id of the request that registered it, carried into the events decided later. */
  readonly correlationId: string | null;
}

/** The processor's persistence, bound to one transaction (one batch of commands, or one timer round). */
export interface TrackingStore extends FuentesAtribucion {
  /** The ids among `ids` that already have a stream in the event store (a repeated command is ignored). */
  existentes(ids: readonly string[]): Promise<Set<string>>;
  /** Adds the clicks to their counters and returns, for each bucket in order, how many it had before. */
  contarClicks(cubetas: readonly CubetaClicks[]): Promise<number[]>;
  /** Records clicks for attribution (flagged ones too) and counts the flagged ones. */
  registrarClicks(clicks: readonly Click[]): Promise<void>;
  /** Conversions rebuilt from their events; ids without a stream are absent. */
  cargarConversiones(ids: readonly string[]): Promise<Map<string, Conversion>>;
  /** Reserves a validated conversion's `referencia_externa` in its campaign. */
  reservarReferencia(campanaId: string, referencia: string, conversionId: string): Promise<void>;
  aparcar(pendientes: readonly ConversionPendiente[]): Promise<void>;
  /** Locks and removes the pending conversions waiting for any of these clicks. */
  tomarPendientesDeClicks(clickIds: readonly string[]): Promise<ConversionPendiente[]>;
  /**
   * Locks (skipping rows another transaction holds) and removes up to `limite` pending conversions whose click is
   * known by now or that were accepted before `recibidasAntesDe` (grace period over).
   */
  tomarPendientesListos(recibidasAntesDe: number, limite: number): Promise<ConversionPendiente[]>;
  /**
   * Appends the aggregates' new events to the event store (optimistic concurrency on version) and their
   * integration events to the outbox; flagged clicks stay out of the outbox.
   */
  guardar(agregados: readonly AggregateRoot<object>[]): Promise<void>;
}

export interface TrackingStoreFactory {
  en(tx: TransaccionAbierta): TrackingStore;
}

export const TRACKING_STORE = Symbol('TRACKING_STORE');
