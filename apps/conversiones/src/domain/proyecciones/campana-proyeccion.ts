import { estadoEn, type CambioEstado } from './estado-en';

/** States of a campaign as published by `marketing-comisiones` (DESIGN.md §5, flow 2). */
export type EstadoCampana = 'BORRADOR' | 'ACTIVA' | 'PAUSADA' | 'FINALIZADA';

export const VENTANA_ATRIBUCION_DIAS_POR_DEFECTO = 30;

/** This service's local view of a campaign, built from `marketing.eventos`: only what tracking needs. */
export interface CampanaProyeccion {
  readonly id: string;
  /** The latest state (what the HTTP checks of new impressions and clicks use). */
  readonly estado: EstadoCampana;
  /** Every state change, oldest first (the processor's view; the in-memory view of the HTTP checks omits it). */
  readonly cambios?: readonly CambioEstado<EstadoCampana>[];
  /** ISO 4217; conversions in another currency are refused (no conversion between currencies). */
  readonly moneda: string;
  readonly ventanaAtribucionDias: number;
  /** Epoch milliseconds, or null when open. */
  readonly fechaInicio: number | null;
  readonly fechaFin: number | null;
  /** Affiliates currently assigned. */
  readonly afiliados: ReadonlySet<string>;
}

const DIA_MS = 86_400_000;

export function ventanaAtribucionMs(campana: Pick<CampanaProyeccion, 'ventanaAtribucionDias'>): number {
  return campana.ventanaAtribucionDias * DIA_MS;
}

/** Whether `at` (epoch ms) falls inside the campaign's dates (bounds included; a missing bound is open). */
export function campanaVigenteEn(campana: Pick<CampanaProyeccion, 'fechaInicio' | 'fechaFin'>, at: number): boolean {
  if (campana.fechaInicio !== null && at < campana.fechaInicio) return false;
  if (campana.fechaFin !== null && at > campana.fechaFin) return false;
  return true;
}

/** The campaign's state at `at` (epoch ms): a conversion is judged by the state at its own time. */
export function estadoCampanaEn(campana: Pick<CampanaProyeccion, 'estado' | 'cambios'>, at: number): EstadoCampana {
  return estadoEn(campana.estado, campana.cambios, at, 'BORRADOR');
}
