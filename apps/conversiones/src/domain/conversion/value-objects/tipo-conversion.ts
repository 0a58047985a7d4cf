export const TIPOS_CONVERSION = ['venta', 'registro', 'suscripcion', 'lead'] as const;

export type TipoConversion = (typeof TIPOS_CONVERSION)[number];

export function esTipoConversion(value: unknown): value is TipoConversion {
  return typeof value === 'string' && (TIPOS_CONVERSION as readonly string[]).includes(value);
}
