/**
 * TypeScript types of the event payloads, one interface per event at its LATEST version (what `decodeEvent` resolves
 * every known version to, and what `encodeEvent` takes). Older versions that differ get their own `…V<n>` interface.
 *
 * They mirror the `.avsc` files of `src/schemas/<topic>/<EventType>.v<N>.avsc` (a test checks that every sample
 * payload has exactly the schema's fields and encodes). Conventions:
 *  - `DecimalString`: exact decimal as a string, normalised to the schema's scale ("123.4500"); never a JS number.
 *    Money is decimal(18,4) and always travels with `moneda` (ISO 4217); percentages are decimal(9,4).
 *  - `TimestampMillis`: epoch milliseconds (Avro long, logicalType timestamp-millis).
 *  - A field with an Avro default is optional (`?`) here: leave it out and the default is written. Decoded payloads
 *    always carry it.
 *  - Enumerations are Avro strings (adding a value is not a schema change); the literal unions list today's values.
 */
import type { DecimalString } from '../avro/decimal';
import type { TimestampMillis } from '../envelope/envelope';

export type TipoAfiliado = 'basico' | 'premium' | 'influencer';
export type TipoConversion = 'venta' | 'registro' | 'suscripcion' | 'lead';
export type TipoEventoTracking = 'impresion' | 'click' | 'conversion';
export type ModeloComision = 'CPM' | 'CPC' | 'CPA' | 'CPS';
export type EstadoComision = 'PENDIENTE' | 'APROBADA' | 'PAGADA' | 'RECHAZADA' | 'REVERTIDA';
/** `motivo` codes of ConversionRechazada (DESIGN.md §5, flow 3). */
export type MotivoRechazoConversion =
  | 'CLICK_DESCONOCIDO'
  | 'CLICK_FUERA_DE_VENTANA'
  | 'REFERENCIA_DUPLICADA'
  | 'CAMPANA_INACTIVA'
  | 'AFILIADO_INACTIVO'
  | 'AFILIADO_NO_ASIGNADO'
  | 'CLICK_FLOODING'
  | 'VALOR_INVALIDO'
  | 'MONEDA_DISTINTA'
  /** The click the conversion names belongs to another campaign or affiliate than the ones it names. */
  | 'CLICK_NO_CORRESPONDE';

// ------------------------------------------------------------------------------------------- afiliados.eventos

export interface ConfiguracionComisiones {
  /** Percentage, decimal(9,4): "15.0000" = 15 %. */
  comision_base: DecimalString;
  /** Percentage for premium affiliates, decimal(9,4), or null. */
  comision_premium?: DecimalString | null;
}

export interface AfiliadoRegistradoV1 {
  /** Affiliate id. */
  id: string;
  nombre: string;
  email: string;
  tipo_afiliado: TipoAfiliado;
  /** Always "PENDIENTE" at registration. */
  estado: string;
  configuracion_comisiones: ConfiguracionComisiones;
}

/** v2 adds `pais` and `redes_sociales` (both with defaults). */
export interface AfiliadoRegistrado extends AfiliadoRegistradoV1 {
  /** ISO 3166-1 alpha-2, or null. */
  pais?: string | null;
  redes_sociales?: string[];
}

export interface AfiliadoActivado {
  afiliado_id: string;
}

export interface AfiliadoSuspendido {
  afiliado_id: string;
  motivo: string;
}

export interface AfiliadoReactivado {
  afiliado_id: string;
}

export interface ConfiguracionComisionesActualizada {
  afiliado_id: string;
  comision_base: DecimalString;
  comision_premium?: DecimalString | null;
}

// ------------------------------------------------------------------------------------------- marketing.eventos

export interface ReglaComision {
  tipo_evento: TipoEventoTracking;
  /** Only for tipo_evento "conversion"; null = any conversion type. */
  tipo_conversion?: TipoConversion | null;
  modelo: ModeloComision;
  /** decimal(18,4): fixed amount (CPM per thousand impressions, CPC, CPA) or percentage of the sale (CPS). */
  valor: DecimalString;
}

export interface CampanaCreada {
  /** Campaign id. */
  id: string;
  nombre: string;
  producto: string;
  marca: string;
  presupuesto: DecimalString;
  moneda: string;
  reglas_comision: ReglaComision[];
  fecha_inicio?: TimestampMillis | null;
  fecha_fin?: TimestampMillis | null;
  /** Default 30. */
  ventana_atribucion_dias?: number;
  afiliados_ids?: string[];
}

