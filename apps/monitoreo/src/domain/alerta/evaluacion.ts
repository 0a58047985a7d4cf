import { tasaConversion } from '../metricas/metricas';
import type { ReglaAlerta } from './regla-alerta';

/** Clicks and conversions of the rule's period, and their rate (percent, 2 decimals). */
export interface Medicion {
  readonly clicks: number;
  readonly conversiones: number;
  readonly tasa: number;
}

export function medicion(clicks: number, conversiones: number): Medicion {
  return { clicks, conversiones, tasa: tasaConversion(conversiones, clicks) };
}

export type Decision =
  | { readonly accion: 'disparar' }
  | { readonly accion: 'resolver'; readonly motivo: 'RECUPERADA' | 'REGLA_INACTIVA' }
  | { readonly accion: 'ninguna'; readonly motivo: 'SIN_DATOS_SUFICIENTES' | 'SIN_INCUMPLIMIENTO' | 'YA_ACTIVA' | 'REGLA_INACTIVA' };

/**
 * The alert state machine of one rule, per evaluation: under the threshold with enough clicks fires (once: while an
 * alert is ACTIVA nothing more fires); at or above it resolves the active alert. Too few clicks changes nothing
 * either way (no judgement on too little data). Switching the rule off resolves its active alert.
 */
export function decidir(regla: ReglaAlerta, m: Medicion, hayActiva: boolean): Decision {
  if (!regla.activa) return hayActiva ? { accion: 'resolver', motivo: 'REGLA_INACTIVA' } : { accion: 'ninguna', motivo: 'REGLA_INACTIVA' };
  if (m.clicks < regla.minimoClicks || m.clicks === 0) return { accion: 'ninguna', motivo: 'SIN_DATOS_SUFICIENTES' };
  if (m.tasa < regla.umbral) return hayActiva ? { accion: 'ninguna', motivo: 'YA_ACTIVA' } : { accion: 'disparar' };
  return hayActiva ? { accion: 'resolver', motivo: 'RECUPERADA' } : { accion: 'ninguna', motivo: 'SIN_INCUMPLIMIENTO' };
}
