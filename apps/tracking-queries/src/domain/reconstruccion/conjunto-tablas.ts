/**
 * The projections exist twice (tables suffixed `_a` and `_b`): the ACTIVE set is what queries read and live
 * consumers write; a rebuild fills the other one from the earliest message and then makes it the active one in a
 * single transaction (see the README, "Rebuild").
 */
export type ConjuntoTablas = 'a' | 'b';

export const CONJUNTOS: readonly ConjuntoTablas[] = ['a', 'b'];

export function otroConjunto(conjunto: ConjuntoTablas): ConjuntoTablas {
  return conjunto === 'a' ? 'b' : 'a';
}

export function esConjunto(value: unknown): value is ConjuntoTablas {
  return value === 'a' || value === 'b';
}
