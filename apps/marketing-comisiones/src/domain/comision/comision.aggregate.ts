import { AggregateRoot, Money, type Percentage } from '@alpes/seedwork';
import { diaUtc } from '../shared/dia';
import { uuidDeNombre } from '../shared/id-determinista';
import type { Modelo } from '../shared/tipos';
import { trazaDeEvento, type Traza } from '../shared/traza';
import { ComisionErrors } from './comision.errors';
import { type EstadoComision, type TipoComision } from './estado-comision';
import { ComisionAprobada, ComisionCalculada, ComisionRechazada, ComisionRevertida } from './events/comision.events';

export interface ComisionProps {
  tipo: TipoComision;
  conversionId: string | null;
  afiliadoId: string;
  campanaId: string | null;
  /** null only for a commission recorded as rejected because no rule applied (SIN_REGLA). */
  modelo: Modelo | null;
  /** Decimal text: sale value (CPS), fixed amount (CPA), rate (CPC, CPM per thousand), reverted amount (AJUSTE). */
  base: string;
  porcentaje: Percentage | null;
  /** In the campaign currency; never more than the budget it consumed. Negative only for AJUSTE. */
  monto: Money;
  estado: EstadoComision;
  motivo: string | null;
  /** CPC/CPM accruals: the UTC day (YYYY-MM-DD) and the number of events counted. */
  periodo: string | null;
  cantidad: number;
  /** The payout that holds (reserves) it, or paid it. */
  pagoId: string | null;
  /** AJUSTE: the reverted commission it compensates. */
  comisionOrigenId: string | null;
  /** ACUMULADO: its running total changed since the last ComisionCalculada. */
  publicacionPendiente: boolean;
  /** The conversion's own value and currency, as received (traceability; may differ from the campaign's). */
  valorConversion: string | null;
  monedaConversion: string | null;
  creadoEn: Date;
  actualizadoEn: Date;
}

export interface CalcularComisionProps {
  id: string;
  tipo: 'CONVERSION' | 'MANUAL';
  conversionId: string;
  afiliadoId: string;
  campanaId: string | null;
  modelo: Modelo;
  base: string;
  porcentaje: Percentage | null;
  monto: Money;
  valorConversion: string | null;
  monedaConversion: string | null;
  ahora: Date;
  traza?: Traza;
}

export interface RechazarAlCalcularProps extends Omit<CalcularComisionProps, 'modelo' | 'monto' | 'tipo'> {
  modelo: Modelo | null;
  moneda: string;
  motivo: string;
  /** Publish ComisionCalculada (monto 0) + ComisionRechazada, or keep the record local only. */
  publicar: boolean;
}

export interface NuevoAcumuladoProps {
  afiliadoId: string;
  campanaId: string;
  modelo: 'CPC' | 'CPM';
  /** Price per click (CPC) or per thousand impressions (CPM). */
  tarifa: Money;
  periodo: string;
  ahora: Date;
}

/** What a reversal leaves to do: budget to give back to the campaign, an adjustment to store. */
export interface ResultadoReversion {
  readonly devolverPresupuesto: Money;
  readonly ajuste: Comision | null;
}

const MAX_MOTIVO = 500;

/**
 * A commission. Conversion commissions (CPA/CPS), manual ones, CPC/CPM accruals (one per affiliate, campaign, UTC
 * day and model, with a deterministic id and a running total) and negative adjustments of reverted paid ones.
 */
export class Comision extends AggregateRoot<ComisionProps> {
  static calcular(input: CalcularComisionProps): Comision {
    // A commission of 0 is not payable (it could only ever sit APROBADA): callers record it with
    // `rechazadaAlCalcular` (MONTO_CERO, PRESUPUESTO_AGOTADO) or refuse it (manual commissions).
    if (!input.monto.isPositive()) throw new Error(`Commission ${input.id}: a calculated commission must be > 0, got ${input.monto.toFixed()}`);
    const comision = new Comision({
      id: input.id,
      props: {
        tipo: input.tipo,
        conversionId: input.conversionId,
        afiliadoId: input.afiliadoId,
        campanaId: input.campanaId,
        modelo: input.modelo,
        base: input.base,
        porcentaje: input.porcentaje,
        monto: input.monto,
        estado: 'PENDIENTE',
        motivo: null,
        periodo: null,
        cantidad: 0,
        pagoId: null,
        comisionOrigenId: null,
        publicacionPendiente: false,
        valorConversion: input.valorConversion,
        monedaConversion: input.monedaConversion,
        creadoEn: input.ahora,
        actualizadoEn: input.ahora,
      },
    });
    comision.raiseCalculada(input.ahora, input.traza);
    return comision;
  }

