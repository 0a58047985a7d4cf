import type { PageRequest, Paginated } from '@alpes/seedwork';
import type { Alerta, EstadoAlerta } from './alerta.aggregate';
import type { IdRegla, ReglaAlerta } from './regla-alerta';

export const ALERTA_REPOSITORY = Symbol('ALERTA_REPOSITORY');

export interface AlertaRepository {
  activa(regla: IdRegla): Promise<Alerta | null>;
  /**
   * Writes a new ACTIVA alert and its events (outbox) in one transaction. `false` when the rule already has an
   * ACTIVA alert (another replica fired first): then nothing is written, so one breach publishes one event.
   */
  guardarNueva(alerta: Alerta): Promise<boolean>;
  /** Writes ACTIVA → RESUELTA; `false` when it was not ACTIVA any more (another replica resolved it). */
  guardarResolucion(alerta: Alerta): Promise<boolean>;
  /** Newest first (`disparada_en` desc). */
  listar(filtro: { estado?: EstadoAlerta }, pagina: PageRequest): Promise<Paginated<Alerta>>;
}

export const REGLAS_REPOSITORY = Symbol('REGLAS_REPOSITORY');

/** Who changed a rule (kept in the audit record). */
export interface ContextoCambioRegla {
  readonly actor: string;
  readonly correlationId: string;
}

export interface ReglasRepository {
  /** Every rule: the stored configuration, else the defaults of the environment. */
  todas(): Promise<ReglaAlerta[]>;
  obtener(id: IdRegla): Promise<ReglaAlerta>;
  /** Stores the configuration with one `AccionRegistrada` (outbox), in one transaction. */
  guardar(regla: ReglaAlerta, contexto: ContextoCambioRegla): Promise<void>;
}
