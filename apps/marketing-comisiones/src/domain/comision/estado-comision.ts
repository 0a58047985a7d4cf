/**
 * PENDIENTE → APROBADA → PAGADA; PENDIENTE → RECHAZADA; PENDIENTE | APROBADA | PAGADA → REVERTIDA.
 * Adjustments (tipo AJUSTE, negative monto): PENDIENTE_DESCUENTO → DESCONTADA (carried by a payout) | ANULADA.
 */
export const ESTADOS_COMISION = [
  'PENDIENTE',
  'APROBADA',
  'PAGADA',
  'RECHAZADA',
  'REVERTIDA',
  'PENDIENTE_DESCUENTO',
  'DESCONTADA',
  'ANULADA',
] as const;
export type EstadoComision = (typeof ESTADOS_COMISION)[number];

/** CONVERSION: from ConversionValidada; ACUMULADO: CPC/CPM per affiliate, campaign and day; MANUAL: HTTP; AJUSTE: negative. */
export const TIPOS_COMISION = ['CONVERSION', 'ACUMULADO', 'MANUAL', 'AJUSTE'] as const;
export type TipoComision = (typeof TIPOS_COMISION)[number];

/** Stable `motivo` codes of commissions rejected when they are calculated. */
export const MotivoRechazo = {
  /** The sale is in another currency than the campaign: no silent conversion. */
  MONEDA_DISTINTA: 'MONEDA_DISTINTA',
  /** The rule computes 0 for this conversion (0 % rate, or a sale so small the commission rounds to 0): nothing to pay. */
  MONTO_CERO: 'MONTO_CERO',
  /** Nothing left of the campaign budget. */
  PRESUPUESTO_AGOTADO: 'PRESUPUESTO_AGOTADO',
  /** The campaign has no rule for this conversion type (recorded locally, not published). */
  SIN_REGLA: 'SIN_REGLA',
} as const;
