import type { PageRequest, Paginated } from '@alpes/seedwork';
import type { AccionAuditada, FiltroAuditoria } from './accion-auditada';

export const AUDITORIA_REPOSITORY = Symbol('AUDITORIA_REPOSITORY');

export interface AuditoriaRepository {
  /** Newest first (`at` desc). */
  listar(filtro: FiltroAuditoria, pagina: PageRequest): Promise<Paginated<AccionAuditada>>;
}
