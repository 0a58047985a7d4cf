import type { TopicKey } from '@alpes/contracts';
import { PulsarAdminError, type OutboxRelay, type PulsarAdminClient, type TopicStats } from '@alpes/messaging';
import { SUSCRIPCION_PROCESADOR } from '../../application/conversiones.config';
import type { FuenteBacklog, MedidaBacklog } from '../../application/ports/backlog.port';

/**
 * The backlog from where it really is: the outbox table (`OutboxRelay.pendingCount`, one indexed COUNT) and Pulsar's
 * admin REST API (`partitioned-stats` of `tracking.comandos` and `conversiones.eventos`). Subscriptions of
 * `conversiones.eventos` without a consumer connected do not count: a stopped service must not stop ingest (its
 * backlog is retention's and monitoring's business), while a slow one that is running does push back.
 */
export class BacklogPulsarOutbox implements FuenteBacklog {
  constructor(
    private readonly relay: Pick<OutboxRelay, 'pendingCount'>,
    private readonly admin: Pick<PulsarAdminClient, 'partitionedStats'>,
    private readonly resolveTopic: (key: TopicKey) => string,
  ) {}

  async medir(): Promise<MedidaBacklog> {
    const [outbox, comandos, eventos] = await Promise.allSettled([
      this.relay.pendingCount(),
      this.stats('tracking.comandos'),
      this.stats('conversiones.eventos'),
    ]);
    return {
      outbox: outbox.status === 'fulfilled' ? outbox.value : null,
      procesador: comandos.status === 'fulfilled' ? Number(comandos.value?.subscriptions?.[SUSCRIPCION_PROCESADOR]?.msgBacklog ?? 0) : null,
      consumidores:
        eventos.status === 'fulfilled'
          ? Math.max(
              0,
              ...Object.values(eventos.value?.subscriptions ?? {})
                .filter((s) => Array.isArray(s.consumers) && s.consumers.length > 0)
                .map((s) => Number(s.msgBacklog ?? 0)),
            )
          : null,
    };
  }

  /** A topic not created yet has no backlog. */
  private async stats(key: TopicKey): Promise<TopicStats | null> {
    try {
      return await this.admin.partitionedStats(this.resolveTopic(key));
    } catch (error) {
      if (error instanceof PulsarAdminError && error.status === 404) return null;
      throw error;
    }
  }
}
