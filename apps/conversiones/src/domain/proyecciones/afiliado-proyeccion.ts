/** States of an affiliate as published by `afiliados` (DESIGN.md §5, flow 1). */
export type EstadoAfiliado = 'PENDIENTE' | 'ACTIVO' | 'SUSPENDIDO';

/** This service's local view of an affiliate, built from `afiliados.eventos`: only what tracking needs. */
export interface AfiliadoProyeccion {
  readonly id: string;
  readonly estado: EstadoAfiliado;
}
