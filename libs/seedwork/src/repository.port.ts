import { AggregateRoot } from './aggregate-root.base';

/**
 * Persistence port for one aggregate type. `save` stores the aggregate and the events pulled from it
 * (outbox) in one transaction, and rejects a stale `version`.
 */
export interface Repository<A extends AggregateRoot<object>> {
  findById(id: string): Promise<A | null>;
  save(aggregate: A): Promise<void>;
}
