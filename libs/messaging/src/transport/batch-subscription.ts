import { ContractDecodingError, EVENT_REGISTRY, TOPICS, type EventType, type TopicKey } from '@alpes/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { Logger } from '../logging/logger';
import { runInTransaction } from '../persistence/run-in-transaction';
import { isTransientDatabaseError } from '../persistence/mysql-errors';
import type { BatchOptions, Consumer, IncomingMessage, PulsarClientPort } from '../pulsar/pulsar-client.port';
import {
  decodeIncoming,
  FUTURE_VERSION,
  PoisonMessageError,
  sendToDeadLetter,
  UNKNOWN_EVENT_TYPE,
  uuidFromString,
  type PulsarServerOptions,
  type ReceivedEvent,
  type SubscriptionCounters,
} from './pulsar.server';

/** What a batch handler receives: the decoded event plus what only the batch consumer keeps of the message. */
export interface BatchReceivedEvent<P = unknown> extends ReceivedEvent<P> {
  /** The envelope's `producer` (Avro topics). */
  readonly producer?: string;
  /**
   * The message's JSON text (outside-system JSON topics): lets a handler read numbers exactly as sent, which the
   * parsed `payload` (binary floating point) cannot for amounts of more than 15 significant digits.
   */
  readonly rawJson?: string;
}

/** One event of the batch the handler refuses: its message goes to the dead-letter topic with `reason`. */
export interface BatchRejection {
  readonly eventId: string;
  /** Becomes the DLQ message's `dlq_reason` property (name the field and what is wrong with it). */
  readonly reason: string;
}

/**
 * What a handler may answer: events it refuses (poison data that no retry can fix). The rest of the batch commits
 * as usual; each refused event's message is copied to the dead-letter topic, inside the batch's transaction, before
 * COMMIT (a rollback re-runs the batch: the DLQ may then hold a copy twice, but never lose one).
 */
export interface BatchHandlerResult {
  readonly deadLetter?: readonly BatchRejection[];
}

/**
 * Runs inside the batch's transaction with the events not seen before by this subscription, in arrival order. The
 * inbox rows of refused events commit too, so a redelivery does not dead-letter them again.
 */
export type BatchEventHandler = (events: BatchReceivedEvent[], manager: EntityManager) => Promise<void | BatchHandlerResult>;

/** A message of the batch that went to the dead-letter topic, as `onDeadLetter` sees it. */
export interface DeadLetterNotice {
  /**
   * The event id; for a message that could not be decoded, a stable id derived from its topic and message id (the
   * same derivation as the event ids of JSON messages), so a redelivered copy has the same id.
   */
  readonly id: string;
  readonly topic: TopicKey;
  readonly messageId: string;
  /** The `dlq_reason` written on the DLQ copy. */
  readonly reason: string;
  /** Why: undecodable bytes (`poison`), a newer schema version (`future-version`), refused by the handler (`rejected`). */
  readonly kind: 'poison' | 'future-version' | 'rejected';
}

/**
 * Called inside the batch's transaction with every message of the batch sent to the dead-letter topic (also when the
 * batch had no other event), e.g. to count them in the app's database. It may run more than once for the same
 * message (a batch that rolls back is re-run): key what it writes by `id`.
 */
export type DeadLetterHook = (notices: DeadLetterNotice[], manager: EntityManager) => Promise<void>;

