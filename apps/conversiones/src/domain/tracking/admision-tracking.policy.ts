import type { AfiliadoProyeccion } from '../proyecciones/afiliado-proyeccion';
import { campanaVigenteEn, type CampanaProyeccion } from '../proyecciones/campana-proyeccion';
import {
  AfiliadoDesconocidoError,
  AfiliadoInactivoError,
  AfiliadoNoAsignadoError,
  CampanaDesconocidaError,
  CampanaFueraDeVigenciaError,
  CampanaInactivaError,
} from './tracking.errors';

/**
 * Whether an impression or a click for (campaign, affiliate) at `at` may be recorded, decided on the local
 * projections. Throws the first rule that fails, in this order: unknown campaign, unknown affiliate (404), campaign
 * not ACTIVA, campaign outside its dates, affiliate not ACTIVO, affiliate not assigned (422).
 */
export function verificarAdmisionTracking(
  campanaId: string,
  afiliadoId: string,
  campana: CampanaProyeccion | undefined,
  afiliado: AfiliadoProyeccion | undefined,
  at: number,
): void {
  if (!campana) throw new CampanaDesconocidaError(campanaId);
  if (!afiliado) throw new AfiliadoDesconocidoError(afiliadoId);
  if (campana.estado !== 'ACTIVA') throw new CampanaInactivaError(campanaId, campana.estado);
  if (!campanaVigenteEn(campana, at)) throw new CampanaFueraDeVigenciaError(campanaId, at);
  if (afiliado.estado !== 'ACTIVO') throw new AfiliadoInactivoError(afiliadoId, afiliado.estado);
  if (!campana.afiliados.has(afiliadoId)) throw new AfiliadoNoAsignadoError(afiliadoId, campanaId);
}
