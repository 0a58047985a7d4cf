import { AggregateRoot, ValidationError } from '@alpes/seedwork';
import { MotivoRequeridoError, TransicionInvalidaError } from './afiliado.errors';
import {
  AfiliadoActivado,
  AfiliadoDomainEvent,
  AfiliadoReactivado,
  AfiliadoRegistrado,
  AfiliadoSuspendido,
  ConfiguracionComisionesActualizada,
} from './events';
import { ConfiguracionComisiones } from './value-objects/configuracion-comisiones.value-object';
import { DatosRegistro } from './value-objects/datos-registro.value-object';
import { Email } from './value-objects/email.value-object';
import { EstadoAfiliado } from './value-objects/estado-afiliado';
import { TipoAfiliado } from './value-objects/tipo-afiliado';

export const MOTIVO_MAX_LENGTH = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface AfiliadoProps {
  nombre: string;
  email: Email;
  tipoAfiliado: TipoAfiliado;
  configuracionComisiones: ConfiguracionComisiones;
  estado: EstadoAfiliado;
  pais: string | null;
  redesSociales: string[];
  /** Why it was last suspended; null unless SUSPENDIDO. */
  motivoSuspension: string | null;
  /** Fingerprint of the registration request (see DatosRegistro.huella). */
  huellaRegistro: string;
  creadoEn: Date;
  actualizadoEn: Date;
}

/** The transitions of PENDIENTE → ACTIVO ⇄ SUSPENDIDO, by action. */
const TRANSICIONES = {
  activar: { desde: ['PENDIENTE'], hacia: 'ACTIVO' },
  suspender: { desde: ['ACTIVO'], hacia: 'SUSPENDIDO' },
  reactivar: { desde: ['SUSPENDIDO'], hacia: 'ACTIVO' },
} as const satisfies Record<string, { desde: readonly EstadoAfiliado[]; hacia: EstadoAfiliado }>;

type Accion = keyof typeof TRANSICIONES;

/**
 * An affiliate (influencer, publisher) and its lifecycle: registered PENDIENTE, activated once, then suspended and
 * reactivated as often as needed. Every change records a domain event that its repository publishes.
 */
export class Afiliado extends AggregateRoot<AfiliadoProps> {
  private constructor(id: string, props: AfiliadoProps, version?: number) {
    super({ id, props, version });
  }

  static registrar(id: string, datos: DatosRegistro, now: Date = new Date()): Afiliado {
    if (!UUID.test(id)) {
      throw new ValidationError('AFILIADO.ID_INVALIDO', 'id debe ser un UUID en minúsculas', { details: { id }, field: 'id' });
    }
    const afiliado = new Afiliado(id, {
      nombre: datos.nombre,
      email: datos.email,
      tipoAfiliado: datos.tipoAfiliado,
      configuracionComisiones: datos.configuracionComisiones,
      estado: 'PENDIENTE',
      pais: datos.pais,
      redesSociales: datos.redesSociales,
      motivoSuspension: null,
      huellaRegistro: datos.huella,
      creadoEn: now,
      actualizadoEn: now,
    });
    const config = datos.configuracionComisiones;
    afiliado.addEvent(
      new AfiliadoRegistrado({
        aggregateId: id,
        occurredAt: now,
        payload: {
          id,
          nombre: datos.nombre,
          email: datos.email.value,
          tipo_afiliado: datos.tipoAfiliado,
          estado: 'PENDIENTE',
          comision_base: config.comisionBase.toString(),
          comision_premium: config.comisionPremium?.toString() ?? null,
          pais: datos.pais,
          redes_sociales: datos.redesSociales,
        },
      }),
    );
    return afiliado;
  }

  /** Rebuilds a stored afiliado (no events). */
  static restore(id: string, props: AfiliadoProps, version: number): Afiliado {
    return new Afiliado(id, props, version);
  }

  get estado(): EstadoAfiliado {
    return this.props.estado;
  }

  get email(): Email {
    return this.props.email;
  }

  get configuracionComisiones(): ConfiguracionComisiones {
    return this.props.configuracionComisiones;
  }

  /** True when `datos` is the request this afiliado was registered with (an idempotent retry). */
  fueRegistradoCon(datos: DatosRegistro): boolean {
    return this.props.huellaRegistro === datos.huella;
  }

  activar(now: Date = new Date()): void {
    this.transicionar('activar', now);
    this.addEvent(new AfiliadoActivado({ aggregateId: this.id, occurredAt: now, payload: { afiliado_id: this.id } }));
  }

  suspender(motivo: unknown, now: Date = new Date()): void {
    const texto = typeof motivo === 'string' ? motivo.trim() : '';
    if (texto.length === 0) throw new MotivoRequeridoError();
    if (texto.length > MOTIVO_MAX_LENGTH) {
      throw new MotivoRequeridoError(`el motivo admite como máximo ${MOTIVO_MAX_LENGTH} caracteres`);
    }
    this.transicionar('suspender', now);
    this.props.motivoSuspension = texto;
    this.addEvent(
      new AfiliadoSuspendido({ aggregateId: this.id, occurredAt: now, payload: { afiliado_id: this.id, motivo: texto } }),
    );
  }

  reactivar(now: Date = new Date()): void {
    this.transicionar('reactivar', now);
    this.props.motivoSuspension = null;
    this.addEvent(new AfiliadoReactivado({ aggregateId: this.id, occurredAt: now, payload: { afiliado_id: this.id } }));
  }

  /**
   * Replaces the commission percentages (allowed in every state). Returns false, recording nothing, when the new
   * configuration equals the current one.
   */
  actualizarConfiguracionComisiones(config: ConfiguracionComisiones, now: Date = new Date()): boolean {
    if (config.equals(this.props.configuracionComisiones)) return false;
    this.props.configuracionComisiones = config;
    this.props.actualizadoEn = now;
    this.addEvent(
      new ConfiguracionComisionesActualizada({
        aggregateId: this.id,
        occurredAt: now,
        payload: {
          afiliado_id: this.id,
          comision_base: config.comisionBase.toString(),
          comision_premium: config.comisionPremium?.toString() ?? null,
        },
      }),
    );
    return true;
  }

  /** The recorded events with their concrete types, oldest first; forgets them. */
  pullEvents(): AfiliadoDomainEvent[] {
    return this.pullDomainEvents() as AfiliadoDomainEvent[];
  }

  private transicionar(accion: Accion, now: Date): void {
    const { desde, hacia } = TRANSICIONES[accion];
    if (!(desde as readonly EstadoAfiliado[]).includes(this.props.estado)) {
      throw new TransicionInvalidaError(this.props.estado, hacia, accion);
    }
    this.props.estado = hacia;
    this.props.actualizadoEn = now;
  }
}
