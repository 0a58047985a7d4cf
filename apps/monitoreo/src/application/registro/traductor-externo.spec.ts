import { traducirExterno, type MensajeExterno, type TopicoExterno } from './traductor-externo';

const RECIBIDO = new Date('2025-06-01T12:00:00.000Z');
const TS = Date.UTC(2025, 5, 1, 11, 59, 0);
const opciones = { monedaPorDefecto: 'USD', recibidoEn: RECIBIDO };

function mensaje(rawJson: string, eventId = 'msg-1'): MensajeExterno {
  return { eventId, rawJson };
}

function traducir(topic: TopicoExterno, json: string) {
  return traducirExterno(topic, mensaje(json), opciones);
}

describe('traducirExterno: the seed 000 JSON formats', () => {
  it('click {user_id, session_id, url, timestamp} → a click row', () => {
    const r = traducir('clicks', JSON.stringify({ user_id: '550e8400', session_id: 'sess_abc123', url: 'https://product.com/item/123', timestamp: TS }));
    expect(r).toEqual({
      ok: true,
      fila: {
        eventId: 'msg-1',
        eventType: 'click',
        categoria: 'click',
        userId: '550e8400',
        campaignId: null,
        affiliateId: null,
        valor: null,
        moneda: null,
        conversionType: null,
        occurredAt: new Date(TS),
        sourceTopic: 'clicks',
        producer: null,
        receivedAt: RECIBIDO,
      },
    });
  });

  it('conversion {user_id, conversion_type, value, currency, timestamp} → a conversion row with the exact value', () => {
    const r = traducir('conversions', `{"user_id":"u1","conversion_type":"registro","value":19.99,"currency":"eur","timestamp":${TS}}`);
    expect(r).toMatchObject({ ok: true, fila: { eventType: 'conversion', categoria: 'conversion', valor: '19.99', moneda: 'EUR', conversionType: 'registro' } });
  });

  it.each(['venta', 'sale', 'VENTA'])('a conversion of type %s is a sale (counts as conversion and sale)', (tipo) => {
    const r = traducir('conversions', JSON.stringify({ user_id: 'u1', tipo_conversion: tipo, value: 10, timestamp: TS }));
    expect(r).toMatchObject({ ok: true, fila: { eventType: 'conversion', categoria: 'sale', valor: '10', moneda: 'USD' } });
  });

  it('a conversion without value has neither value nor currency', () => {
    expect(traducir('conversions', JSON.stringify({ user_id: 'u1', timestamp: TS }))).toMatchObject({ ok: true, fila: { valor: null, moneda: null, conversionType: null } });
  });

  it('sale {user_id, amount, currency, timestamp} → a sale row; amount read from the JSON text exactly', () => {
    const r = traducir('sales', `{"user_id":"u1","amount":123456789012.3456,"currency":"COP","timestamp":"${new Date(TS).toISOString()}"}`);
    expect(r).toMatchObject({ ok: true, fila: { eventType: 'sale', categoria: 'sale', valor: '123456789012.3456', moneda: 'COP', conversionType: 'venta', occurredAt: new Date(TS) } });
  });

  it('sale: `value` instead of `amount`, the default currency when none', () => {
    expect(traducir('sales', `{"user_id":"u1","value":19.99,"timestamp":${TS}}`)).toMatchObject({ ok: true, fila: { valor: '19.99', moneda: 'USD' } });
    expect(traducir('sales', `{"user_id":"u1","amount":"250.5","timestamp":${TS}}`)).toMatchObject({ ok: true, fila: { valor: '250.5' } });
  });

  it('lenient on optional fields: event_id, campaign/affiliate ids (English or Spanish names), numeric user ids', () => {
    const r = traducir('clicks', JSON.stringify({ event_id: 'evt-7', usuario_id: 42, campana_id: 'c-1', affiliate_id: 9, timestamp: TS, extra: { a: 1 } }));
    expect(r).toMatchObject({ ok: true, fila: { eventId: 'evt-7', userId: '42', campaignId: 'c-1', affiliateId: '9' } });
    const ignorados = traducir('clicks', JSON.stringify({ event_id: 5.5, user_id: 'u', campaign_id: { x: 1 }, session_id: 7, timestamp: TS }));
    expect(ignorados).toMatchObject({ ok: true, fila: { eventId: 'msg-1', campaignId: null } });
  });

  it.each([
    ['epoch ms', TS, TS],
    ['epoch seconds', TS / 1000, TS],
    ['digits in a string', String(TS), TS],
    ['ISO with Z', '2025-06-01T11:59:00Z', TS],
    ['ISO with offset', '2025-06-01T06:59:00-05:00', TS],
    ['ISO without offset (UTC)', '2025-06-01T11:59:00', TS],
    ['ISO with milliseconds', '2025-06-01T11:59:00.000Z', TS],
  ])('timestamp as %s', (_que, timestamp, esperado) => {
    expect(traducir('clicks', JSON.stringify({ user_id: 'u', timestamp }))).toMatchObject({ ok: true, fila: { occurredAt: new Date(esperado) } });
  });

  it.each([
    ['clicks', '{"user_id":"u1"', 'invalid JSON', /^invalid JSON: /],
    ['clicks', '[1,2]', 'not a JSON object', /^JSON payload is not an object$/],
    ['clicks', '"text"', 'not a JSON object', /not an object/],
    ['clicks', `{"timestamp":${TS}}`, 'missing user_id', /^missing user_id: /],
    ['clicks', `{"user_id":"  ","timestamp":${TS}}`, 'missing user_id', /^missing user_id/],
    ['clicks', `{"user_id":{"id":1},"timestamp":${TS}}`, 'invalid user_id', /^invalid user_id: /],
    ['clicks', `{"user_id":"${'x'.repeat(201)}","timestamp":${TS}}`, 'invalid user_id', /longer than 200/],
    ['clicks', '{"user_id":"u1"}', 'missing timestamp', /^missing timestamp: /],
    ['clicks', '{"user_id":"u1","timestamp":null}', 'missing timestamp', /^missing timestamp/],
    ['clicks', '{"user_id":"u1","timestamp":"ayer"}', 'invalid timestamp', /^invalid timestamp: /],
    ['clicks', '{"user_id":"u1","timestamp":true}', 'invalid timestamp', /^invalid timestamp/],
    ['clicks', '{"user_id":"u1","timestamp":"2025-02-30T10:00:00Z"}', 'invalid timestamp', /not a real date/],
    ['clicks', `{"user_id":"u1","timestamp":${Date.UTC(1999, 11, 31)}}`, 'invalid timestamp', /2000-01-01/],
    ['clicks', `{"user_id":"u1","timestamp":${RECIBIDO.getTime() + 25 * 3_600_000}}`, 'invalid timestamp', /24 h ahead/],
    ['sales', `{"user_id":"u1","timestamp":${TS}}`, 'missing amount', /^missing amount: /],
    ['sales', `{"user_id":"u1","amount":"diez","timestamp":${TS}}`, 'invalid amount', /^invalid amount: is not a decimal number/],
    ['sales', `{"user_id":"u1","amount":-5,"timestamp":${TS}}`, 'invalid amount', /must not be negative/],
    ['sales', `{"user_id":"u1","amount":1.23456,"timestamp":${TS}}`, 'invalid amount', /more than 4 decimals/],
    ['sales', `{"user_id":"u1","value":true,"timestamp":${TS}}`, 'invalid value', /^invalid value: /],
    ['sales', `{"user_id":"u1","amount":5,"currency":"DOLLARS","timestamp":${TS}}`, 'invalid currency', /^invalid currency: /],
    ['conversions', `{"user_id":"u1","value":"x","timestamp":${TS}}`, 'invalid value', /^invalid value/],
    ['conversions', `{"user_id":"u1","moneda":7,"value":1,"timestamp":${TS}}`, 'invalid moneda', /^invalid moneda/],
  ] as const)('%s %s → refused (%s), the reason names the field', (topic, json, motivo, detalle) => {
    const r = traducir(topic, json);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.motivo).toBe(motivo);
    expect(r.detalle).toMatch(detalle);
  });

  it('a message without its JSON text is a programming error (the batch consumer always sets it), never a guess', () => {
    expect(() => traducirExterno('sales', { eventId: 'm' }, opciones)).toThrow('message m of the JSON topic sales arrived without its JSON text');
  });
});
