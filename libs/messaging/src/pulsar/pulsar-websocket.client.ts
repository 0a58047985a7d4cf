import { createLogger, Logger } from '../logging/logger';
import { BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import type {
  BatchMessageHandler,
  BatchOptions,
  Consumer,
  ConsumerOptions,
  MessageHandler,
  Producer,
  ProducerOptions,
  PulsarClientPort,
} from './pulsar-client.port';
import { topicPath, webSocketBaseUrl } from './topic-path';
import { DEFAULT_CONSUMER_TUNING, WebSocketConsumer, WebSocketConsumerTuning, type BatchHandling } from './websocket-consumer';
import { WebSocketProducer } from './websocket-producer';

export interface PulsarWebSocketClientOptions {
  /** Broker HTTP URL (admin REST + WebSocket API). Default `PULSAR_HTTP_URL` or http://127.0.0.1:8080. */
  readonly httpUrl?: string;
  /** Overrides the WebSocket base derived from httpUrl (e.g. a separate WebSocket proxy). */
  readonly wsUrl?: string;
  readonly backoff?: BackoffOptions;
  /** Defaults for every producer of this client (`producer(topic, options)` overrides them). */
  readonly producer?: ProducerOptions;
  /**
   * Consumer tuning: concurrency, and the defaults of `localRetries`, `localRetryDelayMs` and `closeTimeoutMs` for
   * every subscription of this client (`ConsumerOptions` override them).
   */
  readonly consumer?: Partial<WebSocketConsumerTuning>;
  readonly logger?: Logger;
}

export const DEFAULT_PULSAR_HTTP_URL = 'http://127.0.0.1:8080';

export function pulsarHttpUrlFromEnv(): string {
  return process.env['PULSAR_HTTP_URL'] || DEFAULT_PULSAR_HTTP_URL;
}

/**
 * `PulsarClientPort` over the broker's WebSocket API (`/ws/v2/producer|consumer/...`). Producer batching stays off
 * (acks of batched messages over WebSocket are unreliable) and routing is round robin for keyless messages, by key
 * hash otherwise.
 */
export class PulsarWebSocketClient implements PulsarClientPort {
  readonly httpUrl: string;
  private readonly wsBase: string;
  private readonly backoff: BackoffOptions;
  private readonly logger: Logger;
  private readonly producers = new Map<string, WebSocketProducer>();
  private readonly consumers = new Set<WebSocketConsumer>();
  private closed = false;

  constructor(private readonly options: PulsarWebSocketClientOptions = {}) {
    this.httpUrl = (options.httpUrl ?? pulsarHttpUrlFromEnv()).replace(/\/+$/, '');
    this.wsBase = (options.wsUrl ?? webSocketBaseUrl(this.httpUrl)).replace(/\/+$/, '');
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.logger = options.logger ?? createLogger('pulsar-ws');
  }

  producer(topic: string, options?: ProducerOptions): Producer {
    if (this.closed) throw new Error('Pulsar client is closed');
    let producer = this.producers.get(topic);
    if (!producer) {
      const effective: ProducerOptions = { ...definedOnly(this.options.producer), ...definedOnly(options) };
      const query = new URLSearchParams({
        batchingEnabled: 'false',
        messageRoutingMode: 'RoundRobinPartition',
        ...(effective.sendTimeoutMs ? { sendTimeoutMillis: String(effective.sendTimeoutMs) } : {}),
        ...(effective.maxPendingMessages ? { maxPendingMessages: String(effective.maxPendingMessages) } : {}),
      });
      const url = `${this.wsBase}/ws/v2/producer/${topicPath(topic)}?${query}`;
      producer = new WebSocketProducer(topic, url, effective, this.backoff, this.logger);
      this.producers.set(topic, producer);
    }
    return producer;
  }

  subscribe(options: ConsumerOptions, handler: MessageHandler): Promise<Consumer> {
    return this.open(options, handler);
  }

  subscribeBatch(options: ConsumerOptions & BatchOptions, handler: BatchMessageHandler): Promise<Consumer> {
    return this.open(options, {
      batch: handler,
      maxBatchSize: Math.max(1, Math.min(options.maxBatchSize ?? 500, 1000)),
      maxWaitMs: Math.max(0, options.maxWaitMs ?? 20),
    });
  }

  private async open(options: ConsumerOptions, handler: MessageHandler | BatchHandling): Promise<Consumer> {
    if (this.closed) throw new Error('Pulsar client is closed');
    const query = new URLSearchParams({
      subscriptionType: options.subscriptionType ?? 'Key_Shared',
      subscriptionInitialPosition: options.initialPosition ?? 'Earliest',
      receiverQueueSize: String(Math.min(options.receiverQueueSize ?? 1000, 1000)),
    });
    if (options.maxRedeliverCount !== undefined) query.set('maxRedeliverCount', String(options.maxRedeliverCount));
    if (options.deadLetterTopic) query.set('deadLetterTopic', options.deadLetterTopic);
    if (options.negativeAckRedeliveryDelayMs !== undefined) {
      query.set('negativeAckRedeliveryDelay', String(options.negativeAckRedeliveryDelayMs));
    }
    const url = `${this.wsBase}/ws/v2/consumer/${topicPath(options.topic)}/${encodeURIComponent(options.subscription)}?${query}`;
    const consumer = new WebSocketConsumer(
      url,
      options,
      handler,
      this.backoff,
      { ...DEFAULT_CONSUMER_TUNING, ...definedOnly(this.options.consumer) },
      this.logger,
    );
    this.consumers.add(consumer);
    try {
      await consumer.start();
    } catch (err) {
      this.consumers.delete(consumer);
      throw err;
    }
    const close = consumer.close.bind(consumer);
    consumer.close = async () => {
      this.consumers.delete(consumer);
      await close();
    };
    return consumer;
  }

  /** Drains consumers first (running handlers finish and ack), then flushes and closes producers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.consumers].map((c) => c.close()));
    await Promise.allSettled([...this.producers.values()].map((p) => p.close()));
    this.producers.clear();
  }
}

/** Drops keys whose value is `undefined`, so that they do not override defaults when spread. */
function definedOnly<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
