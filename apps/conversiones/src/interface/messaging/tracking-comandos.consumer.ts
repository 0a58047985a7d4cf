import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { BatchConsumerFactory, createLogger, type ReceivedEvent } from '@alpes/messaging';
import type { EntityManager } from 'typeorm';
import { CONVERSIONES_CONFIG, SUSCRIPCION_PROCESADOR, type ConversionesConfig } from '../../application/conversiones.config';
import { ProcesarComandosTrackingHandler } from '../../application/processor/procesar-comandos-tracking.handler';

/**
 * The processor's consumer: `tracking.comandos` through subscription `conversiones.procesador`, in batches (one
 * transaction per batch with its inbox rows; acked after COMMIT; a failing batch is retried, then split so that a
 * poison command ends in the DLQ alone).
 */
@Injectable()
export class TrackingComandosConsumer implements OnApplicationBootstrap {
  private readonly log = createLogger('tracking-comandos');

  constructor(
    private readonly batches: BatchConsumerFactory,
    private readonly procesador: ProcesarComandosTrackingHandler,
    @Inject(CONVERSIONES_CONFIG) private readonly config: ConversionesConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Several consumers of the Key_Shared subscription: the broker splits the campaigns (keys) between them, so their
    // batches run concurrently (one waits for the database while the other computes) and each key keeps its order.
    for (let i = 0; i < this.config.procesadorConsumidores; i++) {
      await this.batches.start({
        topic: 'tracking.comandos',
        subscription: SUSCRIPCION_PROCESADOR,
        maxBatchSize: this.config.procesadorLote,
        maxWaitMs: this.config.procesadorEsperaMs,
        handler: (events, manager) => this.procesar(events, manager),
      });
    }
  }

  private async procesar(events: ReceivedEvent[], manager: EntityManager): Promise<void> {
    const inicio = Date.now();
    const resumen = await this.procesador.handle(events, manager);
    this.log.debug({ event: 'tracking.lote', comandos: events.length, ms: Date.now() - inicio, ...resumen }, 'tracking batch processed');
  }
}
