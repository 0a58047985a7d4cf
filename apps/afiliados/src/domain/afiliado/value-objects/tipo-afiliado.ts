import { TipoAfiliadoInvalidoError } from '../afiliado.errors';

export const TIPOS_AFILIADO = ['basico', 'premium', 'influencer'] as const;
export type TipoAfiliado = (typeof TIPOS_AFILIADO)[number];

export function isTipoAfiliado(value: unknown): value is TipoAfiliado {
  return typeof value === 'string' && (TIPOS_AFILIADO as readonly string[]).includes(value);
}

export function parseTipoAfiliado(value: unknown): TipoAfiliado {
  if (!isTipoAfiliado(value)) throw new TipoAfiliadoInvalidoError(value);
  return value;
}
