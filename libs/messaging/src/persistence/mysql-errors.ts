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
