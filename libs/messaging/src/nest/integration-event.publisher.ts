import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  encodeEvent,
  messageProperties,
  topicOfEvent,
  type EventMeta,
  type EventPayload,
  type EventType,
  type TopicKey,
} from '@alpes/contracts';
import { createLogger, type Logger } from '../logging/logger';
import type { OutboxMessage } from '../outbox/outbox-message';
import { OutboxWriter } from '../outbox/outbox.writer';
import { MESSAGING_OPTIONS, resolveTopicOf, type MessagingModuleOptions } from './messaging.module-definition';

/** Envelope metadata of an event to publish; `producer` defaults to the module's app, `key` to `aggregate_id`. */
export type IntegrationEventMeta = Omit<EventMeta, 'producer'> & {
  readonly producer?: string;
  /** Message key (partition and per-key order). Default: `aggregate_id`. */
  readonly key?: string;
};

/** One event of the contracts catalog; the payload type follows `eventType`. */
export type IntegrationEvent<E extends EventType = EventType> = {
  [K in E]: { readonly eventType: K; readonly payload: EventPayload<K>; readonly meta: IntegrationEventMeta };
}[E];

/** What was appended to the outbox for one event. */
export interface AppendedIntegrationEvent {
  readonly eventId: string;
  readonly eventType: EventType;
  readonly topic: string;
  readonly key: string;
  readonly occurredAt: number;
}

/**
 * What repositories call inside their save transaction: each event is Avro-encoded (envelope + payload, validated
 * against its schema) and appended to the outbox through the caller's EntityManager, so it commits or rolls back
 * with the aggregate. The relay publishes it after COMMIT (the DataSource's `OutboxCommitSubscriber` wakes it).
 */
@Injectable()
export class IntegrationEventPublisher {
  private readonly resolveTopic: (key: TopicKey) => string;
  private readonly log: Logger;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
    private readonly writer: OutboxWriter,
  ) {
    this.resolveTopic = resolveTopicOf(options);
    this.log = createLogger('integration-event-publisher').child({ app: options.app });
  }

  /**
   * `manager` must belong to an open transaction (else `OutboxWriter` refuses it). Throws `ContractEncodingError`
   * (naming the field) when a payload does not match its schema, and `OutboxPayloadTooLargeError` when an encoded
   * event is larger than the broker can take (`outbox.maxPayloadBytes`); nothing is appended then, and the error
   * fails the caller's transaction.
   */
  async publish(manager: EntityManager, events: readonly IntegrationEvent[]): Promise<AppendedIntegrationEvent[]> {
    if (events.length === 0) return [];
    const messages: OutboxMessage[] = [];
    const appended: AppendedIntegrationEvent[] = [];
    for (const event of events) {
      const { key, producer, ...meta } = event.meta;
      const { envelope, bytes } = encodeEvent(event.eventType, event.payload as never, {
        ...meta,
        producer: producer ?? this.options.app,
      });
      const topic = this.resolveTopic(topicOfEvent(event.eventType));
      const messageKey = key ?? envelope.aggregate_id;
      const occurredAt = Number(envelope.occurred_at);
      messages.push({
        eventId: envelope.event_id,
        topic,
        key: messageKey,
        eventType: event.eventType,
        payload: bytes,
        properties: messageProperties(envelope),
        eventTime: occurredAt,
      });
      appended.push({ eventId: envelope.event_id, eventType: event.eventType, topic, key: messageKey, occurredAt });
    }
    await this.writer.append(manager, messages);
    this.log.debug(
      { event: 'outbox.appended', events: appended.map((e) => ({ event_id: e.eventId, event_type: e.eventType })), correlation_id: events[0].meta.correlation_id },
      'integration events appended to the outbox',
    );
    return appended;
  }
}
