import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { IntegrationEventPublisher, runInTransaction } from '@alpes/messaging';
import { auditEvent } from '@alpes/platform';
import type { Reconstruccion } from '../../domain/reconstruccion/reconstruccion.aggregate';
import type { ReconstruccionRepository, SolicitudContexto } from '../../domain/reconstruccion/reconstruccion.repository.port';
import { leerConjuntoActivo } from './control';
import { ReconstruccionMapper } from './reconstruccion.mapper';
import { ReconstruccionOrmEntity } from './reconstruccion.orm-entity';

/** A rebuild changed by someone else since it was read (e.g. taken over as abandoned): the runner must stop. */
export class ReconstruccionConcurrenteError extends Error {
  constructor(id: string) {
    super(`Rebuild ${id} was changed concurrently`);
  }
}

@Injectable()
export class TypeormReconstruccionRepository implements ReconstruccionRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: IntegrationEventPublisher,
  ) {}

  async solicitar(
    decidir: (contexto: SolicitudContexto) => { nueva: Reconstruccion; abandonada: Reconstruccion | null },
    motivo: string | null = null,
  ): Promise<Reconstruccion> {
    return runInTransaction(this.dataSource, async (manager) => {
      // The control row serialises requests (two concurrent POSTs: the second waits, then sees the first EN_CURSO).
      const activo = await leerConjuntoActivo(manager, 'exclusivo');
      const enCursoRow = await manager.getRepository(ReconstruccionOrmEntity).findOne({ where: { estado: 'EN_CURSO' }, order: { solicitadaEn: 'DESC' } });
      const enCurso = enCursoRow ? ReconstruccionMapper.toDomain(enCursoRow) : null;
      const { nueva, abandonada } = decidir({ activo, enCurso });
      if (abandonada) await this.guardarCon(manager, abandonada);
      await manager.getRepository(ReconstruccionOrmEntity).insert(ReconstruccionMapper.toOrm(nueva, 1));
      nueva.markPersisted(1);
      await this.publisher.publish(manager, [
        auditEvent({
          servicio: 'tracking-queries',
          accion: 'ReconstruirProyecciones',
          recurso: 'proyecciones',
          recurso_id: nueva.id,
          detalle:
            [motivo, abandonada ? `reemplaza la reconstrucción abandonada ${abandonada.id}` : null].filter((x) => x).join('; ') || null,
        }),
      ]);
      return nueva;
    });
  }

  async guardar(r: Reconstruccion): Promise<void> {
    await this.guardarCon(this.dataSource.manager, r);
  }

  /** Optimistic concurrency: the row is updated only if nobody changed it since it was read. */
  async guardarCon(manager: EntityManager, r: Reconstruccion): Promise<void> {
    const siguiente = r.version + 1;
    const row = ReconstruccionMapper.toOrm(r, siguiente);
    const result = await manager
      .createQueryBuilder()
      .update(ReconstruccionOrmEntity)
      .set({ ...row, id: undefined })
      .where('id = :id AND version = :version', { id: r.id, version: r.version })
      .execute();
    if (!result.affected) throw new ReconstruccionConcurrenteError(r.id);
    r.markPersisted(siguiente);
  }

  async porId(id: string): Promise<Reconstruccion | null> {
    const row = await this.dataSource.getRepository(ReconstruccionOrmEntity).findOne({ where: { id } });
    return row ? ReconstruccionMapper.toDomain(row) : null;
  }

  async ultima(): Promise<Reconstruccion | null> {
    const [row] = await this.dataSource.getRepository(ReconstruccionOrmEntity).find({ order: { solicitadaEn: 'DESC', id: 'DESC' }, take: 1 });
    return row ? ReconstruccionMapper.toDomain(row) : null;
  }

  async enCurso(): Promise<Reconstruccion[]> {
    const rows = await this.dataSource.getRepository(ReconstruccionOrmEntity).find({ where: { estado: 'EN_CURSO' } });
    return rows.map(ReconstruccionMapper.toDomain);
  }
}
