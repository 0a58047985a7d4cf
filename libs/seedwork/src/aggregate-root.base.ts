import { DomainEvent } from './domain-event.base';
import { Entity, EntityProps } from './entity.base';

export interface AggregateRootProps<Props> extends EntityProps<Props> {
  /** Persisted version for optimistic concurrency; 0 for an aggregate never saved. */
  version?: number;
}

/**
 * Consistency boundary. Behaviour methods record domain events with `addEvent`; the repository calls
 * `pullDomainEvents()` when it saves, so each event is handed out exactly once.
 */
export abstract class AggregateRoot<Props extends object> extends Entity<Props> {
  private domainEvents: DomainEvent<object>[] = [];
  private _version: number;

  protected constructor({ id, props, version = 0 }: AggregateRootProps<Props>) {
    super({ id, props });
    AggregateRoot.assertVersion(version);
    this._version = version;
  }

  get version(): number {
    return this._version;
  }

  /** Events recorded since the last pull, oldest first (read-only view). */
  get pendingEvents(): readonly DomainEvent<object>[] {
    return [...this.domainEvents];
  }

  protected addEvent(event: DomainEvent<object>): void {
    if (event.aggregateId !== this.id) {
      throw new Error(
        `${this.constructor.name} ${this.id} cannot record ${event.eventType} for aggregate ${event.aggregateId}`,
      );
    }
    this.domainEvents.push(event);
  }

  /** Returns the recorded events, oldest first, and forgets them. */
  pullDomainEvents(): DomainEvent<object>[] {
    const events = this.domainEvents;
    this.domainEvents = [];
    return events;
  }

  /** Called by the repository after a successful save with the version now stored. */
  markPersisted(version: number): void {
    AggregateRoot.assertVersion(version);
    if (version < this._version) {
      throw new Error(`${this.constructor.name} ${this.id}: version cannot go back from ${this._version} to ${version}`);
    }
    this._version = version;
  }

  private static assertVersion(version: number): void {
    if (!Number.isSafeInteger(version) || version < 0) {
      throw new Error(`Aggregate version must be a non-negative integer, got ${version}`);
    }
  }
}
