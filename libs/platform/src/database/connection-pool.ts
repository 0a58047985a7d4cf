import type { DataSource } from 'typeorm';
import { createLogger, isHoldingTransaction, NestedPoolConnectionError, PoolAcquireTimeoutError, type Logger } from '@alpes/messaging';

/** Default of `MYSQL_ACQUIRE_TIMEOUT_MS`: how long a request may wait for a free pool connection. */
export const DEFAULT_ACQUIRE_TIMEOUT_MS = 5_000;

/**
 * What to do when a flow that holds a transaction asks the pool for a second connection (see
 * `NestedPoolConnectionError`): `refuse` fails that request at once, `report` logs it (once per call site) and lets
 * it wait like any other.
 */
export type NestedConnectionPolicy = 'refuse' | 'report';

export interface PoolBounds {
  readonly acquireTimeoutMs: number;
  readonly nestedConnections: NestedConnectionPolicy;
}

/** Under Jest (and anything else that sets NODE_ENV=test) a nested connection fails the test; elsewhere it is logged. */
export function defaultNestedConnectionPolicy(env: NodeJS.ProcessEnv = process.env): NestedConnectionPolicy {
  return env['NODE_ENV'] === 'test' ? 'refuse' : 'report';
}

export interface PoolUsage {
  /** `connectionLimit`. */
  readonly size: number;
  /** Connections lent out right now. */
  readonly busy: number;
  /** Requests queued for a connection. */
  readonly waiting: number;
}

interface PooledConnection {
  release(): void;
  query(sql: string, callback: (error: Error | null) => void): void;
}

type Acquired = (error: Error | null, connection?: PooledConnection) => void;

/** The parts of mysql2's callback pool (the one TypeORM's MySQL driver creates) this module touches. */
interface MysqlPool {
  getConnection(callback: Acquired): void;
  config?: { connectionLimit?: number };
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

const ORIGINAL = Symbol('alpes.pool.getConnection');
type BoundedPool = MysqlPool & { [ORIGINAL]?: MysqlPool['getConnection'] };

function poolOf(dataSource: DataSource): BoundedPool {
  const pool = (dataSource.driver as unknown as { pool?: BoundedPool }).pool;
  if (!pool || typeof pool.getConnection !== 'function') {
    throw new Error('The DataSource has no mysql2 pool (not a MySQL/MariaDB DataSource, or not initialised)');
  }
  return pool;
}

export function poolUsage(dataSource: DataSource): PoolUsage | undefined {
  const pool = (dataSource.driver as unknown as { pool?: BoundedPool }).pool;
  if (!pool) return undefined;
  const all = pool._allConnections?.length ?? 0;
  const free = pool._freeConnections?.length ?? 0;
  return { size: pool.config?.connectionLimit ?? all, busy: all - free, waiting: pool._connectionQueue?.length ?? 0 };
}

/**
 * Waits for a connection at most `timeoutMs`. mysql2's pool has no acquire timeout (TypeORM's `acquireTimeout` only
 * reaches the `mysql` package), so without this a request waits for ever once every connection is held. The waiter
 * cannot be taken out of mysql2's queue: when its connection arrives after the caller gave up, it goes straight back
 * to the pool (and so to the next waiter).
 */
function acquireWithin(pool: BoundedPool, timeoutMs: number, callback: Acquired): void {
  const getConnection = pool[ORIGINAL] ?? pool.getConnection;
  let settled = false;
  const timer = setTimeout(() => {
    if (settled) return;
    settled = true;
    const usage = { size: pool.config?.connectionLimit, waiting: pool._connectionQueue?.length };
    callback(new PoolAcquireTimeoutError(timeoutMs, usage));
  }, timeoutMs);
  // A pending acquire must not keep a stopping process alive.
  timer.unref();
  getConnection.call(pool, (error, connection) => {
    if (settled) {
      if (!error && connection) connection.release();
      return;
    }
    settled = true;
    clearTimeout(timer);
    callback(error, connection);
  });
}

/**
 * Bounds every acquisition of the DataSource's pool (TypeORM's query runners and `DataSource.query` all go through
 * `pool.getConnection`): `PoolAcquireTimeoutError` after `acquireTimeoutMs`, which the HTTP error filter answers with
 * 503 + `Retry-After` and the consumers retry. Also watches for a flow that holds a transaction and asks for a second
 * connection, the pattern that deadlocks the pool under load (`NestedConnectionPolicy`). Call once, after
 * `initialize()`.
 */
export function boundPool(dataSource: DataSource, bounds: PoolBounds, logger: Logger = createLogger('database-pool')): void {
  const pool = poolOf(dataSource);
  if (pool[ORIGINAL]) return;
  if (!Number.isInteger(bounds.acquireTimeoutMs) || bounds.acquireTimeoutMs <= 0) {
    throw new Error(`acquireTimeoutMs must be a positive integer, not ${bounds.acquireTimeoutMs}`);
  }
  pool[ORIGINAL] = pool.getConnection;
  const reported = new Set<string>();
  pool.getConnection = (callback: Acquired) => {
    if (isHoldingTransaction()) {
      const error = new NestedPoolConnectionError();
      if (bounds.nestedConnections === 'refuse') {
        process.nextTick(() => callback(error));
        return;
      }
      const site = error.stack ?? error.message;
      if (!reported.has(site) && reported.size < 100) {
        reported.add(site);
        logger.error({ event: 'database.nested_connection', stack: site }, error.message);
      }
    }
    acquireWithin(pool, bounds.acquireTimeoutMs, callback);
  };
}

/**
 * `SELECT 1` on a connection of the pool, the whole of it within `timeoutMs` (acquire included), for `/health`: an
 * exhausted pool is reported as down as quickly as an unreachable server. A connection that arrives, or a query that
 * answers, after the deadline is given back to the pool.
 */
export function pingDatabase(dataSource: DataSource, timeoutMs: number): Promise<void> {
  const pool = poolOf(dataSource);
  return new Promise<void>((resolve, reject) => {
    const started = Date.now();
    acquireWithin(pool, timeoutMs, (error, connection) => {
      if (error || !connection) return reject(error ?? new Error('no connection'));
      let answered = false;
      const timer = setTimeout(() => {
        answered = true;
        reject(new Error(`SELECT 1 did not answer within ${timeoutMs} ms`));
      }, Math.max(1, timeoutMs - (Date.now() - started)));
      timer.unref();
      connection.query('SELECT 1', (queryError) => {
        connection.release();
        if (answered) return;
        clearTimeout(timer);
        if (queryError) reject(queryError);
        else resolve();
      });
    });
  });
}
