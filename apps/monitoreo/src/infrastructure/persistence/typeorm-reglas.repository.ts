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

const COLUMNAS = 'id, umbral, periodo, minimo_clicks, activa, actualizada_en';

/** A rule as the row's values, in `COLUMNAS` order. */
function valoresDe(regla: ReglaAlerta): unknown[] {
  return [regla.id, String(regla.umbral), regla.periodo, regla.minimoClicks, regla.activa ? 1 : 0, new Date()];
}

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

  async modificar(id: IdRegla, cambio: (actual: ReglaAlerta) => ReglaAlerta, contexto: ContextoCambioRegla): Promise<ReglaAlerta> {
    // The row exists before the transaction locks it (with the defaults a never-stored rule has): locking a missing
    // row would gap-lock, and two first changes would deadlock on their inserts.
    const defecto = ReglaAlerta.crear(id, this.config.alerta);
    await this.dataSource.query(`INSERT IGNORE INTO reglas_alerta (${COLUMNAS}) VALUES (?, ?, ?, ?, ?, ?)`, valoresDe(defecto));
    const regla = await runInTransaction(
      this.dataSource,
      async (manager) => {
        const fila = await manager
          .getRepository(ReglaAlertaOrmEntity)
          .createQueryBuilder('r')
          .setLock('pessimistic_write')
          .where('r.id = :id', { id })
          .getOne();
        const nueva = cambio(this.aDominio(id, fila ?? undefined));
        await manager.query(
          `UPDATE reglas_alerta SET umbral = ?, periodo = ?, minimo_clicks = ?, activa = ?, actualizada_en = ? WHERE id = ?`,
          [...valoresDe(nueva).slice(1), id],
        );
        await this.publisher.publish(manager, [
          auditEvent({
            servicio: 'monitoreo',
            accion: 'CONFIGURAR_REGLA_ALERTA',
            recurso: 'regla_alerta',
            recurso_id: nueva.id,
            actor: contexto.actor,
            correlationId: contexto.correlationId,
            detalle: JSON.stringify({ umbral: nueva.umbral, periodo: nueva.periodo, minimo_clicks: nueva.minimoClicks, activa: nueva.activa }),
          }),
        ]);
        return nueva;
      },
      { retries: 3 },
    );
    this.log.info(
      { event: 'regla_alerta.configurada', regla: regla.id, ...regla.configuracion(), actor: contexto.actor, correlation_id: contexto.correlationId },
      `${regla.id} configured`,
    );
    return regla;
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
