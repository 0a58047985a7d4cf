import type { EntityManager } from 'typeorm';
import type { Transaccion } from '../../domain/shared/transaccion';

/** The opaque `Transaccion` of the domain is, here, the EntityManager of an open TypeORM transaction. */
export function transaccionDe(manager: EntityManager): Transaccion {
  return manager as unknown as Transaccion;
}

export function managerDe(tx: Transaccion): EntityManager {
  const manager = tx as unknown as EntityManager;
  if (!manager?.queryRunner?.isTransactionActive) throw new Error('Repository write outside an open transaction');
  return manager;
}
