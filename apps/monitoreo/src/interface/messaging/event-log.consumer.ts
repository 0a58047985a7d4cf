import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { subscriptionsOf, type TopicKey } from '@alpes/contracts';
import { BatchConsumerFactory, createLogger, type BatchHandlerResult, type BatchReceivedEvent, type DeadLetterNotice } from '@alpes/messaging';
import { RegistrarEventosHandler } from '../../application/event-handlers/registrar-eventos/registrar-eventos.handler';
import { MONITOREO_CONFIG, type MonitoreoConfig } from '../../application/monitoreo.config';
import { EventLogStoreFactory } from '../../infrastructure/persistence/typeorm-event-log.store';

/**
 * The event log's consumers: one batch consumer per topic monitoreo subscribes to in the catalog —
 * `monitoreo.event-log` (afiliados / marketing / conversiones / comisiones.eventos), `monitoreo.auditoria`,
 * `monitoreo.sistema` and `monitoreo.externos` (Failover; the JSON topics of outside systems). Each batch (up to
 * MONITOREO_CONSUMO_LOTE events) is ONE transaction: inbox rows + multi-row inserts, acked after COMMIT. Refused JSON
 * messages go to the DLQ with their reason and are counted in the same transaction; the rest of the batch is kept.
 * Event types this build does not know are acked and counted by the messaging library (they never reach the log).
 */
@Injectable()
export class EventLogConsumer implements OnApplicationBootstrap {
  private readonly log = createLogger('event-log');

  constructor(
    private readonly batches: BatchConsumerFactory,
    private readonly stores: EventLogStoreFactory,
    private readonly registrar: RegistrarEventosHandler,
    @Inject(MONITOREO_CONFIG) private readonly config: MonitoreoConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const { topic, subscription } of subscriptionsOf('monitoreo')) {
      await this.batches.start({
        topic,
        subscription: subscription.name,
        maxBatchSize: this.config.loteConsumo,
        maxWaitMs: this.config.esperaLoteMs,
        handler: (events, manager) => this.alLote(topic, events, manager),
        onDeadLetter: (avisos, manager) => this.alDescartar(topic, avisos, manager),
      });
    }
  }

  async alLote(topic: TopicKey, events: BatchReceivedEvent[], manager: EntityManager): Promise<BatchHandlerResult> {
    const r = await this.registrar.execute(topic, events, this.stores.en(manager));
    this.log.debug({ topic, recibidos: r.recibidos, rechazados: r.rechazados.length }, 'batch logged');
    return { deadLetter: r.rechazados };
  }

  alDescartar(topic: TopicKey, avisos: DeadLetterNotice[], manager: EntityManager): Promise<void> {
    return this.registrar.registrarDescartados(topic, avisos, this.stores.en(manager));
  }
}
