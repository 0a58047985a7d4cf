import type { EntityManager } from 'typeorm';
import { esConjunto, type ConjuntoTablas } from '../../domain/reconstruccion/conjunto-tablas';
import { TABLA_CONTROL } from './tablas';

export type ModoLecturaControl = 'sin_bloqueo' | 'compartido' | 'exclusivo';

const SUFIJO: Record<ModoLecturaControl, string> = {
  sin_bloqueo: '',
  // Live batches: many at once, but never while a switch holds the row exclusively.
  compartido: ' LOCK IN SHARE MODE',
  exclusivo: ' FOR UPDATE',
};

/** The active set, read from the single control row (id 1). */
export async function leerConjuntoActivo(manager: Pick<EntityManager, 'query'>, modo: ModoLecturaControl): Promise<ConjuntoTablas> {
  const rows = (await manager.query(`SELECT conjunto_activo FROM \`${TABLA_CONTROL}\` WHERE id = 1${SUFIJO[modo]}`)) as { conjunto_activo: string }[];
  const activo = rows[0]?.conjunto_activo;
  if (!esConjunto(activo)) throw new Error(`${TABLA_CONTROL} has no valid active set (${JSON.stringify(activo)}); were the migrations run?`);
  return activo;
}
