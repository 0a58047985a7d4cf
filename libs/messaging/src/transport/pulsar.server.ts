import { createHash } from 'node:crypto';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom } from 'rxjs';
import {
  AppName,
  ContractDecodingError,
  decodeEvent,
  EVENT_REGISTRY,
  topicName,
  topicOfEvent,
  TOPICS,
  TopicKey,
  type Envelope,
  type EventType,
} from '@alpes/contracts';
import { createLogger, Logger } from '../logging/logger';
import { isTransientDatabaseError } from '../persistence/mysql-errors';
import type { Consumer, ConsumerOptions, IncomingMessage, PulsarClientPort } from '../pulsar/pulsar-client.port';
import { PulsarWebSocketClient } from '../pulsar/pulsar-websocket.client';
import type { IdempotencyPort } from './idempotency.port';
import { PulsarContext } from './pulsar.context';

export interface PulsarServerOptions {
  /** The consuming app: subscriptions are looked up in the topic catalog under this name. */
  readonly app: AppName;
  /** Defaults to a `PulsarWebSocketClient` on `PULSAR_HTTP_URL`, closed with the server. */
  readonly client?: PulsarClientPort;
  /** When given, every handler runs inside the inbox transaction (duplicates are acked and skipped). */
  readonly idempotency?: IdempotencyPort;
  /** Overrides applied to every consumer (e.g. a short `negativeAckRedeliveryDelayMs` in tests). */
  readonly consumer?: Partial<
    Pick<
      ConsumerOptions,
      'receiverQueueSize' | 'negativeAckRedeliveryDelayMs' | 'maxRedeliverCount' | 'localRetries' | 'localRetryDelayMs' | 'closeTimeoutMs'
    >
  >;
  readonly logger?: Logger;
  /**
   * Maps a catalog topic to the physical topic name. Default `topicName` (`persistent://alpes/<ns>/<topic>`);
   * tests point it at throw-away topics so they never write into the platform's retained topics.
   */
  readonly resolveTopic?: (key: TopicKey) => string;
}

/** What a handler receives as data: the decoded event (Avro topics) or the parsed JSON (outside-system topics). */
export interface ReceivedEvent<P = unknown> {
  readonly eventType: string;
  readonly schemaVersion?: number;
  readonly eventId: string;
  readonly aggregateId?: string;
  readonly occurredAt: number;
  readonly correlationId?: string | null;
  readonly payload: P;
}

export interface SubscriptionCounters {
  processed: number;
  duplicates: number;
  /** Events of a type this build does not know: acked and skipped (DESIGN.md §3). */
  unknownEventTypes: number;
  /**
   * Events of a known type in a schema_version newer than this build reads (a producer upgraded first): copied to
   * the dead-letter topic (`dlq_reason` says so) and acked, to be replayed once this consumer is upgraded.
   */
  unknownSchemaVersions: number;
  unhandled: number;
  deadLettered: number;
  failures: number;
}

interface Route {
  readonly topic: TopicKey;
  readonly subscription: string;
  /** Handlers by event type; `*` receives every event of the topic. */
  readonly patterns: Set<string>;
}

const DEFAULT_NACK_DELAY_MS = 1_000;

/**
 * NestJS custom transport over Pulsar. An `@EventPattern` names an event type (`'ConversionValidada'`, routed to
 * its topic through the contracts registry) or a whole topic (`'afiliados.eventos'`). `listen` subscribes, through
 * the app's subscription in the topic catalog, to every topic a handler needs before it reports ready.
 *
 * Per message: decode → (inbox transaction: record + handler) → ack. A handler that throws → negative ack →
 * redelivery with backoff → dead-letter topic after `maxRedeliverCount`; but a transient database failure (pool
 * exhausted, server unreachable, lost deadlock: `isTransientDatabaseError`) is retried in place until it passes,
 * never negatively acked, never dead-lettered. Bytes that cannot be decoded are poison:
 * they are copied to the dead-letter topic with the reason in the `dlq_reason` property and acked, so the
 * partition keeps flowing. An event type this build does not know is acked and counted (`unknownEventTypes`). A
 * known event type in a schema_version this build cannot read yet (its producer was deployed first) is NOT dropped:
 * it is copied to the dead-letter topic with `dlq_reason` (`unknown schema_version 3 of AfiliadoRegistrado (this
 * build reads ≤ 2)`) and acked, so it can be replayed after the upgrade, and counted (`unknownSchemaVersions`).
 */
export class PulsarServer extends Server implements CustomTransportStrategy {
  private readonly log: Logger;
  private readonly resolveTopic: (key: TopicKey) => string;
  private readonly client: PulsarClientPort;
  private readonly ownsClient: boolean;
  private readonly consumers: Consumer[] = [];
  private readonly counters = new Map<string, SubscriptionCounters>();

