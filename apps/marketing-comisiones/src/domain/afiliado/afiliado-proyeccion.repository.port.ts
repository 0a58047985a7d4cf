import type { Transaccion } from '../shared/transaccion';
import type { AfiliadoProyeccion } from './afiliado-proyeccion';

export const AFILIADOS_PROYECCION_REPOSITORY = Symbol('AfiliadosProyeccionRepository');

export interface AfiliadosProyeccionRepository {
  findById(id: string, tx?: Transaccion): Promise<AfiliadoProyeccion | null>;
  findMany(ids: readonly string[], tx?: Transaccion): Promise<Map<string, AfiliadoProyeccion>>;
  /** Insert or replace the row. */
  guardar(tx: Transaccion, afiliado: AfiliadoProyeccion): Promise<void>;
}
