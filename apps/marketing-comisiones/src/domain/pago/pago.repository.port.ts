import type { Transaccion } from '../shared/transaccion';
import type { Pago } from './pago.aggregate';

export const PAGO_REPOSITORY = Symbol('PagoRepository');

export interface PagoRepository {
  findById(id: string): Promise<Pago | null>;
  findByIdParaActualizar(tx: Transaccion, id: string): Promise<Pago | null>;
  listar(filtro: { afiliadoId?: string }, offset: number, limit: number): Promise<{ items: Pago[]; total: number }>;
  /** Inserts (version 0) or updates (optimistic version check) and appends the pending events to the outbox. */
  guardar(tx: Transaccion, pago: Pago): Promise<void>;
}
