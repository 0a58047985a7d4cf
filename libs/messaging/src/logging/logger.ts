import pino, { Logger as PinoLogger } from 'pino';

/** Structured logger (one JSON object per line). Payloads and secrets never go into log fields. */
export type Logger = Pick<PinoLogger, 'debug' | 'info' | 'warn' | 'error' | 'child'>;

let root: PinoLogger | undefined;

export function rootLogger(): PinoLogger {
  if (!root) {
    root = pino({
      level: process.env['LOG_LEVEL'] ?? (process.env['JEST_WORKER_ID'] ? 'warn' : 'info'),
      base: { service: process.env['SERVICE_NAME'] ?? undefined },
    });
  }
  return root;
}

export function createLogger(component: string): Logger {
  return rootLogger().child({ component });
}
