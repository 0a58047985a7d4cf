import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { ConflictError } from '@alpes/seedwork';
import { describeError, isDuplicateKeyError } from '@alpes/messaging';
import type { Comision } from '../../domain/comision/comision.aggregate';
import { ComisionErrors } from '../../domain/comision/comision.errors';
import type { ComisionFiltro, ComisionRepository } from '../../domain/comision/comision.repository.port';
import type { Transaccion } from '../../domain/shared/transaccion';
import { EventosDominioPublisher } from '../messaging/eventos-dominio.publisher';
import { ComisionMapper } from './comision.mapper';
import { ComisionOrmEntity } from './comision.orm-entity';
import { managerDe } from './transaccion';

const INSERT_CHUNK = 500;

@Injectable()
export class ComisionTypeOrmRepository implements ComisionRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eventos: EventosDominioPublisher,
  ) {}

  async findById(id: string, tx?: Transaccion): Promise<Comision | null> {
    const row = await (tx ? managerDe(tx) : this.dataSource.manager).findOneBy(ComisionOrmEntity, { id });
    return row ? ComisionMapper.toDomain(row) : null;
  }

  async findByConversionId(conversionId: string): Promise<Comision | null> {
    const row = await this.dataSource.getRepository(ComisionOrmEntity).findOneBy({ conversionId });
    return row ? ComisionMapper.toDomain(row) : null;
  }

  async listar(filtro: ComisionFiltro, offset: number, limit: number): Promise<{ items: Comision[]; total: number }> {
    const where: Partial<Record<'afiliadoId' | 'campanaId' | 'estado', string>> = {};
    if (filtro.afiliadoId) where.afiliadoId = filtro.afiliadoId;
    if (filtro.campanaId) where.campanaId = filtro.campanaId;
    if (filtro.estado) where.estado = filtro.estado;
    const [rows, total] = await this.dataSource.getRepository(ComisionOrmEntity).findAndCount({
      where,
      order: { creadoEn: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { items: rows.map(ComisionMapper.toDomain), total };
  }

  async findByIdParaActualizar(tx: Transaccion, id: string): Promise<Comision | null> {
    const row = await this.bloqueo(managerDe(tx)).where('k.id = :id', { id }).getOne();
    return row ? ComisionMapper.toDomain(row) : null;
  }

  async findByIdsParaActualizar(tx: Transaccion, ids: readonly string[]): Promise<Map<string, Comision>> {
    const manager = managerDe(tx);
    const existentes = await this.existentes(manager, 'id', ids);
    const rows = await this.bloquearPorId(manager, existentes);
    return new Map(rows.map((row) => [row.id, ComisionMapper.toDomain(row)]));
  }

  async findByConversionIdsParaActualizar(tx: Transaccion, conversionIds: readonly string[]): Promise<Map<string, Comision>> {
    const manager = managerDe(tx);
    const existentes = await this.existentes(manager, 'conversion_id', conversionIds);
    const rows = await this.bloquearPorId(manager, existentes);
    return new Map(rows.map((row) => [row.conversionId as string, ComisionMapper.toDomain(row)]));
  }

  async findPagablesParaActualizar(tx: Transaccion, afiliadoId: string): Promise<Comision[]> {
    const rows = await this.bloqueo(managerDe(tx))
      .where('k.afiliado_id = :afiliadoId', { afiliadoId })
      .andWhere('k.pago_id IS NULL')
      .andWhere("(k.estado = 'APROBADA' OR (k.tipo = 'AJUSTE' AND k.estado = 'PENDIENTE_DESCUENTO'))")
      .orderBy('k.creado_en', 'ASC')
      .addOrderBy('k.id', 'ASC')
      .getMany();
    return rows.map(ComisionMapper.toDomain);
  }

  async findByPagoParaActualizar(tx: Transaccion, pagoId: string): Promise<Comision[]> {
    const rows = await this.bloqueo(managerDe(tx)).where('k.pago_id = :pagoId', { pagoId }).orderBy('k.id', 'ASC').getMany();
    return rows.map(ComisionMapper.toDomain);
  }

  async findAcumuladosPorPublicar(tx: Transaccion, limit: number): Promise<Comision[]> {
    const rows = await managerDe(tx)
      .createQueryBuilder(ComisionOrmEntity, 'k')
      .where('k.publicacion_pendiente = 1')
      .orderBy('k.id', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
    return rows.map(ComisionMapper.toDomain);
  }

  async guardar(tx: Transaccion, comisiones: readonly Comision[]): Promise<void> {
    if (comisiones.length === 0) return;
    const manager = managerDe(tx);
    const nuevas = comisiones.filter((c) => c.version === 0);
    const existentes = comisiones.filter((c) => c.version > 0);
    for (let i = 0; i < nuevas.length; i += INSERT_CHUNK) {
      await this.insertar(manager, nuevas.slice(i, i + INSERT_CHUNK));
    }
    for (const comision of existentes) await this.actualizar(manager, comision);
    for (const comision of nuevas) comision.markPersisted(1);
    await this.eventos.publicar(
      manager,
      comisiones.flatMap((c) => c.pullDomainEvents()),
    );
  }

  private async insertar(manager: EntityManager, comisiones: readonly Comision[]): Promise<void> {
    try {
      await manager
        .createQueryBuilder()
        .insert()
        .into(ComisionOrmEntity)
        .values(comisiones.map((c) => ComisionMapper.toOrm(c, 1)))
        .updateEntity(false)
        .execute();
    } catch (error) {
      const texto = describeError(error);
      if (isDuplicateKeyError(error) && texto.includes('UQ_comisiones_conversion_id')) {
        const conversionId = /Duplicate entry '([^']*)'/.exec(texto)?.[1] ?? comisiones.find((c) => c.conversionId)?.conversionId ?? '';
        throw ComisionErrors.conversionDuplicada(conversionId);
      }
      throw error;
    }
  }

  private async actualizar(manager: EntityManager, comision: Comision): Promise<void> {
    const { id, ...valores } = ComisionMapper.toOrm(comision, comision.version + 1);
    const result = await manager
      .createQueryBuilder()
      .update(ComisionOrmEntity)
      .set(valores)
      .where('id = :id AND version = :version', { id, version: comision.version })
      .updateEntity(false)
      .execute();
    if (result.affected !== 1) {
      throw new ConflictError('COMISION.CONFLICTO_CONCURRENCIA', `Commission ${id} was changed by another request; try again`, {
        details: { comision_id: id, version: comision.version },
      });
    }
    comision.markPersisted(comision.version + 1);
  }

  private bloqueo(manager: EntityManager): SelectQueryBuilder<ComisionOrmEntity> {
    return manager.createQueryBuilder(ComisionOrmEntity, 'k').setLock('pessimistic_write');
  }

  /**
   * Ids of the rows that exist, by a plain (non-locking) read. Locking a key that does not exist would take a gap
   * lock, and two batches inserting into the same gap deadlock; so only existing rows are locked (by primary key:
   * record locks only). A row inserted meanwhile by someone else is caught by the primary/unique key on insert.
   */
  private async existentes(manager: EntityManager, columna: 'id' | 'conversion_id', valores: readonly string[]): Promise<string[]> {
    if (valores.length === 0) return [];
    const unicos = [...new Set(valores)];
    const rows: { id: string }[] = await manager.query(
      `SELECT \`id\` FROM \`comisiones\` WHERE \`${columna}\` IN (${unicos.map(() => '?').join(',')})`,
      unicos,
    );
    return rows.map((r) => r.id);
  }

  private async bloquearPorId(manager: EntityManager, ids: readonly string[]): Promise<ComisionOrmEntity[]> {
    if (ids.length === 0) return [];
    return this.bloqueo(manager)
      .where('k.id IN (:...ids)', { ids: [...new Set(ids)].sort() })
      .orderBy('k.id', 'ASC')
      .getMany();
  }
}
