/** States of an affiliate as published by `afiliados` (DESIGN.md §5, flow 1). */
export type EstadoAfiliado = 'PENDIENTE' | 'ACTIVO' | 'SUSPENDIDO';

import { estadoEn, type CambioEstado } from './estado-en';

/** This service's local view of an affiliate, built from `afiliados.eventos`: only what tracking needs. */
export interface AfiliadoProyeccion {
  readonly id: string;
  /** The latest state (what the HTTP checks of new impressions and clicks use). */
  readonly estado: EstadoAfiliado;
  /** Every state change, oldest first (the processor's view; the in-memory view of the HTTP checks omits it). */
  readonly cambios?: readonly CambioEstado<EstadoAfiliado>[];
}

/** The affiliate's state at `at` (epoch ms): a conversion is judged by the state at its own time. */
export function estadoAfiliadoEn(afiliado: AfiliadoProyeccion, at: number): EstadoAfiliado {
  return estadoEn(afiliado.estado, afiliado.cambios, at, 'PENDIENTE');
}
