import { AggregateRoot } from '@alpes/seedwork';
import type { ConjuntoTablas } from './conjunto-tablas';
import { ReconstruccionEnCursoError } from './reconstruccion.errors';

export type EstadoReconstruccion = 'EN_CURSO' | 'COMPLETADA' | 'FALLIDA';

/**
 * PREPARANDO: the target set is emptied. REPRODUCIENDO: every topic is read from its earliest message into the target
 * set while the live consumers keep the active set up to date. CONMUTANDO: the target set has caught up; the live
 * consumers are held for a moment while the target becomes the active set. Then COMPLETADA (or FALLIDA, the active
 * set untouched).
 */
export type FaseReconstruccion = 'PREPARANDO' | 'REPRODUCIENDO' | 'CONMUTANDO' | 'COMPLETADA' | 'FALLIDA';

/** A rebuild whose runner has not reported for this long is taken as abandoned (its process died). */
export const LATIDO_ABANDONO_MS = 120_000;

export interface ReconstruccionProps {
  estado: EstadoReconstruccion;
  fase: FaseReconstruccion;
  /** The set being rebuilt (and active once completed). */
  destino: ConjuntoTablas;
  /** The active set when it was requested. */
  origen: ConjuntoTablas;
  /** Process running it (host:pid). */
  instancia: string;
  solicitadaEn: Date;
  latidoEn: Date;
  terminadaEn: Date | null;
  eventosAplicados: number;
  eventosOmitidos: number;
  error: string | null;
}

/** One request to rebuild every projection from the earliest retained message. */
export class Reconstruccion extends AggregateRoot<ReconstruccionProps> {
  private constructor(id: string, props: ReconstruccionProps, version = 0) {
    super({ id, props, version });
  }

  static restaurar(id: string, props: ReconstruccionProps, version: number): Reconstruccion {
    return new Reconstruccion(id, props, version);
  }

  /**
   * A new rebuild into the set that is not active. Only one runs at a time: another one still EN_CURSO is a
   * conflict, unless its runner stopped reporting (its process died), in which case it is marked FALLIDA and
   * replaced.
   */
  static solicitar(input: {
    id: string;
    activo: ConjuntoTablas;
    enCurso: Reconstruccion | null;
    instancia: string;
    ahora: Date;
  }): { nueva: Reconstruccion; abandonada: Reconstruccion | null } {
    let abandonada: Reconstruccion | null = null;
    if (input.enCurso && input.enCurso.estado === 'EN_CURSO') {
      if (!input.enCurso.abandonada(input.ahora)) throw new ReconstruccionEnCursoError(input.enCurso.id);
      input.enCurso.fallar('abandonada: su proceso dejó de informar', input.ahora);
      abandonada = input.enCurso;
    }
    const nueva = new Reconstruccion(input.id, {
      estado: 'EN_CURSO',
      fase: 'PREPARANDO',
      destino: input.activo === 'a' ? 'b' : 'a',
      origen: input.activo,
      instancia: input.instancia,
      solicitadaEn: input.ahora,
      latidoEn: input.ahora,
      terminadaEn: null,
      eventosAplicados: 0,
      eventosOmitidos: 0,
      error: null,
    });
    return { nueva, abandonada };
  }

  get estado(): EstadoReconstruccion {
    return this.props.estado;
  }

  get fase(): FaseReconstruccion {
    return this.props.fase;
  }

  get destino(): ConjuntoTablas {
    return this.props.destino;
  }

  get solicitadaEn(): Date {
    return this.props.solicitadaEn;
  }

  abandonada(ahora: Date): boolean {
    return this.props.estado === 'EN_CURSO' && ahora.getTime() - this.props.latidoEn.getTime() > LATIDO_ABANDONO_MS;
  }

  reproduciendo(ahora: Date): void {
    this.enCurso();
    this.props.fase = 'REPRODUCIENDO';
    this.props.latidoEn = ahora;
  }

  progreso(aplicados: number, omitidos: number, ahora: Date): void {
    this.enCurso();
    this.props.eventosAplicados = aplicados;
    this.props.eventosOmitidos = omitidos;
    this.props.latidoEn = ahora;
  }

  conmutando(ahora: Date): void {
    this.enCurso();
    this.props.fase = 'CONMUTANDO';
    this.props.latidoEn = ahora;
  }

  /** `aplicados`: the final count of events replayed into the set, when the caller knows it exactly. */
  completar(ahora: Date, aplicados?: number): void {
    this.enCurso();
    if (aplicados !== undefined) this.props.eventosAplicados = aplicados;
    this.props.estado = 'COMPLETADA';
    this.props.fase = 'COMPLETADA';
    this.props.terminadaEn = ahora;
    this.props.latidoEn = ahora;
  }

  fallar(motivo: string, ahora: Date): void {
    if (this.props.estado !== 'EN_CURSO') return;
    this.props.estado = 'FALLIDA';
    this.props.fase = 'FALLIDA';
    this.props.error = motivo.slice(0, 1000);
    this.props.terminadaEn = ahora;
    this.props.latidoEn = ahora;
  }

  private enCurso(): void {
    if (this.props.estado !== 'EN_CURSO') {
      throw new Error(`Rebuild ${this.id} is ${this.props.estado}; it cannot change any more`);
    }
  }
}
