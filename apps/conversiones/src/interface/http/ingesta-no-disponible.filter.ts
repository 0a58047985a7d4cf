import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { IngestaNoDisponibleError } from '../../application/ports/cola-ingesta.port';

/**
 * The commands could not be stored durably, or the service pushes back (`TRACKING.SOBRECARGA`): 503 with the code and
 * `Retry-After`, never a 500.
 */
@Catch(IngestaNoDisponibleError)
export class IngestaNoDisponibleFilter implements ExceptionFilter {
  catch(error: IngestaNoDisponibleError, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (response.headersSent) return;
    response.setHeader('Retry-After', String(error.reintentarEnSegundos));
    response.status(503).json({ statusCode: 503, error: 'Service Unavailable', message: error.message, code: error.code });
  }
}
