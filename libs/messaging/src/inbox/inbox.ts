import type { DataSource, EntityManager } from 'typeorm';
import { isDuplicateKeyError } from '../persistence/mysql-errors';
import { IsolationLevel, runInTransaction, Wakeable } from '../persistence/run-in-transaction';

/** `processed`: the effect ran and committed. `duplicate`: this subscription already processed the event; ack and skip. */
export type InboxOutcome = 'processed' | 'duplicate';

export type InboxEffect = (manager: EntityManager) => Promise<void>;

export interface InboxOptions {
  /** Extra attempts after a deadlock (1213) or lock-wait timeout (1205) before the error is thrown. Default 3. */
  readonly retries?: number;
  /** Base delay before a retry; doubled each time, with jitter. Default 20 ms. */
  readonly retryBaseDelayMs?: number;
  readonly isolationLevel?: IsolationLevel;
  /** Woken after each processed message's COMMIT, for effects that append outbox rows. */
  readonly relay?: Wakeable;
}

/** Thrown inside the transaction to roll it back when the inbox row already exists. */
class AlreadyProcessed extends Error {}

const INSERT = 'INSERT INTO `inbox_messages` (`subscription`, `event_id`, `event_type`) VALUES (?, ?, ?)';

/**
 * Idempotent consumption: the inbox row and the handler's effects commit in one transaction, so each event has its
 * effects applied exactly once per subscription, however often the broker delivers it.
 */
export class Inbox {
  constructor(private readonly options: InboxOptions = {}) {}

  /**
   * Inserts `(subscription, eventId)` and then runs `effect` with the same transaction's manager.
   * - The row exists already → rolled back, `'duplicate'` (also for a concurrent delivery of the same event: its
   *   insert waits for the first one's lock and then fails with a duplicate key).
   * - `effect` throws → rolled back (inbox row included, so the redelivery is processed) and the error is rethrown.
   *   A duplicate-key error raised by the effect itself (a business key) is rethrown too, never taken for a duplicate.
   * - Deadlock or lock-wait timeout → the whole transaction is retried a few times, then the error is thrown.
   */
  async handle(
    dataSource: DataSource,
    subscription: string,
    eventId: string,
    eventType: string,
    effect: InboxEffect,
  ): Promise<InboxOutcome> {
    requireText(subscription, 'subscription', 200);
    requireText(eventId, 'eventId', 36);
    requireText(eventType, 'eventType', 150);
    try {
      return await runInTransaction(
        dataSource,
        async (manager): Promise<InboxOutcome> => {
          try {
            await manager.query(INSERT, [subscription, eventId, eventType]);
          } catch (error) {
            if (isDuplicateKeyError(error)) throw new AlreadyProcessed();
            throw error;
          }
          await effect(manager);
          return 'processed';
        },
        {
          retries: this.options.retries ?? 3,
          retryBaseDelayMs: this.options.retryBaseDelayMs,
          isolationLevel: this.options.isolationLevel,
          relay: this.options.relay,
        },
      );
    } catch (error) {
      if (error instanceof AlreadyProcessed) return 'duplicate';
      throw error;
    }
  }

  /** Whether the subscription has processed the event (for diagnostics; `handle` does not need it). */
  async isProcessed(dataSource: DataSource, subscription: string, eventId: string): Promise<boolean> {
    const rows: unknown[] = await dataSource.query(
      'SELECT 1 FROM `inbox_messages` WHERE `subscription` = ? AND `event_id` = ?',
      [subscription, eventId],
    );
    return rows.length > 0;
  }

  /**
   * Forgets every event a subscription processed, so a replay from the earliest message (a read-model rebuild)
   * applies them again. Pass the manager of the transaction that also clears the projections.
   */
  async forgetSubscription(manager: EntityManager, subscription: string): Promise<number> {
    const result = (await manager.query('DELETE FROM `inbox_messages` WHERE `subscription` = ?', [subscription])) as {
      affectedRows?: number;
    };
    return Number(result.affectedRows ?? 0);
  }
}

function requireText(value: unknown, field: string, maxLength: number): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw new TypeError(`Inbox: ${field} must be a non-empty string of at most ${maxLength} characters`);
  }
}
