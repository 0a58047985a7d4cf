import { randomUUID } from 'node:crypto';

export interface QueryOptions {
  /** Carried into logs; a fresh one is made when absent. */
  correlationId?: string;
  metadata?: Record<string, unknown>;
}

/** Marker base for a request to read state without changing it. Subclasses add their own readonly fields. */
export abstract class Query {
  readonly correlationId: string;
  readonly metadata: Readonly<Record<string, unknown>>;

  constructor(options: QueryOptions = {}) {
    this.correlationId = options.correlationId ?? randomUUID();
    this.metadata = Object.freeze({ ...options.metadata });
  }
}
