import { AggregateRoot, Money } from '@alpes/seedwork';
import type { Comision } from '../comision/comision.aggregate';
import { trazaDeEvento, type Traza } from '../shared/traza';
import { PagoFallido, PagoProgramado, PagoRealizado } from './events/pago.events';
import { PagoErrors } from './pago.errors';

/** PROGRAMADO → EN_PROCESO (the provider is being called) → PAGADO | FALLIDO; PROGRAMADO → FALLIDO (cancelled). */
export const ESTADOS_PAGO = ['PROGRAMADO', 'EN_PROCESO', 'PAGADO', 'FALLIDO'] as const;
export type EstadoPago = (typeof ESTADOS_PAGO)[number];

/** Why a payout failed without calling the provider: one of its commissions was reverted after it was scheduled. */
export const MOTIVO_COMISION_REVERTIDA = 'COMISION_REVERTIDA';

export interface PagoProps {
  afiliadoId: string;
  comisionIds: string[];
  monto: Money;
  estado: EstadoPago;
  motivoFallo: string | null;
  referenciaProveedor: string | null;
  creadoEn: Date;
  actualizadoEn: Date;
  ejecutadoEn: Date | null;
}

export interface ProgramarPagoProps {
  id: string;
  afiliadoId: string;
  /** The currency to pay; null = the only one the affiliate has APROBADA commissions in. */
  moneda: string | null;
  /** The affiliate's payable commissions (APROBADA, pending adjustments), none reserved by another payout. */
  pagables: readonly Comision[];
  /** Minimum payout per currency (null = none). */
  minimo: (moneda: string) => Money | null;
  ahora: Date;
  traza?: Traza;
}

/**
 * A payout of one affiliate in one currency: its APROBADA commissions plus the pending negative adjustments of
 * reverted paid ones, reserved (no other payout can take them) until it is PAGADO (commissions PAGADA, adjustments
 * DESCONTADA) or FALLIDO (everything back to APROBADA / pending). `monto` = exact sum, always > 0.
 */
export class Pago extends AggregateRoot<PagoProps> {
  static programar(input: ProgramarPagoProps): Pago {
    const aprobadas = input.pagables.filter((c) => c.estado === 'APROBADA');
    const monedas = [...new Set(aprobadas.map((c) => c.moneda))].sort();
    if (input.moneda === null && monedas.length > 1) throw PagoErrors.monedaRequerida(input.afiliadoId, monedas);
    const moneda = input.moneda ?? monedas[0];
    if (moneda === undefined || !monedas.includes(moneda)) throw PagoErrors.sinComisiones(input.afiliadoId, input.moneda);

    const incluidas = input.pagables.filter((c) => c.moneda === moneda && c.esPagable());
    const total = Money.sum(
      incluidas.map((c) => c.monto),
      moneda,
    );
    if (!total.isPositive()) throw PagoErrors.saldoNoPositivo(input.afiliadoId, total.toFixed(), moneda);
    const minimo = input.minimo(moneda);
    if (minimo !== null && total.lessThan(minimo)) throw PagoErrors.montoMinimo(total.toFixed(), minimo.toFixed(), moneda);

    const pago = new Pago({
      id: input.id,
      props: {
        afiliadoId: input.afiliadoId,
        comisionIds: incluidas.map((c) => c.id),
        monto: total,
        estado: 'PROGRAMADO',
        motivoFallo: null,
        referenciaProveedor: null,
        creadoEn: input.ahora,
        actualizadoEn: input.ahora,
        ejecutadoEn: null,
      },
    });
    for (const comision of incluidas) comision.reservarEnPago(pago.id, input.ahora);
    pago.addEvent(
      new PagoProgramado({ aggregateId: pago.id, occurredAt: input.ahora, ...trazaDeEvento(input.traza), payload: { id: pago.id, ...pago.ref() } }),
    );
    return pago;
  }

  static rehidratar(id: string, props: PagoProps, version: number): Pago {
    return new Pago({ id, props: { ...props, comisionIds: [...props.comisionIds] }, version });
  }

  get estado(): EstadoPago {
    return this.props.estado;
  }

  get afiliadoId(): string {
    return this.props.afiliadoId;
  }

  get monto(): Money {
    return this.props.monto;
  }

  get comisionIds(): readonly string[] {
    return [...this.props.comisionIds];
  }

