import type { EntityManager, QueryRunner } from 'typeorm';
import type { OutboxMessage } from './outbox-message';

/** Key in `QueryRunner.data` (TypeORM's slot for sharing data with subscribers) set when outbox rows were written. */
export const OUTBOX_APPENDED_FLAG = 'alpesOutboxAppended';

const COLUMNS = '(`event_id`, `topic`, `message_key`, `event_type`, `payload`, `properties`, `event_time`)';
const PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?)';

/** 8.64e15: the largest epoch-millisecond value a JS `Date` (and so the producer and the consumers) can hold. */
const MAX_EVENT_TIME_MS = 8.64e15;

/**
 * Default `maxPayloadBytes`. The broker's WebSocket API takes a message as one JSON text frame of at most 1 MiB
 * (`webSocketMaxTextFrameSize`) with the payload in base64 (4/3 of its size): 700 000 bytes become 933 336
 * characters, which leaves about 110 KiB for the key, the properties and the JSON around them.
 */
export const DEFAULT_MAX_OUTBOX_PAYLOAD_BYTES = 700_000;

export interface OutboxWriterOptions {
  /** Rows per INSERT statement. Default 200. */
  readonly rowsPerStatement?: number;
  /**
   * Largest payload (encoded envelope) accepted, in bytes; a bigger one throws `OutboxPayloadTooLargeError` and so
   * fails the caller's transaction, instead of entering the outbox as a row the broker can never accept.
   * Default `DEFAULT_MAX_OUTBOX_PAYLOAD_BYTES` (700 000).
   */
  readonly maxPayloadBytes?: number;
}

/** An outbox message the writer refuses (a field missing, too long, or out of range). Nothing was written. */
export class InvalidOutboxMessageError extends TypeError {
  constructor(
    /** The offending `OutboxMessage` field, e.g. `eventTime`. */
    readonly field: string,
    readonly eventId: string | undefined,
    detail: string,
  ) {
    super(`Outbox message${eventId ? ` ${eventId}` : ''}: ${field} ${detail}`);
    this.name = 'InvalidOutboxMessageError';
  }
}

/**
 * The payload is larger than `maxPayloadBytes`: the broker would refuse the message, so it must not enter the
 * outbox. Thrown by `OutboxWriter.append` before anything is written; the caller's transaction fails with it.
 */
export class OutboxPayloadTooLargeError extends Error {
  constructor(
    readonly eventId: string,
    readonly eventType: string,
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super(
      `Outbox message ${eventId} (${eventType}): payload is ${sizeBytes} bytes, more than the ${maxBytes} bytes the broker can take in one message`,
    );
    this.name = 'OutboxPayloadTooLargeError';
  }
}

/**
 * Writes outgoing events into `outbox_messages` through the caller's transaction, so they commit (or roll back)
 * together with the aggregate rows that produced them. The relay publishes them after the commit.
 */
export class OutboxWriter {
  private readonly rowsPerStatement: number;
  private readonly maxPayloadBytes: number;

  constructor(options: OutboxWriterOptions = {}) {
    this.rowsPerStatement = Math.max(1, options.rowsPerStatement ?? 200);
    this.maxPayloadBytes = Math.max(1, options.maxPayloadBytes ?? DEFAULT_MAX_OUTBOX_PAYLOAD_BYTES);
  }

  /**
   * Inserts `messages` in the given order (which becomes their publication order). `manager` must belong to an open
   * transaction: outside one the rows would commit on their own, and the aggregate and its events could diverge.
   * A repeated `eventId` fails the insert (duplicate key), and with it the caller's transaction. A malformed message
   * throws `InvalidOutboxMessageError`, a payload over `maxPayloadBytes` `OutboxPayloadTooLargeError`, before any row
   * of the call is written.
   */
  async append(manager: EntityManager, messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const queryRunner = manager.queryRunner;
    if (!queryRunner || !queryRunner.isTransactionActive) {
      throw new Error('OutboxWriter.append needs the EntityManager of an open transaction (runInTransaction or DataSource.transaction)');
    }
    const rows = messages.map((message) => toRow(message, this.maxPayloadBytes));
    for (let start = 0; start < rows.length; start += this.rowsPerStatement) {
      const chunk = rows.slice(start, start + this.rowsPerStatement);
      await manager.query(
        `INSERT INTO \`outbox_messages\` ${COLUMNS} VALUES ${chunk.map(() => PLACEHOLDERS).join(', ')}`,
        chunk.flat(),
      );
    }
    markAppended(queryRunner);
  }
}

function toRow(message: OutboxMessage, maxPayloadBytes: number): unknown[] {
  if (message === null || typeof message !== 'object') throw new InvalidOutboxMessageError('message', undefined, 'must be an object');
  const eventId = typeof message.eventId === 'string' ? message.eventId : undefined;
  requireText(message.eventId, 'eventId', 36, eventId);
  requireText(message.topic, 'topic', 255, eventId);
  requireText(message.key, 'key', 255, eventId);
  requireText(message.eventType, 'eventType', 150, eventId);
  if (!(message.payload instanceof Uint8Array)) throw new InvalidOutboxMessageError('payload', eventId, 'must be bytes');
  if (message.payload.byteLength > maxPayloadBytes) {
    throw new OutboxPayloadTooLargeError(message.eventId, message.eventType, message.payload.byteLength, maxPayloadBytes);
  }
  const eventTime: unknown = message.eventTime;
  if (eventTime !== undefined && !(typeof eventTime === 'number' && Number.isInteger(eventTime) && eventTime >= 0 && eventTime <= MAX_EVENT_TIME_MS)) {
    throw new InvalidOutboxMessageError(
      'eventTime',
      eventId,
      `must be epoch milliseconds from 0 to ${MAX_EVENT_TIME_MS} (the range of a JS Date), got ${String(eventTime)}`,
    );
  }
  const properties = { event_id: message.eventId, event_type: message.eventType, ...message.properties };
  return [
    message.eventId,
    message.topic,
    message.key,
    message.eventType,
    Buffer.isBuffer(message.payload) ? message.payload : Buffer.from(message.payload),
    JSON.stringify(properties),
    message.eventTime ?? null,
  ];
}

function requireText(value: unknown, field: string, maxLength: number, eventId: string | undefined): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new InvalidOutboxMessageError(field, field === 'eventId' ? undefined : eventId, `must be a non-empty string of at most ${maxLength} characters`);
  }
}

function markAppended(queryRunner: QueryRunner): void {
  (queryRunner.data as Record<string, unknown>)[OUTBOX_APPENDED_FLAG] = true;
}

/** True (once) when outbox rows were appended through this query runner since the flag was last taken. */
export function takeOutboxAppended(queryRunner: QueryRunner): boolean {
  const data = queryRunner.data as Record<string, unknown>;
  const appended = data[OUTBOX_APPENDED_FLAG] === true;
  delete data[OUTBOX_APPENDED_FLAG];
  return appended;
}
