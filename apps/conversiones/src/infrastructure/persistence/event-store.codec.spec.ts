import { encodeEvent, EVENT_REGISTRY } from '@alpes/contracts';
import { Money } from '@alpes/seedwork';
import { Conversion } from '../../domain/conversion/conversion.aggregate';
import type { ConversionEvent } from '../../domain/conversion/events/conversion.events';
import { eventoDeConversion, eventoDeIntegracion, payloadAvro } from './event-store.codec';

function fila(evento: ConversionEvent, version: number) {
  const { schemaVersion, bytes } = payloadAvro(evento);
  return {
    aggregate_id: evento.aggregateId,
    version,
    event_id: evento.eventId,
    event_type: evento.eventType,
    schema_version: schemaVersion,
    payload: bytes,
    occurred_at: String(evento.occurredAt.getTime()),
    correlation_id: evento.correlationId ?? null,
    causation_id: null,
  };
}

describe('event store codec', () => {
  const conversion = () => {
    const c = Conversion.registrar(
      {
        id: 'conv-1',
        clickId: 'click-1',
        afiliadoId: null,
        campanaId: null,
        tipoConversion: 'venta',
        valor: Money.of('150000.5', 'COP'),
        referenciaExterna: 'PED-1',
        usuarioId: 'u-1',
        timestamp: 1_700_000_000_000,
      },
      { correlationId: 'corr-1' },
    );
    c.validar({ afiliadoId: 'afi-1', campanaId: 'cam-1', clickId: 'click-1' });
    c.revertir('Reembolso');
    return c;
  };

  it('stores the contract Avro payload and rebuilds the same conversion from it', () => {
    const eventos = conversion().pullDomainEvents() as ConversionEvent[];
    const leidos = eventos.map((e, i) => eventoDeConversion(fila(e, i + 1)));
    expect(leidos.map((e) => [e.eventType, e.eventId, e.occurredAt.getTime(), e.correlationId])).toEqual(
      eventos.map((e) => [e.eventType, e.eventId, e.occurredAt.getTime(), e.correlationId]),
    );
    const rebuilt = Conversion.desdeHistorial('conv-1', leidos);
    expect(rebuilt.estado).toBe('REVERTIDA');
    expect(rebuilt.valor.equals(Money.of('150000.50', 'COP'))).toBe(true);
    expect(rebuilt.referenciaExterna).toBe('PED-1');
  });

  it('reads a ConversionValidada written with schema v1 (before referencia_externa existed)', () => {
    const [, validada] = conversion().pullDomainEvents() as ConversionEvent[];
    const v1 = { ...(validada.payload as object) } as Record<string, unknown>;
    delete v1['referencia_externa'];
    const bytes = EVENT_REGISTRY.ConversionValidada.versions[1].toBuffer(v1);
    const leido = eventoDeConversion({ ...fila(validada, 2), schema_version: 1, payload: bytes });
    expect(leido.payload).toMatchObject({ conversion_id: 'conv-1', afiliado_id: 'afi-1', referencia_externa: null });
  });

  it('maps domain events to integration events that the contract accepts, keeping id and time', () => {
    for (const evento of conversion().pullDomainEvents() as ConversionEvent[]) {
      const integracion = eventoDeIntegracion(evento);
      const { envelope } = encodeEvent(integracion.eventType, integracion.payload as never, { ...integracion.meta, producer: 'conversiones' });
      expect(envelope.event_id).toBe(evento.eventId);
      expect(Number(envelope.occurred_at)).toBe(evento.occurredAt.getTime());
      expect(envelope.aggregate_id).toBe('conv-1');
    }
  });

  it('refuses a stored event that is not a conversion event', () => {
    const [registrada] = conversion().pullDomainEvents() as ConversionEvent[];
    const { bytes } = payloadAvro({ ...registrada } as never);
    expect(() => eventoDeConversion({ ...fila(registrada, 1), event_type: 'ImpresionRegistrada', payload: bytes })).toThrow();
  });
});
