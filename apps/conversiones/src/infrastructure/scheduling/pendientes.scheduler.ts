import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createLogger, describeError, runInTransaction } from '@alpes/messaging';
import { CONVERSIONES_CONFIG, type ConversionesConfig } from '../../application/conversiones.config';
import { PENDIENTES_POR_RONDA, ReevaluarPendientesHandler } from '../../application/processor/reevaluar-pendientes.handler';

/**
 * Every `pendientesIntervaloMs`, decides the conversions waiting for their click (one transaction per round of at
 * most PENDIENTES_POR_RONDA, rounds back to back while they come full). Rows are locked with SKIP LOCKED, so
 * several replicas share the work and never decide a conversion twice.
 */
@Injectable()
export class PendientesScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = createLogger('pendientes');
  private timer?: NodeJS.Timeout;
  private ronda?: Promise<void>;
  private detenido = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly handler: ReevaluarPendientesHandler,
    @Inject(CONVERSIONES_CONFIG) private readonly config: ConversionesConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.config.pendientesIntervaloMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.detenido = true;
    clearInterval(this.timer);
    await this.ronda;
  }

  /** One tick (also called by tests): rounds until a round is not full. */
  tick(): Promise<void> {
    if (this.ronda) return this.ronda;
    this.ronda = (async () => {
      try {
        let tomadas: number;
        do {
          tomadas = await runInTransaction(this.dataSource, (manager) => this.handler.execute(manager), { retries: 3 });
          if (tomadas > 0) this.log.info({ event: 'pendientes.decididas', conversiones: tomadas }, 'pending conversions decided');
        } while (tomadas === PENDIENTES_POR_RONDA && !this.detenido);
      } catch (error) {
        this.log.warn({ error: describeError(error) }, 'pending conversions round failed; retried at the next tick');
      } finally {
        this.ronda = undefined;
      }
    })();
    return this.ronda;
  }
}
