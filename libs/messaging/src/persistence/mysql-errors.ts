/** MySQL/MariaDB server error numbers the messaging tables react to. */
export const ER_DUP_ENTRY = 1062;
export const ER_LOCK_WAIT_TIMEOUT = 1205;
export const ER_LOCK_DEADLOCK = 1213;

/**
 * The server error number of a failed query. TypeORM wraps the mysql2 error in a `QueryFailedError` that copies
 * `errno` and keeps the original as `driverError`; both shapes are accepted.
 */
export function mysqlErrno(error: unknown): number | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && typeof current === 'object' && current !== null; depth++) {
    const errno = (current as { errno?: unknown }).errno;
    if (typeof errno === 'number') return errno;
    current = (current as { driverError?: unknown }).driverError;
  }
  return undefined;
}

export function isDuplicateKeyError(error: unknown): boolean {
  return mysqlErrno(error) === ER_DUP_ENTRY;
}

/** A deadlock victim or a lock-wait timeout: the whole transaction may succeed if it is run again. */
export function isRetryableTransactionError(error: unknown): boolean {
  const errno = mysqlErrno(error);
  return errno === ER_LOCK_DEADLOCK || errno === ER_LOCK_WAIT_TIMEOUT;
}

/** MySQL/MariaDB server errors after which the same statement may well succeed later (the server, not the request). */
const TRANSIENT_SERVER_ERRNOS = new Set([
  1040, // ER_CON_COUNT_ERROR: too many connections
  1053, // ER_SERVER_SHUTDOWN
  ER_LOCK_WAIT_TIMEOUT,
  ER_LOCK_DEADLOCK,
  1927, // ER_CONNECTION_KILLED (MariaDB)
  2002, // CR_CONNECTION_ERROR
  2003, // CR_CONN_HOST_ERROR
  2006, // CR_SERVER_GONE_ERROR
  2013, // CR_SERVER_LOST
]);

/** Client-side codes (mysql2 / Node sockets) of a connection that could not be opened or was lost. */
const TRANSIENT_CLIENT_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * No connection of the pool became free within the acquire timeout (the pool is exhausted, or the server does not
 * accept connections fast enough). Nothing was sent to the server: the request may be repeated as it is.
 */
export class PoolAcquireTimeoutError extends Error {
  readonly code = 'ALPES_POOL_ACQUIRE_TIMEOUT';

  constructor(
    readonly timeoutMs: number,
    readonly pool: { readonly size?: number; readonly waiting?: number } = {},
  ) {
    super(
      `No database connection free within ${timeoutMs} ms` +
        (pool.size !== undefined ? ` (pool of ${pool.size}${pool.waiting !== undefined ? `, ${pool.waiting} waiting` : ''})` : ''),
    );
    this.name = 'PoolAcquireTimeoutError';
  }
}

/**
 * A connection was asked of the pool while the same asynchronous flow holds an open transaction: under load every
 * holder waits for a second connection that only another holder could free, and the pool deadlocks. The read belongs
 * on the transaction's own manager.
 */
export class NestedPoolConnectionError extends Error {
  constructor() {
    super(
      'A database connection was requested from the pool while this flow holds an open transaction; ' +
        "read through the transaction's EntityManager instead (a second connection per transaction deadlocks the pool under load)",
    );
    this.name = 'NestedPoolConnectionError';
  }
}

/**
 * The database could not serve the request now, for a reason that says nothing about the request itself: the pool
 * stayed exhausted, the server is unreachable, restarting or refusing connections, or the transaction lost a
 * deadlock / lock wait. HTTP answers 503 with `Retry-After`; consumers retry the message in place and never
 * dead-letter it for this.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof PoolAcquireTimeoutError) return true;
    const { errno, code } = current as { errno?: unknown; code?: unknown };
    if (typeof errno === 'number' && TRANSIENT_SERVER_ERRNOS.has(errno)) return true;
    if (typeof code === 'string' && (TRANSIENT_CLIENT_CODES.has(code) || code === 'ALPES_POOL_ACQUIRE_TIMEOUT')) return true;
    const next = current as { driverError?: unknown; cause?: unknown };
    current = next.driverError ?? next.cause;
  }
  return false;
}

/**
 * A short, payload-free description of an error for logs and the outbox `last_error` column. Total: whatever was
 * thrown (a circular object, a BigInt, a value whose getters or `toString` throw…), it returns a string.
 */
export function describeError(error: unknown, maxLength = 1000): string {
  let text: string | undefined;
  try {
    text =
      error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'string' ? error : JSON.stringify(error);
  } catch {
    text = fallbackDescription(error);
  }
  return (typeof text === 'string' && text.length > 0 ? text : fallbackDescription(error)).slice(0, maxLength);
}

function fallbackDescription(error: unknown): string {
  try {
    const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
    if (typeof message === 'string' && message.length > 0) return message;
    const text = String(error);
    if (text.length > 0 && text !== '[object Object]') return text;
  } catch {
    // String() itself threw (a throwing toString, or Symbol.toPrimitive): describe the shape only.
  }
  try {
    return `unknown error (${Object.prototype.toString.call(error)})`;
  } catch {
    return 'unknown error';
  }
}
