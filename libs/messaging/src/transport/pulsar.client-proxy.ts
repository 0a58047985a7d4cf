import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import { encodeEvent, messageProperties, topicName, topicOfEvent, type EventType, type EventMeta, type TopicKey } from '@alpes/contracts';
import type { PulsarClientPort } from '../pulsar/pulsar-client.port';
import { PulsarWebSocketClient } from '../pulsar/pulsar-websocket.client';

/** `client.emit(eventType, { payload, meta })`: the event is Avro-encoded and sent to its topic, keyed by `meta.key ?? aggregate_id`. */
export interface EmitData {
  readonly payload: unknown;
  readonly meta: EventMeta & { readonly key?: string };
}

/**
 * Client proxy for `emit`: publishes straight to Pulsar, with no outbox. Use it for what may be lost without harm
 * (e.g. `ServicioIniciado`); an event that records a state change goes through the outbox instead, so it commits
 * with the change. Request-response (`send`) is not offered: services talk through events only.
 */
export class PulsarClientProxy extends ClientProxy {
  private readonly client: PulsarClientPort;
  private readonly ownsClient: boolean;
  private readonly resolveTopic: (key: TopicKey) => string;

  constructor(options: { client?: PulsarClientPort; resolveTopic?: (key: TopicKey) => string } = {}) {
    super();
    this.client = options.client ?? new PulsarWebSocketClient();
    this.ownsClient = !options.client;
    this.resolveTopic = options.resolveTopic ?? topicName;
  }

  async connect(): Promise<void> {
    // Producers connect lazily on their first send and reconnect by themselves.
  }

  async close(): Promise<void> {
    if (this.ownsClient) await this.client.close();
  }

  unwrap<T>(): T {
    return this.client as T;
  }

  protected publish(_packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    callback({ err: new Error('PulsarClientProxy supports emit() only: services talk through events'), isDisposed: true });
    return () => undefined;
  }

  protected async dispatchEvent<T = unknown>(packet: ReadPacket<EmitData>): Promise<T> {
    const eventType = packet.pattern as EventType;
    const { envelope, bytes } = encodeEvent(eventType, packet.data.payload as never, packet.data.meta);
    const receipt = await this.client.producer(this.resolveTopic(topicOfEvent(eventType))).send({
      key: packet.data.meta.key ?? envelope.aggregate_id,
      payload: bytes,
      properties: messageProperties(envelope),
      eventTime: Number(envelope.occurred_at),
    });
    return receipt as T;
  }
}
