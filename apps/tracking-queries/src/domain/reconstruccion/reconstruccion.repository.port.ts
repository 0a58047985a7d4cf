import type { ConjuntoTablas } from './conjunto-tablas';
import type { Reconstruccion } from './reconstruccion.aggregate';

export const RECONSTRUCCION_REPOSITORY = Symbol('RECONSTRUCCION_REPOSITORY');

/** What a rebuild request sees inside its transaction (the control row locked). */
export interface SolicitudContexto {
  readonly activo: ConjuntoTablas;
  readonly enCurso: Reconstruccion | null;
}

export interface ReconstruccionRepository {
  /**
   * Runs `decidir` with the control row locked (so two requests are serialised) and saves what it returns in the
   * same transaction, together with the audit event of the request (`motivo` in its detail).
   */
  solicitar(
    decidir: (contexto: SolicitudContexto) => { nueva: Reconstruccion; abandonada: Reconstruccion | null },
    motivo?: string | null,
  ): Promise<Reconstruccion>;
  guardar(reconstruccion: Reconstruccion): Promise<void>;
  porId(id: string): Promise<Reconstruccion | null>;
  ultima(): Promise<Reconstruccion | null>;
  /** Rebuilds still EN_CURSO (to find abandoned ones at start-up). */
  enCurso(): Promise<Reconstruccion[]>;
}
