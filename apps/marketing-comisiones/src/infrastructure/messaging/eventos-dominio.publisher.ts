import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { DomainEvent } from '@alpes/seedwork';
import { IntegrationEventPublisher } from '@alpes/messaging';
import { aEventoDeIntegracion } from './integration-event.mapper';

/** Appends the events pulled from saved aggregates to the outbox, in the caller's transaction. */
@Injectable()
export class EventosDominioPublisher {
  constructor(private readonly publisher: IntegrationEventPublisher) {}

  async publicar(manager: EntityManager, eventos: readonly DomainEvent<object>[]): Promise<void> {
    if (eventos.length === 0) return;
    await this.publisher.publish(manager, eventos.map(aEventoDeIntegracion));
  }
}
