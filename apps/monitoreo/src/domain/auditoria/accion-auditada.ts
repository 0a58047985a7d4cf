/** One `AccionRegistrada` of `auditoria.eventos`: a command some service accepted (or refused). */
export interface AccionAuditada {
  readonly eventId: string;
  readonly servicio: string;
  readonly accion: string;
  readonly recurso: string;
  readonly recursoId: string;
  readonly actor: string;
  readonly resultado: string;
  readonly detalle: string | null;
  readonly at: Date;
  readonly correlationId: string | null;
  /** When monitoreo logged it: the batch's time, the same as the event log row's `receivedAt`. */
  readonly recibidoEn: Date;
}

export interface FiltroAuditoria {
  readonly servicio?: string;
  readonly recurso?: string;
  readonly recursoId?: string;
  readonly accion?: string;
  readonly desde?: Date;
  readonly hasta?: Date;
}
