import { randomUUID } from 'node:crypto';
import type { ConversionValidada, EventPayload, EventType } from '@alpes/contracts';
import type { IntegrationEventMeta } from '@alpes/messaging';

type Evento<E extends EventType> = { eventType: E; payload: EventPayload<E>; meta: IntegrationEventMeta };

/** Events conversiones would publish (keyed by the aggregate id, like its outbox). */
export function conversionValidada(
  campanaId: string,
  afiliadoId: string,
  overrides: Partial<ConversionValidada> = {},
  eventId?: string,
): Evento<'ConversionValidada'> {
  const conversionId = overrides.conversion_id ?? `conv-${randomUUID()}`;
  return {
    eventType: 'ConversionValidada',
    payload: {
      conversion_id: conversionId,
      afiliado_id: afiliadoId,
      campana_id: campanaId,
      click_id: null,
      tipo_conversion: 'venta',
      valor: '100000',
      moneda: 'COP',
      usuario_id: null,
      timestamp: Date.now(),
      referencia_externa: null,
      ...overrides,
    },
    meta: { aggregate_id: conversionId, key: conversionId, producer: 'conversiones', ...(eventId ? { event_id: eventId } : {}) },
  };
}

export function conversionRevertida(campanaId: string, afiliadoId: string, conversionId: string): Evento<'ConversionRevertida'> {
  return {
    eventType: 'ConversionRevertida',
    payload: { conversion_id: conversionId, afiliado_id: afiliadoId, campana_id: campanaId, motivo: 'reembolso', valor: '100000', moneda: 'COP' },
    meta: { aggregate_id: conversionId, key: conversionId, producer: 'conversiones' },
  };
}

export function impresion(campanaId: string, afiliadoId: string, timestamp = Date.now()): Evento<'ImpresionRegistrada'> {
  const id = randomUUID();
  return {
    eventType: 'ImpresionRegistrada',
    payload: { id, campana_id: campanaId, afiliado_id: afiliadoId, timestamp },
    meta: { aggregate_id: id, key: id, producer: 'conversiones' },
  };
}

export function click(campanaId: string, afiliadoId: string, timestamp = Date.now()): Evento<'ClickRegistrado'> {
  const id = randomUUID();
  return {
    eventType: 'ClickRegistrado',
    payload: { id, campana_id: campanaId, afiliado_id: afiliadoId, timestamp },
    meta: { aggregate_id: id, key: id, producer: 'conversiones' },
  };
}
