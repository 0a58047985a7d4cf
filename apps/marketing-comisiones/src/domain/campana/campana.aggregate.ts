import { AggregateRoot, Money } from '@alpes/seedwork';
import type { AfiliadoProyeccion } from '../afiliado/afiliado-proyeccion';
import { assertMoneda } from '../shared/moneda';
import type { TipoConversion } from '../shared/tipos';
import { trazaDeEvento, type Traza } from '../shared/traza';
import { CampanaErrors } from './campana.errors';
import { MOTIVO_PRESUPUESTO_AGOTADO, type EstadoCampana } from './estado-campana';
import {
  AfiliadoAsignadoACampana,
  AfiliadoRetiradoDeCampana,
  CampanaActivada,
  CampanaCreada,
  CampanaFinalizada,
  CampanaPausada,
  PresupuestoAgotado,
} from './events/campana.events';
import type { ReglaComision, ReglaComisionInput } from './regla-comision.value-object';
import { ReglasComision } from './reglas-comision';

export const VENTANA_ATRIBUCION_POR_DEFECTO = 30;
export const VENTANA_ATRIBUCION_MAXIMA = 365;

export interface CampanaProps {
  nombre: string;
  producto: string;
  marca: string;
  presupuesto: Money;
  presupuestoDisponible: Money;
  fechaInicio: Date | null;
  fechaFin: Date | null;
  ventanaAtribucionDias: number;
  reglas: ReglasComision;
  afiliadosIds: string[];
  estado: EstadoCampana;
  /** Fingerprint of the create request: a retry with the same client id must carry the same content. */
  huellaCreacion: string;
  creadoEn: Date;
  actualizadoEn: Date;
}

export interface CrearCampanaProps {
  id: string;
  nombre: string;
  producto: string;
  marca: string;
  /** Decimal text in `moneda`. */
  presupuesto: string;
  moneda: string;
  fechaInicio?: Date | null;
  fechaFin?: Date | null;
  ventanaAtribucionDias?: number;
  reglas: readonly ReglaComisionInput[];
  /** `influencers_ids` of the request, each with what the projection knows about it (null = unknown). */
  afiliados: readonly { id: string; afiliado: AfiliadoProyeccion | null }[];
  huellaCreacion: string;
  ahora: Date;
  traza?: Traza;
}

/** What a budget request obtained: `consumido` ≤ what was asked, and whether it emptied the budget. */
export interface ConsumoPresupuesto {
  readonly consumido: Money;
  readonly agotado: boolean;
}

/**
 * Campaign: budget, commission rules and assigned affiliates. `BORRADOR → ACTIVA ⇄ PAUSADA → FINALIZADA`.
 *
 * Budget: `presupuestoDisponible` only moves through `consumirPresupuesto` (never below 0: a request larger than
 * what is left gets what is left) and `devolverPresupuesto` (never above `presupuesto`). The moment it reaches 0 the
 * campaign raises PresupuestoAgotado and, when ACTIVA, pauses itself (CampanaPausada, motivo PRESUPUESTO_AGOTADO).
 */
export class Campana extends AggregateRoot<CampanaProps> {
  static crear(input: CrearCampanaProps): Campana {
    assertMoneda(input.moneda);
    const nombre = texto(input.nombre, 'nombre');
    const producto = texto(input.producto, 'producto');
    const marca = texto(input.marca, 'marca');
    const presupuesto = Money.of(input.presupuesto, input.moneda, 'presupuesto');
    if (!presupuesto.isPositive()) throw CampanaErrors.presupuestoInvalido(presupuesto.toFixed());
    const fechaInicio = input.fechaInicio ?? null;
    const fechaFin = input.fechaFin ?? null;
    if (fechaInicio && fechaFin && fechaFin.getTime() <= fechaInicio.getTime()) {
      throw CampanaErrors.fechasInvalidas(fechaInicio, fechaFin);
    }
    const ventana = input.ventanaAtribucionDias ?? VENTANA_ATRIBUCION_POR_DEFECTO;
    if (!Number.isInteger(ventana) || ventana < 1 || ventana > VENTANA_ATRIBUCION_MAXIMA) throw CampanaErrors.ventanaInvalida(ventana);
    const reglas = ReglasComision.crear(input.reglas, input.moneda);

    const campana = new Campana({
      id: input.id,
      props: {
        nombre,
        producto,
        marca,
        presupuesto,
        presupuestoDisponible: presupuesto,
        fechaInicio,
        fechaFin,
        ventanaAtribucionDias: ventana,
        reglas,
        afiliadosIds: [],
        estado: 'BORRADOR',
        huellaCreacion: input.huellaCreacion,
        creadoEn: input.ahora,
        actualizadoEn: input.ahora,
      },
    });
    // influencers_ids pass the same checks as an assignment; CampanaCreada carries them (no separate events).
    for (const { id, afiliado } of input.afiliados) campana.incorporarAfiliado(id, afiliado);
    campana.addEvent(
      new CampanaCreada({
        aggregateId: campana.id,
        occurredAt: input.ahora,
        ...trazaDeEvento(input.traza),
        payload: {
          id: campana.id,
          nombre,
          producto,
          marca,
          presupuesto: presupuesto.toFixed(),
          moneda: presupuesto.currency,
          reglas_comision: reglas.todas().map((r) => ({
            tipo_evento: r.tipoEvento,
            tipo_conversion: r.tipoConversion,
            modelo: r.modelo,
            valor: r.valor,
          })),
          fecha_inicio: fechaInicio ? fechaInicio.getTime() : null,
          fecha_fin: fechaFin ? fechaFin.getTime() : null,
          ventana_atribucion_dias: ventana,
          afiliados_ids: [...campana.props.afiliadosIds],
        },
      }),
    );
    return campana;
  }

