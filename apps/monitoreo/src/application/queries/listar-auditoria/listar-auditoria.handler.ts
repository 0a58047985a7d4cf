import { Inject, Injectable } from '@nestjs/common';
import type { IQueryHandler, Paginated } from '@alpes/seedwork';
import type { AccionAuditada } from '../../../domain/auditoria/accion-auditada';
import { AUDITORIA_REPOSITORY, type AuditoriaRepository } from '../../../domain/auditoria/auditoria.repository.port';
import { ListarAuditoriaQuery } from './listar-auditoria.query';

/** The audit trail (`AccionRegistrada` of every service), newest first. */
@Injectable()
export class ListarAuditoriaHandler implements IQueryHandler<ListarAuditoriaQuery, Paginated<AccionAuditada>> {
  constructor(@Inject(AUDITORIA_REPOSITORY) private readonly auditoria: AuditoriaRepository) {}

  execute(query: ListarAuditoriaQuery): Promise<Paginated<AccionAuditada>> {
    return this.auditoria.listar(query.filtro, query.pagina);
  }
}
