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

export class SendTimeoutError extends Error {
  constructor(
    readonly topic: string,
    readonly timeoutMs: number,
  ) {
    super(`Send to ${topic} not acknowledged within ${timeoutMs} ms`);
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
