import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ErrorBody, FieldError } from './error-body';

export const VALIDATION_ERROR_CODE = 'VALIDACION.DATOS_INVALIDOS';

/** Flattens class-validator's tree into `{ field: 'a.b[2].c', messages }`, one entry per invalid leaf. */
export function flattenValidationErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const isIndex = /^\d+$/.test(error.property);
    const field = parent ? (isIndex ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    if (error.constraints && Object.keys(error.constraints).length > 0) {
      out.push({ field, messages: Object.values(error.constraints) });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, field));
  }
  return out;
}

/** The 400 every invalid request gets: the messages, plus the same errors per field. */
export function validationErrorBody(errors: FieldError[]): ErrorBody {
  return {
    statusCode: 400,
    error: 'Bad Request',
    message: errors.length ? errors.flatMap((e) => e.messages.map((m) => (m.startsWith(e.field) ? m : `${e.field}: ${m}`))) : ['invalid request'],
    code: VALIDATION_ERROR_CODE,
    errors,
  };
}

/**
 * Global pipe of every service: whitelist + unknown fields refused, DTO instances built (`transform`), no implicit
 * type conversion (a JSON string is not a number; query integers convert explicitly with `@IsQueryInt`).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new BadRequestException(validationErrorBody(flattenValidationErrors(errors))),
  });
}
