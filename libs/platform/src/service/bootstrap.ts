import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import type { AppName } from '@alpes/contracts';
import { createLogger, MessagingModule } from '@alpes/messaging';
import { EdgeInputPipe } from '../http/edge-input.pipe';
import { HttpErrorFilter } from '../http/http-error.filter';
import { classifyBodyReadError, JSON_MEDIA_TYPES, parseJsonRequestBody, requireJsonBody } from '../http/json-body';
import { requestContextMiddleware } from '../http/request-context';
import { createValidationPipe } from '../http/validation.pipe';
import { PinoNestLogger } from './nest-logger';

export interface ServiceDefinition {
  readonly app: AppName;
  /** Port when `PORT` is not set (DESIGN.md §1). */
  readonly defaultPort: number;
  /** OpenAPI title and description (Markdown). */
  readonly title: string;
  readonly description: string;
  readonly version?: string;
}

/** Largest request body any endpoint accepts (DESIGN.md §4). */
export const MAX_BODY_BYTES = '1mb';

/**
 * Everything HTTP a service shares: correlation id, exact JSON bodies (limit, depth, JSON errors), path/query checks,
 * validation pipe, error filter,
 * OpenAPI at `/docs` (+ `/docs-json`), shutdown hooks. Called by `createServiceApp`; exported for tests that build
 * the app with `Test.createTestingModule`.
 */
export function configureHttpApp(app: NestExpressApplication, definition: ServiceDefinition): void {
  const filter = new HttpErrorFilter(definition.app);
  app.disable('x-powered-by');
  app.use(requestContextMiddleware);
  // A body is JSON or nothing (415); its bytes are read raw (inflated when gzip/deflate/br, at most 1 MiB) and parsed
  // by the platform itself, exactly: numbers as written, well-formed strings, bounded depth, no prototype keys.
  app.use(requireJsonBody);
  app.useBodyParser('raw', { type: JSON_MEDIA_TYPES, limit: MAX_BODY_BYTES });
  app.use(parseJsonRequestBody);
  // Body failures happen before routing, where Nest filters do not reach: answer them in the same shape, and log
  // what maps to a 5xx (a bug) like the filter does.
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const body = filter.answer(classifyBodyReadError(error, req), req);
    res.status(body.statusCode).json(body);
  });
  app.useGlobalPipes(new EdgeInputPipe(), createValidationPipe());
  app.useGlobalFilters(filter);
  app.enableShutdownHooks();

  const config = new DocumentBuilder()
    .setTitle(definition.title)
    .setDescription(definition.description)
    .setVersion(definition.version ?? process.env['APP_VERSION'] ?? '0.1.0')
    // Any operation that touches the database can meet an exhausted pool or a database restart (never a 500).
    .addGlobalResponse({
      status: 503,
      description: 'BD.NO_DISPONIBLE: the database cannot serve the request now (no free connection in time, server unreachable); retry after `Retry-After` seconds with the same client id.',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json', yamlDocumentUrl: 'docs-yaml' });
}

/**
 * Creates the service (not listening yet): HTTP configured, Pulsar consumers of every `@EventPattern` subscribed,
 * outbox relay started. Integration tests call it with `AppModule.forRoot(runtime)` and use
 * `request(app.getHttpServer())`; `app.close()` shuts it down in order.
 */
export async function createServiceApp(
  module: Type<unknown> | DynamicModule,
  definition: ServiceDefinition,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    bodyParser: false,
    bufferLogs: true,
    logger: new PinoNestLogger(definition.app),
  });
  try {
    configureHttpApp(app, definition);
    app.connectMicroservice({ strategy: MessagingModule.createServer(app) }, { inheritAppConfig: false });
    await app.startAllMicroservices();
    await app.init();
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

/** Default of `SHUTDOWN_TIMEOUT_MS`: the grace a stopping service gets before it is forced to exit. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 15_000;

/** `SHUTDOWN_TIMEOUT_MS` (a positive integer, in ms), else the default. */
export function shutdownTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['SHUTDOWN_TIMEOUT_MS'];
  if (raw === undefined || raw.trim() === '') return DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`SHUTDOWN_TIMEOUT_MS must be a positive integer, not "${raw}"`);
  return value;
}

/**
 * The shutdown hooks wait for work in flight (requests, consumer batches, the outbox relay, the lifecycle event), and
 * work can be stuck (a lock held elsewhere, a server that does not answer): after the first SIGTERM/SIGINT the
 * process gets `timeoutMs`, then it exits with code 1 whatever is still running. Messages not acked are redelivered
 * and transactions not committed roll back, so nothing accepted is lost by that.
 */
function exitAfterGrace(timeoutMs: number, log: ReturnType<typeof createLogger>): void {
  const arm = (signal: NodeJS.Signals) => {
    const startedAt = Date.now();
    // Unref'd: a shutdown that completes in time ends the process as usual.
    setTimeout(() => {
      log.error(
        { event: 'service.shutdown_timeout', signal, timeout_ms: timeoutMs, waited_ms: Date.now() - startedAt },
        `shutdown did not finish within ${timeoutMs} ms (SHUTDOWN_TIMEOUT_MS); forcing exit`,
      );
      process.exit(1);
    }, timeoutMs).unref();
  };
  // `once`: Nest's shutdown hook re-raises the signal when it is done, which must then end the process.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, arm);
}

/**
 * `main.ts` of every service: create, listen on `PORT` (default `definition.defaultPort`), log where; a stop signal
 * ends the process within `SHUTDOWN_TIMEOUT_MS` even when work is stuck.
 */
export async function startService(module: Type<unknown> | DynamicModule, definition: ServiceDefinition): Promise<NestExpressApplication> {
  const log = createLogger('bootstrap').child({ app: definition.app });
  try {
    const graceMs = shutdownTimeoutMs();
    const app = await createServiceApp(module, definition);
    // Armed once the app exists: during start-up a signal is left to Nest's hooks or the default action.
    exitAfterGrace(graceMs, log);
    const port = Number(process.env['PORT'] || definition.defaultPort);
    const host = process.env['HOST'] || '0.0.0.0';
    await app.listen(port, host);
    log.info({ event: 'service.started', port, docs: `http://127.0.0.1:${port}/docs` }, `${definition.app} listening on ${host}:${port}`);
    return app;
  } catch (error) {
    log.error({ err: error, event: 'service.start_failed' }, `${definition.app} could not start`);
    process.exitCode = 1;
    // Give pino a tick to flush, then leave: a half-started service must not linger.
    setTimeout(() => process.exit(1), 100).unref();
    throw error;
  }
}