  /**
   * A conversion that yields no payable commission (currency mismatch, no budget left, no rule). The row keeps the
   * conversion id (one commission per conversion, whatever redelivery follows) with monto 0 and the motivo.
   */
  static rechazadaAlCalcular(input: RechazarAlCalcularProps): Comision {
    const comision = new Comision({
      id: input.id,
      props: {
        tipo: 'CONVERSION',
        conversionId: input.conversionId,
        afiliadoId: input.afiliadoId,
        campanaId: input.campanaId,
        modelo: input.modelo,
        base: input.base,
        porcentaje: input.porcentaje,
        monto: Money.zero(input.moneda),
        estado: 'PENDIENTE',
        motivo: null,
        periodo: null,
        cantidad: 0,
        pagoId: null,
        comisionOrigenId: null,
        publicacionPendiente: false,
        valorConversion: input.valorConversion,
        monedaConversion: input.monedaConversion,
        creadoEn: input.ahora,
        actualizadoEn: input.ahora,
      },
    });
    if (input.publicar && input.modelo !== null) {
      comision.raiseCalculada(input.ahora, input.traza);
      comision.rechazar(input.motivo, input.ahora, input.traza);
    } else {
      comision.props.estado = 'RECHAZADA';
      comision.props.motivo = input.motivo;
    }
    return comision;
  }

  /** An empty accrual (count 0, monto 0); nothing is published until its total changes. */
  static nuevoAcumulado(input: NuevoAcumuladoProps): Comision {
    return new Comision({
      id: Comision.idAcumulado(input.campanaId, input.afiliadoId, input.periodo, input.modelo),
      props: {
        tipo: 'ACUMULADO',
        conversionId: null,
        afiliadoId: input.afiliadoId,
        campanaId: input.campanaId,
        modelo: input.modelo,
        base: input.tarifa.toFixed(),
        porcentaje: null,
        monto: Money.zero(input.tarifa.currency),
        estado: 'PENDIENTE',
        motivo: null,
        periodo: input.periodo,
        cantidad: 0,
        pagoId: null,
        comisionOrigenId: null,
        publicacionPendiente: false,
        valorConversion: null,
        monedaConversion: null,
        creadoEn: input.ahora,
        actualizadoEn: input.ahora,
      },
    });
  }

  /** Deterministic id of the accrual of (campaign, affiliate, UTC day, model): a name-based (SHA-1) UUID. */
  static idAcumulado(campanaId: string, afiliadoId: string, periodo: string, modelo: 'CPC' | 'CPM'): string {
    return uuidDeNombre(`acumulado|${campanaId}|${afiliadoId}|${periodo}|${modelo}`);
  }

  /** Deterministic id of the commission of a conversion (a redelivery or a replay finds the same id). */
  static idDeConversion(conversionId: string): string {
    return uuidDeNombre(`conversion|${conversionId}`);
  }

  /** The negative adjustment of a reverted commission that was (or is being) paid. No event of its own. */
  static ajustePorReversion(origen: Comision, id: string, ahora: Date): Comision {
    return new Comision({
      id,
      props: {
        tipo: 'AJUSTE',
        conversionId: null,
        afiliadoId: origen.props.afiliadoId,
        campanaId: origen.props.campanaId,
        modelo: origen.props.modelo,
        base: origen.props.monto.toFixed(),
        porcentaje: null,
        monto: origen.props.monto.negate(),
        estado: 'PENDIENTE_DESCUENTO',
        motivo: origen.props.motivo,
        periodo: null,
        cantidad: 0,
        pagoId: null,
        comisionOrigenId: origen.id,
        publicacionPendiente: false,
        valorConversion: null,
        monedaConversion: null,
        creadoEn: ahora,
        actualizadoEn: ahora,
      },
    });
  }

  static rehidratar(id: string, props: ComisionProps, version: number): Comision {
    return new Comision({ id, props, version });
  }

  get tipo(): TipoComision {
    return this.props.tipo;
  }

  get estado(): EstadoComision {
    return this.props.estado;
  }

  get afiliadoId(): string {
    return this.props.afiliadoId;
  }

  get campanaId(): string | null {
    return this.props.campanaId;
  }

  get conversionId(): string | null {
    return this.props.conversionId;
  }

  get monto(): Money {
    return this.props.monto;
  }

  get moneda(): string {
    return this.props.monto.currency;
  }

  get pagoId(): string | null {
    return this.props.pagoId;
  }

  get cantidad(): number {
    return this.props.cantidad;
  }

  get periodo(): string | null {
    return this.props.periodo;
  }

  get publicacionPendiente(): boolean {
    return this.props.publicacionPendiente;
  }

  estaPendiente(): boolean {
    return this.props.estado === 'PENDIENTE';
  }

