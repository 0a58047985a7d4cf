import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConflictError } from '@alpes/seedwork';
import { isDuplicateKeyError } from '@alpes/messaging';
import type { Campana } from '../../domain/campana/campana.aggregate';
import type { CampanaFiltro, CampanaRepository } from '../../domain/campana/campana.repository.port';
import type { Transaccion } from '../../domain/shared/transaccion';
import { EventosDominioPublisher } from '../messaging/eventos-dominio.publisher';
import { CampanaMapper } from './campana.mapper';
import { CampanaOrmEntity } from './campana.orm-entity';
import { managerDe } from './transaccion';

@Injectable()
export class CampanaTypeOrmRepository implements CampanaRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eventos: EventosDominioPublisher,
  ) {}

  async findById(id: string, tx?: Transaccion): Promise<Campana | null> {
    const row = await (tx ? managerDe(tx) : this.dataSource.manager).findOneBy(CampanaOrmEntity, { id });
    return row ? CampanaMapper.toDomain(row) : null;
  }

  async findByIdParaActualizar(tx: Transaccion, id: string): Promise<Campana | null> {
    const row = await managerDe(tx)
      .createQueryBuilder(CampanaOrmEntity, 'c')
      .where('c.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
    return row ? CampanaMapper.toDomain(row) : null;
  }

  async findManyParaActualizar(tx: Transaccion, ids: readonly string[]): Promise<Map<string, Campana>> {
    const mapa = new Map<string, Campana>();
    if (ids.length === 0) return mapa;
    const manager = managerDe(tx);
    // Only existing rows are locked: locking an unknown id would gap-lock and hold back campaign creation.
    const unicos = [...new Set(ids)];
    const existentes: { id: string }[] = await manager.query(
      `SELECT \`id\` FROM \`campanas\` WHERE \`id\` IN (${unicos.map(() => '?').join(',')})`,
      unicos,
    );
    if (existentes.length === 0) return mapa;
    const rows = await manager
      .createQueryBuilder(CampanaOrmEntity, 'c')
      .where('c.id IN (:...ids)', { ids: existentes.map((r) => r.id).sort() })
      .orderBy('c.id', 'ASC')
      .setLock('pessimistic_write')
      .getMany();
    for (const row of rows) mapa.set(row.id, CampanaMapper.toDomain(row));
    return mapa;
  }

  async insertar(tx: Transaccion, campana: Campana): Promise<boolean> {
    const manager = managerDe(tx);
    try {
      await manager.createQueryBuilder().insert().into(CampanaOrmEntity).values(CampanaMapper.toOrm(campana, 1)).updateEntity(false).execute();
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    campana.markPersisted(1);
    await this.eventos.publicar(manager, campana.pullDomainEvents());
    return true;
  }

  async guardar(tx: Transaccion, campana: Campana): Promise<void> {
    const manager = managerDe(tx);
    const { id, ...valores } = CampanaMapper.toOrm(campana, campana.version + 1);
    const result = await manager
      .createQueryBuilder()
      .update(CampanaOrmEntity)
      .set(valores)
      .where('id = :id AND version = :version', { id, version: campana.version })
      .updateEntity(false)
      .execute();
    if (result.affected !== 1) {
      throw new ConflictError('CAMPANA.CONFLICTO_CONCURRENCIA', `Campaign ${id} was changed by another request; try again`, {
        details: { campana_id: id, version: campana.version },
      });
    }
    campana.markPersisted(campana.version + 1);
    await this.eventos.publicar(manager, campana.pullDomainEvents());
  }

  async listar(filtro: CampanaFiltro, offset: number, limit: number): Promise<{ items: Campana[]; total: number }> {
    const [rows, total] = await this.dataSource.getRepository(CampanaOrmEntity).findAndCount({
      where: filtro.estado ? { estado: filtro.estado } : {},
      order: { creadoEn: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { items: rows.map(CampanaMapper.toDomain), total };
  }
}

