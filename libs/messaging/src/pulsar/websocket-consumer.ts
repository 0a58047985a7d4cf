import WebSocket from 'ws';
import type { Logger } from '../logging/logger';
import { BackoffOptions, ReconnectBackoff } from './backoff';
import { Heartbeat } from './heartbeat';
import type { BatchMessageHandler, Consumer, ConsumerOptions, IncomingMessage, MessageHandler } from './pulsar-client.port';
import { SubscriptionRejectedError } from './pulsar.errors';
import { sendCoalesced } from './coalesced-send';

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
  /** Default of `ConsumerOptions.localRetries`: in-place retries of a failing handler before the negative ack. */
  readonly localRetries: number;
  /** Default of `ConsumerOptions.localRetryDelayMs`: first local retry delay (then ×4 each time). */
  readonly localRetryDelayMs: number;
  /** Default of `ConsumerOptions.closeTimeoutMs`: how long `close()` waits for running handlers. */
  readonly closeTimeoutMs: number;
}

export const DEFAULT_CONSUMER_TUNING: WebSocketConsumerTuning = {
  concurrency: 64,
  localRetries: 3,
  localRetryDelayMs: 100,
  closeTimeoutMs: 10_000,
};

/** Batch mode of a consumer (`PulsarClientPort.subscribeBatch`). */
export interface BatchHandling {
  readonly batch: BatchMessageHandler;
  readonly maxBatchSize: number;
  readonly maxWaitMs: number;
}

interface Delivered {
  readonly ws: WebSocket;
  readonly message: IncomingMessage;
}

/** Each local retry waits this many times longer than the previous one. */
const LOCAL_RETRY_FACTOR = 4;
/** Longest pause between two in-place retries of a transient failure (`ConsumerOptions.isTransient`). */
export const TRANSIENT_RETRY_MAX_DELAY_MS = 5_000;

/** HTTP statuses of the WebSocket handshake that retrying cannot fix (while subscribing for the first time). */
const FATAL_HANDSHAKE_STATUSES = new Set([400, 401, 403]);

/**
 * A WebSocket consumer. The broker pushes at most `receiverQueueSize` unacknowledged messages; each is handed to
 * the handler in key order (one chain per key, bounded concurrency across keys), then acked when the handler
 * resolved. A handler that throws is retried in place (`localRetries`, exponential delay) while its key waits, so
 * a transient failure does not let later messages of the key overtake it; only then is the message negatively
 * acked (redelivered by the broker, dead-lettered after `maxRedeliverCount`).
 *
 * An ack can only travel on the connection that delivered the message: when a connection closes, its messages not
 * yet started are dropped (the broker redelivers them on the next connection and the idempotent handler skips what
 * already committed). `close()` likewise skips messages not started and waits, up to `closeTimeoutMs`, only for
 * handlers already running.
 */
