import type { TransformFnParams } from 'class-transformer';

/** Trims strings and leaves anything else as is, so the validators still see (and refuse) wrong types. */
export const trimmed = ({ value }: TransformFnParams): unknown => (typeof value === 'string' ? value.trim() : value);

/** Trims and lower-cases strings (emails compare normalised); anything else unchanged. */
export const normalizedEmail = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;
