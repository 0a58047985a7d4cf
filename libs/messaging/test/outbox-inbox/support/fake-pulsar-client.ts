import type {
  Consumer,
  ConsumerOptions,
  MessageHandler,
  OutgoingMessage,
  Producer,
  PulsarClientPort,
  SendReceipt,
} from '../../../src/pulsar/pulsar-client.port';

export interface FakeSend {
  readonly seq: number;
  readonly topic: string;
  readonly key?: string;
  readonly eventId: string;
  readonly eventType?: string;
  readonly payload: Buffer;
  readonly properties: Readonly<Record<string, string>>;
  readonly eventTime?: number;
}

/** Decides the fate of one send: return (or resolve) to accept it, throw (or reject) to fail it. */
export type SendBehaviour = (topic: string, message: OutgoingMessage) => void | Promise<void>;

/**
 * A PulsarClientPort fake that records what the "broker" accepted, in acceptance order. Only for the outbox tests:
 * the port is the seam; the real adapter is exercised against the real broker elsewhere.
 */
export class FakePulsarClient implements PulsarClientPort {
  /** Messages the broker accepted (send resolved), in the order the sends were issued. */
  readonly accepted: FakeSend[] = [];
  /** Every send attempt, in issue order, with its result once known. */
  readonly attempts: { topic: string; eventId: string; key?: string; result?: 'ok' | 'failed' }[] = [];
  behaviour: SendBehaviour = () => undefined;
  private seq = 0;
  private readonly producers = new Map<string, Producer>();

  constructor(behaviour?: SendBehaviour) {
    if (behaviour) this.behaviour = behaviour;
  }

  producer(topic: string): Producer {
    let producer = this.producers.get(topic);
    if (!producer) {
      producer = {
        topic,
        send: (message) => this.send(topic, message),
        close: async () => undefined,
      };
      this.producers.set(topic, producer);
    }
    return producer;
  }

  subscribe(_options: ConsumerOptions, _handler: MessageHandler): Promise<Consumer> {
    return Promise.reject(new Error('FakePulsarClient does not consume'));
  }

  subscribeBatch(): Promise<Consumer> {
    return Promise.reject(new Error('FakePulsarClient does not consume'));
  }

  async close(): Promise<void> {
    this.producers.clear();
  }

  acceptedEventIds(): string[] {
    return this.accepted.map((m) => m.eventId);
  }

  private async send(topic: string, message: OutgoingMessage): Promise<SendReceipt> {
    const seq = ++this.seq;
    const eventId = message.properties?.['event_id'] ?? `#${seq}`;
    const attempt: { topic: string; eventId: string; key?: string; result?: 'ok' | 'failed' } = { topic, eventId, key: message.key };
    this.attempts.push(attempt);
    // Record the acceptance slot in issue order, as a broker connection does, then await the behaviour.
    const record: FakeSend = {
      seq,
      topic,
      key: message.key,
      eventId,
      eventType: message.properties?.['event_type'],
      payload: message.payload,
      properties: message.properties ?? {},
      eventTime: message.eventTime,
    };
    try {
      await this.behaviour(topic, message);
    } catch (error) {
      attempt.result = 'failed';
      throw error;
    }
    attempt.result = 'ok';
    this.insertInIssueOrder(record);
    return { messageId: `fake-${seq}` };
  }

  private insertInIssueOrder(record: FakeSend): void {
    let index = this.accepted.length;
    while (index > 0 && this.accepted[index - 1].seq > record.seq) index--;
    this.accepted.splice(index, 0, record);
  }
}

export class BrokerDownError extends Error {
  constructor() {
    super('connect ECONNREFUSED 127.0.0.1:8080');
    this.name = 'BrokerDownError';
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A promise with its resolve function exposed (a gate a test opens). */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}
