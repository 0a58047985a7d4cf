import type { Transaccion } from '../shared/transaccion';
import type { Comision } from './comision.aggregate';
import type { EstadoComision } from './estado-comision';

export const COMISION_REPOSITORY = Symbol('ComisionRepository');

export interface ComisionFiltro {
  readonly afiliadoId?: string;
  readonly campanaId?: string;
  readonly estado?: EstadoComision;
}

export interface ComisionRepository {
  /**
   * A plain (non-locking) read. Inside a unit of work pass its `tx`: the read then uses the transaction's connection
   * (a second pool connection per transaction deadlocks the pool under load).
   */
  findById(id: string, tx?: Transaccion): Promise<Comision | null>;
  findByConversionId(conversionId: string): Promise<Comision | null>;
  listar(filtro: ComisionFiltro, offset: number, limit: number): Promise<{ items: Comision[]; total: number }>;
  findByIdParaActualizar(tx: Transaccion, id: string): Promise<Comision | null>;
  /** Locked; ids that do not exist are simply absent from the map. */
  findByIdsParaActualizar(tx: Transaccion, ids: readonly string[]): Promise<Map<string, Comision>>;
  /** Locked; keyed by conversion id. */
  findByConversionIdsParaActualizar(tx: Transaccion, conversionIds: readonly string[]): Promise<Map<string, Comision>>;
  /** Locked: the affiliate's APROBADA commissions and pending adjustments not reserved by any payout. */
  findPagablesParaActualizar(tx: Transaccion, afiliadoId: string): Promise<Comision[]>;
  /** Locked: every commission a payout holds. */
  findByPagoParaActualizar(tx: Transaccion, pagoId: string): Promise<Comision[]>;
  /** Locked, skipping rows other transactions hold: accruals whose running total is not published yet. */
  findAcumuladosPorPublicar(tx: Transaccion, limit: number): Promise<Comision[]>;
  /**
   * Inserts the new ones (version 0) and updates the loaded ones (optimistic version check), then appends their
   * pending events to the outbox, all in `tx`. A duplicate conversion id → `ComisionErrors.conversionDuplicada`.
   */
  guardar(tx: Transaccion, comisiones: readonly Comision[]): Promise<void>;
}
