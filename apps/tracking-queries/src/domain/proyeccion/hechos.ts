import type { Money } from '@alpes/seedwork';

/**
 * The facts the projections are built from: the integration events of conversiones, comisiones, marketing and
 * afiliados, already checked and translated (ids, exact amounts, dates) by the application layer. The domain never
 * sees Avro, envelopes or Pulsar.
 */
interface HechoBase {
  /** Envelope event id (for logs). */
  readonly eventId: string;
  /** Envelope occurred_at. */
  readonly ocurridoEn: Date;
}

export interface ImpresionRegistradaHecho extends HechoBase {
  readonly tipo: 'ImpresionRegistrada';
  readonly id: string;
  readonly campanaId: string;
  readonly afiliadoId: string;
  readonly usuarioId: string | null;
  readonly userAgent: string | null;
  readonly ipAddress: string | null;
  readonly referrer: string | null;
  readonly registradaEn: Date;
}

export interface ClickRegistradoHecho extends HechoBase {
  readonly tipo: 'ClickRegistrado';
  readonly id: string;
  readonly campanaId: string;
  readonly afiliadoId: string;
  readonly usuarioId: string | null;
  readonly registradoEn: Date;
}

export interface ConversionRegistradaHecho extends HechoBase {
  readonly tipo: 'ConversionRegistrada';
  readonly conversionId: string;
  readonly clickId: string | null;
  readonly campanaId: string | null;
  readonly afiliadoId: string | null;
  readonly tipoConversion: string;
  readonly valor: Money;
  readonly referenciaExterna: string | null;
  readonly usuarioId: string | null;
  readonly registradaEn: Date;
}

export interface ConversionValidadaHecho extends HechoBase {
  readonly tipo: 'ConversionValidada';
  readonly conversionId: string;
  readonly clickId: string | null;
  readonly campanaId: string;
  readonly afiliadoId: string;
  readonly tipoConversion: string;
  readonly valor: Money;
  readonly referenciaExterna: string | null;
  readonly usuarioId: string | null;
  /** When the conversion happened (payload timestamp). */
  readonly registradaEn: Date;
}

export interface ConversionRechazadaHecho extends HechoBase {
  readonly tipo: 'ConversionRechazada';
  readonly conversionId: string;
  readonly motivo: string;
  readonly detalle: string | null;
  readonly clickId: string | null;
  readonly campanaId: string | null;
  readonly afiliadoId: string | null;
  readonly tipoConversion: string;
  readonly valor: Money;
}

export interface ConversionRevertidaHecho extends HechoBase {
  readonly tipo: 'ConversionRevertida';
  readonly conversionId: string;
  readonly campanaId: string;
  readonly afiliadoId: string;
  readonly motivo: string;
  readonly valor: Money;
}

export interface ComisionCalculadaHecho extends HechoBase {
  readonly tipo: 'ComisionCalculada';
  readonly comisionId: string;
  readonly conversionId: string | null;
  readonly campanaId: string;
  readonly afiliadoId: string;
  readonly modelo: string;
  /** For CPC/CPM accruals (`periodo` set) the RUNNING TOTAL of the accrual: it replaces, never adds. */
  readonly monto: Money;
  readonly periodo: string | null;
}

export interface ComisionCambioEstadoHecho extends HechoBase {
  readonly tipo: 'ComisionAprobada' | 'ComisionRechazada' | 'ComisionRevertida';
  readonly comisionId: string;
  readonly conversionId: string | null;
  readonly campanaId: string;
  readonly afiliadoId: string;
  readonly monto: Money;
  readonly motivo: string | null;
}

export interface PagoRealizadoHecho extends HechoBase {
  readonly tipo: 'PagoRealizado';
  readonly pagoId: string;
  readonly afiliadoId: string;
  readonly comisionIds: readonly string[];
}

export interface CampanaCreadaHecho extends HechoBase {
  readonly tipo: 'CampanaCreada';
  readonly campanaId: string;
  readonly nombre: string;
  readonly moneda: string;
}

export interface CampanaCambioEstadoHecho extends HechoBase {
  readonly tipo: 'CampanaActivada' | 'CampanaPausada' | 'CampanaFinalizada' | 'PresupuestoAgotado';
  readonly campanaId: string;
}

export interface AfiliadoRegistradoHecho extends HechoBase {
  readonly tipo: 'AfiliadoRegistrado';
  readonly afiliadoId: string;
  readonly nombre: string;
  readonly tipoAfiliado: string;
}

export interface AfiliadoCambioEstadoHecho extends HechoBase {
  readonly tipo: 'AfiliadoActivado' | 'AfiliadoSuspendido' | 'AfiliadoReactivado';
  readonly afiliadoId: string;
}

export type Hecho =
  | ImpresionRegistradaHecho
  | ClickRegistradoHecho
  | ConversionRegistradaHecho
  | ConversionValidadaHecho
  | ConversionRechazadaHecho
  | ConversionRevertidaHecho
  | ComisionCalculadaHecho
  | ComisionCambioEstadoHecho
  | PagoRealizadoHecho
  | CampanaCreadaHecho
  | CampanaCambioEstadoHecho
  | AfiliadoRegistradoHecho
  | AfiliadoCambioEstadoHecho;

export type TipoHecho = Hecho['tipo'];
