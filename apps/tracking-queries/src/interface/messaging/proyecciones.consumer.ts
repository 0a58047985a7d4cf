import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BatchConsumerFactory, type ReceivedEvent } from '@alpes/messaging';
import { ProyectarEventosHandler } from '../../application/event-handlers/proyectar-eventos/proyectar-eventos.handler';
import { TOPICOS_PROYECTADOS } from '../../infrastructure/messaging/pulsar-fuente-reproduccion';
import { ProyeccionStoreFactory } from '../../infrastructure/persistence/proyeccion-store.factory';
import { SUSCRIPCION_PROYECCIONES } from '../../infrastructure/persistence/tablas';

/** Events per transaction: thousands of ImpresionRegistrada per second need few, large transactions. */
export const TAMANO_LOTE = 500;
export const ESPERA_LOTE_MS = 20;

/**
 * The live projections: `conversiones.eventos`, `comisiones.eventos`, `marketing.eventos` and `afiliados.eventos`
 * through the subscription `tracking-queries.proyecciones`, in batches. Each batch runs in ONE transaction with its
 * inbox rows (duplicates never reach the handler) and is acked after COMMIT. The handler never throws for a malformed
 * event (it is logged and skipped, see ProyectarEventosHandler), so a failing batch means the database failed: it
 * is retried, then split one by one (→ DLQ after the redeliveries), never lost.
 */
@Injectable()
export class ProyeccionesConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly batches: BatchConsumerFactory,
    private readonly stores: ProyeccionStoreFactory,
    private readonly proyectar: ProyectarEventosHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const topic of TOPICOS_PROYECTADOS) {
      await this.batches.start({
        topic,
        subscription: SUSCRIPCION_PROYECCIONES,
        maxBatchSize: TAMANO_LOTE,
        maxWaitMs: ESPERA_LOTE_MS,
        handler: (events, manager) => this.alLote(events, manager),
      });
    }
  }

  async alLote(events: ReceivedEvent[], manager: EntityManager): Promise<void> {
    const { store, nuevos } = await this.stores.paraVivo(manager, events);
    if (nuevos.length > 0) await this.proyectar.execute(nuevos, store);
  }
}
