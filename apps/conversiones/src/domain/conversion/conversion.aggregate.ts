import { AggregateRoot, Money } from '@alpes/seedwork';
import type { MetaEvento } from '../tracking/impresion.aggregate';
import { TransicionConversionInvalidaError } from './conversion.errors';
import {
  ConversionRechazada,
  ConversionRegistrada,
  ConversionRevertida,
  ConversionValidada,
  type ConversionEvent,
} from './events/conversion.events';
import type { EstadoConversion } from './value-objects/estado-conversion';
import type { MotivoRechazo } from './value-objects/motivo-rechazo';
import type { TipoConversion } from './value-objects/tipo-conversion';

export interface DatosRegistroConversion {
  id: string;
  clickId: string | null;
  afiliadoId: string | null;
  campanaId: string | null;
  tipoConversion: TipoConversion;
  valor: Money;
  referenciaExterna: string | null;
  usuarioId: string | null;
  /** When the conversion happened (epoch ms); the attribution window is measured up to it. */
  timestamp: number;
}

/** Who gets the conversion: the affiliate and campaign it counts for, and the click that won (if any). */
export interface Atribucion {
  afiliadoId: string;
  campanaId: string;
  clickId: string | null;
}

export interface EntradaHistorial {
  evento: ConversionEvent['eventType'];
  /** State right after the event. */
  estado: EstadoConversion;
  at: Date;
  /** Rejection code or revert reason. */
  motivo: string | null;
}

interface ConversionState {
  estado: EstadoConversion;
  clickId: string | null;
  afiliadoId: string | null;
  campanaId: string | null;
  tipoConversion: TipoConversion;
  valor: Money;
  referenciaExterna: string | null;
  usuarioId: string | null;
  timestamp: number;
  motivoRechazo: string | null;
  detalleRechazo: string | null;
  motivoReversion: string | null;
  historial: EntradaHistorial[];
}

/**
 * An event-sourced conversion. Its state is only ever the fold of its events (`ConversionRegistrada` first):
 * `REGISTRADA → VALIDADA | RECHAZADA`, `VALIDADA → REVERTIDA`. Behaviour methods check the transition, then record
 * and apply the event; `desdeHistorial` rebuilds the state from stored events (its version is their count).
 */
export class Conversion extends AggregateRoot<ConversionState> {
  static registrar(datos: DatosRegistroConversion, meta: MetaEvento = {}): Conversion {
    const evento = new ConversionRegistrada({
      aggregateId: datos.id,
      payload: {
        id: datos.id,
        click_id: datos.clickId,
        afiliado_id: datos.afiliadoId,
        campana_id: datos.campanaId,
        tipo_conversion: datos.tipoConversion,
        valor: datos.valor.toFixed(),
        moneda: datos.valor.currency,
        referencia_externa: datos.referenciaExterna,
        usuario_id: datos.usuarioId,
        timestamp: datos.timestamp,
      },
      ...meta,
    });
    const conversion = new Conversion({ id: datos.id, props: estadoInicial(evento) });
    conversion.addEvent(evento);
    return conversion;
  }

  /** Rebuilds a conversion from its stored events, oldest first. Throws on a stream that breaks the lifecycle. */
  static desdeHistorial(id: string, eventos: readonly ConversionEvent[]): Conversion {
    const [primero, ...resto] = eventos;
    if (!(primero instanceof ConversionRegistrada)) {
      throw new Error(`Conversion ${id}: the stream must start with ConversionRegistrada`);
    }
    let state = estadoInicial(primero);
    for (const evento of resto) state = aplicar(id, state, evento);
    return new Conversion({ id, props: state, version: eventos.length });
  }

  get estado(): EstadoConversion {
    return this.props.estado;
  }

  get clickId(): string | null {
    return this.props.clickId;
  }

  get afiliadoId(): string | null {
    return this.props.afiliadoId;
  }

  get campanaId(): string | null {
    return this.props.campanaId;
  }

  get tipoConversion(): TipoConversion {
    return this.props.tipoConversion;
  }

  get valor(): Money {
    return this.props.valor;
  }

  get referenciaExterna(): string | null {
    return this.props.referenciaExterna;
  }

  get usuarioId(): string | null {
    return this.props.usuarioId;
  }

  get timestamp(): number {
    return this.props.timestamp;
  }

  get motivoRechazo(): string | null {
    return this.props.motivoRechazo;
  }

  get detalleRechazo(): string | null {
    return this.props.detalleRechazo;
  }

  get motivoReversion(): string | null {
    return this.props.motivoReversion;
  }

  get historial(): readonly EntradaHistorial[] {
    return this.props.historial.map((e) => ({ ...e, at: new Date(e.at.getTime()) }));
  }

  /** The conversion counts for `atribucion`: `REGISTRADA → VALIDADA`. */
  validar(atribucion: Atribucion, meta: MetaEvento = {}): void {
    this.exigir('REGISTRADA', 'validar');
    this.registrarEvento(
      new ConversionValidada({
        aggregateId: this.id,
        payload: {
          conversion_id: this.id,
          afiliado_id: atribucion.afiliadoId,
          campana_id: atribucion.campanaId,
          click_id: atribucion.clickId,
          tipo_conversion: this.props.tipoConversion,
          valor: this.props.valor.toFixed(),
          moneda: this.props.valor.currency,
          usuario_id: this.props.usuarioId,
          timestamp: this.props.timestamp,
          referencia_externa: this.props.referenciaExterna,
        },
        ...meta,
      }),
    );
  }

