import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PageRequest, Paginated } from '@alpes/seedwork';
import type { AccionAuditada, FiltroAuditoria } from '../../domain/auditoria/accion-auditada';
import type { AuditoriaRepository } from '../../domain/auditoria/auditoria.repository.port';
import { AccionAuditadaOrmEntity } from './accion-auditada.orm-entity';

@Injectable()
export class TypeormAuditoriaRepository implements AuditoriaRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listar(filtro: FiltroAuditoria, pagina: PageRequest): Promise<Paginated<AccionAuditada>> {
    const qb = this.dataSource.getRepository(AccionAuditadaOrmEntity).createQueryBuilder('a');
    if (filtro.servicio !== undefined) qb.andWhere('a.servicio = :servicio', { servicio: filtro.servicio });
    if (filtro.recurso !== undefined) qb.andWhere('a.recurso = :recurso', { recurso: filtro.recurso });
    if (filtro.recursoId !== undefined) qb.andWhere('a.recurso_id = :recursoId', { recursoId: filtro.recursoId });
    if (filtro.accion !== undefined) qb.andWhere('a.accion = :accion', { accion: filtro.accion });
    if (filtro.desde !== undefined) qb.andWhere('a.at >= :desde', { desde: filtro.desde });
    if (filtro.hasta !== undefined) qb.andWhere('a.at <= :hasta', { hasta: filtro.hasta });
    const [filas, total] = await qb
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.event_id', 'ASC')
      .offset(pagina.offset)
      .limit(pagina.limit)
      .getManyAndCount();
    return pagina.toPaginated(
      filas.map((f) => ({
        eventId: f.eventId,
        servicio: f.servicio,
        accion: f.accion,
        recurso: f.recurso,
        recursoId: f.recursoId,
        actor: f.actor,
        resultado: f.resultado,
        detalle: f.detalle,
        at: f.at,
        correlationId: f.correlationId,
        recibidoEn: f.recibidoEn,
      })),
      total,
    );
  }
}
