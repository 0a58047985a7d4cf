import type { RegistroEvento } from '../evento-log/registro-evento';
import type { ConteoBucket, ConteoTipo } from './metricas';

export const LECTURAS_METRICAS = Symbol('LECTURAS_METRICAS');

/** Aggregates of the event log over [desde, hasta] (SQL aggregates; nothing is loaded row by row). */
export interface LecturasMetricas {
  mezcla(desde: Date, hasta: Date): Promise<ConteoTipo[]>;
  porBucket(desde: Date, hasta: Date, bucketSegundos: number): Promise<ConteoBucket[]>;
  /** Sales with a value, per currency: count and exact sum (decimal text). */
  ventasPorMoneda(desde: Date, hasta: Date): Promise<{ moneda: string; n: number; total: string }[]>;
  /** The sale value at 1-based position `rango` in ascending order, among the sales of `moneda` in the window. */
  valorEnRango(moneda: string, desde: Date, hasta: Date, rango: number): Promise<string | null>;
  /** Messages of the JSON topics sent to the DLQ, all time, per source topic and reason. */
  rechazosExternos(): Promise<{ sourceTopic: string; motivo: string; n: number }[]>;
}

export interface FiltroEventos {
  /** Exact event type or a category (`conversion` matches ConversionValidada rows and the JSON conversions alike). */
  readonly eventType?: string;
  readonly userId?: string;
  readonly campaignId?: string;
  readonly affiliateId?: string;
  readonly sourceTopic?: string;
}

export const EVENTOS_REPOSITORY = Symbol('EVENTOS_REPOSITORY');

export interface EventosRepository {
  /** Newest first (`occurred_at` desc, then `received_at` desc); `total` counts every row matching the filter. */
  listar(filtro: FiltroEventos, limite: number): Promise<{ items: RegistroEvento[]; total: number }>;
}