export interface BatchSubscriptionSpec extends BatchOptions {
  /** Catalog topic. */
  readonly topic: TopicKey;
  /** One of the app's subscriptions on `topic` in the catalog; default: the app's only one. */
  readonly subscription?: string;
  readonly handler: BatchEventHandler;
  readonly onDeadLetter?: DeadLetterHook;
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
 * DLQ (after `maxRedeliverCount`) and the rest commit. A transient database failure (`isTransientDatabaseError`) is
 * instead retried in place, the whole batch, until it passes: never negatively acked, never dead-lettered. A handler can also refuse single events of a batch
 * (`BatchHandlerResult.deadLetter`): they go to the DLQ with the handler's reason and the rest of the batch commits.
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
        // A database outage or an exhausted pool is waited out, never dead-lettered.
        isTransient: isTransientDatabaseError,
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
    const events: BatchReceivedEvent[] = [];
    const messageOf = new Map<string, IncomingMessage>();
    const notices: DeadLetterNotice[] = [];
    for (const message of messages) {
      let decoded: ReturnType<typeof decodeIncoming>;
      try {
        decoded = decodeIncoming(this.topicKey, message);
      } catch (err) {
        if (err instanceof PoisonMessageError || err instanceof ContractDecodingError) {
          await this.deadLetter(message, err.message);
          this.counters.deadLettered++;
          notices.push(this.notice(uuidFromString(`${message.topic}|${message.messageId}`), message, err.message, 'poison'));
          continue;
        }
        throw err;
      }
      const { event, envelope } = decoded;
      if (event.eventType === UNKNOWN_EVENT_TYPE) {
        this.counters.unknownEventTypes++;
        continue;
      }
      if (event.payload === FUTURE_VERSION) {
        const latest = EVENT_REGISTRY[event.eventType as EventType].latest;
        const reason = `unknown schema_version ${String(event.schemaVersion)} of ${event.eventType} (this build reads ≤ ${latest})`;
        await this.deadLetter(message, reason);
        this.counters.unknownSchemaVersions++;
        notices.push(this.notice(event.eventId, message, reason, 'future-version'));
        continue;
      }
      if (!messageOf.has(event.eventId)) messageOf.set(event.eventId, message);
      // No envelope: a JSON message of an outside system (decodeIncoming parsed it from this text).
      events.push(envelope ? { ...event, producer: envelope.producer } : { ...event, rawJson: message.payload.toString('utf8') });
    }
    const hook = this.spec.onDeadLetter;
    if (events.length === 0 && (notices.length === 0 || !hook)) return;
    try {
      const { fresh, duplicates, rejected } = await runInTransaction(
        this.deps.dataSource,
        async (manager) => {
          const fresh = events.length > 0 ? await this.recordInInbox(manager, events) : [];
          const result = fresh.length > 0 ? await this.spec.handler(fresh, manager) : undefined;
          const rejected = await this.deadLetterRejected(fresh, result, messageOf);
          const all = [...notices, ...rejected];
          if (hook && all.length > 0) await hook(all, manager);
          return { fresh, duplicates: events.length - fresh.length, rejected: rejected.length };
        },
        { retries: 3 },
      );
      this.counters.processed += fresh.length - rejected;
      this.counters.deadLettered += rejected;
      this.counters.duplicates += duplicates;
    } catch (err) {
      this.counters.failures++;
      throw err;
    }
  }

  /** Copies the messages of the events the handler refused to the DLQ; the caller's transaction has not committed yet. */
  private async deadLetterRejected(
    fresh: readonly BatchReceivedEvent[],
    result: void | BatchHandlerResult | undefined,
    messageOf: ReadonlyMap<string, IncomingMessage>,
  ): Promise<DeadLetterNotice[]> {
    const refused = result?.deadLetter ?? [];
    if (refused.length === 0) return [];
    const handed = new Set(fresh.map((e) => e.eventId));
    const notices: DeadLetterNotice[] = [];
    const done = new Set<string>();
    for (const { eventId, reason } of refused) {
      const message = messageOf.get(eventId);
      if (!message || !handed.has(eventId)) throw new Error(`The batch handler refused event ${eventId}, which is not in the batch it was given`);
      if (done.has(eventId)) continue;
      done.add(eventId);
      await this.deadLetter(message, reason);
      notices.push(this.notice(eventId, message, reason, 'rejected'));
    }
    return notices;
  }

  private notice(id: string, message: IncomingMessage, reason: string, kind: DeadLetterNotice['kind']): DeadLetterNotice {
    return { id, topic: this.topicKey, messageId: message.messageId, reason: reason.slice(0, 500), kind };
  }

  /** Inserts the batch's inbox rows and returns the events this subscription had not processed yet. */
  private async recordInInbox(manager: EntityManager, events: BatchReceivedEvent[]): Promise<BatchReceivedEvent[]> {
    const unique = new Map<string, BatchReceivedEvent>();
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
