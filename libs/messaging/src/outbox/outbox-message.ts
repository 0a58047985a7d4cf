/**
 * One outgoing integration event, already encoded (Avro envelope bytes), as the producing service hands it to the
 * outbox inside its own transaction.
 */
export interface OutboxMessage {
  /** The envelope's `event_id` (uuid); unique in the outbox, the consumers' idempotency key. */
  readonly eventId: string;
  /** Full topic name, e.g. `persistent://alpes/eventos/afiliados.eventos` (`topicName(key)` in the catalog). */
  readonly topic: string;
  /** Message key (routes to a partition; the relay keeps the order of the messages of one topic + key). */
  readonly key: string;
  readonly eventType: string;
  readonly payload: Buffer | Uint8Array;
  /** Message properties; `event_id` and `event_type` are added when missing. */
  readonly properties?: Readonly<Record<string, string>>;
  /** Event time in epoch milliseconds (the envelope's `occurred_at`). */
  readonly eventTime?: number;
}
