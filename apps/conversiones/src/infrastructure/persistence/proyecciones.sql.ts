import type { EntityManager } from 'typeorm';
import type { AfiliadoProyeccion, EstadoAfiliado } from '../../domain/proyecciones/afiliado-proyeccion';
import type { CampanaProyeccion, EstadoCampana } from '../../domain/proyecciones/campana-proyeccion';
import type { CambioEstado } from '../../domain/proyecciones/estado-en';

export interface FilaCampana {
  id: string;
  estado: string;
  moneda: string;
  ventana_atribucion_dias: number | string;
  fecha_inicio: number | string | null;
  fecha_fin: number | string | null;
  actualizado_en: number | string;
}

export interface FilaAfiliado {
  id: string;
  estado: string;
  actualizado_en: number | string;
}

export const COLUMNAS_CAMPANA = 'id, estado, moneda, ventana_atribucion_dias, fecha_inicio, fecha_fin, actualizado_en';

export function campanaDeFila(f: FilaCampana, afiliados: Iterable<string>): CampanaProyeccion {
  return {
    id: f.id,
    estado: f.estado as EstadoCampana,
    moneda: f.moneda,
    ventanaAtribucionDias: Number(f.ventana_atribucion_dias),
    fechaInicio: f.fecha_inicio === null ? null : Number(f.fecha_inicio),
    fechaFin: f.fecha_fin === null ? null : Number(f.fecha_fin),
    afiliados: new Set(afiliados),
  };
}

export function afiliadoDeFila(f: FilaAfiliado): AfiliadoProyeccion {
  return { id: f.id, estado: f.estado as EstadoAfiliado };
}

/** Assigned affiliates of the given campaigns. */
export async function afiliadosDe(manager: Pick<EntityManager, 'query'>, campanaIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (campanaIds.length === 0) return out;
  const filas: { campana_id: string; afiliado_id: string }[] = await manager.query(
    `SELECT campana_id, afiliado_id FROM campana_afiliados WHERE campana_id IN (${campanaIds.map(() => '?').join(', ')})`,
    [...campanaIds],
  );
  for (const f of filas) out.set(f.campana_id, [...(out.get(f.campana_id) ?? []), f.afiliado_id]);
  return out;
}

/** State changes in the order they happened (arrival order breaks ties: events of one id arrive in order). */
async function cambiosDe<E extends string>(manager: Pick<EntityManager, 'query'>, tabla: string, columna: string, id: string): Promise<CambioEstado<E>[]> {
  const filas: { desde: string | number; estado: string }[] = await manager.query(
    `SELECT desde, estado FROM ${tabla} WHERE ${columna} = ? ORDER BY desde, orden`,
    [id],
  );
  return filas.map((f) => ({ desde: Number(f.desde), estado: f.estado as E }));
}

/** The campaign with its state history (what the processor judges a conversion's time against). */
export async function leerCampana(manager: Pick<EntityManager, 'query'>, id: string): Promise<CampanaProyeccion | null> {
  const filas: FilaCampana[] = await manager.query(`SELECT ${COLUMNAS_CAMPANA} FROM campanas_proyeccion WHERE id = ?`, [id]);
  if (filas.length === 0) return null;
  const afiliados = await afiliadosDe(manager, [id]);
  const cambios = await cambiosDe<EstadoCampana>(manager, 'campanas_estados', 'campana_id', id);
  return { ...campanaDeFila(filas[0], afiliados.get(id) ?? []), cambios };
}

/** The affiliate with its state history. */
export async function leerAfiliado(manager: Pick<EntityManager, 'query'>, id: string): Promise<AfiliadoProyeccion | null> {
  const filas: FilaAfiliado[] = await manager.query('SELECT id, estado, actualizado_en FROM afiliados_proyeccion WHERE id = ?', [id]);
  if (filas.length === 0) return null;
  const cambios = await cambiosDe<EstadoAfiliado>(manager, 'afiliados_estados', 'afiliado_id', id);
  return { ...afiliadoDeFila(filas[0]), cambios };
}
