import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { isRetryableTransactionError } from './mysql-errors';

export type IsolationLevel = 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** Something to nudge once a transaction has committed (the outbox relay). */
export interface Wakeable {
  wake(): void;
}

export interface TransactionOptions {
  readonly isolationLevel?: IsolationLevel;
  /**
   * Extra runs of `work` after a deadlock (1213) or a lock-wait timeout (1205). Default 0, because re-running `work`
   * is only safe when it reads everything it needs inside the transaction (no in-memory state carried over).
   */
  readonly retries?: number;
  /** Base delay before a retry; doubled each time, with jitter. Default 20 ms. */
  readonly retryBaseDelayMs?: number;
  /** Woken once, after COMMIT (never after a rollback), so outbox rows written by `work` leave at once. */
  readonly relay?: Wakeable;
}

/**
 * Runs `work` in one transaction on its own connection and commits it; rolls back and rethrows when `work` throws.
 * Outbox rows appended through `work`'s manager commit or roll back together with everything else it wrote.
 */
export async function runInTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const retries = options.retries ?? 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await runOnce(dataSource, work, options.isolationLevel);
      options.relay?.wake();
      return result;
    } catch (error) {
      if (attempt >= retries || !isRetryableTransactionError(error)) throw error;
      await sleep(retryDelay(attempt, options.retryBaseDelayMs ?? 20));
    }
  }
}

async function runOnce<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  isolationLevel: IsolationLevel | undefined,
): Promise<T> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    await queryRunner.connect();
    await queryRunner.startTransaction(isolationLevel);
    try {
      const result = await holdingTransaction(() => work(queryRunner.manager));
      await queryRunner.commitTransaction();
      return result;
    } catch (error) {
      if (queryRunner.isTransactionActive) {
        // The original error matters; a failed rollback (connection gone) rolls back on the server anyway.
        await queryRunner.rollbackTransaction().catch(() => undefined);
      }
      throw error;
    }
  } finally {
    await queryRunner.release();
  }
}

/**
 * Marks the asynchronous flow of `work` as holding a transaction's connection, until `work` settles. Tasks `work`
 * starts and leaves running (timers, callbacks) inherit the mark, so it is a flag switched off at the end rather than
 * a scope: what they do after `work` settled no longer counts as "inside the transaction".
 */
const held = new AsyncLocalStorage<{ active: boolean }>();

async function holdingTransaction<T>(work: () => Promise<T>): Promise<T> {
  const mark = { active: true };
  try {
    return await held.run(mark, work);
  } finally {
    mark.active = false;
  }
}

/**
 * Whether the calling flow is inside `runInTransaction`'s `work`, i.e. holds one pool connection already. The
 * database module refuses (or reports) a second pool connection requested from such a flow: with every connection
 * held by a transaction that waits for another one, the pool deadlocks.
 */
export function isHoldingTransaction(): boolean {
  return held.getStore()?.active === true;
}

function retryDelay(attempt: number, baseMs: number): number {
  const exp = baseMs * 2 ** attempt;
  return Math.round(exp / 2 + Math.random() * (exp / 2));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
