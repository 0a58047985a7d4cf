export interface BackoffOptions {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /**
   * A connection counts as healthy again (the backoff starts over from `initialDelayMs`) once it has proved useful
   * (an ack or a message arrived) or has stayed open this long. Default 5 000 ms.
   */
  readonly resetAfterMs?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialDelayMs: 100, maxDelayMs: 10_000 };

export const DEFAULT_BACKOFF_RESET_AFTER_MS = 5_000;

/**
 * Exponential backoff with "equal jitter": half of the exponential delay is fixed, half random, so reconnecting
 * clients spread out without ever retrying immediately.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random = Math.random): number {
  const exp = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.min(attempt, 30));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/**
 * Reconnection state of one WebSocket. A successful handshake alone does not reset the backoff: a broker that
 * accepts the connection and closes it right away (a frame it refuses, a handler failing on open…) would otherwise
 * be hammered every `initialDelayMs` forever. The attempt count goes back to zero only once the connection proved
 * useful (`useful()`: first ack or message) or stayed open for `resetAfterMs`.
 */
export class ReconnectBackoff {
  private attempt = 0;
  private resetTimer?: NodeJS.Timeout;

  constructor(
    private readonly options: BackoffOptions = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  /** Failed or short-lived connections since the last healthy one. */
  get attempts(): number {
    return this.attempt;
  }

  /** The handshake succeeded: the connection counts as healthy if it stays open for `resetAfterMs`. */
  opened(): void {
    clearTimeout(this.resetTimer);
    this.resetTimer = setTimeout(() => this.useful(), this.options.resetAfterMs ?? DEFAULT_BACKOFF_RESET_AFTER_MS);
    this.resetTimer.unref();
  }

  /** The connection did useful work (an ack or a message arrived): the backoff starts over. */
  useful(): void {
    clearTimeout(this.resetTimer);
    this.resetTimer = undefined;
    this.attempt = 0;
  }

  /** The connection closed or could not be made: the delay before the next attempt. */
  nextDelay(): number {
    this.stop();
    return backoffDelay(this.attempt++, this.options, this.random);
  }

  stop(): void {
    clearTimeout(this.resetTimer);
    this.resetTimer = undefined;
  }
}
