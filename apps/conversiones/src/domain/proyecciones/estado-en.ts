/** A state change of a projected affiliate or campaign, at the time it happened in its own service (epoch ms). */
export interface CambioEstado<E extends string> {
  readonly desde: number;
  readonly estado: E;
}

/**
 * The state at `at`: that of the last change at or before it (`cambios` in the order they happened). Before the
 * first change the thing did not exist yet, which is `antes` (PENDIENTE / BORRADOR: not active). Without a history
 * (a view that does not carry it) the current state is all there is.
 */
export function estadoEn<E extends string>(actual: E, cambios: readonly CambioEstado<E>[] | undefined, at: number, antes: E): E {
  if (!cambios || cambios.length === 0) return actual;
  let estado = antes;
  for (const cambio of cambios) {
    if (cambio.desde > at) break;
    estado = cambio.estado;
  }
  return estado;
}
