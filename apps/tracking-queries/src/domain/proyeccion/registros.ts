/** Individual rows kept for the by-id and per-campaign/affiliate list queries. */
export interface ImpresionProyectada {
  readonly id: string;
  readonly campanaId: string;
  readonly afiliadoId: string;
  readonly usuarioId: string | null;
  readonly userAgent: string | null;
  readonly ipAddress: string | null;
  readonly referrer: string | null;
  readonly registradaEn: Date;
}

/** Clicks are kept (narrow rows) so a click published twice under two event ids is still counted once. */
export interface ClickProyectado {
  readonly id: string;
  readonly campanaId: string;
  readonly afiliadoId: string;
  readonly usuarioId: string | null;
  readonly registradoEn: Date;
}
