/**
 * Stable `motivo` codes of `ConversionRechazada`: consumers (commissions, read models, monitoring) branch on them,
 * so they are never renamed.
 */
export const MOTIVOS_RECHAZO = [
  'REFERENCIA_DUPLICADA',
  'CAMPANA_INACTIVA',
  'AFILIADO_INACTIVO',
  'AFILIADO_NO_ASIGNADO',
  'CLICK_FUERA_DE_VENTANA',
  'CLICK_DESCONOCIDO',
  'CLICK_FLOODING',
  'VALOR_INVALIDO',
  'MONEDA_DISTINTA',
  'CLICK_NO_CORRESPONDE',
] as const;

export type MotivoRechazo = (typeof MOTIVOS_RECHAZO)[number];

export function esMotivoRechazo(value: unknown): value is MotivoRechazo {
  return typeof value === 'string' && (MOTIVOS_RECHAZO as readonly string[]).includes(value);
}
