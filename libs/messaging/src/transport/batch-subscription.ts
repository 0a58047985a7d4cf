import { ContractDecodingError, EVENT_REGISTRY, TOPICS, type EventType, type TopicKey } from '@alpes/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../logging/logger';
import { runInTransaction } from '../persistence/run-in-transaction';
import type { BatchOptions, Consumer, IncomingMessage, PulsarClientPort } from '../pulsar/pulsar-client.port';
import {
  decodeIncoming,
  FUTURE_VERSION,
  PoisonMessageError,
  sendToDeadLetter,
  UNKNOWN_EVENT_TYPE,
  type PulsarServerOptions,
  type ReceivedEvent,
  type SubscriptionCounters,
} from './pulsar.server';

/** Runs inside the batch's transaction with the events not seen before by this subscription, in arrival order. */
export type BatchEventHandler = (events: ReceivedEvent[], manager: EntityManager) => Promise<void>;

export interface BatchSubscriptionSpec extends BatchOptions {
  /** Catalog topic. */
  readonly topic: TopicKey;
  /** One of the app's subscriptions on `topic` in the catalog; default: the app's only one. */
  readonly subscription?: string;
  readonly handler: BatchEventHandler;
}

export interface BatchSubscriptionDeps {
  readonly app: PulsarServerOptions['app'];
  readonly client: PulsarClientPort;
  readonly dataSource: DataSource;
  readonly resolveTopic: (key: TopicKey) => string;
  readonly consumer?: PulsarServerOptions['consumer'];
  readonly logger: Logger;
}

const DEFAULT_NACK_DELAY_MS = 1_000;
const INBOX_CHUNK = 500;

/**
 * A high-volume consumer: messages are decoded and handed to `handler` in batches, ONE database transaction per batch
 * holding the batch's inbox rows and the handler's effects; every message is acked after COMMIT. Redelivered
 * events already in the inbox never reach the handler again. Poison bytes and newer schema versions go to the
 * dead-letter topic with `dlq_reason` (as with `PulsarServer`); unknown event types are acked and counted. When a
 * batch fails after its in-place retries, its messages are handled one by one, so a single bad message ends in the
 * DLQ (after `maxRedeliverCount`) and the rest commit.
 */
export class BatchSubscription {
  readonly topicKey: TopicKey;
  readonly subscription: string;
  readonly counters: SubscriptionCounters = {
    processed: 0,
    duplicates: 0,
    unknownEventTypes: 0,
    unknownSchemaVersions: 0,
    unhandled: 0,
    deadLettered: 0,
    failures: 0,
  };
  private consumer?: Consumer;
  private readonly dlqTopic: string;

  constructor(
    private readonly spec: BatchSubscriptionSpec,
    private readonly deps: BatchSubscriptionDeps,
  ) {
    this.topicKey = spec.topic;
    const mine = TOPICS[spec.topic].subscriptions.filter((s) => s.app === deps.app);
    const chosen = spec.subscription ? mine.find((s) => s.name === spec.subscription) : mine[0];
    if (!chosen) {
      throw new Error(`App "${deps.app}" has no subscription ${spec.subscription ?? ''} on ${spec.topic} in the topic catalog`);
    }
    this.subscription = chosen.name;
    this.dlqTopic = `${deps.resolveTopic(spec.topic)}-${chosen.name}-DLQ`;
  }

  async start(): Promise<void> {
    const spec = TOPICS[this.topicKey].subscriptions.find((s) => s.name === this.subscription);
    this.consumer = await this.deps.client.subscribeBatch(
      {
        topic: this.deps.resolveTopic(this.topicKey),
        subscription: this.subscription,
        subscriptionType: spec?.type ?? 'Key_Shared',
        initialPosition: 'Earliest',
        maxRedeliverCount: this.deps.consumer?.maxRedeliverCount ?? spec?.maxRedeliverCount,
        deadLetterTopic: this.dlqTopic,
        negativeAckRedeliveryDelayMs: this.deps.consumer?.negativeAckRedeliveryDelayMs ?? DEFAULT_NACK_DELAY_MS,
        receiverQueueSize: this.deps.consumer?.receiverQueueSize ?? 1000,
        localRetries: this.deps.consumer?.localRetries,
        localRetryDelayMs: this.deps.consumer?.localRetryDelayMs,
        closeTimeoutMs: this.deps.consumer?.closeTimeoutMs,
        maxBatchSize: this.spec.maxBatchSize,
        maxWaitMs: this.spec.maxWaitMs,
      },
      (messages) => this.onBatch(messages),
    );
    this.deps.logger.info({ topic: this.topicKey, subscription: this.subscription, batch: true }, 'subscribed');
  }

