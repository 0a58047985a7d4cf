import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, isISO8601, Max, Min, registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { Decimal } from 'decimal.js';

/** Whether `value` is a finite JS number whose shortest decimal text has at most `maxDecimals` decimals. */
export function hasAtMostDecimals(value: unknown, maxDecimals: number): boolean {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  // Decimal reads the exponent form too (String(1e-7) is "1e-7"), which class-validator's maxDecimalPlaces splits wrongly.
  return new Decimal(String(value)).decimalPlaces() <= maxDecimals;
}

/**
 * A finite JSON number with at most `maxDecimals` decimal places, counted exactly (`1e-7` has 7, `5e-324` has 324).
 * Use it instead of class-validator's `IsNumber({ maxDecimalPlaces })`.
 */
export function IsDecimalNumber(maxDecimals: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDecimalNumber',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [maxDecimals],
      options: { message: `$property must be a number with at most ${maxDecimals} decimals`, ...options },
      validator: { validate: (value: unknown) => hasAtMostDecimals(value, maxDecimals) },
    });
}

/**
 * An optional field that may be left out but not sent as `null` (which means nothing here and used to pass as
 * "absent"). For a field where null does mean something, keep `@IsOptional()` and document `nullable: true`.
 */
export function IsOptionalNotNull(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object: unknown, value: unknown) => value !== undefined),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isNotNull',
        target: target.constructor,
        propertyName: propertyName as string,
        options: { message: '$property must not be null (leave it out instead)', ...options },
        validator: { validate: (value: unknown) => value !== null },
      }),
  );
}

const WITH_ZONE = /T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Whether `value` is an ISO 8601 date-time with its zone (`Z` or `±hh:mm`): a time without one means another instant on each server. */
export function isDateTimeWithZone(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 40 && WITH_ZONE.test(value) && isISO8601(value, { strict: true, strictSeparator: true });
}

/** An ISO 8601 date-time with its zone (`2025-07-01T00:00:00Z`, `…-05:00`); a date alone or a time without a zone is refused. */
export function IsDateTimeWithZone(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isDateTimeWithZone',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an ISO 8601 date-time with its zone (e.g. 2025-07-01T00:00:00Z)', ...options },
      validator: { validate: (value: unknown) => isDateTimeWithZone(value) },
    });
}

const QUERY_DIGITS = /^[0-9]{1,16}$/;

/**
 * An integer of the query string within [min, max]: plain decimal digits only, so `1e3`, `0x10`, ` 5` or `1.0` are
 * refused (400) instead of being read as numbers.
 */
export function IsQueryInt(bounds: { min: number; max?: number }): PropertyDecorator {
  const range = bounds.max === undefined ? `at least ${bounds.min}` : `from ${bounds.min} to ${bounds.max}`;
  const message = `$property must be an integer written in digits, ${range}`;
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && QUERY_DIGITS.test(value) ? Number(value) : value)),
    IsInt({ message }),
    Min(bounds.min, { message }),
    ...(bounds.max === undefined ? [] : [Max(bounds.max, { message })]),
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * UUIDs are case-insensitive (RFC 9562): one written in capitals is the same id. Lower-cases a string that is a
 * UUID (or each UUID of an array); anything else is returned as it is, for the validators to judge.
 */
export function normalizeUuid<T>(value: T): T {
  if (typeof value === 'string') return (UUID.test(value) ? value.toLowerCase() : value) as T;
  if (Array.isArray(value)) return value.map((item) => normalizeUuid(item)) as T;
  return value;
}

/** On an id field of a body or query DTO: a UUID reaches the application lower-cased, like the ids the services issue. */
export function NormalizeUuid(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => normalizeUuid(value));
}
