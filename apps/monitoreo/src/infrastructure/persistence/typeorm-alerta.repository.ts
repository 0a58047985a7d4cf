import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { IntegrationEventPublisher, isDuplicateKeyError, runInTransaction } from '@alpes/messaging';
import type { PageRequest, Paginated } from '@alpes/seedwork';
import { Alerta, type EstadoAlerta } from '../../domain/alerta/alerta.aggregate';
import { AlertaDisparadaDomainEvent } from '../../domain/alerta/alerta-disparada.domain-event';
import type { AlertaRepository } from '../../domain/alerta/alerta.repository.port';
import type { IdRegla } from '../../domain/alerta/regla-alerta';
import type { Periodo } from '../../domain/metricas/periodo';
import { SERVICE_DEFINITION } from '../../service-definition';
import { AlertaOrmEntity } from './alerta.orm-entity';

@Injectable()
export class TypeormAlertaRepository implements AlertaRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: IntegrationEventPublisher,
  ) {}

  async activa(regla: IdRegla): Promise<Alerta | null> {
    const fila = await this.dataSource.getRepository(AlertaOrmEntity).findOneBy({ reglaActiva: regla });
    return fila ? aDominio(fila) : null;
  }

  async guardarNueva(alerta: Alerta): Promise<boolean> {
    const eventos = alerta.pendingEvents.filter((e): e is AlertaDisparadaDomainEvent => e instanceof AlertaDisparadaDomainEvent);
    try {
      await runInTransaction(this.dataSource, async (manager) => {
        await manager.insert(AlertaOrmEntity, aFila(alerta));
        await this.publisher.publish(
          manager,
          eventos.map((e) => ({
            eventType: 'AlertaDisparada' as const,
            payload: {
              id: alerta.id,
              regla: e.payload.regla,
              valor: e.payload.valor,
              umbral: e.payload.umbral,
              periodo: e.payload.periodo,
              mensaje:
                `Tasa de conversión ${e.payload.valor} % bajo el umbral ${e.payload.umbral} % en ${e.payload.periodo} ` +
                `(${e.payload.conversiones} conversiones / ${e.payload.clicks} clicks)`,
            },
            // sistema.eventos is keyed by the service's name (DESIGN.md §2).
            meta: { aggregate_id: alerta.id, key: SERVICE_DEFINITION.app, event_id: e.eventId, occurred_at: e.occurredAt.getTime() },
          })),
        );
      });
    } catch (error) {
      // Another replica's alert for this rule is ACTIVA (uq_alertas_regla_activa): it fired for this breach.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
    alerta.pullDomainEvents();
    alerta.markPersisted(1);
    return true;
  }

  async guardarResolucion(alerta: Alerta): Promise<boolean> {
    const p = alerta.getProps();
    const resultado = await this.dataSource
      .createQueryBuilder()
      .update(AlertaOrmEntity)
      .set({ estado: p.estado, resueltaEn: p.resueltaEn, valorResolucion: p.valorResolucion === null ? null : String(p.valorResolucion), reglaActiva: null })
      .where('id = :id AND estado = :activa', { id: alerta.id, activa: 'ACTIVA' })
      .execute();
    if (resultado.affected !== 1) return false;
    alerta.markPersisted(alerta.version + 1);
    return true;
  }

  async listar(filtro: { estado?: EstadoAlerta }, pagina: PageRequest): Promise<Paginated<Alerta>> {
    const qb = this.dataSource.getRepository(AlertaOrmEntity).createQueryBuilder('a');
    if (filtro.estado) qb.where('a.estado = :estado', { estado: filtro.estado });
    const [filas, total] = await qb.orderBy('a.disparada_en', 'DESC').addOrderBy('a.id', 'ASC').offset(pagina.offset).limit(pagina.limit).getManyAndCount();
    return pagina.toPaginated(filas.map(aDominio), total);
  }
}

function aFila(alerta: Alerta): AlertaOrmEntity {
  const p = alerta.getProps();
  return {
    id: alerta.id,
    regla: p.regla,
    valor: String(p.valor),
    umbral: String(p.umbral),
    periodo: p.periodo,
    clicks: String(p.clicks),
    conversiones: String(p.conversiones),
    estado: p.estado,
    disparadaEn: p.disparadaEn,
    resueltaEn: p.resueltaEn,
    valorResolucion: p.valorResolucion === null ? null : String(p.valorResolucion),
    reglaActiva: p.estado === 'ACTIVA' ? p.regla : null,
  };
}

function aDominio(f: AlertaOrmEntity): Alerta {
  return Alerta.reconstituir(f.id, {
    regla: f.regla as IdRegla,
    valor: Number(f.valor),
    umbral: Number(f.umbral),
    periodo: f.periodo as Periodo,
    clicks: Number(f.clicks),
    conversiones: Number(f.conversiones),
    estado: f.estado as EstadoAlerta,
    disparadaEn: f.disparadaEn,
    resueltaEn: f.resueltaEn,
    valorResolucion: f.valorResolucion === null ? null : Number(f.valorResolucion),
  });
}
