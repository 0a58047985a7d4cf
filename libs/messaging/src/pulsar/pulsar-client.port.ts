/**
 * The port every service uses to talk to Pulsar. The default adapter speaks the broker's WebSocket API
 * (`pulsar-websocket.client.ts`); a binary-protocol adapter (`pulsar-client` npm package) can implement the same
 * interface where libpulsar installs.
 */
export interface OutgoingMessage {
  /** Message key: routes to a partition and orders the messages of one key. Always set for partitioned topics. */
  readonly key?: string;
  readonly payload: Buffer;
  readonly properties?: Readonly<Record<string, string>>;
  /** Event time in epoch milliseconds. */
  readonly eventTime?: number;
}

export interface SendReceipt {
  /** Broker message id (opaque, base64 as given by the WebSocket API). */
  readonly messageId: string;
}

export interface Producer {
  readonly topic: string;
  /**
   * Resolves once the broker has persisted the message; rejects on error. Waits (backpressure) when too many sends are
   * in flight, up to the send timeout. A message that can never be sent (frame too large, event time out of range)
   * is rejected at once with `MessageRejectedError` (`isPermanentSendError`). When a send times out, every later send
   * of the same producer still pending fails with `SendTimeoutError` too, so nothing sent after it is persisted
   * before the caller retries it.
   */
  send(message: OutgoingMessage): Promise<SendReceipt>;
  close(): Promise<void>;
}

export interface ProducerOptions {
  /** Upper bound of unacknowledged sends; further `send` calls wait for a slot. Default 1000. */
  readonly maxPendingMessages?: number;
  /**
   * A send not acknowledged within this time is failed (the caller retries), and so is every later pending send of
   * the producer. Waiting for a free slot is bounded by the same time. Default 30 000 ms.
   */
  readonly sendTimeoutMs?: number;
  /**
   * Largest WebSocket frame a send may produce (JSON with the base64 payload, so about 4/3 of the payload plus key and
   * properties). The broker closes the connection on a frame over its `webSocketMaxTextFrameSize` (1 MiB by
   * default); bigger messages are rejected with `MessageRejectedError` before they are sent. Default 1 MiB − 16 KiB.
   */
  readonly maxFrameBytes?: number;
}

export interface IncomingMessage {
  readonly topic: string;
  readonly messageId: string;
  readonly key?: string;
  readonly payload: Buffer;
  readonly properties: Readonly<Record<string, string>>;
  readonly publishTime: number;
  readonly eventTime?: number;
  /** How many times the broker has redelivered this message before (0 on first delivery). */
  readonly redeliveryCount: number;
}

export type SubscriptionTypeName = 'Exclusive' | 'Shared' | 'Failover' | 'Key_Shared';

export interface ConsumerOptions {
  readonly topic: string;
  readonly subscription: string;
  readonly subscriptionType?: SubscriptionTypeName;
  /** Start position of a subscription that does not exist yet. Default `Earliest`. */
  readonly initialPosition?: 'Earliest' | 'Latest';
  readonly receiverQueueSize?: number;
  /** Dead-letter topic; default `{topic}-{subscription}-DLQ` when maxRedeliverCount is set. */
  readonly deadLetterTopic?: string;
  readonly maxRedeliverCount?: number;
  readonly negativeAckRedeliveryDelayMs?: number;
  /**
   * When the handler throws, it is called again in place this many times (the message's key waits, so later
   * messages of the key cannot overtake it) before the message is negatively acknowledged. A handler that always
   * fails is therefore called (1 + localRetries) × (1 + maxRedeliverCount) times before the message is
   * dead-lettered. Default 3 (or the client's consumer tuning).
   */
  readonly localRetries?: number;
  /** Delay before the first local retry; each further one waits 4× longer (100, 400, 1 600 ms). Default 100 ms. */
  readonly localRetryDelayMs?: number;
  /**
   * Failures that say nothing about the message (e.g. the database is unreachable or its pool exhausted): they are
   * retried in place for as long as the consumer runs (delays growing to `TRANSIENT_RETRY_MAX_DELAY_MS`), never
   * negatively acknowledged, so they never count towards `maxRedeliverCount` and never dead-letter a message.
   */
  readonly isTransient?: (error: unknown) => boolean;
  /**
   * How long `close()` waits for handlers already running (messages not started yet are left unacked for the
   * broker to redeliver). Default 10 000 ms.
   */
  readonly closeTimeoutMs?: number;
}

/** What a message handler decided. The consumer acks or negatively acks accordingly. */
export type MessageHandler = (message: IncomingMessage) => Promise<void>;

/**
 * Handles several messages at once (e.g. in one database transaction). Resolved → every message is acked; rejected →
 * the batch is retried in place (`localRetries`), then its messages are handled one by one (each with its own
 * retries, then negatively acknowledged), so one bad message cannot hold the others back.
 */
export type BatchMessageHandler = (messages: IncomingMessage[]) => Promise<void>;

export interface BatchOptions {
  /** Most messages per handler call. Default 500 (the broker lets at most `receiverQueueSize` ≤ 1000 wait unacked). */
  readonly maxBatchSize?: number;
  /** How long a batch that is not full waits for more messages. Default 20 ms. */
  readonly maxWaitMs?: number;
}

export interface Consumer {
  readonly topic: string;
  readonly subscription: string;
  close(): Promise<void>;
}

export interface PulsarClientPort {
  /** One cached producer per topic. */
  producer(topic: string, options?: ProducerOptions): Producer;
  /**
   * Subscribes and dispatches each message to `handler`: resolved → ack, rejected → retried in place
   * (`localRetries`), then negative ack (redelivered with backoff, then dead-lettered after `maxRedeliverCount`).
   * Resolves once the subscription is established.
   */
  subscribe(options: ConsumerOptions, handler: MessageHandler): Promise<Consumer>;
  /**
   * Like `subscribe`, but hands the messages over in batches, in arrival order, one batch at a time (so the order of
   * each key is kept), and acks each message after the batch handler resolved.
   */
  subscribeBatch(options: ConsumerOptions & BatchOptions, handler: BatchMessageHandler): Promise<Consumer>;
  close(): Promise<void>;
}
