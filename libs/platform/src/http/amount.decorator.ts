import { applyDecorators } from '@nestjs/common';
import { Max } from 'class-validator';
import { IsDecimalNumber } from './field.decorators';

/** Largest amount a DECIMAL(18,4) column holds, in currency units. */
export const MAX_AMOUNT = 99_999_999_999_999;

/**
 * An amount in a JSON body: a finite JSON number (not a string), at most 4 decimals and within DECIMAL(18,4).
 * Convert it with `Money.of(String(value), currency)`, which also refuses more decimals than the currency has.
 */
export function IsAmount(): PropertyDecorator {
  return applyDecorators(
    IsDecimalNumber(4),
    Max(MAX_AMOUNT),
  );
}
