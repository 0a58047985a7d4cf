import { hostname } from 'node:os';
import { Inject, Injectable, Module, type BeforeApplicationShutdown, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AppName } from '@alpes/contracts';
import { createLogger, IntegrationEventPublisher, runInTransaction, type Logger } from '@alpes/messaging';

const SERVICE_EVENTS_APP = Symbol('SERVICE_EVENTS_APP');
export const SERVICE_INSTANCE = `${hostname()}:${process.pid}`;

/**
 * `ServicioIniciado` when the app has started and `ServicioDetenido` when it stops, on `sistema.eventos` (keyed by
 * service name) through the outbox, so monitoreo sees restarts. Written before the relay's final flush.
 */
@Injectable()
export class ServiceEventsPublisher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log: Logger;

  constructor(
    @Inject(SERVICE_EVENTS_APP) private readonly app: AppName,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly publisher: IntegrationEventPublisher,
  ) {
    this.log = createLogger('service-events').child({ app });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.write('ServicioIniciado');
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    await this.write('ServicioDetenido', signal ?? 'close');
  }

  private async write(eventType: 'ServicioIniciado' | 'ServicioDetenido', motivo?: string): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    const correlationId = randomUUID();
    try {
      await runInTransaction(this.dataSource, (manager) =>
        this.publisher.publish(manager, [
          eventType === 'ServicioIniciado'
            ? {
                eventType,
                payload: { servicio: this.app, instancia: SERVICE_INSTANCE, version: process.env['APP_VERSION'] ?? null },
                meta: { aggregate_id: this.app, key: this.app, correlation_id: correlationId },
              }
            : {
                eventType,
                payload: { servicio: this.app, instancia: SERVICE_INSTANCE, motivo: motivo ?? null },
                meta: { aggregate_id: this.app, key: this.app, correlation_id: correlationId },
              },
        ]),
      );
    } catch (error) {
      // A lifecycle notice must never stop the service from starting or stopping.
      this.log.warn({ err: error, event_type: eventType }, 'could not record the service lifecycle event');
    }
  }
}

@Module({})
export class ServiceEventsModule {
  static forService(app: AppName): DynamicModule {
    return {
      module: ServiceEventsModule,
      providers: [{ provide: SERVICE_EVENTS_APP, useValue: app }, ServiceEventsPublisher],
    };
  }
}
