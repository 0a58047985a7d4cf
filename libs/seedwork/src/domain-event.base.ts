import { randomUUID } from 'node:crypto';

export interface DomainEventProps<Payload extends object> {
  aggregateId: string;
  payload: Payload;
  /** Defaults to a fresh UUID; pass it only when rehydrating a stored event. */
  eventId?: string;
  /** Defaults to now; pass it only when rehydrating a stored event. */
  occurredAt?: Date;
  correlationId?: string;
  causationId?: string;
}

/**
 * Something that happened inside an aggregate, named in the past tense (`ComisionAprobada`).
 *
 * Raised only by the aggregate and pulled by its repository on save, which maps it (eventType + payload) to the
 * matching integration event and writes it to the outbox in the same transaction. Payloads hold primitives only
 * (amounts as decimal strings), so that mapping never needs domain classes.
 *
 * Subclasses declare their type: `readonly eventType = 'ComisionAprobada';`
 */
export abstract class DomainEvent<Payload extends object = Record<string, unknown>> {
  abstract readonly eventType: string;
  readonly eventId: string;
  readonly aggregateId: string;
  readonly occurredAt: Date;
  readonly payload: Readonly<Payload>;
  readonly correlationId?: string;
  readonly causationId?: string;

  constructor(props: DomainEventProps<Payload>) {
    if (typeof props.aggregateId !== 'string' || props.aggregateId.length === 0) {
      throw new Error(`${new.target.name} requires an aggregateId`);
    }
    this.eventId = props.eventId ?? randomUUID();
    this.aggregateId = props.aggregateId;
    this.occurredAt = props.occurredAt ? new Date(props.occurredAt.getTime()) : new Date();
    this.payload = Object.freeze({ ...props.payload });
    this.correlationId = props.correlationId;
    this.causationId = props.causationId;
  }
}
