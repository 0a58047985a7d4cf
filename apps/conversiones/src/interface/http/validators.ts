import { isISO8601, registerDecorator, type ValidationOptions } from 'class-validator';
import { esMonedaIso4217 } from '../../domain/shared/moneda';

/** Ids this service creates (impressions, clicks, conversions): what a client may choose as `id`. */
export const ID_PROPIO = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/** Ids of other contexts (campaigns, affiliates). */
export const ID_EXTERNO = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** Earliest accepted event time (2000-01-01) and how far in the future a client clock may run ahead. */
const MIN_TIMESTAMP = Date.UTC(2000, 0, 1);
export const MAX_ADELANTO_MS = 5 * 60_000;

/** Epoch ms of a validated `timestamp` (ISO 8601 string or epoch-ms integer); undefined when absent. */
export function aMilisegundos(value: string | number | null | undefined): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' ? value : Date.parse(value);
}

/**
 * When the event happened: an ISO 8601 date-time with its offset (`2025-01-01T12:00:00Z`, `…-05:00`) or epoch
 * milliseconds, from 2000-01-01 to
 * five minutes from now (a clock slightly ahead is tolerated; the attribution window must not be gamed).
 */
export function IsTimestampTracking(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isTimestampTracking',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an ISO 8601 date-time or epoch milliseconds, from 2000-01-01 up to 5 minutes from now', ...options },
      validator: {
        validate(value: unknown): boolean {
          let ms: number;
          if (typeof value === 'number') {
            if (!Number.isSafeInteger(value)) return false;
            ms = value;
          } else if (typeof value === 'string') {
            // A date-time with its offset (Z or ±hh:mm): a time without a zone would mean something else on each server.
            if (value.length > 40 || !isISO8601(value, { strict: true, strictSeparator: true }) || !/T.*(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return false;
            ms = Date.parse(value);
          } else {
            return false;
          }
          return Number.isFinite(ms) && ms >= MIN_TIMESTAMP && ms <= Date.now() + MAX_ADELANTO_MS;
        },
      },
    });
}

/** An active ISO 4217 currency code (`COP`, `USD`, `EUR` …). */
export function IsMonedaIso4217(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isMonedaIso4217',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an ISO 4217 currency code (e.g. COP, USD, EUR)', ...options },
      validator: { validate: (value: unknown) => esMonedaIso4217(value) },
    });
}