export class WebSocketConsumer implements Consumer {
  readonly topic: string;
  readonly subscription: string;
  private ws?: WebSocket;
  private closing = false;
  private closePromise?: Promise<void>;
  private connects = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private running = 0;
  private readonly reconnect: ReconnectBackoff;
  private readonly heartbeat = new Heartbeat();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly waiters: (() => void)[] = [];
  /** Wakes local-retry pauses early when the consumer closes. */
  private readonly sleepers = new Set<() => void>();
  private firstAttempt?: { resolve: () => void; reject: (e: Error) => void };
  /** Handlers started and not yet settled (what `close()` waits for). */
  private readonly active = new Set<Promise<void>>();
  private stats = { received: 0, acked: 0, nacked: 0, retried: 0, skipped: 0 };
  private readonly localRetries: number;
  private readonly localRetryDelayMs: number;
  private readonly closeTimeoutMs: number;
  private readonly handler: MessageHandler;
  private readonly batching?: BatchHandling;
  /** Batch mode: delivered messages waiting for the next batch, and whether the batch loop runs. */
  private readonly queued: Delivered[] = [];
  private batchLoop?: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly options: ConsumerOptions,
    handler: MessageHandler | BatchHandling,
    backoff: BackoffOptions,
    private readonly tuning: WebSocketConsumerTuning,
    private readonly logger: Logger,
  ) {
    this.topic = options.topic;
    this.subscription = options.subscription;
    if (typeof handler === 'function') {
      this.handler = handler;
    } else {
      this.batching = handler;
      this.handler = (message) => handler.batch([message]);
    }
    this.reconnect = new ReconnectBackoff(backoff);
    this.localRetries = Math.max(0, options.localRetries ?? tuning.localRetries ?? DEFAULT_CONSUMER_TUNING.localRetries);
    this.localRetryDelayMs = options.localRetryDelayMs ?? tuning.localRetryDelayMs ?? DEFAULT_CONSUMER_TUNING.localRetryDelayMs;
    this.closeTimeoutMs = options.closeTimeoutMs ?? tuning.closeTimeoutMs ?? DEFAULT_CONSUMER_TUNING.closeTimeoutMs;
  }

  /**
   * received: messages delivered by the broker; acked / nacked: acks and negative acks sent; retried: local retries
   * of failed handlers; skipped: not handled because the consumer was closing or their connection was gone (the
   * broker redelivers them).
   */
  get counters(): Readonly<{ received: number; acked: number; nacked: number; retried: number; skipped: number }> {
    return { ...this.stats };
  }

  /** True while the subscription's connection is open and the consumer is not closing. */
  get connected(): boolean {
    return !this.closing && this.ws?.readyState === WebSocket.OPEN;
  }

  /** WebSocket connections opened or attempted so far (for monitoring and tests). */
  get connectionAttempts(): number {
    return this.connects;
  }

  /**
   * Resolves when the subscription is established, or, if the broker cannot be reached, after the first failed
   * attempt (the consumer keeps retrying in the background). Rejects only when the broker refuses this first
   * request (400/401/403); a refusal on a later reconnection is logged and retried with backoff.
   */
  start(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.firstAttempt = { resolve, reject };
      this.connect();
    });
  }

  /**
   * Stops taking messages: those not started yet are left unacked (the broker redelivers them), running handlers
   * get up to `closeTimeoutMs` to finish and ack (a failing one is not retried locally any more), then the
   * connection closes.
   */
  close(): Promise<void> {
    this.closePromise ??= this.doClose();
    return this.closePromise;
  }

  private async doClose(): Promise<void> {
    this.closing = true;
    clearTimeout(this.reconnectTimer);
    this.reconnect.stop();
    for (const wake of [...this.sleepers]) wake();
    for (const waiter of this.waiters.splice(0)) waiter();
    if (this.active.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      const finished = await Promise.race([
        Promise.allSettled([...this.active]).then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), this.closeTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (!finished) {
        this.logger.warn(
          { topic: this.topic, subscription: this.subscription, running: this.active.size, closeTimeoutMs: this.closeTimeoutMs },
          'consumer closing with handlers still running; their messages will be redelivered',
        );
      }
    }
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
    this.reconnectTimer = undefined;
    if (this.closing) return;
    this.connects++;
    const ws = new WebSocket(this.url, { perMessageDeflate: false });
    this.ws = ws;
    ws.on('open', () => {
      if (this.reconnect.attempts > 0) {
        this.logger.info({ topic: this.topic, subscription: this.subscription, attempts: this.reconnect.attempts }, 'consumer reconnected');
      }
      this.reconnect.opened();
      this.heartbeat.start(ws);
      this.settleFirstAttempt();
    });
    ws.on('message', (data) => this.onMessage(ws, data.toString()));
    ws.on('unexpected-response', (_req, res) => {
      const status = res.statusCode ?? 0;
      const fatal = FATAL_HANDSHAKE_STATUSES.has(status);
      if (fatal && this.firstAttempt) {
        // Refused on start(): bad parameters or not authorised; the caller learns it at once.
        const error = new SubscriptionRejectedError(this.topic, this.subscription, status);
        this.logger.error({ topic: this.topic, subscription: this.subscription, status }, error.message);
        this.closing = true;
        this.settleFirstAttempt(error);
      } else if (fatal) {
        // The same request was accepted before (permissions being changed, a broker being reconfigured…): the
        // subscription must not end silently; keep retrying with backoff and say so loudly.
        this.logger.error(
          { topic: this.topic, subscription: this.subscription, status, attempt: this.reconnect.attempts + 1 },
          'broker refused the subscription on reconnection; retrying with backoff',
        );
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
    if (this.closing) return;
    // Messages of this connection not started yet are dropped when their turn comes (see `mayRun`).
    const delay = this.reconnect.nextDelay();
    const attempt = this.reconnect.attempts;
    if (attempt === 1 || attempt % 10 === 0) {
      this.logger.warn({ topic: this.topic, subscription: this.subscription, attempt, delay }, 'consumer disconnected; reconnecting');
    }
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private onMessage(ws: WebSocket, raw: string): void {
    if (this.closing) return; // not acked: the broker redelivers it to another consumer
    let wire: WireMessage;
    try {
      wire = JSON.parse(raw) as WireMessage;
    } catch {
      this.logger.warn({ topic: this.topic }, 'unparseable frame from broker');
      return;
    }
    if (!wire.messageId || typeof wire.payload !== 'string') return; // not a message (e.g. a command response)
    this.reconnect.useful();
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
    if (this.batching) {
      this.queued.push({ ws, message });
      this.batchLoop ??= this.runBatches().finally(() => (this.batchLoop = undefined));
      return;
    }
    const key = message.key ?? '';
    const previous = this.chains.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.process(ws, message));
    this.chains.set(key, next);
    void next.finally(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** A message may (still) be handled: the consumer is not closing and the connection that must carry its ack is open. */
  private mayRun(ws: WebSocket): boolean {
    return !this.closing && ws.readyState === WebSocket.OPEN;
  }

  /** Never rejects (the key's chain goes on). */
  private async process(ws: WebSocket, message: IncomingMessage): Promise<void> {
    await this.acquire();
    try {
      if (!this.mayRun(ws)) {
        this.stats.skipped++;
        return;
      }
      const task = this.handle(ws, message);
      this.active.add(task);
      try {
        await task;
      } finally {
        this.active.delete(task);
      }
    } catch (err) {
      this.logger.error({ topic: this.topic, err: err instanceof Error ? err.message : String(err) }, 'consumer dispatch failed');
    } finally {
      this.release();
    }
  }

  /**
   * Batch mode: one batch at a time, in arrival order (so each key keeps its order). A batch that is not full waits
   * up to `maxWaitMs` for more messages. Messages whose connection closed are skipped (the broker redelivers them).
   */
  private async runBatches(): Promise<void> {
    const { maxBatchSize, maxWaitMs } = this.batching as BatchHandling;
    while (this.queued.length > 0 && !this.closing) {
      if (this.queued.length < maxBatchSize && maxWaitMs > 0) await this.pause(maxWaitMs);
      const taken = this.queued.splice(0, maxBatchSize);
      const batch = taken.filter((d) => this.mayRun(d.ws));
      this.stats.skipped += taken.length - batch.length;
      if (batch.length === 0) continue;
      const task = this.handleBatch(batch).catch((err: unknown) =>
        this.logger.error({ topic: this.topic, err: errorText(err) }, 'batch dispatch failed'),
      );
      this.active.add(task);
      try {
        await task;
      } finally {
        this.active.delete(task);
      }
    }
    if (this.closing) this.stats.skipped += this.queued.splice(0).length;
  }

  /** The whole batch with in-place retries; if it still fails, each message on its own (retries, then nack). */
  private async handleBatch(batch: Delivered[]): Promise<void> {
    const handling = this.batching as BatchHandling;
    const messages = batch.map((d) => d.message);
    let transient = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        await handling.batch(messages);
        for (const d of batch) {
          if (this.command(d.ws, { messageId: d.message.messageId })) this.stats.acked++;
        }
        return;
      } catch (err) {
        if (this.isTransient(err)) {
          attempt--;
          if (await this.waitOutTransient(err, transient++, () => batch.every((d) => this.mayRun(d.ws)), batch.length)) continue;
          this.stats.skipped += batch.length;
          return;
        }
        const stillRunnable = batch.every((d) => this.mayRun(d.ws));
        if (attempt < this.localRetries && stillRunnable) {
          const delay = this.localRetryDelayMs * LOCAL_RETRY_FACTOR ** attempt;
          this.logger.debug({ topic: this.topic, subscription: this.subscription, size: batch.length, attempt: attempt + 1, delay, err: errorText(err) }, 'batch failed; retrying in place');
          await this.pause(delay);
          if (batch.every((d) => this.mayRun(d.ws))) {
            this.stats.retried++;
            continue;
          }
        }
        if (batch.length === 1) {
          const [only] = batch;
          if (this.command(only.ws, { type: 'negativeAcknowledge', messageId: only.message.messageId })) this.stats.nacked++;
          this.logger.warn({ topic: this.topic, subscription: this.subscription, messageId: only.message.messageId, redeliveryCount: only.message.redeliveryCount, err: errorText(err) }, 'handler failed; message negatively acknowledged');
          return;
        }
        this.logger.warn({ topic: this.topic, subscription: this.subscription, size: batch.length, err: errorText(err) }, 'batch failed; handling its messages one by one');
        for (const d of batch) {
          if (!this.mayRun(d.ws)) {
            this.stats.skipped++;
            continue;
          }
          await this.handle(d.ws, d.message);
        }
        return;
      }
    }
  }

  /** Runs the handler, retrying in place while the key waits, then acks or negatively acks. */
  private async handle(ws: WebSocket, message: IncomingMessage): Promise<void> {
    let transient = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.handler(message);
      } catch (err) {
        if (this.isTransient(err)) {
          attempt--;
          if (await this.waitOutTransient(err, transient++, () => this.mayRun(ws), 1)) continue;
          this.stats.skipped++;
          return;
        }
        if (attempt < this.localRetries && this.mayRun(ws)) {
          const delay = this.localRetryDelayMs * LOCAL_RETRY_FACTOR ** attempt;
          this.logger.debug(
            { topic: this.topic, subscription: this.subscription, messageId: message.messageId, attempt: attempt + 1, delay, err: errorText(err) },
            'handler failed; retrying in place',
          );
          await this.pause(delay);
          if (this.mayRun(ws)) {
            this.stats.retried++;
            continue;
          }
        }
        if (this.command(ws, { type: 'negativeAcknowledge', messageId: message.messageId })) this.stats.nacked++;
        this.logger.warn(
          {
            topic: this.topic,
            subscription: this.subscription,
            messageId: message.messageId,
            redeliveryCount: message.redeliveryCount,
            attempts: attempt + 1,
            err: errorText(err),
          },
          'handler failed; message negatively acknowledged',
        );
        return;
      }
      if (this.command(ws, { messageId: message.messageId })) this.stats.acked++;
      return;
    }
  }

  private isTransient(err: unknown): boolean {
    try {
      return this.options.isTransient?.(err) === true;
    } catch {
      return false;
    }
  }

  /**
   * A transient failure (`ConsumerOptions.isTransient`): pauses (growing, capped), then tells whether to run the
   * handler again. False when the consumer is closing or the delivering connection is gone: the message is then left
   * unacknowledged for the broker to redeliver, without a negative ack that would count towards the DLQ.
   */
  private async waitOutTransient(err: unknown, retry: number, runnable: () => boolean, size: number): Promise<boolean> {
    if (!runnable()) return false;
    const delay = Math.min(TRANSIENT_RETRY_MAX_DELAY_MS, this.localRetryDelayMs * LOCAL_RETRY_FACTOR ** Math.min(retry, 10));
    const fields = { topic: this.topic, subscription: this.subscription, size, retry: retry + 1, delay, err: errorText(err) };
    if (retry === 0 || (retry + 1) % 10 === 0) this.logger.warn(fields, 'transient failure; retrying in place, never dead-lettered');
    else this.logger.debug(fields, 'transient failure; retrying in place');
    await this.pause(delay);
    if (!runnable()) return false;
    this.stats.retried++;
    return true;
  }

  /** Waits `ms`, or less if the consumer starts closing. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /** Whether the command could be sent. */
  private command(ws: WebSocket, body: Record<string, string>): boolean {
    // The ack must go back on the connection that delivered the message; if it is gone, the broker redelivers.
    if (ws.readyState !== WebSocket.OPEN) return false;
    sendCoalesced(ws, JSON.stringify(body));
    return true;
  }

  /** A concurrency slot; granted at once (to be given back unused) once the consumer is closing. */
  private async acquire(): Promise<void> {
    while (this.running >= this.tuning.concurrency && !this.closing) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    this.running++;
  }

  private release(): void {
    this.running--;
    this.waiters.shift()?.();
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
