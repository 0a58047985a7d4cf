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
  /**
   * Applies `cambio` to the rule as stored now (the environment's defaults when never stored) and stores the result
   * with one `AccionRegistrada` (outbox), in one transaction that holds the rule: concurrent changes apply one after
   * the other, none is lost. Returns the rule stored.
   */
  modificar(id: IdRegla, cambio: (actual: ReglaAlerta) => ReglaAlerta, contexto: ContextoCambioRegla): Promise<ReglaAlerta>;
}
