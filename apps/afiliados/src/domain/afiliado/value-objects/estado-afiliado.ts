export const ESTADOS_AFILIADO = ['PENDIENTE', 'ACTIVO', 'SUSPENDIDO'] as const;
export type EstadoAfiliado = (typeof ESTADOS_AFILIADO)[number];

export function isEstadoAfiliado(value: unknown): value is EstadoAfiliado {
  return typeof value === 'string' && (ESTADOS_AFILIADO as readonly string[]).includes(value);
}
