import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { BatchConsumerFactory, createLogger } from '@alpes/messaging';
import { ProcesarEventosConversionesHandler } from '../../application/event-handlers/procesar-eventos-conversiones.handler';
import { transaccionDe } from '../../infrastructure/persistence/transaccion';

export const SUSCRIPCION_COMISIONES = 'marketing-comisiones.comisiones';

/**
 * `conversiones.eventos` (subscription `marketing-comisiones.comisiones`) through the batch consumer: up to 500
 * messages per transaction (impressions are ~90 % of the traffic), the batch's inbox rows committing with its
 * commissions, accruals, budget changes and outbox rows. A failing batch is retried, then split message by message so
 * a poison message ends in the DLQ without holding back the others.
 */
@Injectable()
export class ConversionesConsumer implements OnApplicationBootstrap {
  private readonly log = createLogger('conversiones-consumer');

  constructor(
    private readonly batches: BatchConsumerFactory,
    private readonly procesar: ProcesarEventosConversionesHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.batches.start({
      topic: 'conversiones.eventos',
      subscription: SUSCRIPCION_COMISIONES,
      maxBatchSize: 500,
      maxWaitMs: 20,
      handler: (events, manager) => this.procesar.procesar(events, transaccionDe(manager)),
    });
    this.log.info({ subscription: SUSCRIPCION_COMISIONES }, 'batch consumer of conversiones.eventos started');
  }
}