  /** A rule refused the conversion: `REGISTRADA → RECHAZADA` with a stable `motivo` code. */
  rechazar(motivo: MotivoRechazo, detalle: string | null, atribucion: Partial<Atribucion> = {}, meta: MetaEvento = {}): void {
    this.exigir('REGISTRADA', 'rechazar');
    this.registrarEvento(
      new ConversionRechazada({
        aggregateId: this.id,
        payload: {
          conversion_id: this.id,
          motivo,
          detalle,
          afiliado_id: atribucion.afiliadoId ?? this.props.afiliadoId,
          campana_id: atribucion.campanaId ?? this.props.campanaId,
          click_id: atribucion.clickId ?? this.props.clickId,
          tipo_conversion: this.props.tipoConversion,
          valor: this.props.valor.toFixed(),
          moneda: this.props.valor.currency,
        },
        ...meta,
      }),
    );
  }

  /** Refund: `VALIDADA → REVERTIDA`. */
  revertir(motivo: string, meta: MetaEvento = {}): void {
    this.exigir('VALIDADA', 'revertir');
    this.registrarEvento(
      new ConversionRevertida({
        aggregateId: this.id,
        payload: {
          conversion_id: this.id,
          // VALIDADA implies both are set.
          afiliado_id: this.props.afiliadoId as string,
          campana_id: this.props.campanaId as string,
          motivo,
          valor: this.props.valor.toFixed(),
          moneda: this.props.valor.currency,
        },
        ...meta,
      }),
    );
  }

  /** Whether `accion` is allowed now (the HTTP layer answers 409 early with it). */
  puede(accion: 'validar' | 'rechazar' | 'revertir'): boolean {
    return this.props.estado === (accion === 'revertir' ? 'VALIDADA' : 'REGISTRADA');
  }

  private exigir(estado: EstadoConversion, accion: 'validar' | 'rechazar' | 'revertir'): void {
    if (this.props.estado !== estado) throw new TransicionConversionInvalidaError(this.id, this.props.estado, accion);
  }

  private registrarEvento(evento: ConversionEvent): void {
    Object.assign(this.props, aplicar(this.id, this.props, evento));
    this.addEvent(evento);
  }
}

function estadoInicial(evento: ConversionRegistrada): ConversionState {
  const p = evento.payload;
  return {
    estado: 'REGISTRADA',
    clickId: p.click_id,
    afiliadoId: p.afiliado_id,
    campanaId: p.campana_id,
    tipoConversion: p.tipo_conversion,
    valor: Money.of(p.valor, p.moneda),
    referenciaExterna: p.referencia_externa,
    usuarioId: p.usuario_id,
    timestamp: p.timestamp,
    motivoRechazo: null,
    detalleRechazo: null,
    motivoReversion: null,
    historial: [{ evento: evento.eventType, estado: 'REGISTRADA', at: evento.occurredAt, motivo: null }],
  };
}

const TRANSICIONES: Record<Exclude<ConversionEvent['eventType'], 'ConversionRegistrada'>, [EstadoConversion, EstadoConversion]> = {
  ConversionValidada: ['REGISTRADA', 'VALIDADA'],
  ConversionRechazada: ['REGISTRADA', 'RECHAZADA'],
  ConversionRevertida: ['VALIDADA', 'REVERTIDA'],
};

/** The state after `evento`; a stored stream that breaks the lifecycle is corrupt (a plain Error, not a DomainError). */
function aplicar(id: string, state: ConversionState, evento: ConversionEvent): ConversionState {
  if (evento instanceof ConversionRegistrada) throw new Error(`Conversion ${id}: ConversionRegistrada twice in its stream`);
  const [desde, hacia] = TRANSICIONES[evento.eventType];
  if (state.estado !== desde) throw new Error(`Conversion ${id}: ${evento.eventType} cannot follow state ${state.estado}`);
  const next: ConversionState = { ...state, estado: hacia, historial: [...state.historial] };
  let motivo: string | null = null;
  if (evento instanceof ConversionValidada) {
    next.afiliadoId = evento.payload.afiliado_id;
    next.campanaId = evento.payload.campana_id;
    next.clickId = evento.payload.click_id;
  } else if (evento instanceof ConversionRechazada) {
    next.motivoRechazo = evento.payload.motivo;
    next.detalleRechazo = evento.payload.detalle;
    next.afiliadoId = evento.payload.afiliado_id;
    next.campanaId = evento.payload.campana_id;
    next.clickId = evento.payload.click_id;
    motivo = evento.payload.motivo;
  } else {
    next.motivoReversion = evento.payload.motivo;
    motivo = evento.payload.motivo;
  }
  next.historial.push({ evento: evento.eventType, estado: hacia, at: evento.occurredAt, motivo });
  return next;
}
