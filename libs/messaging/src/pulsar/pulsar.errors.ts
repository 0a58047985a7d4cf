export class PulsarSendError extends Error {
  constructor(
    readonly topic: string,
    readonly result: string,
    readonly detail?: string,
  ) {
    super(`Send to ${topic} failed: ${result}${detail ? ` (${detail})` : ''}`);
    this.name = 'PulsarSendError';
  }
}

/**
 * A send was not acknowledged in time (transient: the caller retries). Also given to every send queued after one that
 * timed out (`detail` says so), so that nothing sent after a failed message is persisted before its retry.
 */
export class SendTimeoutError extends Error {
  constructor(
    readonly topic: string,
    readonly timeoutMs: number,
    readonly detail?: string,
  ) {
    super(`Send to ${topic} not acknowledged within ${timeoutMs} ms${detail ? ` (${detail})` : ''}`);
    this.name = 'SendTimeoutError';
  }
}

export class ProducerClosedError extends Error {
  constructor(readonly topic: string) {
    super(`Producer for ${topic} is closed`);
    this.name = 'ProducerClosedError';
  }
}

/** The broker refused the subscription for a reason retrying cannot fix (bad parameters, not authorised). */
export class SubscriptionRejectedError extends Error {
  constructor(
    readonly topic: string,
    readonly subscription: string,
    readonly status: number,
  ) {
    super(`Broker refused subscription ${subscription} on ${topic} (HTTP ${status})`);
    this.name = 'SubscriptionRejectedError';
  }
}

/**
 * The message can never be sent as it is (larger than the WebSocket frame the broker accepts, an event time outside
 * the representable range…). Retrying cannot help: callers park it (outbox) or dead-letter it instead.
 */
export class MessageRejectedError extends Error {
  readonly permanent = true;

  constructor(
    readonly topic: string,
    readonly reason: string,
  ) {
    super(`Message for ${topic} rejected: ${reason}`);
    this.name = 'MessageRejectedError';
  }
}

/** True for send failures that no retry can fix. */
export function isPermanentSendError(error: unknown): boolean {
  return error instanceof MessageRejectedError;
}