  /** Waits for the running batch to commit and ack; messages not started are redelivered by the broker. */
  async close(): Promise<void> {
    const consumer = this.consumer;
    this.consumer = undefined;
    await consumer?.close();
  }

  private async onBatch(messages: IncomingMessage[]): Promise<void> {
    const events: ReceivedEvent[] = [];
    for (const message of messages) {
      let decoded: ReturnType<typeof decodeIncoming>;
      try {
        decoded = decodeIncoming(this.topicKey, message);
      } catch (err) {
        if (err instanceof PoisonMessageError || err instanceof ContractDecodingError) {
          await this.deadLetter(message, err.message);
          this.counters.deadLettered++;
          continue;
        }
        throw err;
      }
      const { event } = decoded;
      if (event.eventType === UNKNOWN_EVENT_TYPE) {
        this.counters.unknownEventTypes++;
        continue;
      }
      if (event.payload === FUTURE_VERSION) {
        const latest = EVENT_REGISTRY[event.eventType as EventType].latest;
        await this.deadLetter(message, `unknown schema_version ${String(event.schemaVersion)} of ${event.eventType} (this build reads ≤ ${latest})`);
        this.counters.unknownSchemaVersions++;
        continue;
      }
      events.push(event);
    }
    if (events.length === 0) return;
    try {
      const { fresh, duplicates } = await runInTransaction(
        this.deps.dataSource,
        async (manager) => {
          const fresh = await this.recordInInbox(manager, events);
          if (fresh.length > 0) await this.spec.handler(fresh, manager);
          return { fresh, duplicates: events.length - fresh.length };
        },
        { retries: 3 },
      );
      this.counters.processed += fresh.length;
      this.counters.duplicates += duplicates;
    } catch (err) {
      this.counters.failures++;
      throw err;
    }
  }

  /** Inserts the batch's inbox rows and returns the events this subscription had not processed yet. */
  private async recordInInbox(manager: EntityManager, events: ReceivedEvent[]): Promise<ReceivedEvent[]> {
    const unique = new Map<string, ReceivedEvent>();
    for (const e of events) if (!unique.has(e.eventId)) unique.set(e.eventId, e);
    const ids = [...unique.keys()];
    const seen = new Set<string>();
    for (let i = 0; i < ids.length; i += INBOX_CHUNK) {
      const chunk = ids.slice(i, i + INBOX_CHUNK);
      const rows: { event_id: string }[] = await manager.query(
        `SELECT event_id FROM inbox_messages WHERE subscription = ? AND event_id IN (${chunk.map(() => '?').join(',')})`,
        [this.subscription, ...chunk],
      );
      for (const r of rows) seen.add(r.event_id);
    }
    const fresh = [...unique.values()].filter((e) => !seen.has(e.eventId));
    for (let i = 0; i < fresh.length; i += INBOX_CHUNK) {
      const chunk = fresh.slice(i, i + INBOX_CHUNK);
      // A concurrent duplicate (another replica) fails this insert: the batch rolls back and its retry sees the row.
      await manager.query(
        `INSERT INTO inbox_messages (subscription, event_id, event_type) VALUES ${chunk.map(() => '(?, ?, ?)').join(',')}`,
        chunk.flatMap((e) => [this.subscription, e.eventId, e.eventType]),
      );
    }
    return fresh;
  }

  private async deadLetter(message: IncomingMessage, reason: string): Promise<void> {
    this.deps.logger.warn({ topic: this.topicKey, subscription: this.subscription, messageId: message.messageId, reason }, 'message sent to DLQ');
    await sendToDeadLetter(this.deps.client, this.dlqTopic, message, this.subscription, reason);
  }
}
