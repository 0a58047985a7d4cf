import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

/** Who asked and under which correlation id: taken from the request headers, kept for the request's async work. */
export interface RequestContext {
  readonly correlationId: string;
  /** `x-actor` header (who performed the action, for the audit trail); `api` when absent. */
  readonly actor: string;
}

export const CORRELATION_ID_HEADER = 'x-correlation-id';
export const ACTOR_HEADER = 'x-actor';
const SAFE_HEADER_VALUE = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

const storage = new AsyncLocalStorage<RequestContext>();

/**
 * The context of the request being served. Outside a request (a consumer, a timer) a fresh correlation id is made
 * and the actor is `sistema`.
 */
export function requestContext(): RequestContext {
  return storage.getStore() ?? { correlationId: randomUUID(), actor: 'sistema' };
}

/** Runs `fn` with `context` as the current request context (consumers use it to carry an event's correlation id). */
export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

function headerValue(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  // Anything odd (too long, control characters) is ignored rather than echoed into logs and events.
  return first !== undefined && SAFE_HEADER_VALUE.test(first) ? first : undefined;
}

/** Express middleware: reads or makes the correlation id, echoes it in the response, and keeps the context. */
export function requestContextMiddleware(req: Request, res: Response, next: NextFunction): void {
  const context: RequestContext = {
    correlationId: headerValue(req, CORRELATION_ID_HEADER) ?? randomUUID(),
    actor: headerValue(req, ACTOR_HEADER) ?? 'api',
  };
  res.setHeader(CORRELATION_ID_HEADER, context.correlationId);
  storage.run(context, () => next());
}
