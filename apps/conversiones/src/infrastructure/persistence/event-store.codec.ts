import { decodeEvent, EVENT_REGISTRY, type EventType } from '@alpes/contracts';
import type { IntegrationEvent } from '@alpes/messaging';
import {
  ConversionRechazada,
  ConversionRegistrada,
  ConversionRevertida,
  ConversionValidada,
  type ConversionEvent,
} from '../../domain/conversion/events/conversion.events';
import type { ClickRegistrado, ImpresionRegistrada } from '../../domain/tracking/tracking.events';

/** Every event this service stores. */
export type EventoAlmacenable = ImpresionRegistrada | ClickRegistrado | ConversionEvent;

export const TIPO_DE_AGREGADO: Readonly<Record<EventoAlmacenable['eventType'], string>> = {
  ImpresionRegistrada: 'Impresion',
  ClickRegistrado: 'Click',
  ConversionRegistrada: 'Conversion',
  ConversionValidada: 'Conversion',
  ConversionRechazada: 'Conversion',
  ConversionRevertida: 'Conversion',
};

/** A row of `event_store` as read back (BIGINTs arrive as strings). */
export interface FilaEventStore {
  aggregate_id: string;
  version: number | string;
  event_id: string;
  event_type: string;
  schema_version: number | string;
  payload: Buffer;
  occurred_at: number | string;
  correlation_id: string | null;
  causation_id: string | null;
}

/**
 * The domain event as the contract's integration event: the payloads have the contract's shape already (a type
 * error here means the domain and the published language drifted apart). The envelope keeps the domain event's id
 * and time, so the event store and the topic tell the same story.
 */
export function eventoDeIntegracion(evento: EventoAlmacenable): IntegrationEvent {
  const meta = {
    aggregate_id: evento.aggregateId,
    event_id: evento.eventId,
    occurred_at: evento.occurredAt.getTime(),
    correlation_id: evento.correlationId ?? null,
    causation_id: evento.causationId ?? null,
  };
  switch (evento.eventType) {
    case 'ImpresionRegistrada':
      return { eventType: 'ImpresionRegistrada', payload: evento.payload, meta };
    case 'ClickRegistrado':
      return { eventType: 'ClickRegistrado', payload: evento.payload, meta };
    case 'ConversionRegistrada':
      return { eventType: 'ConversionRegistrada', payload: evento.payload, meta };
    case 'ConversionValidada':
      return { eventType: 'ConversionValidada', payload: evento.payload, meta };
    case 'ConversionRechazada':
      return { eventType: 'ConversionRechazada', payload: evento.payload, meta };
    case 'ConversionRevertida':
      return { eventType: 'ConversionRevertida', payload: evento.payload, meta };
  }
}

/** Avro binary of the payload with the event's latest schema (what `schema_version` records). */
export function payloadAvro(evento: EventoAlmacenable): { schemaVersion: number; bytes: Buffer } {
  const entry = EVENT_REGISTRY[evento.eventType as EventType];
  return { schemaVersion: entry.latest, bytes: entry.versions[entry.latest].toBuffer(evento.payload) };
}

/**
 * Decodes a stored conversion event (any schema version this build knows is resolved to the latest) back into its
 * domain event, with its original id and time. Throws on a row that is not a known conversion event.
 */
export function eventoDeConversion(fila: FilaEventStore): ConversionEvent {
  const decoded = decodeEvent({
    event_id: fila.event_id,
    event_type: fila.event_type,
    schema_version: Number(fila.schema_version),
    occurred_at: Number(fila.occurred_at),
    aggregate_id: fila.aggregate_id,
    producer: 'conversiones',
    correlation_id: fila.correlation_id,
    causation_id: fila.causation_id,
    payload: fila.payload,
  });
  if (!decoded.known) throw new Error(`event_store ${fila.aggregate_id}#${fila.version}: ${decoded.reason} (${fila.event_type})`);
  const props = {
    aggregateId: fila.aggregate_id,
    eventId: fila.event_id,
    occurredAt: new Date(Number(fila.occurred_at)),
    correlationId: fila.correlation_id ?? undefined,
    causationId: fila.causation_id ?? undefined,
  };
  switch (decoded.eventType) {
    case 'ConversionRegistrada': {
      const p = decoded.payload;
      return new ConversionRegistrada({
        ...props,
        payload: {
          id: p.id,
          click_id: p.click_id ?? null,
          afiliado_id: p.afiliado_id ?? null,
          campana_id: p.campana_id ?? null,
          tipo_conversion: p.tipo_conversion,
          valor: p.valor,
          moneda: p.moneda,
          referencia_externa: p.referencia_externa ?? null,
          usuario_id: p.usuario_id ?? null,
          timestamp: Number(p.timestamp),
        },
      });
    }
    case 'ConversionValidada': {
      const p = decoded.payload;
      return new ConversionValidada({
        ...props,
        payload: {
          conversion_id: p.conversion_id,
          afiliado_id: p.afiliado_id,
          campana_id: p.campana_id,
          click_id: p.click_id ?? null,
          tipo_conversion: p.tipo_conversion,
          valor: p.valor,
          moneda: p.moneda,
          usuario_id: p.usuario_id ?? null,
          timestamp: Number(p.timestamp),
          referencia_externa: p.referencia_externa ?? null,
        },
      });
    }
    case 'ConversionRechazada': {
      const p = decoded.payload;
      return new ConversionRechazada({
        ...props,
        payload: {
          conversion_id: p.conversion_id,
          motivo: p.motivo,
          detalle: p.detalle ?? null,
          afiliado_id: p.afiliado_id ?? null,
          campana_id: p.campana_id ?? null,
          click_id: p.click_id ?? null,
          tipo_conversion: p.tipo_conversion,
          valor: p.valor,
          moneda: p.moneda,
        },
      });
    }
    case 'ConversionRevertida':
      return new ConversionRevertida({ ...props, payload: { ...decoded.payload } });
    default:
      throw new Error(`event_store ${fila.aggregate_id}#${fila.version}: ${decoded.eventType} is not a conversion event`);
  }
}
