import { Decimal } from 'decimal.js';
import type { Categoria } from '../evento-log/registro-evento';
import type { Ventana } from './periodo';

/** Rows of the log in a window, grouped by event type and category. */
export interface ConteoTipo {
  readonly eventType: string;
  readonly categoria: Categoria;
  readonly n: number;
}

/** Rows of the log per bucket (index from the window's start) and category. */
export interface ConteoBucket {
  readonly bucket: number;
  readonly categoria: Categoria;
  readonly n: number;
}

export interface Totales {
  readonly impresiones: number;
  readonly clicks: number;
  /** Conversions of every kind: a sale is a conversion too. */
  readonly conversiones: number;
  readonly ventas: number;
  readonly conversionesRechazadas: number;
  readonly conversionesRevertidas: number;
  readonly tasaConversion: number;
}

export interface PuntoSerie {
  readonly inicio: Date;
  readonly impresiones: number;
  readonly clicks: number;
  readonly conversiones: number;
  readonly ventas: number;
  readonly tasaConversion: number;
}

export const TIPO_CONVERSION_RECHAZADA = 'ConversionRechazada';
export const TIPO_CONVERSION_REVERTIDA = 'ConversionRevertida';

/** conversions / clicks × 100, rounded once to 2 decimals (half up); 0 when there are no clicks. */
export function tasaConversion(conversiones: number, clicks: number): number {
  if (clicks <= 0) return 0;
  return new Decimal(conversiones).times(100).dividedBy(clicks).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toNumber();
}

function contar(categorias: ReadonlyMap<Categoria, number>) {
  const n = (c: Categoria) => categorias.get(c) ?? 0;
  const clicks = n('click');
  const conversiones = n('conversion') + n('sale');
  return { impresiones: n('impression'), clicks, conversiones, ventas: n('sale'), tasaConversion: tasaConversion(conversiones, clicks) };
}

/** The counting rules of the contract over the event mix of a window. */
export function totalesDe(mezcla: readonly ConteoTipo[]): Totales {
  const categorias = new Map<Categoria, number>();
  let rechazadas = 0;
  let revertidas = 0;
  for (const fila of mezcla) {
    categorias.set(fila.categoria, (categorias.get(fila.categoria) ?? 0) + fila.n);
    if (fila.eventType === TIPO_CONVERSION_RECHAZADA) rechazadas += fila.n;
    if (fila.eventType === TIPO_CONVERSION_REVERTIDA) revertidas += fila.n;
  }
  return { ...contar(categorias), conversionesRechazadas: rechazadas, conversionesRevertidas: revertidas };
}

/** Every event type of the window with its count, most frequent first (a type seen in two categories counts once). */
export function mezclaPorTipo(mezcla: readonly ConteoTipo[]): { eventType: string; n: number }[] {
  const porTipo = new Map<string, number>();
  for (const fila of mezcla) porTipo.set(fila.eventType, (porTipo.get(fila.eventType) ?? 0) + fila.n);
  return [...porTipo]
    .map(([eventType, n]) => ({ eventType, n }))
    .sort((a, b) => b.n - a.n || (a.eventType < b.eventType ? -1 : a.eventType > b.eventType ? 1 : 0));
}

/** The window's `puntos` buckets in order, zeros where nothing happened. Counts outside the window are dropped. */
export function serieDe(ventana: Ventana, conteos: readonly ConteoBucket[]): PuntoSerie[] {
  const porBucket = Array.from({ length: ventana.puntos }, () => new Map<Categoria, number>());
  for (const c of conteos) {
    const mapa = porBucket[c.bucket];
    if (!mapa) continue;
    mapa.set(c.categoria, (mapa.get(c.categoria) ?? 0) + c.n);
  }
  const bucketMs = ventana.bucketSegundos * 1000;
  return porBucket.map((mapa, i) => {
    const { impresiones, clicks, conversiones, ventas, tasaConversion: tasa } = contar(mapa);
    return { inicio: new Date(ventana.desde.getTime() + i * bucketMs), impresiones, clicks, conversiones, ventas, tasaConversion: tasa };
  });
}

export const PERCENTILES = [50, 95, 99] as const;
export type Percentil = (typeof PERCENTILES)[number];

/**
 * Nearest-rank percentile: the 1-based position, in ascending order, of the value that is the `p`-th percentile of
 * `n` values (⌈p/100 × n⌉, at least 1). `null` for no values.
 */
export function rangoPercentil(p: number, n: number): number | null {
  if (!Number.isInteger(n) || n <= 0) return null;
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} outside (0, 100]`);
  return Math.max(1, Math.ceil(new Decimal(p).times(n).dividedBy(100).toNumber()));
}

/** Sale values of one currency in a window: count, exact sum and nearest-rank percentiles (decimal texts). */
export interface ValorVentas {
  readonly moneda: string;
  readonly n: number;
  readonly total: string;
  readonly percentiles: Readonly<Record<Percentil, string | null>>;
}
