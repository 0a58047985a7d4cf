import type { PageRequest, Paginated } from '@alpes/seedwork';
import type { Ambito } from '../proyeccion/ambito';
import type { ConversionProyectada, EstadoConversion } from '../proyeccion/conversion-proyectada.entity';
import type { ImpresionProyectada } from '../proyeccion/registros';
import type { DatosEstadisticas } from './estadisticas.value-object';

export const LECTURAS_REPOSITORY = Symbol('LECTURAS_REPOSITORY');

/** Read side of the projections (always the active set of tables). */
export interface LecturasRepository {
  impresion(id: string): Promise<ImpresionProyectada | null>;
  conversion(id: string): Promise<ConversionProyectada | null>;
  /** Newest first (registrada_en, then id). */
  impresionesDe(ambito: Ambito, id: string, page: PageRequest): Promise<Paginated<ImpresionProyectada>>;
  /** Newest first; every state unless `estado` is given. */
  conversionesDe(ambito: Ambito, id: string, page: PageRequest, estado?: EstadoConversion): Promise<Paginated<ConversionProyectada>>;
  /** Whether any event ever mentioned this campaign/affiliate. */
  existe(ambito: Ambito, id: string): Promise<boolean>;
  /** null when no event ever mentioned this campaign/affiliate. */
  datosEstadisticas(ambito: Ambito, id: string): Promise<DatosEstadisticas | null>;
}