  /**
   * APROBADA and not reserved by a payout, or an adjustment waiting to be discounted. An APROBADA one of 0 (only
   * rows from before zero commissions were refused) rides along in the affiliate's next payout and is settled there.
   */
  esPagable(): boolean {
    if (this.props.pagoId !== null) return false;
    return this.props.estado === 'APROBADA' || (this.props.tipo === 'AJUSTE' && this.props.estado === 'PENDIENTE_DESCUENTO');
  }

  // ------------------------------------------------------------------------------------------------ accruals

  /**
   * The accrual's amount for `cantidad` events, rounded once: CPC cantidad × tarifa, CPM cantidad × tarifa / 1000,
   * each rounded HALF_UP to the currency's minor unit from the exact count, so rounding never accumulates.
   */
  montoParaCantidad(cantidad: number): Money {
    this.assertAcumulado();
    if (!Number.isSafeInteger(cantidad) || cantidad < 0) throw new Error(`Invalid accrual count ${cantidad}`);
    const tarifa = Money.of(this.props.base, this.moneda);
    return this.props.modelo === 'CPM' ? tarifa.multiply(`${cantidad}e-3`) : tarifa.multiply(cantidad);
  }

  /**
   * Counts `eventos` more events; `nuevoMonto` is what the budget allowed (≤ montoParaCantidad of the new count).
   * Only a PENDIENTE accrual accrues.
   */
  registrarIncremento(eventos: number, nuevoMonto: Money, ahora: Date): void {
    this.assertAcumulado();
    if (!this.estaPendiente()) throw ComisionErrors.transicionInvalida(this.id, this.props.estado, 'PENDIENTE');
    if (nuevoMonto.lessThan(this.props.monto)) throw new Error(`Accrual ${this.id} cannot decrease`);
    this.props.cantidad += eventos;
    this.props.actualizadoEn = ahora;
    if (!nuevoMonto.equals(this.props.monto)) {
      this.props.monto = nuevoMonto;
      this.props.publicacionPendiente = true;
    }
  }

