import { HttpStatus } from '@nestjs/common';
import type { DomainErrorKind } from '@alpes/seedwork';

/** The error body of every endpoint (DESIGN.md §6): `{ statusCode, error, message, code?, details?, errors? }`. */
export interface ErrorBody {
  readonly statusCode: number;
  readonly error: string;
  readonly message: string | string[];
  readonly code?: string;
  readonly details?: Record<string, unknown>;
  readonly errors?: FieldError[];
}

/** One invalid field of a request: its path (`items[3].campana_id`) and why. */
export interface FieldError {
  readonly field: string;
  readonly messages: string[];
}

export const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = {
  validation: HttpStatus.BAD_REQUEST,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  business_rule: HttpStatus.UNPROCESSABLE_ENTITY,
};

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}
