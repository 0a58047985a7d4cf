import type { CambiosProyeccion, InstantaneaProyeccion, ReferenciasProyeccion } from './proyector';

/**
 * Where a batch of facts is projected: one set of projection tables, inside the transaction of the batch (the
 * live tables inside the inbox transaction of the consumer; the shadow tables of a rebuild inside the replay's
 * transaction). Implemented in infrastructure with multi-row statements.
 */
export interface ProyeccionStore {
  /** The current rows of the ids a batch refers to. */
  cargar(referencias: ReferenciasProyeccion): Promise<InstantaneaProyeccion>;
  /** Writes the batch's changes: new rows, upserts, and each counter row once with the batch's increments. */
  aplicar(cambios: CambiosProyeccion): Promise<void>;
}
