import { SAMPLE_PAYLOADS } from '@alpes/contracts';
import type { BatchReceivedEvent, DeadLetterNotice } from '@alpes/messaging';
import { CONFIG_PRUEBA, EventLogEnMemoria, RelojFijo } from '../../../../test/support/fakes';
import { RegistrarEventosHandler } from './registrar-eventos.handler';

const AHORA = new Date('2025-06-01T12:00:00.000Z');
const TS = AHORA.getTime() - 60_000;

function json(eventId: string, texto: string): BatchReceivedEvent {
  let payload: unknown;
  try {
    payload = JSON.parse(texto);
  } catch {
    payload = undefined;
  }
  return { eventType: 'clicks', eventId, occurredAt: TS, payload, rawJson: texto };
}

describe('RegistrarEventosHandler', () => {
  let store: EventLogEnMemoria;
  let handler: RegistrarEventosHandler;

  beforeEach(() => {
    process.env['LOG_LEVEL'] = 'silent';
    store = new EventLogEnMemoria();
    handler = new RegistrarEventosHandler(CONFIG_PRUEBA, new RelojFijo(AHORA));
  });

  it('a JSON batch: valid messages become rows, invalid ones are refused by name and counted, in the same batch', async () => {
    const r = await handler.execute(
      'clicks',
      [
        json('m1', `{"user_id":"u1","timestamp":${TS}}`),
        json('m2', `{"timestamp":${TS}}`),
        json('m3', `{"user_id":"u3","timestamp":"no"}`),
        json('m4', `{"user_id":"u4","timestamp":${TS}}`),
      ],
      store,
    );
    expect(r.recibidos).toBe(4);
    expect(r.rechazados).toEqual([
      { eventId: 'm2', reason: expect.stringMatching(/^missing user_id: /) },
      { eventId: 'm3', reason: expect.stringMatching(/^invalid timestamp: /) },
    ]);
    expect([...store.filas.values()].map((f) => [f.eventId, f.userId, f.categoria])).toEqual([
      ['m1', 'u1', 'click'],
      ['m4', 'u4', 'click'],
    ]);
    expect(await store.rechazosExternos()).toEqual(
      expect.arrayContaining([
        { sourceTopic: 'clicks', motivo: 'missing user_id', n: 1 },
        { sourceTopic: 'clicks', motivo: 'invalid timestamp', n: 1 },
      ]),
    );
  });

  it('the same event_id sent twice on a topic is one row', async () => {
    await handler.execute('sales', [json('m1', `{"event_id":"e-1","user_id":"u","amount":5,"timestamp":${TS}}`)], store);
    await handler.execute('sales', [json('m2', `{"event_id":"e-1","user_id":"u","amount":5,"timestamp":${TS}}`)], store);
    expect(store.filas.size).toBe(1);
  });

  it('an outside id is scoped by its topic and case-sensitive: a click and a sale sharing it, or Ab-1 / ab-1, are distinct events', async () => {
    await handler.execute('clicks', [json('m1', `{"event_id":"Ab-1","user_id":"u","timestamp":${TS}}`), json('m2', `{"event_id":"ab-1","user_id":"u","timestamp":${TS}}`)], store);
    await handler.execute('sales', [json('m3', `{"event_id":"Ab-1","user_id":"u","amount":5,"timestamp":${TS}}`)], store);
    expect([...store.filas.values()].map((f) => [f.sourceTopic, f.eventId])).toEqual([
      ['clicks', 'Ab-1'],
      ['clicks', 'ab-1'],
      ['sales', 'Ab-1'],
    ]);
  });

  it('an Avro batch: one row per event; AccionRegistrada also into the audit trail', async () => {
    const eventos: BatchReceivedEvent[] = [
      { eventType: 'AccionRegistrada', eventId: 'a1', occurredAt: TS, correlationId: 'c-1', producer: 'afiliados', payload: SAMPLE_PAYLOADS.AccionRegistrada },
      { eventType: 'AccionRegistrada', eventId: 'a2', occurredAt: TS, correlationId: null, producer: 'conversiones', payload: { ...SAMPLE_PAYLOADS.AccionRegistrada, servicio: 'conversiones' } },
    ];
    const r = await handler.execute('auditoria.eventos', eventos, store);
    expect(r).toEqual({ recibidos: 2, rechazados: [] });
    expect([...store.filas.values()].map((f) => [f.eventType, f.sourceTopic, f.producer])).toEqual([
      ['AccionRegistrada', 'auditoria.eventos', 'afiliados'],
      ['AccionRegistrada', 'auditoria.eventos', 'conversiones'],
    ]);
    expect([...store.acciones.values()].map((a) => [a.eventId, a.servicio, a.correlationId, a.recibidoEn])).toEqual([
      ['a1', SAMPLE_PAYLOADS.AccionRegistrada.servicio, 'c-1', AHORA],
      ['a2', 'conversiones', null, AHORA],
    ]);
    // The audit row and the log row of an action carry the same (batch) time.
    expect([...store.filas.values()].map((f) => f.receivedAt)).toEqual([AHORA, AHORA]);
  });

  it('messages the library dead-lettered from a JSON topic are counted by reason; refused ones are not counted twice', async () => {
    const avisos: DeadLetterNotice[] = [
      { id: 'p1', topic: 'conversions', messageId: 'x1', reason: 'invalid JSON: Unexpected end of JSON input', kind: 'poison' },
      { id: 'p2', topic: 'conversions', messageId: 'x2', reason: 'JSON payload is not an object', kind: 'poison' },
      { id: 'p3', topic: 'conversions', messageId: 'x3', reason: 'missing user_id: …', kind: 'rejected' },
    ];
    await handler.registrarDescartados('conversions', avisos, store);
    await handler.registrarDescartados('conversions', avisos, store);
    expect((await store.rechazosExternos()).sort((a, b) => (a.motivo < b.motivo ? -1 : 1))).toEqual([
      { sourceTopic: 'conversions', motivo: 'invalid JSON', n: 1 },
      { sourceTopic: 'conversions', motivo: 'not a JSON object', n: 1 },
    ]);
  });

  it('dead letters of the Avro topics are not outside-system rejections', async () => {
    await handler.registrarDescartados('conversiones.eventos', [{ id: 'p', topic: 'conversiones.eventos', messageId: 'x', reason: 'bad bytes', kind: 'poison' }], store);
    expect(store.rechazos.size).toBe(0);
  });
});
