import WebSocket from 'ws';
import type { Logger } from '../logging/logger';
import { backoffDelay, BackoffOptions } from './backoff';
import type { OutgoingMessage, Producer, ProducerOptions, SendReceipt } from './pulsar-client.port';
import { PulsarSendError, ProducerClosedError, SendTimeoutError } from './pulsar.errors';
import { Heartbeat } from './heartbeat';

interface PendingSend {
  readonly context: string;
  readonly frame: string;
  readonly resolve: (receipt: SendReceipt) => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

interface ProducerAck {
  result: string;
  messageId?: string;
  context?: string;
  errorMsg?: string;
}

export const DEFAULT_PRODUCER_OPTIONS: Required<ProducerOptions> = { maxPendingMessages: 1000, sendTimeoutMs: 30_000 };

/**
 * One WebSocket producer per topic. Sends are pipelined; unacknowledged sends survive a reconnection and are
 * written again, in their original order, on the new connection (at-least-once: a send whose ack was lost can be
 * persisted twice, which the consumers' inbox absorbs). At most `maxPendingMessages` sends are in flight; callers
 * beyond that wait for a slot instead of growing memory without bound.
 */
export class WebSocketProducer implements Producer {
  private ws?: WebSocket;
  private open = false;
  /** No new sends accepted; sends already started are still written and awaited. */
  private closing = false;
  private closed = false;
  private attempt = 0;
  private seq = 0;
  private slotsUsed = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private readonly heartbeat = new Heartbeat();
  private readonly inFlight = new Map<string, PendingSend>();
  private readonly slotWaiters: (() => void)[] = [];
  private readonly options: Required<ProducerOptions>;

  constructor(
    readonly topic: string,
    private readonly url: string,
    options: ProducerOptions | undefined,
    private readonly backoff: BackoffOptions,
    private readonly logger: Logger,
  ) {
    this.options = { ...DEFAULT_PRODUCER_OPTIONS, ...options };
  }

  get pendingCount(): number {
    return this.inFlight.size;
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    if (this.closing) throw new ProducerClosedError(this.topic);
    await this.acquireSlot();
    if (this.closed) {
      this.releaseSlot();
      throw new ProducerClosedError(this.topic);
    }
    return new Promise<SendReceipt>((resolve, reject) => {
      const context = String(++this.seq);
      const frame = JSON.stringify({
        payload: message.payload.toString('base64'),
        properties: message.properties,
        key: message.key,
        context,
        eventTime: message.eventTime !== undefined ? new Date(message.eventTime).toISOString() : undefined,
      });
      const pending: PendingSend = { context, frame, resolve, reject };
      pending.timer = setTimeout(
        () => this.settle(context, new SendTimeoutError(this.topic, this.options.sendTimeoutMs)),
        this.options.sendTimeoutMs,
      );
      this.inFlight.set(context, pending);
      if (this.open && this.ws) {
        this.ws.send(frame);
      } else {
        this.connect();
      }
    });
  }

  /**
   * Refuses new sends, waits for the ones already started (up to the send timeout) while the broker is reachable, fails
   * whatever is left with `ProducerClosedError`, then closes the connection.
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    const deadline = Date.now() + this.options.sendTimeoutMs;
    // Waiting only helps while a connection is up or being made: while the broker is unreachable (between
    // reconnection attempts) the sends would only run into their timeout.
    // (`attempt` is 0 until a connection attempt has failed since the last successful one.)
    const reachable = () => this.ws !== undefined || this.attempt === 0;
    while ((this.slotsUsed > 0 || this.slotWaiters.length > 0) && reachable() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    this.closed = true;
    for (const context of [...this.inFlight.keys()]) this.settle(context, new ProducerClosedError(this.topic));
    for (const waiter of this.slotWaiters.splice(0)) waiter();
    clearTimeout(this.reconnectTimer);
    this.heartbeat.stop();
    this.ws?.removeAllListeners();
    this.ws?.on('error', () => undefined);
    this.ws?.close();
    this.ws = undefined;
    this.open = false;
  }

  private connect(): void {
    if (this.ws || this.closed || this.reconnectTimer) return;
    const ws = new WebSocket(this.url, { perMessageDeflate: false });
    this.ws = ws;
    ws.on('open', () => {
      this.open = true;
      if (this.attempt > 0) this.logger.info({ topic: this.topic, attempts: this.attempt }, 'producer reconnected');
      this.attempt = 0;
      this.heartbeat.start(ws);
      // Re-send, in order, everything not yet acknowledged.
      for (const pending of this.inFlight.values()) ws.send(pending.frame);
    });
    ws.on('message', (data) => this.onAck(data.toString()));
    ws.on('unexpected-response', (_req, res) => {
      this.logger.warn({ topic: this.topic, status: res.statusCode }, 'producer connection refused by broker');
      ws.terminate();
    });
    ws.on('error', (err) => this.logger.debug({ topic: this.topic, err: err.message }, 'producer socket error'));
    ws.on('close', () => this.onClose(ws));
  }

  private onClose(ws: WebSocket): void {
    if (this.ws !== ws) return;
    this.heartbeat.stop();
    this.ws = undefined;
    this.open = false;
    if (this.closed || this.inFlight.size === 0) return;
    const delay = backoffDelay(this.attempt++, this.backoff);
    if (this.attempt === 1 || this.attempt % 10 === 0) {
      this.logger.warn({ topic: this.topic, attempt: this.attempt, delay, pending: this.inFlight.size }, 'producer disconnected; reconnecting');
    }
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect();
    }, delay);
  }

  private onAck(raw: string): void {
    let ack: ProducerAck;
    try {
      ack = JSON.parse(raw) as ProducerAck;
    } catch {
      this.logger.warn({ topic: this.topic }, 'unparseable producer ack');
      return;
    }
    if (!ack.context) return;
    if (ack.result === 'ok' && ack.messageId) {
      this.settle(ack.context, undefined, { messageId: ack.messageId });
    } else {
      this.settle(ack.context, new PulsarSendError(this.topic, ack.result, ack.errorMsg));
    }
  }

  private settle(context: string, error?: Error, receipt?: SendReceipt): void {
    const pending = this.inFlight.get(context);
    if (!pending) return;
    this.inFlight.delete(context);
    clearTimeout(pending.timer);
    this.releaseSlot();
    if (error) pending.reject(error);
    else pending.resolve(receipt as SendReceipt);
  }

  private async acquireSlot(): Promise<void> {
    while (this.slotsUsed >= this.options.maxPendingMessages && !this.closed) {
      await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    }
    this.slotsUsed++;
  }

  private releaseSlot(): void {
    this.slotsUsed--;
    this.slotWaiters.shift()?.();
  }
}
