import { BadRequestException, NotFoundException } from '@nestjs/common';
import { BusinessRuleError, ConflictError, NotFoundError, ValidationError } from '@alpes/seedwork';
import { HttpErrorFilter, statusOfTransportError } from './http-error.filter';
import { RequestBodyError } from './json-body';
import { flattenValidationErrors } from './validation.pipe';

describe('HttpErrorFilter.toBody', () => {
  const filter = new HttpErrorFilter('test');

  it.each([
    ['validation', new ValidationError('X.INVALIDO', 'bad'), 400, 'Bad Request'],
    ['not_found', new NotFoundError('X.NO_EXISTE', 'missing'), 404, 'Not Found'],
    ['conflict', new ConflictError('X.DUPLICADO', 'dup'), 409, 'Conflict'],
    ['business_rule', new BusinessRuleError('X.REGLA', 'no'), 422, 'Unprocessable Entity'],
  ] as const)('maps a %s DomainError to its status', (_kind, error, status, reason) => {
    expect(filter.toBody(error)).toEqual({ statusCode: status, error: reason, message: error.message, code: error.code });
  });

  it('keeps the details of a DomainError', () => {
    expect(filter.toBody(new ConflictError('X.T', 'm', { details: { desde: 'A' } })).details).toEqual({ desde: 'A' });
  });

  it('keeps the shape of HttpExceptions', () => {
    expect(filter.toBody(new NotFoundException('Cannot GET /x'))).toEqual({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /x' });
    expect(filter.toBody(new BadRequestException({ message: ['a'], code: 'C.D' }))).toMatchObject({ statusCode: 400, message: ['a'], code: 'C.D' });
  });

  it('names the field of a validation DomainError (its field, or the field/campo of its details)', () => {
    expect(filter.toBody(new ValidationError('X.MONTO', 'bad amount', { field: 'valor' })).errors).toEqual([{ field: 'valor', messages: ['bad amount'] }]);
    expect(filter.toBody(new ValidationError('X.TEXTO', 'nombre vacío', { details: { campo: 'nombre' } })).errors).toEqual([
      { field: 'nombre', messages: ['nombre vacío'] },
    ]);
    expect(filter.toBody(new ValidationError('X.OTRO', 'sin campo')).errors).toBeUndefined();
    expect(filter.toBody(new ConflictError('X.DUP', 'dup', { field: 'email' })).errors).toBeUndefined();
  });

  it('answers the refusals of the body parser in the common shape', () => {
    expect(filter.toBody(new RequestBodyError(415, 'HTTP.TIPO_CONTENIDO_NO_SOPORTADO', 'json only'))).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'json only',
      code: 'HTTP.TIPO_CONTENIDO_NO_SOPORTADO',
    });
    expect(filter.toBody(new RequestBodyError(400, 'VALIDACION.DATOS_INVALIDOS', 'x', [{ field: 'a', messages: ['a is bad'] }]))).toMatchObject({
      statusCode: 400,
      code: 'VALIDACION.DATOS_INVALIDOS',
      errors: [{ field: 'a', messages: ['a is bad'] }],
    });
  });

  it('logs what it answers with a 5xx, and only that', () => {
    const log = (filter as unknown as { log: { error: (...args: unknown[]) => void } }).log;
    const spy = jest.spyOn(log, 'error').mockImplementation(() => undefined);
    filter.answer(new BadRequestException('x'), { method: 'POST', originalUrl: '/a' });
    expect(spy).not.toHaveBeenCalled();
    expect(filter.answer(new Error('boom'), { method: 'POST', originalUrl: '/a' }).statusCode).toBe(500);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });

  it('never leaks an unexpected error', () => {
    expect(filter.toBody(new Error('password=hunter2'))).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
      code: 'HTTP.ERROR_INTERNO',
    });
  });
});

describe('statusOfTransportError', () => {
  it('maps body-parser failures', () => {
    expect(statusOfTransportError({ type: 'entity.parse.failed', status: 400 })?.status).toBe(400);
    expect(statusOfTransportError({ type: 'entity.too.large', status: 413 })?.status).toBe(413);
    expect(statusOfTransportError({ type: 'charset.unsupported', status: 415, message: 'x' })?.status).toBe(415);
    expect(statusOfTransportError(new Error('x'))).toBeNull();
    expect(statusOfTransportError(null)).toBeNull();
  });
});

describe('flattenValidationErrors', () => {
  it('names nested and indexed fields', () => {
    const flat = flattenValidationErrors([
      { property: 'nombre', constraints: { isString: 'nombre must be a string' }, children: [] },
      {
        property: 'items',
        children: [{ property: '2', children: [{ property: 'monto', constraints: { isNumber: 'monto must be a number' }, children: [] }] }],
      },
    ]);
    expect(flat).toEqual([
      { field: 'nombre', messages: ['nombre must be a string'] },
      { field: 'items[2].monto', messages: ['monto must be a number'] },
    ]);
  });
});
