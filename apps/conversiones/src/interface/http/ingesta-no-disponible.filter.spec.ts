import type { ArgumentsHost } from '@nestjs/common';
import { IngestaNoDisponibleError, SobrecargaError } from '../../application/ports/cola-ingesta.port';
import { IngestaNoDisponibleFilter } from './ingesta-no-disponible.filter';

describe('IngestaNoDisponibleFilter', () => {
  it('answers 503 with the code and Retry-After (never 500)', () => {
    const response = { headersSent: false, setHeader: jest.fn(), status: jest.fn().mockReturnThis(), json: jest.fn() };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    new IngestaNoDisponibleFilter().catch(new IngestaNoDisponibleError('db down'), host);
    expect(response.status).toHaveBeenCalledWith(503);
    expect(response.setHeader).toHaveBeenCalledWith('Retry-After', '1');
    expect(response.json).toHaveBeenCalledWith({ statusCode: 503, error: 'Service Unavailable', message: 'db down', code: 'TRACKING.INGESTA_NO_DISPONIBLE' });
  });

  it('back-pressure: 503 TRACKING.SOBRECARGA with the Retry-After the admission computed', () => {
    const response = { headersSent: false, setHeader: jest.fn(), status: jest.fn().mockReturnThis(), json: jest.fn() };
    const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
    new IngestaNoDisponibleFilter().catch(new SobrecargaError('busy', 4), host);
    expect(response.status).toHaveBeenCalledWith(503);
    expect(response.setHeader).toHaveBeenCalledWith('Retry-After', '4');
    expect(response.json).toHaveBeenCalledWith(expect.objectContaining({ code: 'TRACKING.SOBRECARGA' }));
  });
});
