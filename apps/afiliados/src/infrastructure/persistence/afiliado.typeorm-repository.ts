import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { PageRequest, Paginated } from '@alpes/seedwork';
import { createLogger, IntegrationEventPublisher, isDuplicateKeyError, runInTransaction, type Logger } from '@alpes/messaging';
import { auditEvent } from '@alpes/platform';
import type { Afiliado } from '../../domain/afiliado/afiliado.aggregate';
import {
  AfiliadoYaRegistradoError,
  EmailDuplicadoError,
  ModificacionConcurrenteError,
} from '../../domain/afiliado/afiliado.errors';
import type {
  AfiliadoRepository,
  ContextoCambio,
  FiltroAfiliados,
} from '../../domain/afiliado/afiliado.repository.port';
import type { AfiliadoDomainEvent } from '../../domain/afiliado/events';
import { AfiliadoMapper } from './afiliado.mapper';
import { AfiliadoOrmEntity } from './afiliado.orm-entity';

const EMAIL_UNIQUE_INDEX = 'uq_afiliados_email';

/**
 * MySQL/MariaDB adapter of the repository port. `save` writes the row, the aggregate's events and one
 * `AccionRegistrada` (outbox) in one transaction; the relay publishes them after COMMIT.
 */
@Injectable()
export class AfiliadoTypeormRepository implements AfiliadoRepository {
  private readonly log: Logger = createLogger('afiliado-repository').child({ app: 'afiliados' });

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: IntegrationEventPublisher,
  ) {}

  async findById(id: string): Promise<Afiliado | null> {
    const row = await this.dataSource.getRepository(AfiliadoOrmEntity).findOneBy({ id });
    return row ? AfiliadoMapper.toDomain(row) : null;
  }

  async findByEmail(email: string): Promise<Afiliado | null> {
    const row = await this.dataSource.getRepository(AfiliadoOrmEntity).findOneBy({ email });
    return row ? AfiliadoMapper.toDomain(row) : null;
  }

  async findMany(filtro: FiltroAfiliados, page: PageRequest): Promise<Paginated<Afiliado>> {
    const qb = this.dataSource.getRepository(AfiliadoOrmEntity).createQueryBuilder('a');
    if (filtro.estado) qb.andWhere('a.estado = :estado', { estado: filtro.estado });
    if (filtro.tipoAfiliado) qb.andWhere('a.tipo_afiliado = :tipo', { tipo: filtro.tipoAfiliado });
    if (filtro.email) qb.andWhere('a.email = :email', { email: filtro.email });
    if (filtro.texto) {
      // The column collation (utf8mb4_unicode_ci) makes LIKE case- and accent-insensitive; backslash is LIKE's default escape.
      qb.andWhere('(a.nombre LIKE :texto OR a.email LIKE :texto)', {
        texto: `%${escapeLike(filtro.texto)}%`,
      });
    }
    const [rows, total] = await qb
      .orderBy('a.creado_en', 'DESC')
      .addOrderBy('a.id', 'ASC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    return page.toPaginated(rows.map(AfiliadoMapper.toDomain), total);
  }

  async save(afiliado: Afiliado, contexto: ContextoCambio): Promise<void> {
    const events = afiliado.pendingEvents as AfiliadoDomainEvent[];
    const nueva = afiliado.version === 0;
    const version = nueva || events.length > 0 ? afiliado.version + 1 : afiliado.version;

    await runInTransaction(this.dataSource, async (manager) => {
      if (nueva) await this.insert(manager, AfiliadoMapper.toPersistence(afiliado, version));
      else if (events.length > 0) await this.update(manager, afiliado, version);
      await this.publisher.publish(manager, [
        ...events.map((event) => AfiliadoMapper.toIntegrationEvent(event, contexto.correlationId)),
        auditEvent({
          servicio: 'afiliados',
          accion: contexto.accion,
          recurso: 'afiliado',
          recurso_id: afiliado.id,
          actor: contexto.actor,
          correlationId: contexto.correlationId,
          detalle: contexto.detalle ?? null,
        }),
      ]);
    });

    afiliado.pullEvents();
    afiliado.markPersisted(version);
    // Ids and types only: names and emails are personal data and stay out of the logs.
    this.log.info(
      {
        event: 'afiliado.guardado',
        accion: contexto.accion,
        afiliado_id: afiliado.id,
        version,
        estado: afiliado.estado,
        eventos: events.map((e) => e.eventType),
        correlation_id: contexto.correlationId,
        actor: contexto.actor,
      },
      `${contexto.accion} ${afiliado.id}`,
    );
  }

  private async insert(manager: EntityManager, row: AfiliadoOrmEntity): Promise<void> {
    try {
      await manager.insert(AfiliadoOrmEntity, row);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      if (duplicateKeyName(error)?.includes(EMAIL_UNIQUE_INDEX)) throw new EmailDuplicadoError(row.email);
      throw new AfiliadoYaRegistradoError(row.id);
    }
  }

  private async update(manager: EntityManager, afiliado: Afiliado, version: number): Promise<void> {
    // Only what can change after registration; the WHERE on version is the optimistic-concurrency check.
    const row = AfiliadoMapper.toPersistence(afiliado, version);
    const result = await manager
      .createQueryBuilder()
      .update(AfiliadoOrmEntity)
      .set({
        estado: row.estado,
        comisionBase: row.comisionBase,
        comisionPremium: row.comisionPremium,
        motivoSuspension: row.motivoSuspension,
        actualizadoEn: row.actualizadoEn,
        version,
      })
      .where('id = :id AND version = :expected', { id: row.id, expected: afiliado.version })
      .execute();
    if (result.affected !== 1) throw new ModificacionConcurrenteError(row.id, afiliado.version);
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** "Duplicate entry 'x' for key 'uq_afiliados_email'" (MariaDB) / "… for key 'afiliados.uq_afiliados_email'" (MySQL 8). */
function duplicateKeyName(error: unknown): string | undefined {
  const e = error as { sqlMessage?: unknown; message?: unknown; driverError?: { sqlMessage?: unknown } };
  const text = [e.driverError?.sqlMessage, e.sqlMessage, e.message].find((m): m is string => typeof m === 'string');
  return text ? /for key '([^']+)'/.exec(text)?.[1] : undefined;
}
