import { isTransientDatabaseError } from '@alpes/messaging';

/** Stable code of the 503 answered when the database cannot serve a request now (DESIGN.md §6: overload → 503). */
export const DATABASE_UNAVAILABLE_CODE = 'BD.NO_DISPONIBLE';
/** Seconds a client should wait before repeating the request (same client id: it is idempotent). */
export const DATABASE_RETRY_AFTER_S = 1;

export interface DatabaseUnavailable {
  readonly status: 503;
  readonly code: typeof DATABASE_UNAVAILABLE_CODE;
  readonly message: string;
  readonly retryAfterSeconds: number;
}

/**
 * What the HTTP edge answers for an error of the database that says nothing about the request (no free pool
 * connection in time, server unreachable or restarting, a lost deadlock after the retries): 503 + `Retry-After`, never
 * a 500. Null for every other error.
 */
export function databaseUnavailable(error: unknown): DatabaseUnavailable | null {
  if (!isTransientDatabaseError(error)) return null;
  return {
    status: 503,
    code: DATABASE_UNAVAILABLE_CODE,
    message: 'The database cannot serve this request right now; retry later',
    retryAfterSeconds: DATABASE_RETRY_AFTER_S,
  };
}
