import type { AfiliadoProyeccion, EstadoAfiliado } from '../../domain/proyecciones/afiliado-proyeccion';
import type { CampanaProyeccion, EstadoCampana } from '../../domain/proyecciones/campana-proyeccion';
import type { TransaccionAbierta } from './transaccion';

/**
 * The in-memory view of the projections the HTTP layer checks every tracking request against (no database round
 * trip). Kept current by the projection handlers and by a periodic refresh from the tables (other replicas).
 */
export interface ProyeccionesLectura {
  campana(id: string): CampanaProyeccion | undefined;
  afiliado(id: string): AfiliadoProyeccion | undefined;
}

/** What the projection handlers tell the in-memory view after writing a projection row. */
export interface ProyeccionesCache extends ProyeccionesLectura {
  ponerCampana(campana: CampanaProyeccion): void;
  ponerAfiliado(afiliado: AfiliadoProyeccion): void;
}

export interface DatosCampanaCreada {
  id: string;
  moneda: string;
  ventanaAtribucionDias: number;
  fechaInicio: number | null;
  fechaFin: number | null;
  afiliados: readonly string[];
  /** When it was created in marketing (epoch ms): its BORRADOR state starts then. */
  desde: number;
}

/** The projection tables, through one transaction (the inbox transaction of the event being applied). */
export interface ProyeccionesStore {
  campana(id: string): Promise<CampanaProyeccion | null>;
  afiliado(id: string): Promise<AfiliadoProyeccion | null>;
  /** Creates the affiliate, or sets its state when it exists; `desde` (epoch ms) is when that happened in afiliados. */
  guardarAfiliado(id: string, estado: EstadoAfiliado, desde: number): Promise<void>;
  /** Creates the campaign in BORRADOR with its initial affiliates; an existing one keeps its state and assignments. */
  crearCampana(datos: DatosCampanaCreada): Promise<void>;
  /** False when the campaign is unknown; `desde` (epoch ms) is when the change happened in marketing. */
  cambiarEstadoCampana(id: string, estado: EstadoCampana, desde: number): Promise<boolean>;
  /** False when the campaign is unknown. */
  asignarAfiliado(campanaId: string, afiliadoId: string): Promise<boolean>;
  /** False when the campaign is unknown. */
  retirarAfiliado(campanaId: string, afiliadoId: string): Promise<boolean>;
}

export interface ProyeccionesStoreFactory {
  en(tx: TransaccionAbierta): ProyeccionesStore;
}

export const PROYECCIONES_LECTURA = Symbol('PROYECCIONES_LECTURA');
export const PROYECCIONES_CACHE = Symbol('PROYECCIONES_CACHE');
export const PROYECCIONES_STORE = Symbol('PROYECCIONES_STORE');
