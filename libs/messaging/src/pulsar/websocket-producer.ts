import WebSocket from 'ws';
import type { Logger } from '../logging/logger';
import { BackoffOptions, ReconnectBackoff } from './backoff';
import type { OutgoingMessage, Producer, ProducerOptions, SendReceipt } from './pulsar-client.port';
import { MessageRejectedError, PulsarSendError, ProducerClosedError, SendTimeoutError } from './pulsar.errors';
import { Heartbeat } from './heartbeat';
import { sendCoalesced } from './coalesced-send';

interface PendingSend {
  readonly context: string;
  readonly frame: string;
  readonly resolve: (receipt: SendReceipt) => void;
  readonly reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/** A `send` waiting for a free slot (FIFO). */
interface SlotWaiter {
  readonly grant: () => void;
  readonly fail: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

interface ProducerAck {
  result: string;
  messageId?: string;
  context?: string;
  errorMsg?: string;
}

/** The broker's default `webSocketMaxTextFrameSize` (1 MiB) minus a margin. */
export const DEFAULT_MAX_FRAME_BYTES = 1_048_576 - 16_384;

/** Largest time a JavaScript `Date` (and so an ISO-8601 event time) can represent, in epoch milliseconds. */
const MAX_EVENT_TIME_MS = 8.64e15;

export const DEFAULT_PRODUCER_OPTIONS: Required<ProducerOptions> = {
  maxPendingMessages: 1000,
  sendTimeoutMs: 30_000,
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
};

/**
 * One WebSocket producer per topic. Sends are pipelined; unacknowledged sends survive a reconnection and are
 * written again, in their original order, on the new connection (at-least-once: a send whose ack was lost can be
 * persisted twice, which the consumers' inbox absorbs). At most `maxPendingMessages` sends are in flight; callers
 * beyond that wait, in call order, for a slot instead of growing memory without bound.
 *
 * A message is encoded and checked before it takes a slot: one that can never be sent (frame over `maxFrameBytes`,
 * event time out of range) is rejected at once with `MessageRejectedError` and never reaches the broker, which
 * would otherwise close the connection on every retry. When a send times out, every later pending send fails with
 * it (as the Java client does), so nothing written after it can be persisted before the caller retries it.
 */
export class WebSocketProducer implements Producer {
  private ws?: WebSocket;
  private open = false;
  /** No new sends accepted; sends already started are still written and awaited. */
  private closing = false;
  private closed = false;
  private seq = 0;
  private slotsUsed = 0;
  private connects = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private readonly reconnect: ReconnectBackoff;
  private readonly heartbeat = new Heartbeat();
  private readonly inFlight = new Map<string, PendingSend>();
  private readonly slotWaiters: SlotWaiter[] = [];
  private readonly options: Required<ProducerOptions>;

  constructor(
    readonly topic: string,
    private readonly url: string,
    options: ProducerOptions | undefined,
    backoff: BackoffOptions,
    private readonly logger: Logger,
  ) {
    this.options = { ...DEFAULT_PRODUCER_OPTIONS, ...stripUndefined(options) };
    this.reconnect = new ReconnectBackoff(backoff);
  }

  get pendingCount(): number {
    return this.inFlight.size;
  }

  /** True while a connection to the broker is open. */
  get connected(): boolean {
    return this.open;
  }

  /** WebSocket connections opened or attempted so far (for monitoring and tests). */
  get connectionAttempts(): number {
    return this.connects;
  }

