import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createLogger, IntegrationEventPublisher, runInTransaction, type Logger } from '@alpes/messaging';
import { auditEvent } from '@alpes/platform';
import { MONITOREO_CONFIG, type MonitoreoConfig } from '../../application/monitoreo.config';
import type { ContextoCambioRegla, ReglasRepository } from '../../domain/alerta/alerta.repository.port';
import { IDS_REGLA, ReglaAlerta, type IdRegla } from '../../domain/alerta/regla-alerta';
import type { Periodo } from '../../domain/metricas/periodo';
import { ReglaAlertaOrmEntity } from './regla-alerta.orm-entity';

/** Rules: the stored configuration (shared by every replica), else the environment's defaults. */
@Injectable()
export class TypeormReglasRepository implements ReglasRepository {
  private readonly log: Logger = createLogger('reglas-alerta');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: IntegrationEventPublisher,
    @Inject(MONITOREO_CONFIG) private readonly config: MonitoreoConfig,
  ) {}

  async todas(): Promise<ReglaAlerta[]> {
    const filas = await this.dataSource.getRepository(ReglaAlertaOrmEntity).find();
    return IDS_REGLA.map((id) => this.aDominio(id, filas.find((f) => f.id === id)));
  }

  async obtener(id: IdRegla): Promise<ReglaAlerta> {
    return this.aDominio(id, (await this.dataSource.getRepository(ReglaAlertaOrmEntity).findOneBy({ id })) ?? undefined);
  }

  async guardar(regla: ReglaAlerta, contexto: ContextoCambioRegla): Promise<void> {
    await runInTransaction(this.dataSource, async (manager) => {
      await manager.query(
        `INSERT INTO reglas_alerta (id, umbral, periodo, minimo_clicks, activa, actualizada_en) VALUES (?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE umbral = VALUES(umbral), periodo = VALUES(periodo), minimo_clicks = VALUES(minimo_clicks),
           activa = VALUES(activa), actualizada_en = VALUES(actualizada_en)`,
        [regla.id, String(regla.umbral), regla.periodo, regla.minimoClicks, regla.activa ? 1 : 0, new Date()],
      );
      await this.publisher.publish(manager, [
        auditEvent({
          servicio: 'monitoreo',
          accion: 'CONFIGURAR_REGLA_ALERTA',
          recurso: 'regla_alerta',
          recurso_id: regla.id,
          actor: contexto.actor,
          correlationId: contexto.correlationId,
          detalle: JSON.stringify({ umbral: regla.umbral, periodo: regla.periodo, minimo_clicks: regla.minimoClicks, activa: regla.activa }),
        }),
      ]);
    });
    this.log.info(
      { event: 'regla_alerta.configurada', regla: regla.id, ...regla.configuracion(), actor: contexto.actor, correlation_id: contexto.correlationId },
      `${regla.id} configured`,
    );
  }

  private aDominio(id: IdRegla, fila: ReglaAlertaOrmEntity | undefined): ReglaAlerta {
    if (!fila) return ReglaAlerta.crear(id, this.config.alerta);
    return ReglaAlerta.crear(id, {
      umbral: Number(fila.umbral),
      periodo: fila.periodo as Periodo,
      minimoClicks: Number(fila.minimoClicks),
      activa: Number(fila.activa) === 1,
    });
  }
}
