/**
 * How a row of the event log counts in the metrics (the monitoreo HTTP contract's counting rules): a sale is also a
 * conversion; rejected and reverted conversions are `other` (counted by their event type).
 */
export const CATEGORIAS = ['impression', 'click', 'conversion', 'sale', 'other'] as const;
export type Categoria = (typeof CATEGORIAS)[number];

/**
 * One event of any topic, as the log keeps it: one row per `eventId` within a `sourceTopic` (outside systems choose
 * their own ids, so the same id on two topics is two events; ids are case-sensitive).
 */
export interface RegistroEvento {
  readonly eventId: string;
  /** Avro event type as published (`ClickRegistrado`), or `click` | `conversion` | `sale` for the raw JSON topics. */
  readonly eventType: string;
  readonly categoria: Categoria;
  readonly userId: string | null;
  readonly campaignId: string | null;
  readonly affiliateId: string | null;
  /** Exact decimal text (at most 4 decimals, |value| < 10^15), or null. */
  readonly valor: string | null;
  readonly moneda: string | null;
  readonly conversionType: string | null;
  readonly occurredAt: Date;
  /** Catalog key of the topic it came from (`conversiones.eventos`, `clicks`). */
  readonly sourceTopic: string;
  readonly producer: string | null;
  readonly receivedAt: Date;
}

/** Column sizes of the log: longer ids and texts are cut (the log informs; it must never refuse an event for that). */
export const LIMITES = {
  eventId: 100,
  eventType: 100,
  userId: 200,
  campaignId: 100,
  affiliateId: 100,
  conversionType: 50,
  producer: 100,
} as const;
