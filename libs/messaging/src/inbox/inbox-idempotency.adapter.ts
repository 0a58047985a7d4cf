import type { DataSource, EntityManager } from 'typeorm';
import type { IdempotencyOutcome, IdempotencyPort } from '../transport/idempotency.port';
import { Inbox } from './inbox';

/** The transport's `IdempotencyPort` over the MySQL inbox of one DataSource. */
export class InboxIdempotencyAdapter implements IdempotencyPort {
  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: Inbox = new Inbox(),
  ) {}

  handle(
    subscription: string,
    eventId: string,
    eventType: string,
    effect: (manager: EntityManager) => Promise<void>,
  ): Promise<IdempotencyOutcome> {
    return this.inbox.handle(this.dataSource, subscription, eventId, eventType, effect);
  }
}
