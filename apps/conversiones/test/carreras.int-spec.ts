import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { concurrently, listenLocally, outboxEvents, sleep, statusCounts } from '@alpes/platform/testing';
import { iniciarEscenario, MUNDO, type Escenario } from './support/escenario';
import { esperarConversion, esperarEventos } from './support/http';

/** A small pool, and three times as many concurrent requests. */
const POOL = 4;
const N = 3 * POOL;

/**
 * Races on every state-changing endpoint of conversiones with a pool of 4: never a 5xx, one effect per client id (one
 * accepted command, one stream in the event store), and `/health` still 200 afterwards.
 */
describe('conversiones: concurrent requests on every state change (pool of 4)', () => {
  let e: Escenario;
  let url: string;
  const uid = () => randomUUID().slice(0, 8);
  const http = () => request(url);

  beforeAll(async () => {
    e = await iniciarEscenario('carreras', { MYSQL_POOL_SIZE: String(POOL) });
    url = await listenLocally(e.app);
  });
  afterAll(async () => {
    await e?.close();
  });

  afterEach(async () => {
    const health = await http().get('/health');
    expect({ status: health.status, pool: health.body.checks?.database?.pool?.size }).toEqual({ status: 200, pool: POOL });
  });

  function sin5xx(replies: readonly request.Response[]): void {
    expect(replies.filter((r) => r.status >= 500).map((r) => [r.status, r.body])).toEqual([]);
  }

  async function streamDe(id: string): Promise<string[]> {
    const filas = await e.query<{ event_type: string }>('SELECT event_type FROM event_store WHERE aggregate_id = ? ORDER BY version', [id]);
    return filas.map((f) => f.event_type);
  }

  const conversion = (id: string, valor = 1000) => ({
    id,
    afiliado_id: MUNDO.afiliado,
    campana_id: MUNDO.campana,
    tipo_conversion: 'venta',
    valor_conversion: valor,
    moneda: 'COP',
  });

  it('POST /conversiones: 24 identical requests with one client id, 1.5 ms apart → all 202, one accepted command, one stream', async () => {
    const id = `conv-${uid()}`;
    const replies = await concurrently(2 * N, () => http().post('/api/v1/conversiones').send(conversion(id)), 1.5);
    sin5xx(replies);
    expect(statusCounts(replies)).toEqual({ 202: 2 * N });
    expect(new Set(replies.map((r) => r.body.id))).toEqual(new Set([id]));
    expect(await e.query('SELECT id FROM conversiones_aceptadas WHERE id = ?', [id])).toHaveLength(1);
    expect(await outboxEvents((q, p) => e.query(q, p), 'RegistrarConversion', id)).toHaveLength(1);
    await esperarConversion(e, id, 'VALIDADA');
    await sleep(300);
    expect(await streamDe(id)).toEqual(['ConversionRegistrada', 'ConversionValidada']);
  });

  it('POST /conversiones: one client id with two contents at once → the winner’s copies 202, the others 409 CONVERSION.ID_DUPLICADO', async () => {
    const id = `conv-${uid()}`;
    const valores = [1000, 2000];
    const replies = await concurrently(N, (i) => http().post('/api/v1/conversiones').send(conversion(id, valores[i % 2])));
    sin5xx(replies);
    const [fila] = await e.query<{ comando: string }>('SELECT comando FROM conversiones_aceptadas WHERE id = ?', [id]);
    const ganador = Number(JSON.parse(fila.comando).valor_conversion);
    replies.forEach((r, i) => {
      if (valores[i % 2] === ganador) expect(r.status).toBe(202);
      else expect([r.status, r.body.code]).toEqual([409, 'CONVERSION.ID_DUPLICADO']);
    });
    await esperarConversion(e, id, 'VALIDADA');
    expect(await streamDe(id)).toEqual(['ConversionRegistrada', 'ConversionValidada']);
  });

  it.each([
    ['impresiones', 'ImpresionRegistrada'],
    ['clicks', 'ClickRegistrado'],
  ])('POST /tracking/%s ×12 with one client id → all 202, one %s in the event store', async (ruta, evento) => {
    const id = `${ruta}-${uid()}`;
    const body = { id, campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado, ip_address: `10.0.${Math.floor(Math.random() * 250)}.1` };
    const replies = await concurrently(N, () => http().post(`/api/v1/tracking/${ruta}`).send(body));
    sin5xx(replies);
    expect(statusCounts(replies)).toEqual({ 202: N });
    await esperarEventos(e, id, 1);
    const marcador = `${ruta}-${uid()}`;
    await http().post(`/api/v1/tracking/${ruta}`).send({ ...body, id: marcador }).expect(202);
    await esperarEventos(e, marcador, 1);
    expect(await streamDe(id)).toEqual([evento]);
  });

  it.each([['impresiones'], ['clicks']])('POST /tracking/%s/lote ×12 with the same three ids → all 202, each id once in the event store', async (ruta) => {
    const ids = [0, 1, 2].map((i) => `${ruta}-lote-${i}-${uid()}`);
    const body = { items: ids.map((id, i) => ({ id, campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado, ip_address: `10.1.${i}.${Math.floor(Math.random() * 250)}` })) };
    const replies = await concurrently(N, () => http().post(`/api/v1/tracking/${ruta}/lote`).send(body));
    sin5xx(replies);
    expect(statusCounts(replies)).toEqual({ 202: N });
    for (const id of ids) await esperarEventos(e, id, 1);
    await sleep(500);
    for (const id of ids) expect(await streamDe(id)).toHaveLength(1);
  });

  // The answers of concurrent reverts (all 202 today) are being changed separately: only "no 5xx" is asserted here.
  it('POST /conversiones/:id/revertir ×12 on one VALIDADA conversion → no 5xx, the conversion ends REVERTIDA', async () => {
    const id = `conv-${uid()}`;
    await http().post('/api/v1/conversiones').send(conversion(id, 5000)).expect(202);
    await esperarConversion(e, id, 'VALIDADA');
    const replies = await concurrently(N, () => http().post(`/api/v1/conversiones/${id}/revertir`).send({ motivo: 'reembolso' }));
    sin5xx(replies);
    await esperarConversion(e, id, 'REVERTIDA');
  });
});
