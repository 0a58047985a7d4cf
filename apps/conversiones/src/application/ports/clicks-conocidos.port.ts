import type { ComandoIngesta } from './cola-ingesta.port';

/** The campaign and affiliate of a click this service knows. */
export interface ClickConocido {
  readonly campanaId: string;
  readonly afiliadoId: string;
}

/**
 * Clicks this service knows, for keying a conversion that names only `click_id` (same key as its click, so the
 * processor sees the click first) and for refusing at once a conversion that names another campaign or affiliate
 * than its click's. Clicks accepted by this instance are remembered; others are looked up among the processed ones.
 */
export interface ClicksConocidos {
  recordar(clickId: string, click: ClickConocido): void;
  buscar(clickId: string): Promise<ClickConocido | null>;
}

/** What to remember of an accepted `RegistrarClick` command. */
export function clickDelComando(item: ComandoIngesta): [string, ClickConocido] | null {
  const c = item.comando;
  if (c.eventType !== 'RegistrarClick') return null;
  return [c.payload.id, { campanaId: c.payload.campana_id, afiliadoId: c.payload.afiliado_id }];
}

export const CLICKS_CONOCIDOS = Symbol('CLICKS_CONOCIDOS');
