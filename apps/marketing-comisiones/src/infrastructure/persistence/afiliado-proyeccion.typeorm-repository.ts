import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import type { AfiliadoProyeccion } from '../../domain/afiliado/afiliado-proyeccion';
import type { AfiliadosProyeccionRepository } from '../../domain/afiliado/afiliado-proyeccion.repository.port';
import type { Transaccion } from '../../domain/shared/transaccion';
import { AfiliadoProyeccionMapper } from './afiliado-proyeccion.mapper';
import { AfiliadoProyeccionOrmEntity } from './afiliado-proyeccion.orm-entity';
import { managerDe } from './transaccion';

@Injectable()
export class AfiliadoProyeccionTypeOrmRepository implements AfiliadosProyeccionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(tx?: Transaccion): EntityManager {
    return tx ? managerDe(tx) : this.dataSource.manager;
  }

  async findById(id: string, tx?: Transaccion): Promise<AfiliadoProyeccion | null> {
    const row = await this.manager(tx).findOneBy(AfiliadoProyeccionOrmEntity, { id });
    return row ? AfiliadoProyeccionMapper.toDomain(row) : null;
  }

  async findMany(ids: readonly string[], tx?: Transaccion): Promise<Map<string, AfiliadoProyeccion>> {
    if (ids.length === 0) return new Map();
    const rows = await this.manager(tx).findBy(AfiliadoProyeccionOrmEntity, { id: In([...new Set(ids)]) });
    return new Map(rows.map((row) => [row.id, AfiliadoProyeccionMapper.toDomain(row)]));
  }

  async guardar(tx: Transaccion, afiliado: AfiliadoProyeccion): Promise<void> {
    await managerDe(tx).upsert(AfiliadoProyeccionOrmEntity, AfiliadoProyeccionMapper.toOrm(afiliado), ['id']);
  }
}
