import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createLogger, describeError } from '@alpes/messaging';

/** Click counters are kept this long (minutes): flooding is judged per minute, late clicks are rare. */
export const RETENCION_CONTADORES_MIN = 24 * 60;
const INTERVALO_MS = 10 * 60_000;
const LOTE = 5_000;

/**
 * Deletes click counters older than a day, in small statements (they grow by one row per IP, campaign and minute).
 * The event store and the lookup tables are never trimmed: they are the record.
 */
@Injectable()
export class LimpiezaScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = createLogger('limpieza');
  private timer?: NodeJS.Timeout;
  private ronda?: Promise<number>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.limpiar(), INTERVALO_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.ronda;
  }

  /** Returns how many counters it deleted. */
  limpiar(ahora = Date.now()): Promise<number> {
    if (this.ronda) return this.ronda;
    this.ronda = (async () => {
      const limite = Math.floor(ahora / 60_000) - RETENCION_CONTADORES_MIN;
      let total = 0;
      try {
        for (;;) {
          const r: { affectedRows?: number } = await this.dataSource.query('DELETE FROM click_contadores WHERE minuto < ? LIMIT ?', [limite, LOTE]);
          total += Number(r.affectedRows ?? 0);
          if (Number(r.affectedRows ?? 0) < LOTE) break;
        }
        if (total > 0) this.log.info({ event: 'limpieza.contadores', borrados: total }, 'old click counters deleted');
      } catch (error) {
        this.log.warn({ error: describeError(error) }, 'click counter clean-up failed; retried later');
      }
      return total;
    })().finally(() => (this.ronda = undefined));
    return this.ronda;
  }
}
