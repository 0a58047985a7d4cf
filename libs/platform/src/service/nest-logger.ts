import type { LoggerService } from '@nestjs/common';
import { createLogger, type Logger } from '@alpes/messaging';

/** Nest's own messages (routes mapped, start-up errors) as pino JSON lines like the rest of the service's logs. */
export class PinoNestLogger implements LoggerService {
  private readonly pino: Logger;

  constructor(app: string) {
    this.pino = createLogger('nest').child({ app });
  }

  log(message: unknown, context?: string): void {
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }
}
