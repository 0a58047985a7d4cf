import { Entity, Money } from '@alpes/seedwork';
import type { ComisionCalculadaHecho, ComisionCambioEstadoHecho } from './hechos';

export type EstadoComision = 'PENDIENTE' | 'APROBADA' | 'PAGADA' | 'RECHAZADA' | 'REVERTIDA';

export interface ComisionProyectadaProps {
  conversionId: string | null;
  campanaId: string;
  afiliadoId: string;
  modelo: string | null;
  monto: Money;
  periodo: string | null;
  estado: EstadoComision;
  motivo: string | null;
  actualizadaEn: Date;
}

/** What one commission adds to the statistics of its campaign and affiliate, in its currency. */
export interface AportesComision {
  readonly total: Money;
  readonly aprobadas: Money;
  readonly pagadas: Money;
}

/**
 * Read model of one commission. Its contribution to the statistics depends only on its current state and amount
 * (documented in the README):
 * - `comisiones_total`     = Σ monto of commissions PENDIENTE, APROBADA or PAGADA (calculated minus rejected and
 *                            reverted ones);
 * - `comisiones_aprobadas` = Σ monto of commissions APROBADA or PAGADA (approved and not reverted, paid included);
 * - `comisiones_pagadas`   = Σ monto of commissions PAGADA (a paid commission later reverted leaves it: its amount
 *                            is taken back from the next payout).
 * So total ≥ aprobadas ≥ pagadas always holds. A change of state or amount moves the statistics by
 * `aportes(after) − aportes(before)`, which keeps them exact whatever the order of replacements and transitions.
 */
export class ComisionProyectada extends Entity<ComisionProyectadaProps> {
  private constructor(id: string, props: ComisionProyectadaProps) {
    super({ id, props });
  }

  static restaurar(id: string, props: ComisionProyectadaProps): ComisionProyectada {
    return new ComisionProyectada(id, props);
  }

  static calculada(h: ComisionCalculadaHecho): ComisionProyectada {
    return new ComisionProyectada(h.comisionId, {
      conversionId: h.conversionId,
      campanaId: h.campanaId,
      afiliadoId: h.afiliadoId,
      modelo: h.modelo,
      monto: h.monto,
      periodo: h.periodo,
      estado: 'PENDIENTE',
      motivo: null,
      actualizadaEn: h.ocurridoEn,
    });
  }

  /**
   * A commission first seen through an approval, rejection or reversal (its ComisionCalculada was not projected):
   * created PENDIENTE from what that event carries, so the transition can then be applied as usual.
   */
  static pendienteDesde(h: ComisionCambioEstadoHecho): ComisionProyectada {
    return new ComisionProyectada(h.comisionId, {
      conversionId: h.conversionId,
      campanaId: h.campanaId,
      afiliadoId: h.afiliadoId,
      modelo: null,
      monto: h.monto,
      periodo: null,
      estado: 'PENDIENTE',
      motivo: null,
      actualizadaEn: h.ocurridoEn,
    });
  }

  get estado(): EstadoComision {
    return this.props.estado;
  }

  get campanaId(): string {
    return this.props.campanaId;
  }

  get afiliadoId(): string {
    return this.props.afiliadoId;
  }

  get monto(): Money {
    return this.props.monto;
  }

  aportes(): AportesComision {
    const { estado, monto } = this.props;
    const cero = Money.zero(monto.currency);
    const vigente = estado === 'PENDIENTE' || estado === 'APROBADA' || estado === 'PAGADA';
    const aprobada = estado === 'APROBADA' || estado === 'PAGADA';
    return {
      total: vigente ? monto : cero,
      aprobadas: aprobada ? monto : cero,
      pagadas: estado === 'PAGADA' ? monto : cero,
    };
  }

  /**
   * A ComisionCalculada for a commission already projected: CPC/CPM accruals are re-published with their running
   * total under the same id, so the amount is REPLACED (never added); the state is kept.
   */
  recalcular(h: ComisionCalculadaHecho): void {
    Object.assign(this.props, {
      conversionId: h.conversionId ?? this.props.conversionId,
      modelo: h.modelo,
      monto: h.monto,
      periodo: h.periodo ?? this.props.periodo,
      actualizadaEn: h.ocurridoEn,
    } satisfies Partial<ComisionProyectadaProps>);
  }

  /** PENDIENTE → APROBADA. */
  aprobar(at: Date): boolean {
    return this.mover(['PENDIENTE'], 'APROBADA', at, null);
  }

  /**
   * PENDIENTE → RECHAZADA; also an APROBADA of 0 (marketing-comisiones lets such leftovers of earlier versions be
   * rejected, since they could never be paid).
   */
  rechazar(at: Date, motivo: string | null): boolean {
    return this.mover(this.props.monto.isZero() ? ['PENDIENTE', 'APROBADA'] : ['PENDIENTE'], 'RECHAZADA', at, motivo);
  }

  /** PENDIENTE | APROBADA | PAGADA → REVERTIDA (the conversion was refunded). */
  revertir(at: Date, motivo: string | null): boolean {
    return this.mover(['PENDIENTE', 'APROBADA', 'PAGADA'], 'REVERTIDA', at, motivo);
  }

  /** APROBADA → PAGADA (PagoRealizado). */
  pagar(at: Date): boolean {
    return this.mover(['APROBADA'], 'PAGADA', at, null);
  }

  private mover(desde: readonly EstadoComision[], hacia: EstadoComision, at: Date, motivo: string | null): boolean {
    if (!desde.includes(this.props.estado)) return false;
    this.props.estado = hacia;
    this.props.actualizadaEn = at;
    if (motivo !== null) this.props.motivo = motivo;
    return true;
  }
}
