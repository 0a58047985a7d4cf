import { registerDecorator, type ValidationOptions } from 'class-validator';

/**
 * The ISO 8601 forms `new Date()` reads as written (ECMAScript's date-time string format): `YYYY`, `YYYY-MM`,
 * `YYYY-MM-DD`, optionally `THH:mm[:ss[.fff]]` and `Z` / `±HH:mm`. Other ISO 8601 forms (`2024-W01`, `20240101`,
 * `2024-001`, a signed year) are either unreadable or silently read as another date by V8 (`-2024-01-01` → 2024).
 */
const FORMATO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))?)?)?)?$/i;
const MINIMO = Date.parse('0000-01-01T00:00:00.000Z');
const MAXIMO = Date.parse('9999-12-31T23:59:59.999Z');

const bisiesto = (anio: number) => (anio % 4 === 0 && anio % 100 !== 0) || anio % 400 === 0;
const DIAS_POR_MES = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A query-string date → the instant it names, or null when it is not one: the format above, calendar fields that exist
 * as written (`new Date` rolls 2023-02-29 over to March 1st), and an instant within 0000-01-01 … 9999-12-31 UTC
 * once the offset is applied.
 */
export function fechaDeConsulta(texto: string): Date | null {
  const m = FORMATO.exec(texto);
  if (!m) return null;
  const [, a, mes = '01', dia = '01', hora = '00', minuto = '00', segundo = '00', , horaZona = '00', minutoZona = '00'] = m;
  const anio = Number(a);
  const nMes = Number(mes);
  const nDia = Number(dia);
  if (nMes < 1 || nMes > 12) return null;
  const diasDelMes = nMes === 2 && bisiesto(anio) ? 29 : DIAS_POR_MES[nMes - 1];
  if (nDia < 1 || nDia > diasDelMes) return null;
  if (Number(hora) > 23 || Number(minuto) > 59 || Number(segundo) > 59 || Number(horaZona) > 23 || Number(minutoZona) > 59) return null;
  const fecha = new Date(texto);
  const ms = fecha.getTime();
  return Number.isFinite(ms) && ms >= MINIMO && ms <= MAXIMO ? fecha : null;
}

/** A date filter of the query string that `fechaDeConsulta` reads (400 naming the field otherwise). */
export function IsFechaConsulta(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isFechaConsulta',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: '$property must be an ISO 8601 date or date-time (YYYY-MM-DD[THH:mm[:ss[.sss]]][Z|±HH:mm]) between years 0000 and 9999',
        ...options,
      },
      validator: { validate: (value: unknown) => typeof value === 'string' && fechaDeConsulta(value) !== null },
    });
}
