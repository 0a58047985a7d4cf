import { ValidationError } from '@alpes/seedwork';

export const PERIODOS = ['1h', '24h', '7d'] as const;
export type Periodo = (typeof PERIODOS)[number];

interface DefinicionPeriodo {
  readonly segundos: number;
  readonly bucketSegundos: number;
}

const DEFINICIONES: Readonly<Record<Periodo, DefinicionPeriodo>> = {
  '1h': { segundos: 3_600, bucketSegundos: 60 },
  '24h': { segundos: 86_400, bucketSegundos: 1_800 },
  '7d': { segundos: 604_800, bucketSegundos: 21_600 },
};

export function esPeriodo(valor: unknown): valor is Periodo {
  return typeof valor === 'string' && (PERIODOS as readonly string[]).includes(valor);
}

export function periodoDe(valor: unknown): Periodo {
  if (!esPeriodo(valor)) {
    throw new ValidationError('MONITOREO.PERIODO_INVALIDO', `period must be one of ${PERIODOS.join(', ')}`, { details: { period: valor }, field: 'period' });
  }
  return valor;
}

/**
 * The time window a period covers, cut in contiguous buckets aligned to the UTC epoch grid (so two answers a few
 * seconds apart share their bucket starts): `puntos` buckets, the last one holding `hasta` (now) and still filling.
 * `desde` is the start of the first bucket, so the window spans between `periodo − bucket` and `periodo`. Totals,
 * percentiles and the series all read [desde, hasta] (both ends included), so the series always adds up to the totals.
 */
export interface Ventana {
  readonly periodo: Periodo;
  readonly desde: Date;
  readonly hasta: Date;
  readonly bucketSegundos: number;
  readonly puntos: number;
}

export function ventanaDe(periodo: Periodo, ahora: Date): Ventana {
  const { segundos, bucketSegundos } = DEFINICIONES[periodo];
  const puntos = segundos / bucketSegundos;
  const bucketMs = bucketSegundos * 1000;
  const inicioUltimo = Math.floor(ahora.getTime() / bucketMs) * bucketMs;
  return {
    periodo,
    desde: new Date(inicioUltimo - (puntos - 1) * bucketMs),
    hasta: new Date(ahora.getTime()),
    bucketSegundos,
    puntos,
  };
}
