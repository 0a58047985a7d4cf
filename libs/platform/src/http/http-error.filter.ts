import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DomainError } from '@alpes/seedwork';
import { createLogger, type Logger } from '@alpes/messaging';
import { databaseUnavailable } from '../database/database-unavailable';
import { reasonPhrase, STATUS_OF_KIND, type ErrorBody, type FieldError } from './error-body';
import { RequestBodyError } from './json-body';
import { requestContext } from './request-context';
import { validationErrorBody } from './validation.pipe';

/** Maps what a body-parser or express raised (malformed JSON, too large, bad charset) to a status, or null. */
export function statusOfTransportError(error: unknown): { status: number; code: string; message: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  const e = error as { type?: unknown; status?: unknown; statusCode?: unknown; message?: unknown };
  const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : undefined;
  switch (e.type) {
    case 'entity.parse.failed':
      return { status: 400, code: 'HTTP.JSON_INVALIDO', message: 'the request body is not valid JSON' };
    case 'entity.too.large':
      return { status: 413, code: 'HTTP.CUERPO_DEMASIADO_GRANDE', message: 'the request body is larger than 1 MiB' };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, code: 'HTTP.CODIFICACION_NO_SOPORTADA', message: String(e.message) };
    case 'request.aborted':
      return { status: 400, code: 'HTTP.PETICION_ABORTADA', message: 'the request was aborted' };
    default:
      if (status !== undefined && status >= 400 && status < 500 && typeof e.type === 'string') {
        return { status, code: 'HTTP.PETICION_INVALIDA', message: String(e.message) };
      }
      // Any other untyped 4xx (e.g. a stream error while reading): a client problem, whose internals are not echoed.
      if (status !== undefined && status >= 400 && status < 500) {
        return { status, code: 'HTTP.PETICION_INVALIDA', message: 'the request could not be read' };
      }
      return null;
  }
}

/**
 * The field a validation DomainError is about: its `field`, else the `field` / `campo` its details name (older
 * errors carry it there), so that a domain 400 names the field like a validation-pipe 400.
 */
function fieldOf(error: DomainError): string | undefined {
  if (error.field !== undefined) return error.field;
  const named = error.details?.['field'] ?? error.details?.['campo'];
  return typeof named === 'string' && named.length > 0 ? named : undefined;
}

/**
 * The one exception filter of every service: DomainError → 400/404/409/422 with its code; HttpException (validation
 * pipe, 404 of unknown routes…) in the same body shape; body-parser failures → 400/413/415; anything else is a bug:
 * logged with its stack and answered 500 without internals.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly log: Logger;

  constructor(service = 'http') {
    this.log = createLogger('http-error').child({ app: service });
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.answer(exception, host.switchToHttp().getRequest());
    const unavailable = databaseUnavailable(exception);
    if (unavailable && !response.headersSent) response.setHeader('Retry-After', String(unavailable.retryAfterSeconds));
    if (response.headersSent) return;
    response.status(body.statusCode).json(body);
  }

  /** The body of the answer to `exception`; a 5xx is a bug and is logged with its stack (here and before routing). */
  answer(exception: unknown, request: { method?: string; originalUrl?: string }): ErrorBody {
    const body = this.toBody(exception);
    const unavailable = databaseUnavailable(exception);
    if (unavailable) {
      // Overload or an outage, not a bug: no stack, and the client is told when to retry.
      this.log.warn({ err: String(exception), correlation_id: requestContext().correlationId, code: unavailable.code }, 'database unavailable: answered 503');
    } else if (body.statusCode >= 500) {
      this.log.error(
        { err: exception, correlation_id: requestContext().correlationId, method: request.method, url: request.originalUrl },
        `unexpected error answered ${body.statusCode}`,
      );
    }
    return body;
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof RequestBodyError) {
      if (exception.errors) return validationErrorBody(exception.errors);
      return { statusCode: exception.status, error: reasonPhrase(exception.status), message: exception.message, code: exception.code };
    }
    if (exception instanceof DomainError) {
      const statusCode = STATUS_OF_KIND[exception.kind];
      const field = exception.kind === 'validation' ? fieldOf(exception) : undefined;
      const errors: FieldError[] | undefined = field === undefined ? undefined : [{ field, messages: [exception.message] }];
      return {
        statusCode,
        error: reasonPhrase(statusCode),
        message: exception.message,
        code: exception.code,
        ...(exception.details ? { details: { ...exception.details } } : {}),
        ...(errors ? { errors } : {}),
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const raw = exception.getResponse();
      if (typeof raw === 'string') return { statusCode, error: reasonPhrase(statusCode), message: raw };
      const r = raw as Partial<ErrorBody> & Record<string, unknown>;
      return {
        ...r,
        statusCode,
        error: typeof r.error === 'string' ? r.error : reasonPhrase(statusCode),
        message: r.message ?? exception.message,
      } as ErrorBody;
    }
    const unavailable = databaseUnavailable(exception);
    if (unavailable) return { statusCode: unavailable.status, error: reasonPhrase(unavailable.status), message: unavailable.message, code: unavailable.code };
    const transport = statusOfTransportError(exception);
    if (transport) {
      return { statusCode: transport.status, error: reasonPhrase(transport.status), message: transport.message, code: transport.code };
    }
    return { statusCode: 500, error: reasonPhrase(500), message: 'Internal server error', code: 'HTTP.ERROR_INTERNO' };
  }
}
