import type { ReceivedEvent } from '@alpes/messaging';
import type { ProyeccionStore } from '../../domain/proyeccion/proyeccion.store.port';
import type { ConjuntoTablas } from '../../domain/reconstruccion/conjunto-tablas';
import type { Reconstruccion } from '../../domain/reconstruccion/reconstruccion.aggregate';
import type { ResultadoProyeccion } from '../event-handlers/proyectar-eventos/proyectar-eventos.handler';

export const CONJUNTOS_PROYECCION = Symbol('CONJUNTOS_PROYECCION');
export const FUENTE_REPRODUCCION = Symbol('FUENTE_REPRODUCCION');

export interface ResultadoLoteSombra {
  /** Events applied for the first time to the target set. */
  readonly nuevos: number;
  /** Events the target set had already applied (a redelivery of the replay). */
  readonly duplicados: number;
  /** Of the new ones, events that could not be projected (malformed). */
  readonly omitidos: number;
}

/** The two sets of projection tables (see `ConjuntoTablas`) and the switch between them. */
export interface ConjuntosProyeccion {
  /** Empties every table of a set that is not active (refuses the active one). */
  vaciar(conjunto: ConjuntoTablas): Promise<void>;
  /**
   * One replay batch into the rebuild's target set, in one transaction: events the set already applied are skipped
   * (its own applied-events table plays the inbox), the others recorded and projected with `proyectar`. Refused
   * once the rebuild is no longer EN_CURSO (the set may be active by then).
   */
  proyectarLote(
    reconstruccion: Reconstruccion,
    eventos: readonly ReceivedEvent[],
    proyectar: (nuevos: readonly ReceivedEvent[], store: ProyeccionStore) => Promise<ResultadoProyeccion>,
  ): Promise<ResultadoLoteSombra>;
  /**
   * Makes the rebuilt set the active one, atomically and without losing or double counting a live event: holds the
   * live consumers (control row locked), waits up to `esperaMaxMs` until the target set has applied every event the
   * live consumers ever committed (their inbox rows), switches the active set and completes `reconstruccion`, all in
   * one transaction. Events the target set applied ahead of the live consumers are skipped by them afterwards (they
   * check the set's applied events). false when the target set has not caught up yet (nothing changed; try later).
   */
  conmutar(reconstruccion: Reconstruccion, esperaMaxMs: number): Promise<boolean>;
}

/** A replay of the four topics from their earliest message, running until closed. */
export interface Reproduccion {
  /** Messages not yet applied and acknowledged, over every topic (0 = caught up with the end of the topics). */
  pendientes(): Promise<number>;
  /** Set when the replay cannot go on (its batches keep failing). */
  readonly fallo: Error | null;
  /** Stops reading and deletes the replay's subscriptions. */
  cerrar(): Promise<void>;
}

export interface FuenteReproduccion {
  abrir(suscripcion: string, alLote: (eventos: ReceivedEvent[]) => Promise<void>): Promise<Reproduccion>;
  /** Deletes replay subscriptions other than `vigentes` (left behind by a process that died mid-rebuild). */
  limpiar(vigentes: readonly string[]): Promise<number>;
}

/** The temporary subscription a rebuild reads the topics with (deleted when it ends). */
export function suscripcionDeReconstruccion(id: string): string {
  return `${PREFIJO_SUSCRIPCION_RECONSTRUCCION}${id}`;
}

export const PREFIJO_SUSCRIPCION_RECONSTRUCCION = 'tracking-queries.reconstruccion-';
