import WebSocket from 'ws';
import type { Logger } from '../logging/logger';
import { backoffDelay, BackoffOptions } from './backoff';
import { Heartbeat } from './heartbeat';
import type { Consumer, ConsumerOptions, IncomingMessage, MessageHandler } from './pulsar-client.port';
import { SubscriptionRejectedError } from './pulsar.errors';

interface WireMessage {
  messageId: string;
  payload: string;
  properties?: Record<string, string>;
  publishTime: string;
  eventTime?: string;
  key?: string;
  redeliveryCount?: number;
}

export interface WebSocketConsumerTuning {
  /** Handlers running at once across keys (messages of one key always run one after the other). */
  readonly concurrency: number;
}

export const DEFAULT_CONSUMER_TUNING: WebSocketConsumerTuning = { concurrency: 64 };

/** HTTP statuses of the WebSocket handshake that retrying cannot fix. */
const FATAL_HANDSHAKE_STATUSES = new Set([400, 401, 403]);

/**
 * A WebSocket consumer. The broker pushes at most `receiverQueueSize` unacknowledged messages; each is handed to
 * the handler in key order (one chain per key, bounded concurrency across keys), then acked when the handler
 * resolved or negatively acked when it threw. An ack can only travel on the connection that delivered the message:
 * after a reconnection the broker redelivers whatever was not acked, and the idempotent handler (inbox) skips it.
 */
export class WebSocketConsumer implements Consumer {
  readonly topic: string;
  readonly subscription: string;
  private ws?: WebSocket;
  private closed = false;
  private attempt = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private running = 0;
  private readonly heartbeat = new Heartbeat();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly waiters: (() => void)[] = [];
  private firstAttempt?: { resolve: () => void; reject: (e: Error) => void };
  /** Messages handed to the handler and not yet settled (for draining on close). */
  private inProgress = new Set<Promise<void>>();
  private stats = { received: 0, acked: 0, nacked: 0 };

  constructor(
    private readonly url: string,
    private readonly options: ConsumerOptions,
    private readonly handler: MessageHandler,
    private readonly backoff: BackoffOptions,
    private readonly tuning: WebSocketConsumerTuning,
    private readonly logger: Logger,
  ) {
    this.topic = options.topic;
    this.subscription = options.subscription;
  }

  get counters(): Readonly<{ received: number; acked: number; nacked: number }> {
    return { ...this.stats };
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  /**
   * Resolves when the subscription is established, or, if the broker cannot be reached, after the first failed
   * attempt (the consumer keeps retrying in the background). Rejects only when the broker refuses the request.
   */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.firstAttempt = { resolve, reject };
      this.connect();
    });
  }

  /** Stops taking messages, lets running handlers finish and ack, then closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    await Promise.allSettled([...this.inProgress]);
    this.heartbeat.stop();
    const ws = this.ws;
    this.ws = undefined;
    if (ws) {
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      await new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once('close', () => resolve());
        ws.close();
        setTimeout(() => {
          ws.terminate();
          resolve();
        }, 2_000).unref();
      });
    }
  }

  private connect(): void {
    if (this.closed) return;
    const ws = new WebSocket(this.url, { perMessageDeflate: false });
    this.ws = ws;
    ws.on('open', () => {
      if (this.attempt > 0) this.logger.info({ topic: this.topic, subscription: this.subscription }, 'consumer reconnected');
      this.attempt = 0;
      this.heartbeat.start(ws);
      this.settleFirstAttempt();
    });
    ws.on('message', (data) => this.onMessage(ws, data.toString()));
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      if (FATAL_HANDSHAKE_STATUSES.has(status)) {
        const error = new SubscriptionRejectedError(this.topic, this.subscription, status);
        this.logger.error({ topic: this.topic, subscription: this.subscription, status }, error.message);
        this.closed = true;
        this.settleFirstAttempt(error);
      } else {
        this.logger.warn({ topic: this.topic, subscription: this.subscription, status }, 'subscription refused; will retry');
      }
      ws.terminate();
    });
    ws.on('error', (err) => this.logger.debug({ topic: this.topic, err: err.message }, 'consumer socket error'));
    ws.on('close', () => this.onClose(ws));
  }

  private settleFirstAttempt(error?: Error): void {
    const first = this.firstAttempt;
    this.firstAttempt = undefined;
    if (!first) return;
    if (error) first.reject(error);
    else first.resolve();
  }

  private onClose(ws: WebSocket): void {
    if (this.ws !== ws) return;
    this.heartbeat.stop();
    this.ws = undefined;
    this.settleFirstAttempt();
    if (this.closed) return;
    const delay = backoffDelay(this.attempt++, this.backoff);
    if (this.attempt === 1 || this.attempt % 10 === 0) {
      this.logger.warn(
        { topic: this.topic, subscription: this.subscription, attempt: this.attempt, delay },
        'consumer disconnected; reconnecting',
      );
    }
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private onMessage(ws: WebSocket, raw: string): void {
    if (this.closed) return; // not acked: the broker redelivers it to another consumer
    let wire: WireMessage;
    try {
      wire = JSON.parse(raw) as WireMessage;
    } catch {
      this.logger.warn({ topic: this.topic }, 'unparseable frame from broker');
      return;
    }
    if (!wire.messageId || typeof wire.payload !== 'string') return; // not a message (e.g. a command response)
    this.stats.received++;
    const message: IncomingMessage = {
      topic: this.topic,
      messageId: wire.messageId,
      key: wire.key,
      payload: Buffer.from(wire.payload, 'base64'),
      properties: wire.properties ?? {},
      publishTime: Date.parse(wire.publishTime),
      eventTime: wire.eventTime ? Date.parse(wire.eventTime) : undefined,
      redeliveryCount: wire.redeliveryCount ?? 0,
    };
    const key = message.key ?? '';
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.process(ws, message));
    this.chains.set(key, next);
    this.inProgress.add(next);
    void next.finally(() => {
      this.inProgress.delete(next);
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  private async process(ws: WebSocket, message: IncomingMessage): Promise<void> {
    await this.acquire();
    try {
      await this.handler(message);
      this.command(ws, { messageId: message.messageId });
      this.stats.acked++;
    } catch (err) {
      this.stats.nacked++;
      this.logger.warn(
        {
          topic: this.topic,
          subscription: this.subscription,
          messageId: message.messageId,
          redeliveryCount: message.redeliveryCount,
          err: err instanceof Error ? err.message : String(err),
        },
        'handler failed; message negatively acknowledged',
      );
      this.command(ws, { type: 'negativeAcknowledge', messageId: message.messageId });
    } finally {
      this.release();
    }
  }

  private command(ws: WebSocket, body: Record<string, string>): void {
    // The ack must go back on the connection that delivered the message; if it is gone, the broker redelivers.
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(body));
  }

  private async acquire(): Promise<void> {
    while (this.running >= this.tuning.concurrency) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.running++;
  }

  private release(): void {
    this.running--;
    this.waiters.shift()?.();
  }
}