  /** Raises ComisionCalculada with the running total when it changed since the last one (the periodic flush). */
  publicarAcumulado(ahora: Date, traza?: Traza): boolean {
    if (this.props.tipo !== 'ACUMULADO' || !this.props.publicacionPendiente) return false;
    this.raiseCalculada(ahora, traza);
    this.props.publicacionPendiente = false;
    return true;
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  aprobar(ahora: Date, traza?: Traza): void {
    if (this.props.estado !== 'PENDIENTE') throw ComisionErrors.transicionInvalida(this.id, this.props.estado, 'APROBADA');
    if (this.props.tipo === 'ACUMULADO' && this.props.periodo !== null && this.props.periodo >= diaUtc(ahora)) {
      throw ComisionErrors.acumuladoEnCurso(this.id, this.props.periodo);
    }
    // Approved, a 0 could never be paid on its own (a payout must be > 0): reject it instead.
    if (this.props.monto.isZero()) throw ComisionErrors.montoCero(this.id);
    // Consumers must see the final running total before the approval.
    this.publicarAcumulado(ahora, traza);
    this.props.estado = 'APROBADA';
    this.props.actualizadoEn = ahora;
    this.addEvent(new ComisionAprobada({ aggregateId: this.id, occurredAt: ahora, ...trazaDeEvento(traza), payload: this.referencia() }));
  }

  /**
   * PENDIENTE → RECHAZADA; also APROBADA → RECHAZADA for an APROBADA of 0 that no payout holds (rows approved before
   * zero commissions were refused: the way to close them). Returns the budget to give back to the campaign (its
   * monto when it consumed any).
   */
  rechazar(motivo: string, ahora: Date, traza?: Traza): Money {
    const limpio = motivoValido(motivo);
    const aprobadaEnCero = this.props.estado === 'APROBADA' && this.props.monto.isZero() && this.props.pagoId === null;
    if (this.props.estado !== 'PENDIENTE' && !aprobadaEnCero) throw ComisionErrors.transicionInvalida(this.id, this.props.estado, 'RECHAZADA');
    this.publicarAcumulado(ahora, traza);
    this.props.estado = 'RECHAZADA';
    this.props.motivo = limpio;
    this.props.actualizadoEn = ahora;
    this.addEvent(
      new ComisionRechazada({ aggregateId: this.id, occurredAt: ahora, ...trazaDeEvento(traza), payload: { ...this.referencia(), motivo: limpio } }),
    );
    return this.presupuestoConsumido();
  }

  /**
   * ConversionRevertida. PENDIENTE, APROBADA or PAGADA → REVERTIDA, and in every case the budget goes back to the
   * campaign at once (a refunded sale earns nothing, and the campaign's spend is what its live commissions are worth,
   * as tracking-queries' comisiones_total shows). PAGADA also gets a negative adjustment: the money paid comes back
   * through the affiliate's next payout. An APROBADA one reserved by a payout keeps its payout link: the payout
   * settles it (fails when not yet executed; paid meanwhile → its adjustment then), never touching the budget again.
   * RECHAZADA / REVERTIDA / adjustments: `null`, nothing to do (a repeated reversal is harmless).
   */
  revertir(motivo: string | null, ahora: Date, nuevoId: () => string, traza?: Traza): ResultadoReversion | null {
    const anterior = this.props.estado;
    if (this.props.tipo === 'AJUSTE' || !['PENDIENTE', 'APROBADA', 'PAGADA'].includes(anterior)) return null;
    this.publicarAcumulado(ahora, traza);
    this.props.estado = 'REVERTIDA';
    this.props.motivo = motivo;
    this.props.actualizadoEn = ahora;
    this.addEvent(
      new ComisionRevertida({
        aggregateId: this.id,
        occurredAt: ahora,
        ...trazaDeEvento(traza),
        payload: { ...this.referencia(), motivo, estado_anterior: anterior },
      }),
    );
    const ajuste = anterior === 'PAGADA' ? this.ajusteSiHaceFalta(ahora, nuevoId) : null;
    return { devolverPresupuesto: this.presupuestoConsumido(), ajuste };
  }

  // ------------------------------------------------------------------------------------------------ payouts

  reservarEnPago(pagoId: string, ahora: Date): void {
    if (!this.esPagable()) throw ComisionErrors.noPagable(this.id, this.props.estado);
    this.props.pagoId = pagoId;
    this.props.actualizadoEn = ahora;
  }

  /**
   * The payout went through: APROBADA → PAGADA, adjustments → DESCONTADA. One reverted while the payout was on its
   * way was paid all the same: it gets its negative adjustment now.
   */
  confirmarPago(pagoId: string, ahora: Date, nuevoId: () => string): Comision | null {
    this.assertEnPago(pagoId);
    this.props.actualizadoEn = ahora;
    if (this.props.estado === 'APROBADA') this.props.estado = 'PAGADA';
    else if (this.props.estado === 'PENDIENTE_DESCUENTO') this.props.estado = 'DESCONTADA';
    else if (this.props.estado === 'REVERTIDA') return this.ajusteSiHaceFalta(ahora, nuevoId);
    return null;
  }

  /**
   * The payout failed or was cancelled: the commission is free again (APROBADA, adjustment pending again). One
   * reverted meanwhile was never paid and already gave its budget back when it was reverted.
   */
  liberarDePago(pagoId: string, ahora: Date): void {
    this.assertEnPago(pagoId);
    this.props.pagoId = null;
    this.props.actualizadoEn = ahora;
  }

  private assertEnPago(pagoId: string): void {
    if (this.props.pagoId !== pagoId) throw new Error(`Commission ${this.id} is not in payout ${pagoId}`);
  }

  private ajusteSiHaceFalta(ahora: Date, nuevoId: () => string): Comision | null {
    return this.props.monto.isZero() ? null : Comision.ajustePorReversion(this, nuevoId(), ahora);
  }

  /** Budget this commission took from its campaign: its monto (it was capped to what the budget gave). */
  private presupuestoConsumido(): Money {
    return this.props.campanaId !== null && this.props.tipo !== 'AJUSTE' ? this.props.monto : Money.zero(this.moneda);
  }

  private referencia() {
    return {
      comision_id: this.id,
      afiliado_id: this.props.afiliadoId,
      campana_id: this.props.campanaId,
      conversion_id: this.props.conversionId,
      monto: this.props.monto.toFixed(),
      moneda: this.moneda,
    };
  }

  private raiseCalculada(ahora: Date, traza?: Traza): void {
    if (this.props.modelo === null) throw new Error(`Commission ${this.id} has no model to publish`);
    this.addEvent(
      new ComisionCalculada({
        aggregateId: this.id,
        occurredAt: ahora,
        ...trazaDeEvento(traza),
        payload: {
          id: this.id,
          conversion_id: this.props.conversionId,
          afiliado_id: this.props.afiliadoId,
          campana_id: this.props.campanaId,
          modelo: this.props.modelo,
          base: this.props.base,
          porcentaje: this.props.porcentaje ? this.props.porcentaje.toString() : null,
          monto: this.props.monto.toFixed(),
          moneda: this.moneda,
          periodo: this.props.periodo,
        },
      }),
    );
  }

  private assertAcumulado(): void {
    if (this.props.tipo !== 'ACUMULADO') throw new Error(`Commission ${this.id} is not an accrual`);
  }
}

function motivoValido(motivo: string): string {
  const limpio = typeof motivo === 'string' ? motivo.trim() : '';
  if (limpio.length === 0) throw ComisionErrors.motivoRequerido();
  return limpio.slice(0, MAX_MOTIVO);
}
