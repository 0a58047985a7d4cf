import { Entity, type Money } from '@alpes/seedwork';
import type {
  ConversionRechazadaHecho,
  ConversionRegistradaHecho,
  ConversionRevertidaHecho,
  ConversionValidadaHecho,
} from './hechos';

export type EstadoConversion = 'REGISTRADA' | 'VALIDADA' | 'RECHAZADA' | 'REVERTIDA';

export const ESTADOS_CONVERSION: readonly EstadoConversion[] = ['REGISTRADA', 'VALIDADA', 'RECHAZADA', 'REVERTIDA'];

/** Only sales count in `ventas_total`: a registro, lead or suscripcion value is not a sale (documented in the README). */
export const TIPO_CONVERSION_VENTA = 'venta';

export interface ConversionProyectadaProps {
  estado: EstadoConversion;
  campanaId: string | null;
  afiliadoId: string | null;
  clickId: string | null;
  tipoConversion: string;
  valor: Money;
  referenciaExterna: string | null;
  usuarioId: string | null;
  motivoRechazo: string | null;
  detalleRechazo: string | null;
  motivoReversion: string | null;
  registradaEn: Date;
  actualizadaEn: Date;
}

/**
 * Read model of one conversion: `REGISTRADA → VALIDADA | RECHAZADA`, `VALIDADA → REVERTIDA`, mirroring the write side.
 * A transition the current state does not allow returns false (the event is ignored, never counted twice).
 * A conversion seen first through its ConversionValidada/Rechazada (its ConversionRegistrada was not projected) is
 * created in that state.
 */
export class ConversionProyectada extends Entity<ConversionProyectadaProps> {
  private constructor(id: string, props: ConversionProyectadaProps) {
    super({ id, props });
  }

  static restaurar(id: string, props: ConversionProyectadaProps): ConversionProyectada {
    return new ConversionProyectada(id, props);
  }

  static registrada(h: ConversionRegistradaHecho): ConversionProyectada {
    return new ConversionProyectada(h.conversionId, {
      estado: 'REGISTRADA',
      campanaId: h.campanaId,
      afiliadoId: h.afiliadoId,
      clickId: h.clickId,
      tipoConversion: h.tipoConversion,
      valor: h.valor,
      referenciaExterna: h.referenciaExterna,
      usuarioId: h.usuarioId,
      motivoRechazo: null,
      detalleRechazo: null,
      motivoReversion: null,
      registradaEn: h.registradaEn,
      actualizadaEn: h.ocurridoEn,
    });
  }

  static validadaSinRegistro(h: ConversionValidadaHecho): ConversionProyectada {
    const conversion = new ConversionProyectada(h.conversionId, {
      estado: 'REGISTRADA',
      campanaId: h.campanaId,
      afiliadoId: h.afiliadoId,
      clickId: h.clickId,
      tipoConversion: h.tipoConversion,
      valor: h.valor,
      referenciaExterna: h.referenciaExterna,
      usuarioId: h.usuarioId,
      motivoRechazo: null,
      detalleRechazo: null,
      motivoReversion: null,
      registradaEn: h.registradaEn,
      actualizadaEn: h.ocurridoEn,
    });
    conversion.validar(h);
    return conversion;
  }

  static rechazadaSinRegistro(h: ConversionRechazadaHecho): ConversionProyectada {
    const conversion = new ConversionProyectada(h.conversionId, {
      estado: 'REGISTRADA',
      campanaId: h.campanaId,
      afiliadoId: h.afiliadoId,
      clickId: h.clickId,
      tipoConversion: h.tipoConversion,
      valor: h.valor,
      referenciaExterna: null,
      usuarioId: null,
      motivoRechazo: null,
      detalleRechazo: null,
      motivoReversion: null,
      registradaEn: h.ocurridoEn,
      actualizadaEn: h.ocurridoEn,
    });
    conversion.rechazar(h);
    return conversion;
  }

  get estado(): EstadoConversion {
    return this.props.estado;
  }

  get campanaId(): string | null {
    return this.props.campanaId;
  }

  get afiliadoId(): string | null {
    return this.props.afiliadoId;
  }

  get valor(): Money {
    return this.props.valor;
  }

  /** The value this conversion adds to `ventas_total` while VALIDADA: its valor for a venta, nothing otherwise. */
  get venta(): Money | null {
    return this.props.tipoConversion === TIPO_CONVERSION_VENTA ? this.props.valor : null;
  }

  /** REGISTRADA → VALIDADA; the attribution (campaign, affiliate, click) of the validation wins. */
  validar(h: ConversionValidadaHecho): boolean {
    if (this.props.estado !== 'REGISTRADA') return false;
    Object.assign(this.props, {
      estado: 'VALIDADA',
      campanaId: h.campanaId,
      afiliadoId: h.afiliadoId,
      clickId: h.clickId ?? this.props.clickId,
      tipoConversion: h.tipoConversion,
      valor: h.valor,
      referenciaExterna: h.referenciaExterna ?? this.props.referenciaExterna,
      usuarioId: h.usuarioId ?? this.props.usuarioId,
      actualizadaEn: h.ocurridoEn,
    } satisfies Partial<ConversionProyectadaProps>);
    return true;
  }

  /** REGISTRADA → RECHAZADA; keeps what the registration knew when the rejection does not name campaign/affiliate. */
  rechazar(h: ConversionRechazadaHecho): boolean {
    if (this.props.estado !== 'REGISTRADA') return false;
    Object.assign(this.props, {
      estado: 'RECHAZADA',
      campanaId: h.campanaId ?? this.props.campanaId,
      afiliadoId: h.afiliadoId ?? this.props.afiliadoId,
      clickId: h.clickId ?? this.props.clickId,
      motivoRechazo: h.motivo,
      detalleRechazo: h.detalle,
      actualizadaEn: h.ocurridoEn,
    } satisfies Partial<ConversionProyectadaProps>);
    return true;
  }

  /** VALIDADA → REVERTIDA (a refund). Campaign, affiliate and value stay those that were counted. */
  revertir(h: ConversionRevertidaHecho): boolean {
    if (this.props.estado !== 'VALIDADA') return false;
    Object.assign(this.props, {
      estado: 'REVERTIDA',
      motivoReversion: h.motivo,
      actualizadaEn: h.ocurridoEn,
    } satisfies Partial<ConversionProyectadaProps>);
    return true;
  }
}