  constructor(private readonly options: PulsarServerOptions) {
    super();
    this.client = options.client ?? new PulsarWebSocketClient();
    this.ownsClient = !options.client;
    this.log = options.logger ?? createLogger('pulsar-server');
    this.resolveTopic = options.resolveTopic ?? topicName;
  }

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    try {
      const routes = this.routes();
      for (const route of routes) {
        const spec = TOPICS[route.topic].subscriptions.find((s) => s.name === route.subscription);
        const consumer = await this.client.subscribe(
          {
            topic: this.resolveTopic(route.topic),
            subscription: route.subscription,
            subscriptionType: spec?.type ?? 'Key_Shared',
            initialPosition: 'Earliest',
            maxRedeliverCount: this.options.consumer?.maxRedeliverCount ?? spec?.maxRedeliverCount,
            deadLetterTopic: this.deadLetterTopic(route),
            negativeAckRedeliveryDelayMs: this.options.consumer?.negativeAckRedeliveryDelayMs ?? DEFAULT_NACK_DELAY_MS,
            receiverQueueSize: this.options.consumer?.receiverQueueSize,
            localRetries: this.options.consumer?.localRetries,
            localRetryDelayMs: this.options.consumer?.localRetryDelayMs,
            closeTimeoutMs: this.options.consumer?.closeTimeoutMs,
            // A database outage or an exhausted pool is waited out, never dead-lettered.
            isTransient: isTransientDatabaseError,
          },
          (message) => this.onMessage(route, message),
        );
        this.consumers.push(consumer);
        this.counters.set(route.subscription + '@' + route.topic, emptyCounters());
        this.log.info({ topic: route.topic, subscription: route.subscription, patterns: [...route.patterns] }, 'subscribed');
      }
      callback();
    } catch (err) {
      callback(err);
    }
  }

  /** Drains consumers (running handlers finish and ack), then closes the client if this server created it. */
  async close(): Promise<void> {
    await Promise.allSettled(this.consumers.splice(0).map((c) => c.close()));
    if (this.ownsClient) await this.client.close();
  }

  /** Counters per `subscription@topic`, for health and monitoring endpoints. */
  stats(): Record<string, SubscriptionCounters> {
    return Object.fromEntries([...this.counters].map(([k, v]) => [k, { ...v }]));
  }

  on(): never {
    throw new Error('PulsarServer does not emit transport events; use stats() and the logs');
  }

  unwrap<T>(): T {
    return this.client as T;
  }

  private routes(): Route[] {
    const byTopic = new Map<TopicKey, Route>();
    for (const pattern of this.messageHandlers.keys()) {
      const { topic, eventType } = this.resolvePattern(pattern);
      let route = byTopic.get(topic);
      if (!route) {
        const sub = TOPICS[topic].subscriptions.find((s) => s.app === this.options.app);
        if (!sub) {
          throw new Error(`App "${this.options.app}" has no subscription on ${topic} in the topic catalog (pattern ${pattern})`);
        }
        route = { topic, subscription: sub.name, patterns: new Set() };
        byTopic.set(topic, route);
      }
      route.patterns.add(eventType);
    }
    return [...byTopic.values()];
  }

  private resolvePattern(pattern: string): { topic: TopicKey; eventType: string } {
    if (pattern in TOPICS) return { topic: pattern as TopicKey, eventType: '*' };
    if (pattern in EVENT_REGISTRY) return { topic: topicOfEvent(pattern as keyof typeof EVENT_REGISTRY), eventType: pattern };
    throw new Error(`@EventPattern('${pattern}') names neither a topic of the catalog nor an event of libs/contracts`);
  }

  /** Pulsar's own naming, `{topic}-{subscription}-DLQ`, so poison and exhausted messages share one DLQ. */
  private deadLetterTopic(route: Route): string {
    return `${this.resolveTopic(route.topic)}-${route.subscription}-DLQ`;
  }

  private counter(route: Route): SubscriptionCounters {
    const key = route.subscription + '@' + route.topic;
    let c = this.counters.get(key);
    if (!c) {
      c = emptyCounters();
      this.counters.set(key, c);
    }
    return c;
  }

  private async onMessage(route: Route, message: IncomingMessage): Promise<void> {
    const counters = this.counter(route);
    let event: ReceivedEvent;
    let envelope: Envelope | undefined;
    try {
      ({ event, envelope } = this.decode(route.topic, message));
    } catch (err) {
      if (err instanceof PoisonMessageError || err instanceof ContractDecodingError) {
        await this.deadLetter(route, message, err.message);
        counters.deadLettered++;
        return;
      }
      throw err;
    }
    if (event.eventType === UNKNOWN) {
      counters.unknownEventTypes++;
      this.log.debug({ topic: route.topic, eventType: envelope?.event_type }, 'unknown event type acked and skipped');
      return;
    }
    const handlerPattern = this.handlerPatternOf(route, event.eventType);
    const handler = handlerPattern ? this.messageHandlers.get(handlerPattern) : undefined;
    if (!handler) {
      counters.unhandled++;
      return;
    }
    if (event.payload === FUTURE_VERSION) {
      // A handler wants this event but cannot read it yet: keep it for a replay after the upgrade, never drop it.
      const latest = EVENT_REGISTRY[event.eventType as EventType].latest;
      const reason = `unknown schema_version ${String(event.schemaVersion)} of ${event.eventType} (this build reads ≤ ${latest})`;
      await this.deadLetter(route, message, reason, 'future schema version sent to DLQ for replay after the upgrade');
      counters.unknownSchemaVersions++;
      return;
    }
    try {
      if (this.options.idempotency) {
        const outcome = await this.options.idempotency.handle(route.subscription, event.eventId, event.eventType, (manager) =>
          this.invoke(handler, event, new PulsarContext([message, route.subscription, envelope, manager])),
        );
        if (outcome === 'duplicate') {
          counters.duplicates++;
          return;
        }
      } else {
        await this.invoke(handler, event, new PulsarContext([message, route.subscription, envelope, undefined]));
      }
      counters.processed++;
    } catch (err) {
      counters.failures++;
      throw err;
    }
  }

  private handlerPatternOf(route: Route, eventType: string): string | undefined {
    return route.patterns.has(eventType) ? eventType : route.patterns.has('*') ? route.topic : undefined;
  }

  private async invoke(handler: MessageHandler, event: ReceivedEvent, context: PulsarContext): Promise<void> {
    const result = await handler(event, context);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }

  private decode(topic: TopicKey, message: IncomingMessage): { event: ReceivedEvent; envelope?: Envelope } {
    return decodeIncoming(topic, message);
  }

  private async deadLetter(route: Route, message: IncomingMessage, reason: string, what = 'poison message sent to DLQ'): Promise<void> {
    const dlq = this.deadLetterTopic(route);
    this.log.warn({ topic: route.topic, subscription: route.subscription, messageId: message.messageId, reason }, what);
    await sendToDeadLetter(this.client, dlq, message, route.subscription, reason);
  }
}