  static rehidratar(id: string, props: CampanaProps, version: number): Campana {
    return new Campana({ id, props: { ...props, afiliadosIds: [...props.afiliadosIds] }, version });
  }

  get estado(): EstadoCampana {
    return this.props.estado;
  }

  get moneda(): string {
    return this.props.presupuesto.currency;
  }

  get presupuesto(): Money {
    return this.props.presupuesto;
  }

  get presupuestoDisponible(): Money {
    return this.props.presupuestoDisponible;
  }

  get afiliadosIds(): readonly string[] {
    return [...this.props.afiliadosIds];
  }

  get huellaCreacion(): string {
    return this.props.huellaCreacion;
  }

  tieneAfiliado(afiliadoId: string): boolean {
    return this.props.afiliadosIds.includes(afiliadoId);
  }

  reglaParaConversion(tipoConversion: TipoConversion | string): ReglaComision | null {
    return this.props.reglas.paraConversion(tipoConversion);
  }

  reglaParaClick(): ReglaComision | null {
    return this.props.reglas.paraClick();
  }

  reglaParaImpresion(): ReglaComision | null {
    return this.props.reglas.paraImpresion();
  }

  activar(ahora: Date, traza?: Traza): void {
    this.transicion(['BORRADOR', 'PAUSADA'], 'ACTIVA');
    if (this.props.presupuestoDisponible.isZero()) throw CampanaErrors.presupuestoAgotado(this.id);
    if (this.props.fechaFin && this.props.fechaFin.getTime() <= ahora.getTime()) throw CampanaErrors.fechaFinVencida(this.id, this.props.fechaFin);
    this.cambiarEstado('ACTIVA', ahora);
    this.addEvent(new CampanaActivada({ aggregateId: this.id, occurredAt: ahora, ...trazaDeEvento(traza), payload: { campana_id: this.id } }));
  }

  pausar(motivo: string | null, ahora: Date, traza?: Traza): void {
    this.transicion(['ACTIVA'], 'PAUSADA');
    this.cambiarEstado('PAUSADA', ahora);
    this.addEvent(
      new CampanaPausada({ aggregateId: this.id, occurredAt: ahora, ...trazaDeEvento(traza), payload: { campana_id: this.id, motivo } }),
    );
  }

  finalizar(ahora: Date, traza?: Traza): void {
    this.transicion(['ACTIVA', 'PAUSADA'], 'FINALIZADA');
    this.cambiarEstado('FINALIZADA', ahora);
    this.addEvent(new CampanaFinalizada({ aggregateId: this.id, occurredAt: ahora, ...trazaDeEvento(traza), payload: { campana_id: this.id } }));
  }

  /**
   * Assigns an affiliate the projection knows as ACTIVO. Already assigned → `false` and nothing changes (an
   * idempotent retry); newly assigned → `true` and AfiliadoAsignadoACampana.
   */
  asignarAfiliado(afiliadoId: string, afiliado: AfiliadoProyeccion | null, ahora: Date, traza?: Traza): boolean {
    if (this.props.estado === 'FINALIZADA') throw CampanaErrors.finalizada(this.id);
    if (this.tieneAfiliado(afiliadoId)) return false;
    this.incorporarAfiliado(afiliadoId, afiliado);
    this.props.actualizadoEn = ahora;
    this.addEvent(
      new AfiliadoAsignadoACampana({
        aggregateId: this.id,
        occurredAt: ahora,
        ...trazaDeEvento(traza),
        payload: { campana_id: this.id, afiliado_id: afiliadoId },
      }),
    );
    return true;
  }

