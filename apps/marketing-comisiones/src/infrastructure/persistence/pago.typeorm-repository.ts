import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ConflictError } from '@alpes/seedwork';
import type { Pago } from '../../domain/pago/pago.aggregate';
import type { PagoRepository } from '../../domain/pago/pago.repository.port';
import type { Transaccion } from '../../domain/shared/transaccion';
import { EventosDominioPublisher } from '../messaging/eventos-dominio.publisher';
import { PagoMapper } from './pago.mapper';
import { PagoOrmEntity } from './pago.orm-entity';
import { managerDe } from './transaccion';

@Injectable()
export class PagoTypeOrmRepository implements PagoRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly eventos: EventosDominioPublisher,
  ) {}

  async findById(id: string): Promise<Pago | null> {
    const row = await this.dataSource.getRepository(PagoOrmEntity).findOneBy({ id });
    return row ? PagoMapper.toDomain(row) : null;
  }

  async findByIdParaActualizar(tx: Transaccion, id: string): Promise<Pago | null> {
    const row = await managerDe(tx).createQueryBuilder(PagoOrmEntity, 'p').where('p.id = :id', { id }).setLock('pessimistic_write').getOne();
    return row ? PagoMapper.toDomain(row) : null;
  }

  async listar(filtro: { afiliadoId?: string }, offset: number, limit: number): Promise<{ items: Pago[]; total: number }> {
    const [rows, total] = await this.dataSource.getRepository(PagoOrmEntity).findAndCount({
      where: filtro.afiliadoId ? { afiliadoId: filtro.afiliadoId } : {},
      order: { creadoEn: 'DESC', id: 'ASC' },
      skip: offset,
      take: limit,
    });
    return { items: rows.map(PagoMapper.toDomain), total };
  }

  async guardar(tx: Transaccion, pago: Pago): Promise<void> {
    const manager = managerDe(tx);
    if (pago.version === 0) {
      await manager.createQueryBuilder().insert().into(PagoOrmEntity).values(PagoMapper.toOrm(pago, 1)).updateEntity(false).execute();
      pago.markPersisted(1);
    } else {
      const { id, ...valores } = PagoMapper.toOrm(pago, pago.version + 1);
      const result = await manager
        .createQueryBuilder()
        .update(PagoOrmEntity)
        .set(valores)
        .where('id = :id AND version = :version', { id, version: pago.version })
        .updateEntity(false)
        .execute();
      if (result.affected !== 1) {
        throw new ConflictError('PAGO.CONFLICTO_CONCURRENCIA', `Payout ${id} was changed by another request; try again`, { details: { pago_id: id } });
      }
      pago.markPersisted(pago.version + 1);
    }
    await this.eventos.publicar(manager, pago.pullDomainEvents());
  }
}
