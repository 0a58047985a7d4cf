/** What the application needs of a consumed event (the shape `@alpes/messaging` hands to handlers). */
export interface EventoRecibido<P = unknown> {
  readonly eventType: string;
  readonly eventId: string;
  readonly occurredAt: number;
  readonly correlationId?: string | null;
  readonly payload: P;
}

export function trazaDe(evento: EventoRecibido): { correlationId?: string; causationId: string } {
  return { correlationId: evento.correlationId ?? undefined, causationId: evento.eventId };
}