  retirarAfiliado(afiliadoId: string, ahora: Date, traza?: Traza): void {
    if (this.props.estado === 'FINALIZADA') throw CampanaErrors.finalizada(this.id);
    if (!this.tieneAfiliado(afiliadoId)) throw CampanaErrors.afiliadoNoAsignado(this.id, afiliadoId);
    this.props.afiliadosIds = this.props.afiliadosIds.filter((id) => id !== afiliadoId);
    this.props.actualizadoEn = ahora;
    this.addEvent(
      new AfiliadoRetiradoDeCampana({
        aggregateId: this.id,
        occurredAt: ahora,
        ...trazaDeEvento(traza),
        payload: { campana_id: this.id, afiliado_id: afiliadoId },
      }),
    );
  }

  /**
   * Takes up to `monto` from the budget: all of it when enough is left, else exactly what is left (the caller caps
   * the commission to `consumido`). Reaching 0 raises PresupuestoAgotado once and pauses an ACTIVA campaign.
   * Asking 0 changes nothing.
   */
  consumirPresupuesto(monto: Money, ahora: Date, traza?: Traza): ConsumoPresupuesto {
    if (monto.currency !== this.moneda) throw new Error(`Campaign ${this.id} budget is in ${this.moneda}, not ${monto.currency}`);
    if (monto.isNegative()) throw new Error(`Cannot consume a negative amount (${monto.toFixed()}) of campaign ${this.id}`);
    const disponible = this.props.presupuestoDisponible;
    if (monto.isZero() || disponible.isZero()) return { consumido: Money.zero(this.moneda), agotado: disponible.isZero() };
    const consumido = monto.min(disponible);
    this.props.presupuestoDisponible = disponible.subtract(consumido);
    this.props.actualizadoEn = ahora;
    const agotado = this.props.presupuestoDisponible.isZero();
    if (agotado) this.agotar(ahora, traza);
    return { consumido, agotado };
  }

  /** Gives back budget of a commission that will never be paid (rejected, or reverted before payment). */
  devolverPresupuesto(monto: Money, ahora: Date): void {
    if (monto.isNegative()) throw new Error(`Cannot give back a negative amount (${monto.toFixed()}) to campaign ${this.id}`);
    if (monto.isZero()) return;
    const nuevo = this.props.presupuestoDisponible.add(monto);
    if (nuevo.greaterThan(this.props.presupuesto)) {
      throw new Error(`Campaign ${this.id}: giving back ${monto.toFixed()} would exceed the budget ${this.props.presupuesto.toFixed()}`);
    }
    this.props.presupuestoDisponible = nuevo;
    this.props.actualizadoEn = ahora;
  }

  private agotar(ahora: Date, traza?: Traza): void {
    this.addEvent(
      new PresupuestoAgotado({
        aggregateId: this.id,
        occurredAt: ahora,
        ...trazaDeEvento(traza),
        payload: {
          campana_id: this.id,
          presupuesto: this.props.presupuesto.toFixed(),
          presupuesto_disponible: this.props.presupuestoDisponible.toFixed(),
          moneda: this.moneda,
        },
      }),
    );
    if (this.props.estado === 'ACTIVA') {
      this.cambiarEstado('PAUSADA', ahora);
      this.addEvent(
        new CampanaPausada({
          aggregateId: this.id,
          occurredAt: ahora,
          ...trazaDeEvento(traza),
          payload: { campana_id: this.id, motivo: MOTIVO_PRESUPUESTO_AGOTADO },
        }),
      );
    }
  }

  private incorporarAfiliado(afiliadoId: string, afiliado: AfiliadoProyeccion | null): void {
    if (afiliado === null) throw CampanaErrors.afiliadoDesconocido(afiliadoId);
    if (!afiliado.esActivo()) throw CampanaErrors.afiliadoNoActivo(afiliadoId, afiliado.estado);
    if (!this.props.afiliadosIds.includes(afiliadoId)) this.props.afiliadosIds = [...this.props.afiliadosIds, afiliadoId];
  }

  private transicion(desde: readonly EstadoCampana[], hacia: EstadoCampana): void {
    if (!desde.includes(this.props.estado)) throw CampanaErrors.transicionInvalida(this.props.estado, hacia);
  }

  private cambiarEstado(estado: EstadoCampana, ahora: Date): void {
    this.props.estado = estado;
    this.props.actualizadoEn = ahora;
  }
}

function texto(valor: string, campo: string): string {
  const limpio = typeof valor === 'string' ? valor.trim() : '';
  if (limpio.length === 0) throw CampanaErrors.textoInvalido(campo);
  return limpio;
}
