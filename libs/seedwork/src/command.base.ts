import { randomUUID } from 'node:crypto';

export interface CommandOptions {
  /** Carried into logs and into the events the command causes; a fresh one is made when absent. */
  correlationId?: string;
  metadata?: Record<string, unknown>;
}

/** Marker base for an intention to change state. Subclasses add their own readonly fields. */
export abstract class Command {
  readonly correlationId: string;
  readonly metadata: Readonly<Record<string, unknown>>;

  constructor(options: CommandOptions = {}) {
    this.correlationId = options.correlationId ?? randomUUID();
    this.metadata = Object.freeze({ ...options.metadata });
  }
}
