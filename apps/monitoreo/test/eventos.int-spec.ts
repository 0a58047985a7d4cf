import { randomUUID } from 'node:crypto';
import { ev, esperarGet, ids, leerDlq, publicar, publicarJson } from './support/eventos';
import { startMonitoreoTestApp, type MonitoreoTestApp } from './support/monitoreo-app';
import { silenciarLogs } from './support/silenciar-logs';

interface Evento {
  event_id: string;
  event_type: string;
  category: string;
  user_id: string | null;
  campaign_id: string | null;
  affiliate_id: string | null;
  value: number | null;
  currency: string | null;
  conversion_type: string | null;
  occurred_at: string;
  source_topic: string;
  producer: string | null;
  received_at: string;
}
interface Pagina {
  items: Evento[];
  total: number;
  limit: number;
}

/** The event log over real topics: /events filters and order, duplicates, and the JSON topics' refusals (DLQ + counts). */
describe('monitoreo: event log and /events', () => {
  silenciarLogs();
  let t: MonitoreoTestApp;
  const T = Date.now();
  // Left on the JSON topic before monitoreo subscribes, so the consumer gets them together (one batch).
  const lote = {
    valido1: `{"user_id":"lote-u1","session_id":"s1","url":"https://x.test","timestamp":${T}}`,
    sinUsuario: `{"session_id":"s2","timestamp":${T}}`,
    invalido: `{"user_id":"lote-u3","timestamp":`,
    valido2: `{"user_id":"lote-u4","timestamp":"${new Date(T).toISOString()}"}`,
    noObjeto: '[1,2,3]',
  };

  beforeAll(async () => {
    t = await startMonitoreoTestApp('eventos', {
      beforeStart: (runtime) => publicarJson(runtime, 'clicks', Object.values(lote)),
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('one batch of raw clicks: the valid ones are logged, the invalid JSON and the missing field go to the DLQ with their reason and are counted', async () => {
    const pagina = await esperarGet<Pagina>(t, '/events?source_topic=clicks&limit=100', (b) => b.items.filter((e) => e.user_id?.startsWith('lote-')).length === 2);
    expect(pagina.items.filter((e) => e.user_id?.startsWith('lote-')).map((e) => [e.user_id, e.event_type, e.category, e.source_topic, e.occurred_at]).sort()).toEqual([
      ['lote-u1', 'click', 'click', 'clicks', new Date(T).toISOString()],
      ['lote-u4', 'click', 'click', 'clicks', new Date(T).toISOString()],
    ]);

    const dlq = await leerDlq(`${t.runtime.resolveTopic('clicks')}-monitoreo.externos-DLQ`, 3);
    const porCuerpo = Object.fromEntries(dlq.map((m) => [m.payload, m.reason]));
    expect(porCuerpo).toEqual({
      [lote.sinUsuario]: expect.stringMatching(/^missing user_id: /),
      [lote.invalido]: expect.stringMatching(/^invalid JSON/),
      [lote.noObjeto]: 'JSON payload is not an object',
    });
    expect(dlq.every((m) => m.properties['original_subscription'] === 'monitoreo.externos')).toBe(true);

    const m = await esperarGet<{ external_rejected: unknown[] }>(t, '/metrics?period=1h', (b) => b.external_rejected.length === 3);
    expect(m.external_rejected).toEqual(
      expect.arrayContaining([
        { source_topic: 'clicks', reason: 'missing user_id', count: 1 },
        { source_topic: 'clicks', reason: 'invalid JSON', count: 1 },
        { source_topic: 'clicks', reason: 'not a JSON object', count: 1 },
      ]),
    );
  });

  it('the consumer keeps going after refusals: later valid and invalid messages of the three topics', async () => {
    const u = ids('u');
    await publicarJson(t, 'sales', [`{"user_id":"${u}","timestamp":${T}}`, `{"user_id":"${u}","amount":19.99,"timestamp":${T}}`]);
    await publicarJson(t, 'conversions', [`{"user_id":"${u}","value":"mucho","timestamp":${T}}`, `{"user_id":"${u}","conversion_type":"registro","timestamp":${T}}`]);
    const pagina = await esperarGet<Pagina>(t, `/events?user_id=${u}`, (b) => b.total === 2);
    expect(pagina.items.map((e) => [e.event_type, e.category, e.value, e.currency, e.conversion_type]).sort()).toEqual([
      ['conversion', 'conversion', null, null, 'registro'],
      ['sale', 'sale', 19.99, 'USD', 'venta'],
    ]);
    const m = await esperarGet<{ external_rejected: { source_topic: string; reason: string; count: number }[] }>(t, '/metrics', (b) => b.external_rejected.length === 5);
    expect(m.external_rejected).toEqual(
      expect.arrayContaining([
        { source_topic: 'sales', reason: 'missing amount', count: 1 },
        { source_topic: 'conversions', reason: 'invalid value', count: 1 },
      ]),
    );
    const dlq = await leerDlq(`${t.runtime.resolveTopic('sales')}-monitoreo.externos-DLQ`, 1);
    expect(dlq[0].reason).toMatch(/^missing amount: /);
  });

  it('filters (event_type = type or category, user_id, campaign_id, affiliate_id, source_topic), newest first, total and limit', async () => {
    const campana = ids('camp');
    const afiliado = ids('af');
    const usuario = ids('usr');
    const base = Date.now() - 10 * 60_000;
    await publicar(
      t,
      ev('ClickRegistrado', { id: ids('c'), campana_id: campana, afiliado_id: afiliado, usuario_id: usuario }, { key: campana, occurred_at: base + 1000 }),
      ev('ClickRegistrado', { id: ids('c'), campana_id: campana, afiliado_id: ids('otro'), usuario_id: usuario }, { key: campana, occurred_at: base + 3000 }),
      ev('ConversionValidada', { conversion_id: ids('v'), campana_id: campana, afiliado_id: afiliado, usuario_id: usuario, tipo_conversion: 'registro', valor: '0.0000', moneda: 'USD' }, { key: campana, occurred_at: base + 2000 }),
      ev('ConversionValidada', { conversion_id: ids('v'), campana_id: campana, afiliado_id: afiliado, usuario_id: usuario, tipo_conversion: 'venta', valor: '42.5000', moneda: 'USD' }, { key: campana, occurred_at: base + 4000 }),
    );
    await publicarJson(t, 'conversions', [`{"user_id":"${usuario}","campaign_id":"${campana}","conversion_type":"lead","timestamp":${base + 5000}}`]);

    const todos = await esperarGet<Pagina>(t, `/events?campaign_id=${campana}`, (b) => b.total === 5);
    expect(todos.limit).toBe(10);
    expect(todos.items.map((e) => e.occurred_at)).toEqual([5000, 4000, 3000, 2000, 1000].map((d) => new Date(base + d).toISOString()));
    expect(todos.items[0]).toMatchObject({ event_type: 'conversion', category: 'conversion', producer: null, source_topic: 'conversions' });
    expect(todos.items[1]).toMatchObject({ event_type: 'ConversionValidada', category: 'sale', value: 42.5, currency: 'USD', producer: 'test', source_topic: 'conversiones.eventos', affiliate_id: afiliado });

    const q = (query: string) => t.http().get(`/events?campaign_id=${campana}&${query}`).expect(200).then((r) => r.body as Pagina);
    expect((await q('event_type=ClickRegistrado')).total).toBe(2);
    expect((await q('event_type=conversion')).items.map((e) => e.event_type)).toEqual(['conversion', 'ConversionValidada']);
    expect((await q('event_type=sale')).items.map((e) => e.value)).toEqual([42.5]);
    expect((await q(`affiliate_id=${afiliado}`)).total).toBe(3);
    expect((await q('source_topic=conversions')).total).toBe(1);
    const dos = await q('limit=2');
    expect(dos).toMatchObject({ total: 5, limit: 2 });
    expect(dos.items).toHaveLength(2);
    expect((await t.http().get(`/events?user_id=${usuario}&event_type=click`).expect(200)).body.total).toBe(2);
    expect((await t.http().get(`/events?user_id=${ids('nadie')}`).expect(200)).body).toEqual({ items: [], total: 0, limit: 10 });
  });

  it('the same event twice (a redelivery or a resend) is one row; so is a JSON message resent with the same event_id', async () => {
    const eventId = randomUUID();
    const campana = ids('dup');
    const click = ev('ClickRegistrado', { id: ids('c'), campana_id: campana }, { key: campana, event_id: eventId });
    await publicar(t, click, click);
    const jsonId = ids('json');
    const cuerpo = `{"event_id":"${jsonId}","user_id":"${campana}","amount":5,"timestamp":${Date.now()}}`;
    await publicarJson(t, 'sales', [cuerpo, cuerpo]);
    // A marker published after the duplicates: once it is in, the duplicates were consumed too (same topic, same key).
    await publicar(t, ev('ClickRegistrado', { id: ids('c'), campana_id: campana, usuario_id: 'marcador' }, { key: campana }));
    await publicarJson(t, 'sales', [`{"user_id":"${campana}","amount":1,"timestamp":${Date.now()}}`]);
    await esperarGet<Pagina>(t, `/events?campaign_id=${campana}`, (b) => b.total === 2);
    await esperarGet<Pagina>(t, `/events?user_id=${campana}`, (b) => b.total === 2);
    const filas: { n: string }[] = await t.dataSource.query('SELECT COUNT(*) AS n FROM registro_eventos WHERE event_id IN (?, ?)', [eventId, jsonId]);
    expect(Number(filas[0].n)).toBe(2);
  });

  it('outside-supplied event ids are case- and accent-sensitive and scoped by topic; a resend on the same topic is still one row', async () => {
    const usuario = ids('alcance');
    const sufijo = randomUUID().slice(0, 8);
    const [id, minusculas, acento] = [`Ab-${sufijo}`, `ab-${sufijo}`, `Áb-${sufijo}`];
    const click = (eventId: string) => `{"event_id":"${eventId}","user_id":"${usuario}","timestamp":${Date.now()}}`;
    await publicarJson(t, 'sales', [`{"event_id":"${id}","user_id":"${usuario}","amount":7,"timestamp":${Date.now()}}`]);
    // The marker goes last on the same single-partition topic: once it is logged, the resend before it was consumed.
    await publicarJson(t, 'clicks', [click(id), click(minusculas), click(acento), click(id), click(`fin-${sufijo}`)]);
    const pagina = await esperarGet<Pagina>(
      t,
      `/events?user_id=${usuario}&limit=100`,
      (b) => b.items.some((e) => e.event_id === `fin-${sufijo}`) && b.items.some((e) => e.source_topic === 'sales'),
    );
    expect(pagina.items.map((e) => `${e.source_topic} ${e.event_id}`).sort()).toEqual(
      [`clicks ${id}`, `clicks ${minusculas}`, `clicks ${acento}`, `clicks fin-${sufijo}`, `sales ${id}`].sort(),
    );
  });

  it('bad limit or filters → 400 naming the field; the maximum limit is 1000', async () => {
    for (const q of ['limit=0', 'limit=1001', 'limit=abc', 'limit=1.5', 'limit=1e3', 'limit=', 'limit=-1', 'limit=1&limit=2', 'desconocido=1', 'event_type=', `user_id=${'x'.repeat(201)}`]) {
      const res = await t.http().get(`/events?${q}`);
      expect({ q, status: res.status }).toEqual({ q, status: 400 });
      expect(res.body.code).toBe('VALIDACION.DATOS_INVALIDOS');
      expect(res.body.errors[0].field).toBe(q.split('=')[0]);
    }
    const max = await t.http().get('/events?limit=1000').expect(200);
    expect(max.body.limit).toBe(1000);
  });
});
