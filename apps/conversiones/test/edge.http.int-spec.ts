import request from 'supertest';
import { iniciarEscenario, MUNDO, type Escenario } from './support/escenario';
import { get } from './support/http';

/**
 * What the HTTP edge accepts (issue 10, items 2, 3, 4 and 9), over real HTTP on the real app, database and broker:
 * nothing that cannot be stored and encoded exactly is accepted, and no malformed request is a 500.
 */
describe('conversiones: the HTTP edge refuses what it cannot keep exactly', () => {
  let e: Escenario;

  beforeAll(async () => {
    e = await iniciarEscenario('edge');
  });

  afterAll(async () => {
    await e?.close();
  });

  const RUTA = '/api/v1/conversiones';
  const base = { afiliado_id: MUNDO.afiliado, campana_id: MUNDO.campana, tipo_conversion: 'venta', moneda: 'COP' };
  /** The JSON text of a conversion with `extra` spliced in as written (escapes and number texts kept as they are). */
  const texto = (extra: string) => `${JSON.stringify({ ...base, valor_conversion: 100 }).slice(0, -1)},${extra}}`;
  const enviar = (raw: string, type = 'application/json') => request(e.app.getHttpServer()).post(RUTA).set('content-type', type).send(raw);
  const campos = (r: request.Response) => ((r.body.errors ?? []) as { field: string }[]).map((x) => x.field);

  it('item 2: a lone surrogate in usuario_id → 400 naming usuario_id, and nothing is registered', async () => {
    const r = await enviar(texto('"id":"edge-surrogate-1","usuario_id":"u\\ud800x"'));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('VALIDACION.DATOS_INVALIDOS');
    expect(campos(r)).toEqual(['usuario_id']);
    expect((await get(e, `${RUTA}/edge-surrogate-1`)).status).toBe(404);
  });

  it('item 2: astral characters, U+FFFD and NUL are accepted and kept', async () => {
    const r = await enviar(texto('"id":"edge-texto-1","usuario_id":"😀\\ufffd\\u0000é"'));
    expect(r.status).toBe(202);
  });

  it('item 3: 99999999999998.99 → 400 naming valor_conversion, without echoing an altered value', async () => {
    const raw = `${JSON.stringify(base).slice(0, -1)},"id":"edge-dinero-1","valor_conversion":99999999999998.99}`;
    const r = await enviar(raw);
    expect(r.status).toBe(400);
    expect(campos(r)).toEqual(['valor_conversion']);
    expect(JSON.stringify(r.body)).not.toMatch(/99999999999998\.98|1e\+14/);
    expect((await get(e, `${RUTA}/edge-dinero-1`)).status).toBe(404);
  });

  it.each(['1e-7', '5e-324', '-1e-7'])('item 4: valor_conversion %s → 400, not 500', async (n) => {
    const r = await enviar(`${JSON.stringify(base).slice(0, -1)},"valor_conversion":${n}}`);
    expect(r.status).toBe(400);
    expect(campos(r)).toEqual(['valor_conversion']);
  });

  it('item 4: a body nested 2,000 levels → 400 HTTP.JSON_DEMASIADO_PROFUNDO', async () => {
    const r = await enviar(texto(`"usuario_id":${'['.repeat(2000)}${']'.repeat(2000)}`));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('HTTP.JSON_DEMASIADO_PROFUNDO');
  });

  it('item 4: Content-Encoding gzip on a plain body → 400 HTTP.CODIFICACION_INVALIDA', async () => {
    const r = await request(e.app.getHttpServer()).post(RUTA).set('content-type', 'application/json').set('content-encoding', 'gzip').send(texto('"usuario_id":"u"'));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('HTTP.CODIFICACION_INVALIDA');
  });

  it.each(['__proto__', 'constructor', 'prototype'])('item 9: a %s key → 400 naming it', async (key) => {
    const r = await enviar(texto(`"${key}":{"valor_conversion":1}`));
    expect(r.status).toBe(400);
    expect(campos(r)).toEqual([key]);
  });

  it.each(['usuario_id', 'referencia_externa', 'timestamp', 'id', 'click_id'])('item 9: %s null → 400 naming it (absent is the way to leave it out)', async (campo) => {
    const r = await enviar(texto(`"${campo}":null`));
    expect(r.status).toBe(400);
    expect(campos(r)).toContain(campo);
  });

  it('item 9: a text/plain body → 415 HTTP.TIPO_CONTENIDO_NO_SOPORTADO', async () => {
    const r = await enviar(texto('"usuario_id":"u"'), 'text/plain');
    expect(r.status).toBe(415);
    expect(r.body.code).toBe('HTTP.TIPO_CONTENIDO_NO_SOPORTADO');
  });

  it('item 9: a UUID id in capitals is the same conversion as in lower case, in the body and in the path', async () => {
    const upper = 'A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D';
    const r = await enviar(texto(`"id":"${upper}","usuario_id":"u-mayus"`));
    expect(r.status).toBe(202);
    expect(r.body.id).toBe(upper.toLowerCase());
    const lower = await get(e, `${RUTA}/${upper.toLowerCase()}`);
    const mayus = await get(e, `${RUTA}/${upper}`);
    expect(lower.status).toBe(200);
    expect(mayus.status).toBe(200);
    expect(mayus.body.id).toBe(lower.body.id);
    // The same request with the id in lower case is the same conversion again (a retry), not a conflict.
    expect((await enviar(texto(`"id":"${upper.toLowerCase()}","usuario_id":"u-mayus"`))).status).toBe(202);
  });

  it('item 9: the tracking endpoints refuse null and surrogates too (one platform rule)', async () => {
    const server = e.app.getHttpServer();
    const imp = await request(server).post('/api/v1/tracking/impresiones').send({ campana_id: MUNDO.campana, afiliado_id: MUNDO.afiliado, referrer: null });
    expect(imp.status).toBe(400);
    expect(campos(imp)).toContain('referrer');
    const lote = await request(server)
      .post('/api/v1/tracking/clicks/lote')
      .set('content-type', 'application/json')
      .send(`{"items":[{"campana_id":"${MUNDO.campana}","afiliado_id":"${MUNDO.afiliado}","user_agent":"x\\udfff"}]}`);
    expect(lote.status).toBe(400);
    expect(campos(lote)).toEqual(['items[0].user_agent']);
  });
});
