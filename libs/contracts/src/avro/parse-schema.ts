import { Schema, Type } from 'avsc';
import { DecimalType } from './decimal';

/**
 * Every schema of this library is parsed here, so the `decimal` logical type is always mapped to `DecimalType`.
 * `timestamp-millis` is deliberately NOT mapped: it stays a plain `long` (epoch milliseconds as a JS number), which is
 * what every consumer stores and compares. Unions are only ever `["null", T]`, which avsc reads as `T | null`.
 * `assertLogicalTypes`: an invalid decimal declaration (no precision, scale > precision, …) is an error here instead of
 * the spec's silent fallback to plain bytes.
 */
export function parseSchema(schema: Schema): Type {
  return Type.forSchema(schema, { logicalTypes: { decimal: DecimalType }, wrapUnions: 'auto', assertLogicalTypes: true });
}
