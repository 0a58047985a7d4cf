import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { createLogger, describeError } from '@alpes/messaging';
import { EvaluarAlertasCommand } from '../../application/commands/evaluar-alertas/evaluar-alertas.command';
import { EvaluarAlertasHandler, type EvaluacionRegla } from '../../application/commands/evaluar-alertas/evaluar-alertas.handler';
import { MONITOREO_CONFIG, type MonitoreoConfig } from '../../application/monitoreo.config';

/**
 * Evaluates the alert rules every MONITOREO_ALERTA_INTERVALO_MS (default 10 s). A round still running when the next
 * tick comes is not overlapped; a failing round (database down) is logged and the next tick tries again.
 */
@Injectable()
export class EvaluacionAlertasScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = createLogger('alertas');
  private timer?: NodeJS.Timeout;
  private ronda?: Promise<EvaluacionRegla[]>;
  private detenido = false;

  constructor(
    private readonly evaluar: EvaluarAlertasHandler,
    @Inject(MONITOREO_CONFIG) private readonly config: MonitoreoConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.alertaIntervaloMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.detenido = true;
    clearInterval(this.timer);
    await this.ronda;
  }

  /** One round (also called by tests); joins the running one if there is one. */
  tick(): Promise<EvaluacionRegla[]> {
    if (this.ronda) return this.ronda;
    if (this.detenido) return Promise.resolve([]);
    this.ronda = this.evaluar
      .execute(new EvaluarAlertasCommand())
      .catch((error: unknown) => {
        this.log.warn({ event: 'alertas.evaluacion_fallida', err: describeError(error) }, 'alert evaluation failed; retried at the next tick');
        return [];
      })
      .finally(() => {
        this.ronda = undefined;
      });
    return this.ronda;
  }
}