  async send(message: OutgoingMessage): Promise<SendReceipt> {
    if (this.closing) throw new ProducerClosedError(this.topic);
    const context = String(++this.seq);
    // Everything that can throw happens before a slot is taken, so a bad message can never leak one.
    const frame = this.encode(message, context);
    await this.acquireSlot();
    if (this.closed) {
      this.releaseSlot();
      throw new ProducerClosedError(this.topic);
    }
    return new Promise<SendReceipt>((resolve, reject) => {
      const pending: PendingSend = { context, frame, resolve, reject };
      pending.timer = setTimeout(() => this.onSendTimeout(context), this.options.sendTimeoutMs);
      this.inFlight.set(context, pending);
      if (this.open && this.ws) {
        sendCoalesced(this.ws, frame);
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
    // (`attempts` is 0 until a connection attempt has failed since the last healthy one.)
    const reachable = () => this.ws !== undefined || this.reconnect.attempts === 0;
    while ((this.slotsUsed > 0 || this.slotWaiters.length > 0) && reachable() && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    this.closed = true;
    // Waiters first: settling in-flight sends frees slots, which must not go to a waiter any more.
    for (const waiter of this.slotWaiters.splice(0)) waiter.fail(new ProducerClosedError(this.topic));
    for (const context of [...this.inFlight.keys()]) this.settle(context, new ProducerClosedError(this.topic));
    clearTimeout(this.reconnectTimer);
    this.reconnect.stop();
    this.heartbeat.stop();
    this.ws?.removeAllListeners();
    this.ws?.on('error', () => undefined);
    this.ws?.close();
    this.ws = undefined;
    this.open = false;
  }

  /** The frame written to the broker; throws `MessageRejectedError` for a message that can never be sent. */
  private encode(message: OutgoingMessage, context: string): string {
    const { eventTime } = message;
    if (eventTime !== undefined && !(Number.isSafeInteger(eventTime) && eventTime >= 0 && eventTime <= MAX_EVENT_TIME_MS)) {
      throw new MessageRejectedError(this.topic, `eventTime ${String(eventTime)} is not an integer number of ms in [0, 8.64e15]`);
    }
    const raw: unknown = message.payload;
    let payload: Buffer;
    if (Buffer.isBuffer(raw)) payload = raw;
    else if (raw instanceof Uint8Array) payload = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    else throw new MessageRejectedError(this.topic, 'payload is not a Buffer');
    const max = this.options.maxFrameBytes;
    // Cheap bound first: base64 alone is 4/3 of the payload, so a huge payload is never encoded for nothing.
    if (4 * Math.ceil(payload.length / 3) > max) throw this.tooLarge(payload.length, undefined, max);
    let frame: string;
    try {
      frame = JSON.stringify({
        payload: payload.toString('base64'),
        properties: message.properties,
        key: message.key,
        context,
        eventTime: eventTime !== undefined ? new Date(eventTime).toISOString() : undefined,
      });
    } catch (err) {
      throw new MessageRejectedError(this.topic, `cannot be encoded: ${err instanceof Error ? err.message : String(err)}`);
    }
    const bytes = Buffer.byteLength(frame, 'utf8');
    if (bytes > max) throw this.tooLarge(payload.length, bytes, max);
    return frame;
  }

  private tooLarge(payloadBytes: number, frameBytes: number | undefined, max: number): MessageRejectedError {
    const frame = frameBytes === undefined ? 'its base64 frame' : `its ${frameBytes}-byte frame`;
    return new MessageRejectedError(
      this.topic,
      `payload of ${payloadBytes} bytes is too large: ${frame} exceeds the ${max}-byte WebSocket frame limit (maxFrameBytes)`,
    );
  }

  private connect(): void {
    if (this.ws || this.closed || this.reconnectTimer) return;
    this.connects++;
    const ws = new WebSocket(this.url, { perMessageDeflate: false });
    this.ws = ws;
    ws.on('open', () => {
      this.open = true;
      if (this.reconnect.attempts > 0) this.logger.info({ topic: this.topic, attempts: this.reconnect.attempts }, 'producer reconnected');
      this.reconnect.opened();
      this.heartbeat.start(ws);
      // Re-send, in order, everything not yet acknowledged.
      for (const pending of this.inFlight.values()) sendCoalesced(ws, pending.frame);
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
    if (this.closed || this.inFlight.size === 0) {
      this.reconnect.stop();
      return;
    }
    const delay = this.reconnect.nextDelay();
    const attempt = this.reconnect.attempts;
    if (attempt === 1 || attempt % 10 === 0) {
      this.logger.warn({ topic: this.topic, attempt, delay, pending: this.inFlight.size }, 'producer disconnected; reconnecting');
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
    this.reconnect.useful();
    if (!ack.context) return;
    if (ack.result === 'ok' && ack.messageId) {
      this.settle(ack.context, undefined, { messageId: ack.messageId });
    } else {
      this.settle(ack.context, new PulsarSendError(this.topic, ack.result, ack.errorMsg));
    }
  }

  /**
   * A send was not acknowledged in time: it fails, and so does every send after it (in flight or waiting for a slot).
   * Otherwise a later send could be persisted (re-sent after a reconnection, or simply acked) before the caller
   * retries the failed one, breaking the order of a key.
   */
  private onSendTimeout(context: string): void {
    if (!this.inFlight.has(context)) return;
    const timeoutMs = this.options.sendTimeoutMs;
    // Waiters first: settling in-flight sends frees slots, which must not go to a later send.
    for (const waiter of this.slotWaiters.splice(0)) {
      waiter.fail(new SendTimeoutError(this.topic, timeoutMs, 'an earlier send timed out'));
    }
    let later = false;
    for (const c of [...this.inFlight.keys()]) {
      if (c === context) {
        this.settle(c, new SendTimeoutError(this.topic, timeoutMs));
        later = true;
      } else if (later) {
        this.settle(c, new SendTimeoutError(this.topic, timeoutMs, 'an earlier send timed out'));
      }
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

  /** Takes a slot, waiting in call order (at most the send timeout) while all are in use. */
  private acquireSlot(): Promise<void> {
    if (this.slotsUsed < this.options.maxPendingMessages && this.slotWaiters.length === 0) {
      this.slotsUsed++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: SlotWaiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        fail: (error) => {
          clearTimeout(waiter.timer);
          reject(error);
        },
      };
      waiter.timer = setTimeout(() => this.onSlotTimeout(waiter), this.options.sendTimeoutMs);
      this.slotWaiters.push(waiter);
    });
  }

  /** No slot freed within the send timeout: this send fails, and so do the ones queued after it (order). */
  private onSlotTimeout(waiter: SlotWaiter): void {
    const index = this.slotWaiters.indexOf(waiter);
    if (index < 0) return;
    const timeoutMs = this.options.sendTimeoutMs;
    for (const w of this.slotWaiters.splice(index)) {
      w.fail(new SendTimeoutError(this.topic, timeoutMs, w === waiter ? 'no free slot (maxPendingMessages)' : 'an earlier send timed out'));
    }
  }

  /** Hands the slot straight to the oldest waiter (no overtaking), or frees it. */
  private releaseSlot(): void {
    const next = this.slotWaiters.shift();
    if (next) next.grant();
    else this.slotsUsed--;
  }
}

function stripUndefined<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}
