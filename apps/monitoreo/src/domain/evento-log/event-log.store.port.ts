import type { AccionAuditada } from '../auditoria/accion-auditada';
import type { RechazoExterno } from './rechazo-externo';
import type { RegistroEvento } from './registro-evento';

/**
 * Where a batch of consumed events is written, inside the consumer's transaction (one per batch). Every write
 * ignores rows already there (same event id and source topic / message id), so a batch re-run after a rollback
 * changes nothing twice.
 */
export interface EventLogStore {
  registrar(filas: readonly RegistroEvento[]): Promise<void>;
  registrarAuditoria(acciones: readonly AccionAuditada[]): Promise<void>;
  registrarRechazos(rechazos: readonly RechazoExterno[]): Promise<void>;
}
