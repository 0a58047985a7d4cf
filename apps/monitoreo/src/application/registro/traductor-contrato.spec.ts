import { EVENT_REGISTRY, SAMPLE_PAYLOADS, subscriptionsOf, type EventType, type TopicKey } from '@alpes/contracts';
import { traducirAccion, traducirContrato, type EventoContrato } from './traductor-contrato';

const RECIBIDO = new Date('2025-01-01T12:10:00.000Z');
const OCURRIDO = Date.UTC(2025, 0, 1, 12, 5, 0);

function evento<E extends EventType>(eventType: E, overrides: Record<string, unknown> = {}): EventoContrato {
  return {
    eventId: `ev-${eventType}`,
    eventType,
    occurredAt: OCURRIDO,
    correlationId: 'corr-1',
    producer: 'conversiones',
    payload: { ...SAMPLE_PAYLOADS[eventType], ...overrides },
  };
}

const TOPICOS_MONITOREO = new Set<TopicKey>(subscriptionsOf('monitoreo').map((s) => s.topic));
const EVENTOS_CONSUMIDOS = (Object.keys(EVENT_REGISTRY) as EventType[]).filter((t) => TOPICOS_MONITOREO.has(EVENT_REGISTRY[t].topic));

describe('traducirContrato: every contract event of the topics monitoreo reads becomes one log row', () => {
  it('covers the Avro topics monitoreo subscribes to', () => {
    expect(EVENTOS_CONSUMIDOS).toEqual(expect.arrayContaining(['ImpresionRegistrada', 'ComisionCalculada', 'AccionRegistrada', 'AlertaDisparada', 'AfiliadoRegistrado', 'CampanaCreada']));
    expect(EVENTOS_CONSUMIDOS).not.toContain('RegistrarClick');
  });

  it.each(EVENTOS_CONSUMIDOS)('%s → a row with its type, envelope time, topic and producer', (tipo) => {
    const topic = EVENT_REGISTRY[tipo].topic;
    const fila = traducirContrato(topic, evento(tipo), RECIBIDO);
    expect(fila).toMatchObject({
      eventId: `ev-${tipo}`,
      eventType: tipo,
      occurredAt: new Date(OCURRIDO),
      sourceTopic: topic,
      producer: 'conversiones',
      receivedAt: RECIBIDO,
    });
    expect(['impression', 'click', 'conversion', 'sale', 'other']).toContain(fila.categoria);
    // An amount always comes with its currency, and is exact decimal text.
    if (fila.valor !== null) {
      expect(fila.valor).toMatch(/^-?\d+(\.\d{1,4})?$/);
      expect(fila.moneda).toMatch(/^[A-Z]{3}$/);
    } else {
      expect(fila.moneda).toBeNull();
    }
  });

  it.each([
    ['ImpresionRegistrada', {}, 'impression'],
    ['ClickRegistrado', {}, 'click'],
    ['ConversionValidada', { tipo_conversion: 'venta' }, 'sale'],
    ['ConversionValidada', { tipo_conversion: 'registro' }, 'conversion'],
    ['ConversionRegistrada', {}, 'other'],
    ['ConversionRechazada', {}, 'other'],
    ['ConversionRevertida', {}, 'other'],
    ['ComisionCalculada', {}, 'other'],
    ['AccionRegistrada', {}, 'other'],
  ] as const)('%s %j → category %s', (tipo, overrides, categoria) => {
    expect(traducirContrato(EVENT_REGISTRY[tipo].topic, evento(tipo, overrides), RECIBIDO).categoria).toBe(categoria);
  });

  it('ConversionValidada: user, campaign, affiliate, exact value with its currency, conversion type', () => {
    const fila = traducirContrato('conversiones.eventos', evento('ConversionValidada', { valor: '199.9900', moneda: 'USD', tipo_conversion: 'venta' }), RECIBIDO);
    expect(fila).toMatchObject({
      userId: 'usr-101',
      campaignId: SAMPLE_PAYLOADS.ConversionValidada.campana_id,
      affiliateId: SAMPLE_PAYLOADS.ConversionValidada.afiliado_id,
      valor: '199.99',
      moneda: 'USD',
      conversionType: 'venta',
    });
  });

  it.each([
    ['ComisionCalculada', 'monto'],
    ['ComisionAprobada', 'monto'],
    ['PagoRealizado', 'monto'],
    ['ConversionRechazada', 'valor'],
    ['ConversionRevertida', 'valor'],
    ['CampanaCreada', 'presupuesto'],
  ] as const)('%s: value is its `%s`', (tipo, campo) => {
    const fila = traducirContrato(EVENT_REGISTRY[tipo].topic, evento(tipo, { [campo]: '1234.5600', moneda: 'EUR' }), RECIBIDO);
    expect(fila).toMatchObject({ valor: '1234.56', moneda: 'EUR' });
  });

  it('ids: CampanaCreada names the campaign and AfiliadoRegistrado the affiliate with their own `id`', () => {
    expect(traducirContrato('marketing.eventos', evento('CampanaCreada', { id: 'camp-9' }), RECIBIDO).campaignId).toBe('camp-9');
    expect(traducirContrato('afiliados.eventos', evento('AfiliadoRegistrado', { id: 'af-9' }), RECIBIDO).affiliateId).toBe('af-9');
    expect(traducirContrato('marketing.eventos', evento('AfiliadoAsignadoACampana', { campana_id: 'c', afiliado_id: 'a' }), RECIBIDO)).toMatchObject({ campaignId: 'c', affiliateId: 'a' });
  });

  it('AlertaDisparada carries a rate, not money: no value', () => {
    expect(traducirContrato('sistema.eventos', evento('AlertaDisparada', { valor: 1.5 }), RECIBIDO)).toMatchObject({ valor: null, moneda: null, categoria: 'other' });
  });

  it('an event type this build maps no way (but was handed over) still gets a row, category other', () => {
    const fila = traducirContrato('conversiones.eventos', { eventId: 'x', eventType: 'EventoNuevo', occurredAt: OCURRIDO, payload: { campana_id: 'c1', usuario_id: 'u' } }, RECIBIDO);
    expect(fila).toMatchObject({ eventType: 'EventoNuevo', categoria: 'other', campaignId: 'c1', userId: 'u', valor: null, producer: null });
  });

  it('never throws on a malformed payload: bad fields become null, long ids are cut, a bad time is the reception time', () => {
    const fila = traducirContrato(
      'conversiones.eventos',
      { eventId: 'y', eventType: 'ConversionValidada', occurredAt: Number.NaN, payload: { valor: 'abc', moneda: 'usd', usuario_id: 'u'.repeat(500), campana_id: 7 } },
      RECIBIDO,
    );
    expect(fila).toMatchObject({ valor: null, moneda: null, campaignId: null, occurredAt: RECIBIDO, categoria: 'conversion' });
    expect(fila.userId).toHaveLength(200);
    expect(traducirContrato('conversiones.eventos', { eventId: 'z', eventType: 'ClickRegistrado', occurredAt: OCURRIDO, payload: null }, RECIBIDO).categoria).toBe('click');
  });

  it('a value that does not fit DECIMAL(19,4) is left out rather than failing the batch', () => {
    expect(traducirContrato('comisiones.eventos', evento('ComisionCalculada', { monto: '1000000000000000.0000' }), RECIBIDO).valor).toBeNull();
    expect(traducirContrato('comisiones.eventos', evento('ComisionCalculada', { monto: '-25.5000' }), RECIBIDO).valor).toBe('-25.5');
  });
});

describe('traducirAccion', () => {
  it('AccionRegistrada → the audit row (its own `at`, the envelope correlation id)', () => {
    const accion = traducirAccion(
      evento('AccionRegistrada', { servicio: 'afiliados', accion: 'ACTIVAR_AFILIADO', recurso: 'afiliado', recurso_id: 'af-1', actor: 'ana', resultado: 'OK', at: OCURRIDO - 1000 }),
      RECIBIDO,
    );
    expect(accion).toEqual({
      eventId: 'ev-AccionRegistrada',
      servicio: 'afiliados',
      accion: 'ACTIVAR_AFILIADO',
      recurso: 'afiliado',
      recursoId: 'af-1',
      actor: 'ana',
      resultado: 'OK',
      detalle: SAMPLE_PAYLOADS.AccionRegistrada.detalle,
      at: new Date(OCURRIDO - 1000),
      correlationId: 'corr-1',
      recibidoEn: RECIBIDO,
    });
  });
});