export interface CampanaActivada {
  campana_id: string;
}

export interface CampanaPausada {
  campana_id: string;
  /** e.g. "PRESUPUESTO_AGOTADO"; null for a manual pause. */
  motivo?: string | null;
}

export interface CampanaFinalizada {
  campana_id: string;
}

export interface AfiliadoAsignadoACampana {
  campana_id: string;
  afiliado_id: string;
}

export interface AfiliadoRetiradoDeCampana {
  campana_id: string;
  afiliado_id: string;
}

export interface PresupuestoAgotado {
  campana_id: string;
  presupuesto: DecimalString;
  presupuesto_disponible: DecimalString;
  moneda: string;
}

// ------------------------------------------------------------------------------------------- conversiones.eventos

export interface ImpresionRegistrada {
  id: string;
  campana_id: string;
  afiliado_id: string;
  usuario_id?: string | null;
  user_agent?: string | null;
  ip_address?: string | null;
  referrer?: string | null;
  timestamp: TimestampMillis;
}

export interface ClickRegistrado {
  /** The click_id conversions refer to. */
  id: string;
  campana_id: string;
  afiliado_id: string;
  usuario_id?: string | null;
  session_id?: string | null;
  url?: string | null;
  ip_address?: string | null;
  user_agent?: string | null;
  referrer?: string | null;
  timestamp: TimestampMillis;
}

export interface ConversionRegistrada {
  id: string;
  click_id?: string | null;
  afiliado_id?: string | null;
  campana_id?: string | null;
  tipo_conversion: TipoConversion;
  valor: DecimalString;
  moneda: string;
  referencia_externa?: string | null;
  usuario_id?: string | null;
  timestamp: TimestampMillis;
}

export interface ConversionValidadaV1 {
  conversion_id: string;
  afiliado_id: string;
  campana_id: string;
  click_id?: string | null;
  tipo_conversion: TipoConversion;
  valor: DecimalString;
  moneda: string;
  usuario_id?: string | null;
  timestamp: TimestampMillis;
}

/** v2 adds `referencia_externa` (default null). */
export interface ConversionValidada extends ConversionValidadaV1 {
  referencia_externa?: string | null;
}

export interface ConversionRechazada {
  conversion_id: string;
  /** A `MotivoRechazoConversion` code (typed as string: a new code is not a schema change). */
  motivo: string;
  detalle?: string | null;
  afiliado_id?: string | null;
  campana_id?: string | null;
  click_id?: string | null;
  tipo_conversion: TipoConversion;
  valor: DecimalString;
  moneda: string;
}

export interface ConversionRevertida {
  conversion_id: string;
  afiliado_id: string;
  campana_id: string;
  motivo: string;
  valor: DecimalString;
  moneda: string;
}

// ------------------------------------------------------------------------------------------- comisiones.eventos

export interface ComisionCalculada {
  /** Commission id. */
  id: string;
  /** null for CPC/CPM accruals (see `periodo`). */
  conversion_id?: string | null;
  afiliado_id: string;
  campana_id: string;
  modelo: ModeloComision;
  /** Sale value (CPS), fixed amount (CPA) or rate (CPC/CPM). */
  base: DecimalString;
  /** Percentage applied (CPS), decimal(9,4), else null. */
  porcentaje?: DecimalString | null;
  monto: DecimalString;
  moneda: string;
  /** Accrual day (YYYY-MM-DD) of a CPC/CPM commission; null for CPA/CPS. */
  periodo?: string | null;
}

export interface ComisionAprobada {
  comision_id: string;
  afiliado_id: string;
  campana_id: string;
  conversion_id?: string | null;
  monto: DecimalString;
  moneda: string;
}

export interface ComisionRechazada {
  comision_id: string;
  afiliado_id: string;
  campana_id: string;
  conversion_id?: string | null;
  motivo: string;
  monto: DecimalString;
  moneda: string;
}

export interface ComisionRevertida {
  comision_id: string;
  afiliado_id: string;
  campana_id: string;
  conversion_id?: string | null;
  motivo?: string | null;
  /** An `EstadoComision`; if "PAGADA", the next payout carries a negative adjustment of `monto`. */
  estado_anterior: string;
  monto: DecimalString;
  moneda: string;
}

