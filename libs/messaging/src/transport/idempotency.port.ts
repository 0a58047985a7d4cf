import type { EntityManager } from 'typeorm';

export type IdempotencyOutcome = 'processed' | 'duplicate';

/**
 * Runs a handler's effect at most once per (subscription, event id), in one transaction with the record that it
 * ran. Implemented by the MySQL inbox; the transport depends only on this port.
 */
export interface IdempotencyPort {
  handle(
    subscription: string,
    eventId: string,
    eventType: string,
    effect: (manager: EntityManager) => Promise<void>,
  ): Promise<IdempotencyOutcome>;
}