export const UNKNOWN_EVENT_TYPE = '\u0000unknown';
const UNKNOWN = UNKNOWN_EVENT_TYPE;
/** Payload marker of an event whose schema_version is newer than this build reads (see `onMessage`). */
export const FUTURE_VERSION: unique symbol = Symbol('future schema version');

export class PoisonMessageError extends Error {}

/** Copies a message to a dead-letter topic with the reason and its origin in properties (then the caller acks it). */
export async function sendToDeadLetter(
  client: PulsarClientPort,
  dlqTopic: string,
  message: IncomingMessage,
  subscription: string,
  reason: string,
): Promise<void> {
  await client.producer(dlqTopic).send({
    key: message.key,
    payload: message.payload,
    properties: {
      ...message.properties,
      dlq_reason: reason.slice(0, 500),
      original_topic: message.topic,
      original_message_id: message.messageId,
      original_subscription: subscription,
    },
    eventTime: message.eventTime,
  });
}

/**
 * Decodes a delivered message for handlers: the contract event (Avro topics) or the parsed JSON object (outside-system
 * topics). Poison bytes throw `PoisonMessageError` or `ContractDecodingError`; an unknown event type gives
 * `eventType === UNKNOWN_EVENT_TYPE`; a known type in a newer schema version gives `payload === FUTURE_VERSION`.
 */
export function decodeIncoming(topic: TopicKey, message: IncomingMessage): { event: ReceivedEvent; envelope?: Envelope } {
  if (TOPICS[topic].format === 'json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.payload.toString('utf8'));
    } catch (err) {
      throw new PoisonMessageError(`invalid JSON: ${(err as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new PoisonMessageError('JSON payload is not an object');
    }
    return {
      event: {
        eventType: topic,
        // Outside systems send no event id: the broker's message id identifies the message across redeliveries.
        eventId: uuidFromString(`${message.topic}|${message.messageId}`),
        occurredAt: message.eventTime ?? message.publishTime,
        payload: parsed,
      },
    };
  }
  const decoded = decodeEvent(message.payload);
  const envelope = decoded.envelope;
  const base = {
    eventId: envelope.event_id,
    aggregateId: envelope.aggregate_id,
    occurredAt: Number(envelope.occurred_at),
    correlationId: envelope.correlation_id,
    schemaVersion: envelope.schema_version,
  };
  if (!decoded.known && decoded.reason === 'unknown-schema-version') {
    // A type this build knows, in a version it cannot read yet: `onMessage` keeps it (DLQ) if a handler wants it.
    return { event: { ...base, eventType: envelope.event_type, payload: FUTURE_VERSION }, envelope };
  }
  if (!decoded.known) return { event: { ...base, eventType: UNKNOWN, payload: undefined }, envelope };
  return { event: { ...base, eventType: decoded.eventType, payload: decoded.payload }, envelope };
}


function emptyCounters(): SubscriptionCounters {
  return { processed: 0, duplicates: 0, unknownEventTypes: 0, unknownSchemaVersions: 0, unhandled: 0, deadLettered: 0, failures: 0 };
}

/** A stable UUID-shaped id (SHA-1 based, like a v5 UUID) for messages that carry none. */
export function uuidFromString(value: string): string {
  const h = createHash('sha1').update(value).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
