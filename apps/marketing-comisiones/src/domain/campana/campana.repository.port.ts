import type { Transaccion } from '../shared/transaccion';
import type { Campana } from './campana.aggregate';
import type { EstadoCampana } from './estado-campana';

export const CAMPANA_REPOSITORY = Symbol('CampanaRepository');

export interface CampanaFiltro {
  readonly estado?: EstadoCampana;
}

export interface CampanaRepository {
  /**
   * A plain (non-locking) read. Inside a unit of work pass its `tx`: the read then uses the transaction's connection
   * (a second pool connection per transaction deadlocks the pool under load).
   */
  findById(id: string, tx?: Transaccion): Promise<Campana | null>;
  /** Locks the row until the transaction ends (`SELECT … FOR UPDATE`). */
  findByIdParaActualizar(tx: Transaccion, id: string): Promise<Campana | null>;
  /** Locks every row found, in id order (so that concurrent batches never deadlock on each other). */
  findManyParaActualizar(tx: Transaccion, ids: readonly string[]): Promise<Map<string, Campana>>;
  /** Inserts a new campaign and its events; `false` when the id exists already (nothing written). */
  insertar(tx: Transaccion, campana: Campana): Promise<boolean>;
  /** Updates a loaded campaign (optimistic version check) and appends its pending events to the outbox. */
  guardar(tx: Transaccion, campana: Campana): Promise<void>;
  listar(filtro: CampanaFiltro, offset: number, limit: number): Promise<{ items: Campana[]; total: number }>;
}