export interface PagoProgramado {
  /** Payout id. */
  id: string;
  afiliado_id: string;
  comision_ids: string[];
  monto: DecimalString;
  moneda: string;
}

export interface PagoRealizado {
  pago_id: string;
  afiliado_id: string;
  comision_ids: string[];
  monto: DecimalString;
  moneda: string;
  referencia_proveedor?: string | null;
}

export interface PagoFallido {
  pago_id: string;
  afiliado_id: string;
  comision_ids: string[];
  monto: DecimalString;
  moneda: string;
  motivo: string;
}

// ------------------------------------------------------------------------------------------- auditoria.eventos

export interface AccionRegistrada {
  servicio: string;
  accion: string;
  recurso: string;
  recurso_id: string;
  actor: string;
  /** OK | RECHAZADO | ERROR */
  resultado: string;
  at: TimestampMillis;
  detalle?: string | null;
}

// ------------------------------------------------------------------------------------------- sistema.eventos

export interface ServicioIniciado {
  servicio: string;
  instancia?: string | null;
  version?: string | null;
}

export interface ServicioDetenido {
  servicio: string;
  instancia?: string | null;
  motivo?: string | null;
}

export interface AlertaDisparada {
  id: string;
  regla: string;
  /** Observed metric value (not an amount). */
  valor: number;
  umbral: number;
  periodo?: string | null;
  mensaje?: string | null;
}

// ------------------------------------------------------------------------------------------- tracking.comandos

export type RegistrarImpresion = ImpresionRegistrada;

export type RegistrarClick = ClickRegistrado;

export interface RegistrarConversion {
  id: string;
  click_id?: string | null;
  afiliado_id?: string | null;
  campana_id?: string | null;
  tipo_conversion: TipoConversion;
  /** decimal(18,4) in `moneda`. */
  valor_conversion: DecimalString;
  moneda: string;
  referencia_externa?: string | null;
  usuario_id?: string | null;
  timestamp: TimestampMillis;
}

export interface RevertirConversion {
  conversion_id: string;
  motivo: string;
}

/** Event type → payload type (latest version). The keys are exactly the keys of EVENT_REGISTRY. */
export interface EventPayloadMap {
  AfiliadoRegistrado: AfiliadoRegistrado;
  AfiliadoActivado: AfiliadoActivado;
  AfiliadoSuspendido: AfiliadoSuspendido;
  AfiliadoReactivado: AfiliadoReactivado;
  ConfiguracionComisionesActualizada: ConfiguracionComisionesActualizada;
  CampanaCreada: CampanaCreada;
  CampanaActivada: CampanaActivada;
  CampanaPausada: CampanaPausada;
  CampanaFinalizada: CampanaFinalizada;
  AfiliadoAsignadoACampana: AfiliadoAsignadoACampana;
  AfiliadoRetiradoDeCampana: AfiliadoRetiradoDeCampana;
  PresupuestoAgotado: PresupuestoAgotado;
  ImpresionRegistrada: ImpresionRegistrada;
  ClickRegistrado: ClickRegistrado;
  ConversionRegistrada: ConversionRegistrada;
  ConversionValidada: ConversionValidada;
  ConversionRechazada: ConversionRechazada;
  ConversionRevertida: ConversionRevertida;
  ComisionCalculada: ComisionCalculada;
  ComisionAprobada: ComisionAprobada;
  ComisionRechazada: ComisionRechazada;
  ComisionRevertida: ComisionRevertida;
  PagoProgramado: PagoProgramado;
  PagoRealizado: PagoRealizado;
  PagoFallido: PagoFallido;
  AccionRegistrada: AccionRegistrada;
  ServicioIniciado: ServicioIniciado;
  ServicioDetenido: ServicioDetenido;
  AlertaDisparada: AlertaDisparada;
  RegistrarImpresion: RegistrarImpresion;
  RegistrarClick: RegistrarClick;
  RegistrarConversion: RegistrarConversion;
  RevertirConversion: RevertirConversion;
}

export type EventType = keyof EventPayloadMap;
export type EventPayload<E extends EventType> = EventPayloadMap[E];
