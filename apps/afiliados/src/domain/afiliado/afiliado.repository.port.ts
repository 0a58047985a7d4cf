import type { Paginated, PageRequest } from '@alpes/seedwork';
import type { Afiliado } from './afiliado.aggregate';
import type { EstadoAfiliado } from './value-objects/estado-afiliado';
import type { TipoAfiliado } from './value-objects/tipo-afiliado';

export const AFILIADO_REPOSITORY = Symbol('AFILIADO_REPOSITORY');

/** Names of the accepted commands, as recorded in the audit trail (`AccionRegistrada.accion`). */
export type AccionAfiliado =
  | 'REGISTRAR_AFILIADO'
  | 'ACTIVAR_AFILIADO'
  | 'SUSPENDER_AFILIADO'
  | 'REACTIVAR_AFILIADO'
  | 'ACTUALIZAR_CONFIGURACION_COMISIONES';

/** Who asked for a change and why: recorded with the change (audit trail, event correlation). */
export interface ContextoCambio {
  accion: AccionAfiliado;
  correlationId: string;
  actor: string;
  /** Short note for the audit record (never personal data). */
  detalle?: string;
}

export interface FiltroAfiliados {
  estado?: EstadoAfiliado;
  tipoAfiliado?: TipoAfiliado;
  /** Exact, normalised email. */
  email?: string;
  /** Case-insensitive substring of nombre or email. */
  texto?: string;
}

export interface AfiliadoRepository {
  findById(id: string): Promise<Afiliado | null>;
  findByEmail(email: string): Promise<Afiliado | null>;
  /** Newest first. */
  findMany(filtro: FiltroAfiliados, page: PageRequest): Promise<Paginated<Afiliado>>;
  /**
   * Inserts a new afiliado (version 0) or updates a stored one whose version still matches, together with its
   * pending events and one audit record, in one transaction. Throws `EmailDuplicadoError` when the email is taken,
   * `AfiliadoYaRegistradoError` when the id is (insert races), `ModificacionConcurrenteError` on a stale version.
   */
  save(afiliado: Afiliado, contexto: ContextoCambio): Promise<void>;
}
