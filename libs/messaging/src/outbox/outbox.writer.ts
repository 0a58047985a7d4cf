import type { EntityManager, QueryRunner } from 'typeorm';
import type { OutboxMessage } from './outbox-message';

/** Key in `QueryRunner.data` (TypeORM's slot for sharing data with subscribers) set when outbox rows were written. */
export const OUTBOX_APPENDED_FLAG = 'alpesOutboxAppended';

const COLUMNS = '(`event_id`, `topic`, `message_key`, `event_type`, `payload`, `properties`, `event_time`)';
const PLACEHOLDERS = '(?, ?, ?, ?, ?, ?, ?)';

export interface OutboxWriterOptions {
  /** Rows per INSERT statement. Default 200. */
  readonly rowsPerStatement?: number;
}

/**
 * Writes outgoing events into `outbox_messages` through the caller's transaction, so they commit (or roll back)
 * together with the aggregate rows that produced them. The relay publishes them after the commit.
 */
export class OutboxWriter {
  private readonly rowsPerStatement: number;

  constructor(options: OutboxWriterOptions = {}) {
    this.rowsPerStatement = Math.max(1, options.rowsPerStatement ?? 200);
  }

  /**
   * Inserts `messages` in the given order (which becomes their publication order). `manager` must belong to an open
   * transaction: outside one the rows would commit on their own, and the aggregate and its events could diverge.
   * A repeated `eventId` fails the insert (duplicate key), and with it the caller's transaction.
   */
  async append(manager: EntityManager, messages: readonly OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const queryRunner = manager.queryRunner;
    if (!queryRunner || !queryRunner.isTransactionActive) {
      throw new Error('OutboxWriter.append needs the EntityManager of an open transaction (runInTransaction or DataSource.transaction)');
    }
    const rows = messages.map(toRow);
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

function toRow(message: OutboxMessage): unknown[] {
  requireText(message.eventId, 'eventId', 36);
  requireText(message.topic, 'topic', 255);
  requireText(message.key, 'key', 255);
  requireText(message.eventType, 'eventType', 150);
  if (!(message.payload instanceof Uint8Array)) throw new TypeError(`Outbox message ${message.eventId}: payload must be bytes`);
  if (message.eventTime !== undefined && !Number.isSafeInteger(message.eventTime)) {
    throw new TypeError(`Outbox message ${message.eventId}: eventTime must be epoch milliseconds`);
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

function requireText(value: unknown, field: string, maxLength: number): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new TypeError(`Outbox message: ${field} must be a non-empty string of at most ${maxLength} characters`);
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
