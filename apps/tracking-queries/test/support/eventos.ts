import { randomUUID } from 'node:crypto';
import { SAMPLE_PAYLOADS, type EventPayloadMap, type EventType } from '@alpes/contracts';
import type { ReceivedEvent } from '@alpes/messaging';

export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

/** A received event as the consumers hand it to the projections: a sample payload with `overrides`. */
export function evento<E extends EventType>(
  eventType: E,
  overrides: Partial<EventPayloadMap[E]> = {},
  meta: { eventId?: string; occurredAt?: number } = {},
): ReceivedEvent<EventPayloadMap[E]> {
  return {
    eventType,
    schemaVersion: 1,
    eventId: meta.eventId ?? randomUUID(),
    aggregateId: 'agg',
    occurredAt: meta.occurredAt ?? T0,
    correlationId: null,
    payload: { ...(SAMPLE_PAYLOADS[eventType] as EventPayloadMap[E]), ...overrides },
  };
}
