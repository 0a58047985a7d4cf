/** Correlation of the events an operation raises: the request or the consumed event that caused them. */
export interface Traza {
  readonly correlationId?: string;
  readonly causationId?: string;
}

export function trazaDeEvento(traza: Traza | undefined): { correlationId?: string; causationId?: string } {
  return { correlationId: traza?.correlationId, causationId: traza?.causationId };
}