  /**
   * PROGRAMADO → EN_PROCESO, to be committed before the provider is called (so a second `ejecutar` is refused and
   * a crash never pays twice). When a commission of the payout was reverted after it was scheduled, the amount is
   * no longer right: the payout fails at once (motivo COMISION_REVERTIDA, nothing paid) and `false` is returned; the
   * affiliate's other commissions are free for a new payout (the reverted one gave its budget back when reverted).
   */
  iniciarEjecucion(comisiones: readonly Comision[], ahora: Date, traza?: Traza): boolean {
    if (this.props.estado !== 'PROGRAMADO') throw PagoErrors.yaEjecutado(this.id, this.props.estado);
    this.assertComisiones(comisiones);
    if (comisiones.some((c) => c.estado === 'REVERTIDA')) {
      this.fallar(MOTIVO_COMISION_REVERTIDA, comisiones, ahora, traza);
      return false;
    }
    this.props.estado = 'EN_PROCESO';
    this.props.actualizadoEn = ahora;
    return true;
  }

  /**
   * A payout left EN_PROCESO (its process died between the two transactions, or the provider threw) would hold its
   * commissions for ever. Once it has been EN_PROCESO for `plazoMs` it may be resumed: the provider is called again
   * with the same idempotency key (the payout id), so money moves at most once, and the answer settles it as usual.
   * Resuming renews the lease, so two resumptions never run together. Sooner → 409 (`PAGO.YA_EJECUTADO`, with the
   * moment it becomes resumable).
   */
  reanudarEjecucion(ahora: Date, plazoMs: number): void {
    if (this.props.estado !== 'EN_PROCESO') throw PagoErrors.yaEjecutado(this.id, this.props.estado);
    const reanudableEn = new Date(this.props.actualizadoEn.getTime() + plazoMs);
    if (ahora.getTime() < reanudableEn.getTime()) throw PagoErrors.enProceso(this.id, reanudableEn);
    this.props.actualizadoEn = ahora;
  }

  /** EN_PROCESO → PAGADO. Returns the adjustments of commissions reverted while the payment was on its way. */
  registrarExito(referencia: string | null, comisiones: readonly Comision[], ahora: Date, nuevoId: () => string, traza?: Traza): Comision[] {
    this.assertEnProceso();
    this.assertComisiones(comisiones);
    const ajustes = comisiones.map((c) => c.confirmarPago(this.id, ahora, nuevoId)).filter((a): a is Comision => a !== null);
    this.props.estado = 'PAGADO';
    this.props.referenciaProveedor = referencia;
    this.props.actualizadoEn = ahora;
    this.props.ejecutadoEn = ahora;
    this.addEvent(
      new PagoRealizado({
        aggregateId: this.id,
        occurredAt: ahora,
        ...trazaDeEvento(traza),
        payload: { pago_id: this.id, ...this.ref(), referencia_proveedor: referencia },
      }),
    );
    return ajustes;
  }

  /** EN_PROCESO → FALLIDO: commissions back to APROBADA, adjustments pending again. */
  registrarFallo(motivo: string, comisiones: readonly Comision[], ahora: Date, traza?: Traza): void {
    this.assertEnProceso();
    this.assertComisiones(comisiones);
    this.fallar(motivo, comisiones, ahora, traza);
  }

  private fallar(motivo: string, comisiones: readonly Comision[], ahora: Date, traza?: Traza): void {
    for (const comision of comisiones) comision.liberarDePago(this.id, ahora);
    this.props.estado = 'FALLIDO';
    this.props.motivoFallo = motivo;
    this.props.actualizadoEn = ahora;
    this.props.ejecutadoEn = ahora;
    this.addEvent(
      new PagoFallido({ aggregateId: this.id, occurredAt: ahora, ...trazaDeEvento(traza), payload: { pago_id: this.id, ...this.ref(), motivo } }),
    );
  }

  private assertEnProceso(): void {
    if (this.props.estado !== 'EN_PROCESO') throw PagoErrors.yaEjecutado(this.id, this.props.estado);
  }

  private assertComisiones(comisiones: readonly Comision[]): void {
    const esperadas = new Set(this.props.comisionIds);
    if (comisiones.length !== esperadas.size || comisiones.some((c) => !esperadas.has(c.id) || c.pagoId !== this.id)) {
      throw new Error(`Payout ${this.id}: the commissions given are not the ones it holds`);
    }
  }

  private ref() {
    return {
      afiliado_id: this.props.afiliadoId,
      comision_ids: [...this.props.comisionIds],
      monto: this.props.monto.toFixed(),
      moneda: this.props.monto.currency,
    };
  }
}
