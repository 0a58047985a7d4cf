import type { DomainEvent } from '@alpes/seedwork';
import type { EventPayloadMap, ModeloComision, ReglaComision, TipoConversion, TipoEventoTracking } from '@alpes/contracts';
import type { IntegrationEvent, IntegrationEventMeta } from '@alpes/messaging';
import type { CampanaCreadaPayload } from '../../domain/campana/events/campana.events';
import type { ComisionCalculadaPayload } from '../../domain/comision/events/comision.events';

/**
 * Domain event → integration event of libs/contracts. Payloads are already primitive (amounts as decimal text);
 * what changes: the message key (marketing.eventos by campana_id, comisiones.eventos by afiliado_id) and
 * `campana_id` of a manual commission without campaign, which the contract requires as a string: "" (empty).
 */
export function aEventoDeIntegracion(evento: DomainEvent<object>): IntegrationEvent {
  const p = evento.payload as Record<string, unknown>;
  const base: IntegrationEventMeta = {
    aggregate_id: evento.aggregateId,
    event_id: evento.eventId,
    occurred_at: evento.occurredAt.getTime(),
    correlation_id: evento.correlationId ?? null,
    causation_id: evento.causationId ?? null,
  };
  switch (evento.eventType) {
    case 'CampanaCreada': {
      const c = p as unknown as CampanaCreadaPayload;
      return integracion('CampanaCreada', { ...base, key: c.id }, {
        ...c,
        reglas_comision: c.reglas_comision.map(
          (r): ReglaComision => ({
            tipo_evento: r.tipo_evento as TipoEventoTracking,
            tipo_conversion: r.tipo_conversion as TipoConversion | null,
            modelo: r.modelo as ModeloComision,
            valor: r.valor,
          }),
        ),
      });
    }
    case 'CampanaActivada':
    case 'CampanaPausada':
    case 'CampanaFinalizada':
    case 'AfiliadoAsignadoACampana':
    case 'AfiliadoRetiradoDeCampana':
    case 'PresupuestoAgotado':
      return integracion(evento.eventType, { ...base, key: String(p['campana_id']) }, p as never);
    case 'ComisionCalculada': {
      const c = p as unknown as ComisionCalculadaPayload;
      return integracion('ComisionCalculada', { ...base, key: c.afiliado_id }, { ...c, campana_id: c.campana_id ?? '', modelo: c.modelo as ModeloComision });
    }
    case 'ComisionAprobada':
    case 'ComisionRechazada':
    case 'ComisionRevertida':
      return integracion(evento.eventType, { ...base, key: String(p['afiliado_id']) }, { ...p, campana_id: p['campana_id'] ?? '' } as never);
    case 'PagoProgramado':
    case 'PagoRealizado':
    case 'PagoFallido':
      return integracion(evento.eventType, { ...base, key: String(p['afiliado_id']) }, p as never);
    default:
      throw new Error(`No integration event for domain event ${evento.eventType}`);
  }
}

function integracion<E extends keyof EventPayloadMap>(eventType: E, meta: IntegrationEventMeta, payload: EventPayloadMap[E]): IntegrationEvent {
  return { eventType, payload, meta } as IntegrationEvent;
}
