import type { Transaccion } from '../../domain/shared/transaccion';

export const UNIT_OF_WORK = Symbol('UnitOfWork');

/**
 * Runs `work` in one database transaction: every repository call given `tx` and the outbox rows of the events they
 * publish commit together or not at all. A deadlock or lock-wait timeout re-runs `work` from the start (it must read
 * everything it needs through `tx`).
 */
export interface UnitOfWork {
  run<T>(work: (tx: Transaccion) => Promise<T>): Promise<T>;
}
