import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { createLogger, type Logger } from '@alpes/messaging';
import { RECONSTRUCCION_REPOSITORY, type ReconstruccionRepository } from '../../domain/reconstruccion/reconstruccion.repository.port';
import { ReconstruccionRunner } from './reconstruccion.runner';
import { FUENTE_REPRODUCCION, suscripcionDeReconstruccion, type FuenteReproduccion } from './reconstruccion.ports';

const INTERVALO_MS = 30_000;

/**
 * A rebuild whose process died stays EN_CURSO with a stale heartbeat, and its replay subscriptions would keep
 * retaining messages. At start-up and every 30 s: such rebuilds become FALLIDA and replay subscriptions of rebuilds
 * no longer running are deleted.
 */
@Injectable()
export class ReconstruccionMantenimiento implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log: Logger = createLogger('reconstruccion');
  private timer?: NodeJS.Timeout;
  private ronda?: Promise<void>;

  constructor(
    @Inject(RECONSTRUCCION_REPOSITORY) private readonly repositorio: ReconstruccionRepository,
    @Inject(FUENTE_REPRODUCCION) private readonly fuente: FuenteReproduccion,
    private readonly runner: ReconstruccionRunner,
  ) {}

  onApplicationBootstrap(): void {
    this.programar(0);
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.ronda;
  }

  async revisar(ahora = new Date()): Promise<void> {
    const propias = new Set(this.runner.activas());
    const vigentes: string[] = [];
    for (const r of await this.repositorio.enCurso()) {
      if (propias.has(r.id) || !r.abandonada(ahora)) {
        vigentes.push(suscripcionDeReconstruccion(r.id));
        continue;
      }
      r.fallar('abandonada: su proceso dejó de informar', ahora);
      await this.repositorio.guardar(r).catch((err: unknown) => this.log.warn({ err, rebuild_id: r.id }, 'could not mark an abandoned rebuild'));
      this.log.warn({ rebuild_id: r.id }, 'abandoned rebuild marked FALLIDA');
    }
    await this.fuente.limpiar(vigentes);
  }

  private programar(ms: number): void {
    this.timer = setTimeout(() => {
      this.ronda = this.revisar()
        .catch((err: unknown) => this.log.warn({ err }, 'rebuild maintenance round failed'))
        .finally(() => {
          if (this.timer) this.programar(INTERVALO_MS);
        });
    }, ms);
    this.timer.unref();
  }
}
