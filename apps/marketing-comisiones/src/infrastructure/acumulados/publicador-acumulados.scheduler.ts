import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { createLogger, describeError } from '@alpes/messaging';
import { LOTE_PUBLICACION_ACUMULADOS, PublicarAcumuladosHandler } from '../../application/commands/publicar-acumulados/publicar-acumulados.handler';

export const INTERVALO_PUBLICACION_ACUMULADOS = Symbol('INTERVALO_PUBLICACION_ACUMULADOS');

/**
 * The periodic flush of CPC/CPM running totals (ACUMULADOS_PUBLICACION_MS, default 2 s): each round publishes one
 * ComisionCalculada per accrual that changed since the last round, through the outbox — so consumers see a fresh
 * running total every few seconds instead of one event per impression. What is still pending at shutdown is
 * flushed once more, and anything left is published by the next start (the flag lives in the row).
 */
@Injectable()
export class PublicadorAcumuladosScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = createLogger('publicador-acumulados');
  private timer?: NodeJS.Timeout;
  private enCurso: Promise<void> = Promise.resolve();
  private detenido = false;
  private corriendo = false;

  constructor(
    private readonly publicar: PublicarAcumuladosHandler,
    @Inject(INTERVALO_PUBLICACION_ACUMULADOS) private readonly intervaloMs: number,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.ronda(), this.intervaloMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.detenido = true;
    clearInterval(this.timer);
    await this.enCurso;
    await this.vaciar().catch((error) => this.log.warn({ err: describeError(error) }, 'last flush of accruals failed; the next start publishes them'));
  }

  /** One round; skipped while the previous one is still running. */
  ronda(): void {
    if (this.detenido || this.corriendo) return;
    this.corriendo = true;
    this.enCurso = this.vaciar()
      .catch((error) => this.log.warn({ err: describeError(error) }, 'accrual flush failed; retried next round'))
      .finally(() => {
        this.corriendo = false;
      });
  }

  private async vaciar(): Promise<void> {
    let publicados: number;
    let total = 0;
    do {
      publicados = await this.publicar.execute(LOTE_PUBLICACION_ACUMULADOS);
      total += publicados;
    } while (publicados === LOTE_PUBLICACION_ACUMULADOS);
    if (total > 0) this.log.debug({ publicados: total }, 'accrual running totals published');
  }
}
