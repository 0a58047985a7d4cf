import { AfiliadoNoEncontradoError, ModificacionConcurrenteError } from '../../domain/afiliado/afiliado.errors';
import type { Afiliado } from '../../domain/afiliado/afiliado.aggregate';
import type { AfiliadoRepository, ContextoCambio } from '../../domain/afiliado/afiliado.repository.port';

/** Attempts of load → change → save when another request changed the afiliado in between. */
export const MAX_INTENTOS_CONCURRENCIA = 3;

/**
 * Loads the afiliado, applies `cambio` and saves it with its events and audit record. A version conflict (another
 * request saved first) reruns the whole cycle on fresh state, so the transition rules judge the latest state; after
 * MAX_INTENTOS_CONCURRENCIA conflicts the `ModificacionConcurrenteError` (409) goes to the caller.
 */
export async function modificarAfiliado(
  repository: AfiliadoRepository,
  id: string,
  contexto: (afiliado: Afiliado) => ContextoCambio,
  cambio: (afiliado: Afiliado) => void,
): Promise<Afiliado> {
  for (let intento = 1; ; intento++) {
    const afiliado = await repository.findById(id);
    if (!afiliado) throw new AfiliadoNoEncontradoError(id);
    cambio(afiliado);
    try {
      await repository.save(afiliado, contexto(afiliado));
      return afiliado;
    } catch (error) {
      if (!(error instanceof ModificacionConcurrenteError) || intento >= MAX_INTENTOS_CONCURRENCIA) throw error;
    }
  }
}
