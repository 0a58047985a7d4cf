import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { createLogger, type Logger } from '@alpes/messaging';
import type { ICommandHandler } from '@alpes/seedwork';
import { Alerta } from '../../../domain/alerta/alerta.aggregate';
import { ALERTA_REPOSITORY, REGLAS_REPOSITORY, type AlertaRepository, type ReglasRepository } from '../../../domain/alerta/alerta.repository.port';
import { decidir, medicion, type Decision, type Medicion } from '../../../domain/alerta/evaluacion';
import type { IdRegla } from '../../../domain/alerta/regla-alerta';
import { totalesDe } from '../../../domain/metricas/metricas';
import { LECTURAS_METRICAS, type LecturasMetricas } from '../../../domain/metricas/metricas.repository.port';
import { ventanaDe } from '../../../domain/metricas/periodo';
import { RELOJ, type Reloj } from '../../monitoreo.config';
import { EvaluarAlertasCommand } from './evaluar-alertas.command';

export interface EvaluacionRegla {
  readonly regla: IdRegla;
  readonly medicion: Medicion;
  readonly decision: Decision;
  /** What this replica actually did: `false` when another replica had done it first. */
  readonly aplicada: boolean;
  readonly alertaId: string | null;
}

/**
 * Measures each rule's conversion rate over its period (the same window and counting rules as /metrics) and moves
 * its alert through the state machine of `decidir`. With several replicas the database decides who fires (one
 * ACTIVA alert per rule, unique key) and who resolves (conditional update), so a breach publishes one AlertaDisparada.
 */
@Injectable()
export class EvaluarAlertasHandler implements ICommandHandler<EvaluarAlertasCommand, EvaluacionRegla[]> {
  private readonly log: Logger = createLogger('alertas');

  constructor(
    @Inject(REGLAS_REPOSITORY) private readonly reglas: ReglasRepository,
    @Inject(ALERTA_REPOSITORY) private readonly alertas: AlertaRepository,
    @Inject(LECTURAS_METRICAS) private readonly lecturas: LecturasMetricas,
    @Inject(RELOJ) private readonly reloj: Reloj,
  ) {}

  async execute(command: EvaluarAlertasCommand): Promise<EvaluacionRegla[]> {
    const resultados: EvaluacionRegla[] = [];
    for (const regla of await this.reglas.todas()) {
      const ahora = this.reloj.ahora();
      const { desde, hasta } = ventanaDe(regla.periodo, ahora);
      const totales = totalesDe(await this.lecturas.mezcla(desde, hasta));
      const m = medicion(totales.clicks, totales.conversiones);
      const activa = await this.alertas.activa(regla.id);
      const decision = decidir(regla, m, activa !== null);
      let aplicada = false;
      let alertaId: string | null = activa?.id ?? null;
      if (decision.accion === 'disparar') {
        const alerta = Alerta.disparar(randomUUID(), regla, m, ahora);
        aplicada = await this.alertas.guardarNueva(alerta);
        alertaId = aplicada ? alerta.id : null;
      } else if (decision.accion === 'resolver' && activa) {
        activa.resolver(ahora, decision.motivo === 'RECUPERADA' ? m.tasa : null);
        aplicada = await this.alertas.guardarResolucion(activa);
      }
      if (decision.accion !== 'ninguna') {
        this.log.info(
          {
            event: decision.accion === 'disparar' ? 'alerta.disparada' : 'alerta.resuelta',
            regla: regla.id,
            alerta_id: alertaId,
            aplicada,
            tasa: m.tasa,
            umbral: regla.umbral,
            clicks: m.clicks,
            conversiones: m.conversiones,
            correlation_id: command.correlationId,
          },
          aplicada ? `${regla.id}: ${decision.accion}` : `${regla.id}: ${decision.accion} done by another replica`,
        );
      }
      resultados.push({ regla: regla.id, medicion: m, decision, aplicada, alertaId });
    }
    return resultados;
  }
}
