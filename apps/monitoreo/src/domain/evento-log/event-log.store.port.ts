import type { AccionAuditada } from '../auditoria/accion-auditada';
import type { RechazoExterno } from './rechazo-externo';
import type { RegistroEvento } from './registro-evento';

/**
 * Where a batch of consumed events is written, inside the consumer's transaction (one per batch). Every write
 * ignores rows already there (same event id / message id), so a batch re-run after a rollback changes nothing twice.
 */
export interface EventLogStore {
  /** Returns how many rows were new. */
  registrar(filas: readonly RegistroEvento[]): Promise<number>;
  registrarAuditoria(acciones: readonly AccionAuditada[]): Promise<void>;
  registrarRechazos(rechazos: readonly RechazoExterno[]): Promise<void>;
}
